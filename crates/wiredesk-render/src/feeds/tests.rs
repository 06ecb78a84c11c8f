//! Tests for the feeds: Atom is well-formed XML with stable ids, JSON Feed is 1.1, content is sanitised.

use crate::Site;
use crate::feeds::{atom, json_feed};
use crate::testdata::{HOSTILE, brief, brief_v1, parse_xml, story};

fn site(base_url: &str) -> Site {
    Site {
        title: "wiredesk".to_string(),
        base_url: base_url.to_string(),
    }
}

fn entries() -> Vec<(wiredesk_model::Brief, wiredesk_model::Story)> {
    vec![(brief(), story()), (brief_v1(), story())]
}

#[test]
fn atom_is_well_formed_with_stable_ids() {
    let site = site("http://127.0.0.1:8080");
    let xml = atom(
        &site,
        &entries(),
        "http://127.0.0.1:8080/story/s-istanbul-talks/feed.atom",
    );
    let doc = match parse_xml(&xml) {
        Ok(doc) => doc,
        Err(error) => panic!("atom is not well-formed: {error}\n{xml}"),
    };
    assert_eq!(
        doc.elements.first().map(|(name, _)| name.as_str()),
        Some("feed")
    );
    assert_eq!(
        doc.elements
            .iter()
            .filter(|(name, _)| name == "entry")
            .count(),
        2
    );
    assert!(
        doc.texts
            .iter()
            .any(|t| t == "urn:wiredesk:feed:story/s-istanbul-talks/feed.atom")
    );
    assert!(
        doc.texts
            .iter()
            .any(|t| t == "urn:wiredesk:story:s-istanbul-talks:v2")
    );
    assert!(
        doc.texts
            .iter()
            .any(|t| t == "urn:wiredesk:story:s-istanbul-talks:v1")
    );
    // Feed updated = newest generated_at; entries carry their own.
    assert!(xml.contains("  <updated>2024-05-01T10:05:00Z</updated>\n"));
    assert!(xml.contains("    <updated>2024-05-01T09:06:00Z</updated>\n"));
    assert!(
        doc.texts
            .iter()
            .any(|t| t == "wiredesk: Talks under way in Istanbul")
    );
    let hrefs = doc.attr_values("link", "href");
    assert!(hrefs.contains(&"http://127.0.0.1:8080/story/s-istanbul-talks".to_string()));
    assert!(hrefs.contains(&"http://127.0.0.1:8080/story/s-istanbul-talks/feed.atom".to_string()));

    // The content, once unescaped, is sanitised HTML: no script, links marked.
    let content = doc
        .texts
        .iter()
        .find(|t| t.contains("<h2>What happened</h2>"))
        .cloned()
        .unwrap_or_default();
    assert!(!content.contains(HOSTILE), "{content}");
    assert!(content.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(content.contains(
        "<a href=\"https://wire.example/afp/talks-istanbul\" rel=\"noopener nofollow\">[3]</a>"
    ));
    assert!(content.contains("<table>"));
    assert!(!content.contains("class="));

    // The same feed served from another host keeps its ids.
    let moved = atom(
        &crate::Site {
            base_url: "https://desk.example".to_string(),
            ..site
        },
        &entries(),
        "https://desk.example/story/s-istanbul-talks/feed.atom",
    );
    assert!(moved.contains("<id>urn:wiredesk:feed:story/s-istanbul-talks/feed.atom</id>"));
    assert!(moved.contains("<id>urn:wiredesk:story:s-istanbul-talks:v2</id>"));
}

#[test]
fn atom_survives_hostile_and_control_characters() {
    let mut brief = brief();
    brief.headline.text = format!("A & B ]]> {HOSTILE} \u{1}\u{0}");
    let mut story = story();
    story.kind = "talks\" onload=\"x".to_string();
    let xml = atom(&site(""), &[(brief, story)], "/feed.atom");
    let doc = match parse_xml(&xml) {
        Ok(doc) => doc,
        Err(error) => panic!("atom is not well-formed: {error}\n{xml}"),
    };
    assert!(
        doc.texts
            .iter()
            .any(|t| t == &format!("A & B ]]> {HOSTILE} "))
    );
    assert_eq!(doc.attr_values("category", "term"), ["talks\" onload=\"x"]);
    assert!(doc.texts.iter().any(|t| t == "urn:wiredesk:feed:feed.atom"));
    assert_eq!(doc.attr_values("link", "href")[1], "/");
}

#[test]
fn empty_atom_is_valid() {
    let xml = atom(&site(""), &[], "/feed.atom");
    assert!(parse_xml(&xml).is_ok());
    assert!(xml.contains("<updated>1970-01-01T00:00:00Z</updated>"));
    assert!(xml.contains("<title>wiredesk: briefs</title>"));
}

#[test]
fn json_feed_is_version_1_1() {
    let text = json_feed(
        &site("http://127.0.0.1:8080"),
        &entries(),
        "http://127.0.0.1:8080/feed.json",
    );
    let feed: serde_json::Value = match serde_json::from_str(&text) {
        Ok(feed) => feed,
        Err(error) => panic!("not JSON: {error}\n{text}"),
    };
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(feed["feed_url"], "http://127.0.0.1:8080/feed.json");
    assert_eq!(feed["home_page_url"], "http://127.0.0.1:8080/");
    assert_eq!(feed["title"], "wiredesk: briefs");
    let items = feed["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["id"], "urn:wiredesk:story:s-istanbul-talks:v2");
    assert_eq!(
        items[0]["url"],
        "http://127.0.0.1:8080/story/s-istanbul-talks"
    );
    assert_eq!(
        items[0]["title"],
        "Talks under way in Istanbul, AFP reports"
    );
    assert_eq!(items[0]["date_modified"], "2024-05-01T10:05:00Z");
    assert_eq!(items[0]["date_published"], "2024-05-01T08:38:00Z");
    assert_eq!(items[0]["tags"][0], "talks");
    let html = items[0]["content_html"].as_str().unwrap_or_default();
    assert!(html.contains("<h2>Provenance</h2>"));
    assert!(!html.contains(HOSTILE));
    assert!(html.contains("rel=\"noopener nofollow\""));
}

//! Feed parser tests: a snapshot per fixture in `shared/fixtures/feeds/` (expected JSON in
//! `tests/snapshots/feed/`, rewritten with `UPDATE_EXPECT=1`), the scenario feeds, and one small
//! inline feed per gap the parser closes.

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use wiredesk_model::Media;

use super::{FeedError, ParsedFeed, parse_feed};

fn fetched_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap()
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

#[track_caller]
fn parse(xml: &str) -> ParsedFeed {
    parse_bytes(xml.as_bytes(), None)
}

#[track_caller]
fn parse_bytes(bytes: &[u8], content_type: Option<&str>) -> ParsedFeed {
    match parse_feed(
        bytes,
        content_type,
        "https://feeds.example/dir/feed.xml",
        fetched_at(),
    ) {
        Ok(feed) => feed,
        Err(error) => panic!("parse failed: {error}"),
    }
}

fn snapshot_dir(kind: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(kind)
}

/// Compares `actual` with the snapshot at `path`, or rewrites it under `UPDATE_EXPECT=1`.
/// Returns a description of the mismatch.
pub(crate) fn check_snapshot(path: &Path, actual: &str) -> Option<String> {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, actual).unwrap();
        return None;
    }
    match std::fs::read_to_string(path) {
        Ok(expected) if expected == actual => None,
        Ok(_) => Some(format!(
            "{} differs (rerun with UPDATE_EXPECT=1 and review the diff)",
            path.display()
        )),
        Err(_) => Some(format!(
            "{} is missing (run with UPDATE_EXPECT=1 and review it)",
            path.display()
        )),
    }
}

fn render(result: Result<ParsedFeed, FeedError>) -> String {
    let value = match result {
        Ok(feed) => serde_json::to_value(&feed).unwrap(),
        Err(error) => serde_json::json!({ "error": error.to_string() }),
    };
    let mut text = serde_json::to_string_pretty(&value).unwrap();
    text.push('\n');
    text
}

fn fixture_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.file_name().is_some_and(|name| name != "MANIFEST.tsv"))
        .collect();
    files.sort();
    files
}

#[test]
fn snapshot_every_feed_fixture() {
    let dir = wiredesk_test_support::fixture("feeds");
    let files = fixture_files(&dir);
    assert!(
        files.len() >= 29,
        "expected the feed fixtures in {}",
        dir.display()
    );
    let mut problems = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap();
        let actual = render(parse_feed(
            &bytes,
            None,
            &format!("https://feeds.example/{name}"),
            fetched_at(),
        ));
        problems.extend(check_snapshot(
            &snapshot_dir("feed").join(format!("{name}.json")),
            &actual,
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn scenario_feeds_parse() {
    let scenarios = wiredesk_test_support::shared_dir().join("scenarios");
    let mut n_files = 0;
    for scenario in std::fs::read_dir(&scenarios).unwrap() {
        let scenario = scenario.unwrap().path();
        if !scenario.is_dir() {
            continue;
        }
        for step in std::fs::read_dir(scenario).unwrap() {
            let step = step.unwrap().path();
            if !step.is_dir()
                || !step
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("step")
            {
                continue;
            }
            for file in std::fs::read_dir(&step).unwrap() {
                let path = file.unwrap().path();
                if path.extension().is_none_or(|ext| ext != "xml") {
                    continue;
                }
                n_files += 1;
                let feed = parse_bytes(&std::fs::read(&path).unwrap(), Some("application/rss+xml"));
                assert!(!feed.posts.is_empty(), "{}: no posts", path.display());
                assert!(
                    feed.warnings.is_empty(),
                    "{}: {:?}",
                    path.display(),
                    feed.warnings
                );
                for post in &feed.posts {
                    assert!(
                        !post.published_at_estimated,
                        "{}: {} has no date",
                        path.display(),
                        post.id
                    );
                    assert!(
                        post.url
                            .as_deref()
                            .is_some_and(|url| url.starts_with("https://"))
                    );
                    assert_eq!(post.author.as_deref(), Some("AFP"));
                    assert!(!post.text.is_empty() && !post.text.contains('<'));
                }
            }
        }
    }
    assert!(n_files >= 2);
}

#[test]
fn scenario_step2_has_the_talks_article() {
    let path = wiredesk_test_support::shared_dir()
        .join("scenarios/istanbul-shipping-talks/step2/afp-world.xml");
    let feed = parse_bytes(&std::fs::read(path).unwrap(), None);
    let talks = feed
        .posts
        .iter()
        .find(|post| {
            post.url
                .as_deref()
                .is_some_and(|url| url.contains("russia-ukraine-indirect-talks"))
        })
        .expect("the talks article");
    assert_eq!(talks.published_at, utc("2026-07-01T11:40:00Z"));
    assert_eq!(feed.info.ttl_minutes, Some(5));
    assert_eq!(feed.info.language.as_deref(), Some("en"));
}

#[test]
fn atom_03_entries() {
    let feed = parse(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#" xml:lang="en">
  <title>Old Atom</title>
  <tagline>An Atom 0.3 feed</tagline>
  <link rel="alternate" type="text/html" href="http://example.org/"/>
  <modified>2004-01-02T10:00:00Z</modified>
  <author><name>Feed Author</name></author>
  <entry>
    <title>First entry</title>
    <link rel="alternate" type="text/html" href="http://example.org/2004/01/01/first"/>
    <id>tag:example.org,2004:1</id>
    <issued>2004-01-01T12:00:00-05:00</issued>
    <modified>2004-01-01T18:00:00Z</modified>
    <content type="text/html" mode="escaped">&lt;p&gt;Hello &lt;a href="/about"&gt;world&lt;/a&gt;&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Second entry</title>
    <link rel="alternate" type="text/html" href="http://example.org/2004/01/02/second"/>
    <id>tag:example.org,2004:2</id>
    <created>2004-01-02T08:00:00Z</created>
    <summary>Plain summary</summary>
  </entry>
</feed>"#,
    );
    assert_eq!(feed.info.format, "atom0.3");
    assert_eq!(feed.info.description.as_deref(), Some("An Atom 0.3 feed"));
    assert_eq!(feed.info.updated_at, Some(utc("2004-01-02T10:00:00Z")));
    assert_eq!(feed.posts.len(), 2);
    let first = &feed.posts[0];
    assert_eq!(first.id, "tag:example.org,2004:1");
    assert_eq!(first.published_at, utc("2004-01-01T17:00:00Z"));
    assert_eq!(first.updated_at, Some(utc("2004-01-01T18:00:00Z")));
    assert_eq!(first.text, "Hello world");
    // Relative to the document (the feed URL), not to the entry's link.
    assert_eq!(first.links[0].url, "https://feeds.example/about");
    assert_eq!(first.author.as_deref(), Some("Feed Author"));
    assert_eq!(feed.posts[1].published_at, utc("2004-01-02T08:00:00Z"));
    assert_eq!(feed.posts[1].text, "Plain summary");
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    let units = std::iter::once(0xFEFF)
        .filter(|_| bom)
        .chain(text.encode_utf16());
    for unit in units {
        let pair = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        bytes.extend_from_slice(&pair);
    }
    bytes
}

const CYRILLIC_RSS: &str = "<rss version=\"2.0\"><channel><title>Новости</title><item><title>Как пережить новогоднюю ночь</title><guid>1</guid><pubDate>Thu, 01 Jan 2009 10:00:00 +0300</pubDate></item></channel></rss>";

#[test]
fn utf16_without_declaration_or_bom() {
    for big_endian in [false, true] {
        let feed = parse_bytes(&utf16(CYRILLIC_RSS, big_endian, false), None);
        assert_eq!(
            feed.info.encoding,
            if big_endian { "UTF-16BE" } else { "UTF-16LE" }
        );
        assert_eq!(feed.info.encoding_from, "detected");
        assert_eq!(
            feed.posts[0].title.as_deref(),
            Some("Как пережить новогоднюю ночь")
        );
        assert_eq!(feed.posts[0].published_at, utc("2009-01-01T07:00:00Z"));
    }
    let feed = parse_bytes(&utf16(CYRILLIC_RSS, true, true), None);
    assert_eq!(
        (
            feed.info.encoding.as_str(),
            feed.info.encoding_from.as_str()
        ),
        ("UTF-16BE", "bom")
    );
    assert_eq!(feed.info.title.as_deref(), Some("Новости"));
}

#[test]
fn koi8r_without_declaration() {
    let (bytes, _, _) = encoding_rs::KOI8_R.encode(CYRILLIC_RSS);
    let feed = parse_bytes(&bytes, None);
    assert_eq!(
        (
            feed.info.encoding.as_str(),
            feed.info.encoding_from.as_str()
        ),
        ("KOI8-R", "detected")
    );
    assert_eq!(
        feed.posts[0].title.as_deref(),
        Some("Как пережить новогоднюю ночь")
    );
}

#[test]
fn http_charset_beats_declaration() {
    let xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Новости</title></channel></rss>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(xml);
    let feed = parse_bytes(&bytes, Some("text/xml; charset=windows-1251"));
    assert_eq!(
        (
            feed.info.encoding.as_str(),
            feed.info.encoding_from.as_str()
        ),
        ("windows-1251", "http")
    );
    assert_eq!(feed.info.title.as_deref(), Some("Новости"));
    assert!(
        feed.warnings
            .iter()
            .any(|warning| warning.message.contains("overrides"))
    );

    // Without the HTTP charset the declaration is followed, mojibake and all.
    let feed = parse_bytes(&bytes, None);
    assert_eq!(
        (
            feed.info.encoding.as_str(),
            feed.info.encoding_from.as_str()
        ),
        ("ISO-8859-1", "declaration")
    );

    // A server default (charset=ISO-8859-1) loses to valid UTF-8 that declares itself.
    let utf8 = xml.replace("ISO-8859-1", "UTF-8");
    let feed = parse_bytes(
        utf8.as_bytes(),
        Some("application/rss+xml; charset=\"ISO-8859-1\""),
    );
    assert_eq!(
        (
            feed.info.encoding.as_str(),
            feed.info.encoding_from.as_str()
        ),
        ("UTF-8", "declaration")
    );
    assert_eq!(feed.info.title.as_deref(), Some("Новости"));

    // charset=utf-8 on bytes that are not UTF-8 gives way to the declaration.
    let feed = parse_bytes(&bytes, Some("text/xml; charset=utf-8"));
    assert_eq!(feed.info.encoding_from, "declaration");
}

#[test]
fn truncated_and_bare_entities() {
    let feed = parse(
        "<rss><channel><item><title>Caf&eacute; &amp AT&T &#8217 &#x2014 Q&A &nbsp;x &copy=1</title><guid>1</guid></item></channel></rss>",
    );
    assert_eq!(
        feed.posts[0].title.as_deref(),
        Some("Café & AT&T ’ — Q&A x &copy=1")
    );
    assert!(
        feed.warnings
            .iter()
            .any(|warning| warning.message.contains("bare '&'"))
    );
}

#[test]
fn internal_dtd_entities_expand() {
    let feed = parse(
        r#"<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY agency "Agence France-Presse">
  <!ENTITY credit "&agency; &#169; 2026">
  <!ENTITY ext SYSTEM "http://example.com/never-fetched">
]>
<rss version="2.0"><channel><title>&agency;</title>
<item><title>Report</title><guid>1</guid><description>Photo: &credit;</description></item>
</channel></rss>"#,
    );
    assert_eq!(feed.info.title.as_deref(), Some("Agence France-Presse"));
    assert_eq!(feed.posts[0].text, "Photo: Agence France-Presse © 2026");
}

#[test]
fn entity_expansion_is_bounded() {
    let mut dtd = String::from("<!DOCTYPE rss [<!ENTITY a0 \"laugh\">");
    for i in 1..12 {
        let prev = format!("&a{};", i - 1);
        dtd.push_str(&format!("<!ENTITY a{i} \"{}\">", prev.repeat(10)));
    }
    dtd.push_str("]>");
    let items =
        "<item><title>&a11;</title><description>&a11; &a11;</description></item>".repeat(50);
    let xml = format!("{dtd}<rss><channel>{items}</channel></rss>");
    let feed = parse(&xml);
    let n_chars: usize = feed
        .posts
        .iter()
        .map(|post| post.text.len() + post.title.as_deref().map_or(0, str::len))
        .sum();
    assert!(n_chars <= 2 << 20, "{n_chars} characters");
    assert!(
        feed.warnings
            .iter()
            .any(|warning| warning.message.contains("limit"))
    );
}

#[test]
fn rss_author_value_and_source_element() {
    let feed = parse(
        r#"<rss version="2.0"><channel><title>Wire</title><item>
<title>Talks in Istanbul</title><link>https://wire.example/a</link>
<author>desk@wire.example (Jane Roe)</author>
<source url="https://afp-wire.example/world.xml">AFP</source>
<category>World</category><category>Turkey</category>
</item></channel></rss>"#,
    );
    let post = &feed.posts[0];
    assert_eq!(post.author.as_deref(), Some("desk@wire.example (Jane Roe)"));
    let origin = post.origin_source.as_ref().expect("origin");
    assert_eq!(origin.name.as_deref(), Some("AFP"));
    assert_eq!(
        origin.url.as_deref(),
        Some("https://afp-wire.example/world.xml")
    );
    assert_eq!(post.categories, ["World", "Turkey"]);
    assert_eq!(post.id, "https://wire.example/a");
    assert_eq!(post.guid, None);
}

#[test]
fn xml_base_nests_and_relative_links_resolve() {
    let feed = parse(
        r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://site.example/blog/">
<title>Blog</title><link href="./"/>
<entry xml:base="2026/07/">
  <title>Post</title><id>urn:1</id><updated>2026-07-01T10:00:00+02:00</updated>
  <link href="post.html"/>
  <content type="html" xml:base="assets/">&lt;p&gt;See &lt;a href="../other.html"&gt;the other&lt;/a&gt; and &lt;a href="/root"&gt;root&lt;/a&gt;&lt;img src="pic.jpg"&gt;&lt;/p&gt;</content>
</entry>
<entry><title>Xhtml</title><id>urn:2</id><updated>2026-07-01T09:00:00Z</updated>
  <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>One <a href="x/y">link</a></p><p>Two</p></div></content>
</entry>
</feed>"#,
    );
    assert_eq!(
        feed.info.link.as_deref(),
        Some("https://site.example/blog/")
    );
    let post = &feed.posts[0];
    assert_eq!(
        post.url.as_deref(),
        Some("https://site.example/blog/2026/07/post.html")
    );
    assert_eq!(
        post.links[0].url,
        "https://site.example/blog/2026/07/other.html"
    );
    assert_eq!(post.links[0].text, "the other");
    assert_eq!(post.links[1].url, "https://site.example/root");
    assert_eq!(
        post.media,
        [Media::Photo {
            url: Some("https://site.example/blog/2026/07/assets/pic.jpg".into()),
            link: None
        }]
    );
    assert_eq!(post.published_at, utc("2026-07-01T08:00:00Z"));
    let xhtml = &feed.posts[1];
    assert_eq!(xhtml.text, "One link\n\nTwo");
    assert_eq!(xhtml.links[0].url, "https://site.example/blog/x/y");

    // RSS without xml:base: relative links resolve against the feed URL.
    let feed = parse(
        r#"<rss version="2.0"><channel><item><title>T</title><link>/news/1</link>
<description>&lt;a href="2"&gt;next&lt;/a&gt;</description></item></channel></rss>"#,
    );
    assert_eq!(
        feed.posts[0].url.as_deref(),
        Some("https://feeds.example/news/1")
    );
    assert_eq!(feed.posts[0].links[0].url, "https://feeds.example/dir/2");
}

#[test]
fn json_feed_null_items_are_skipped() {
    let feed = parse(
        r#"{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
            null,
            {"id": 7, "url": "https://j.example/7", "title": "Seven", "content_html": "<p>Hi <a href='/x'>x</a></p>", "date_published": "2026-07-01T08:00:00+02:00", "authors": [{"name": "A"}], "tags": ["t"]},
            "junk",
            {"id": "8", "content_text": "No date"}
        ]}"#,
    );
    assert_eq!(feed.info.format, "json1.1");
    assert_eq!(feed.posts.len(), 2);
    assert_eq!(feed.posts[0].id, "7");
    assert_eq!(feed.posts[0].published_at, utc("2026-07-01T06:00:00Z"));
    assert_eq!(feed.posts[0].links[0].url, "https://feeds.example/x");
    assert_eq!(feed.posts[0].author.as_deref(), Some("A"));
    assert!(feed.posts[1].published_at_estimated);
    assert_eq!(feed.warnings.len(), 2, "{:?}", feed.warnings);
    assert_eq!(feed.warnings[0].at.as_deref(), Some("item 1"));
}

#[test]
fn item_without_date_gets_fetch_time() {
    let feed = parse(
        "<rss><channel><item><title>Undated</title><link>https://x.example/1</link></item><item><title>Bad date</title><pubDate>someday</pubDate></item></channel></rss>",
    );
    assert_eq!(feed.posts[0].published_at, fetched_at());
    assert!(feed.posts[0].published_at_estimated);
    assert!(feed.posts[1].published_at_estimated);
    assert!(feed.posts[1].id.starts_with("hash:"));
    assert!(
        feed.warnings
            .iter()
            .any(|warning| warning.message.contains("someday"))
    );
}

#[test]
fn truncated_feed_keeps_complete_items() {
    let feed = parse(
        "<rss version=\"2.0\"><channel><title>T</title><item><title>One</title><guid>1</guid></item><item><title>Two</title><guid>2</guid></item><item><title>Thr",
    );
    assert_eq!(
        feed.posts
            .iter()
            .map(|post| post.id.as_str())
            .collect::<Vec<_>>(),
        ["1", "2"]
    );
    assert!(
        feed.warnings
            .iter()
            .any(|warning| warning.message.contains("truncated"))
    );
    assert!(
        feed.warnings
            .iter()
            .any(|warning| warning.message.contains("1 incomplete item"))
    );

    let error = parse_feed(
        b"<rss><channel><title>T</title><item><title>Thr",
        None,
        "https://x.example/",
        fetched_at(),
    )
    .unwrap_err();
    assert!(
        matches!(error, FeedError::Malformed { line: 1, .. }),
        "{error}"
    );
}

#[test]
fn undeclared_prefix_and_incomplete_cdata() {
    let feed = parse(
        "<rss><channel><item><title>T</title><guid>1</guid><itunes:author>Pod</itunes:author><media:thumbnail url=\"https://i.example/t.jpg\"/></item></channel></rss>",
    );
    assert_eq!(feed.posts[0].author.as_deref(), Some("Pod"));
    assert_eq!(
        feed.posts[0].media,
        [Media::Thumbnail {
            url: "https://i.example/t.jpg".into()
        }]
    );
    assert!(
        feed.warnings
            .iter()
            .any(|warning| warning.message.contains("itunes, media"))
    );

    let feed = parse(
        "<rss><channel><item><title>Kept</title><guid>1</guid></item><item><title><![CDATA[cut",
    );
    assert_eq!(feed.posts.len(), 1);
    assert!(
        feed.warnings
            .iter()
            .any(|warning| warning.message.contains("CDATA"))
    );
}

#[test]
fn errors_name_the_problem() {
    let error = |bytes: &[u8]| {
        parse_feed(bytes, None, "https://x.example/", fetched_at())
            .unwrap_err()
            .to_string()
    };
    assert_eq!(error(b""), "empty document: no feed element or JSON object");
    assert_eq!(
        error(b"  <!-- nothing -->  "),
        "empty document: no feed element or JSON object"
    );
    assert_eq!(
        error(b"<!DOCTYPE html><html><body>Hi</body></html>"),
        "not a feed: found an HTML page (<html>)"
    );
    assert_eq!(
        error(b"<opml><body/></opml>"),
        "not a feed: found a <opml> document"
    );
    assert_eq!(
        error(b"{\"a\": 1}"),
        "not a feed: found a JSON object without a JSON Feed version or items"
    );
    assert!(
        error(b"{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [")
            .starts_with("malformed feed at line 1")
    );
}

#[test]
fn html_bodies_keep_paragraphs_and_blockquotes() {
    let feed = parse(
        r#"<rss><channel><item><guid>1</guid><description><![CDATA[<p>First&nbsp;para
   continues.</p><p>Second<br>line</p><blockquote><p>Source: FT</p></blockquote><script>var x = "<p>";</script><ul><li>a</li><li>b</li></ul> 1 < 2]]></description></item></channel></rss>"#,
    );
    let post = &feed.posts[0];
    assert_eq!(
        post.text,
        "First para continues.\n\nSecond\nline\n\nSource: FT\n\na\nb\n\n1 < 2"
    );
    assert_eq!(post.blockquotes, ["Source: FT"]);
}

#[test]
fn dates_are_read_leniently() {
    use super::date::parse_date;
    let cases = [
        ("Wed, 01 Jul 2026 09:02:00 GMT", "2026-07-01T09:02:00Z"),
        ("01 Jul 2026 09:02 EST", "2026-07-01T14:02:00Z"),
        ("Wed, 1 Jul 26 09:02:00 PDT", "2026-07-01T16:02:00Z"),
        ("Tue, 15 Nov 2022 20:15:04 Z", "2022-11-15T20:15:04Z"),
        ("mer, 16 nov 2022 00:38:15 +0100", "2022-11-15T23:38:15Z"),
        ("Τρι, 29 Ιούν 2004 12:53:00 GMT", "2004-06-29T12:53:00Z"),
        ("Sat, Dec 16 2023 02:02:33 PM", "2023-12-16T14:02:33Z"),
        ("Sunday, 06-Nov-94 08:49:37 UT", "1994-11-06T08:49:37Z"),
        ("Sun Nov  6 08:49:37 1994", "1994-11-06T08:49:37Z"),
        ("Di, 3. März 2020 10:00:00 +01:00", "2020-03-03T09:00:00Z"),
        ("2026-07-01T09:02:00+03:00", "2026-07-01T06:02:00Z"),
        ("2026-07-01T09:02:00.123456Z", "2026-07-01T09:02:00.123456Z"),
        ("2026-07-01 09:02:00", "2026-07-01T09:02:00Z"),
        ("2026-07-01", "2026-07-01T00:00:00Z"),
        ("2026-07", "2026-07-01T00:00:00Z"),
        ("20260701T090200Z", "2026-07-01T09:02:00Z"),
    ];
    for (raw, expected) in cases {
        assert_eq!(parse_date(raw), Some(utc(expected)), "{raw}");
    }
    for raw in [
        "",
        "someday",
        "31 Feb 2026",
        "2026-13-01",
        "Wed, 01 Jul 2026 25:00:00 GMT",
    ] {
        assert_eq!(parse_date(raw), None, "{raw}");
    }
}

#[test]
fn language_is_normalized() {
    use super::normalize_language;
    assert_eq!(normalize_language("IT-it").as_deref(), Some("it"));
    assert_eq!(normalize_language("en_US").as_deref(), Some("en"));
    assert_eq!(normalize_language(" pt-br ").as_deref(), Some("pt"));
    assert_eq!(normalize_language("english"), None);
}

/// Every fixture cut at many points, and with bytes flipped, parses or fails without panicking.
#[test]
fn never_panics_on_damaged_fixtures() {
    let dir = wiredesk_test_support::fixture("feeds");
    for path in fixture_files(&dir) {
        let bytes = std::fs::read(&path).unwrap();
        let step = (bytes.len() / 40).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            let _ = parse_feed(
                &bytes[..cut],
                Some("text/xml; charset=utf-8"),
                "https://x.example/",
                fetched_at(),
            );
        }
        let mut damaged = bytes.clone();
        for i in (0..damaged.len()).step_by(97) {
            damaged[i] = damaged[i].wrapping_add(0x80);
        }
        let _ = parse_feed(&damaged, None, "not a url", fetched_at());
    }
}

#[test]
fn junk_before_the_feed_and_deep_nesting() {
    let feed = parse(
        "<br />\n<b>Warning</b>: something in /var/www/feed.php on line 3<br />\n<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>Kept</title><guid>1</guid></item></channel></rss>",
    );
    assert_eq!(feed.posts[0].title.as_deref(), Some("Kept"));
    assert!(
        feed.warnings
            .iter()
            .any(|warning| warning.message.contains("before the feed element"))
    );

    let deep = format!(
        "<rss><channel><item><guid>1</guid><description>{}deep{}</description></item></channel></rss>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let feed = parse(&deep);
    assert_eq!(feed.posts[0].text, "deep");
}

//! Wikipedia tests: snapshots of the Android app's recorded answers (expected JSON in
//! `tests/snapshots/wikipedia/`, rewritten with `UPDATE_EXPECT=1`), the scenario summaries, and
//! the URL builders.

use std::path::PathBuf;

use super::*;
use crate::feed::tests::check_snapshot;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(wiredesk_test_support::fixture(&format!("wikipedia/{name}"))).unwrap()
}

fn render<T: Serialize>(result: Result<T, WikiError>) -> String {
    let value = match result {
        Ok(value) => serde_json::to_value(value).unwrap(),
        Err(error) => serde_json::json!({ "error": error.to_string() }),
    };
    let mut text = serde_json::to_string_pretty(&value).unwrap();
    text.push('\n');
    text
}

#[test]
fn snapshot_wikipedia_fixtures() {
    type Render = fn(&[u8]) -> String;
    let cases: [(&str, Render); 10] = [
        ("wmandroid__rb_page_summary_valid.json", |b| {
            render(parse_summary(b, "en"))
        }),
        ("wmandroid__rb_page_summary_geo.json", |b| {
            render(parse_summary(b, "en"))
        }),
        ("wmandroid__rb_page_summary_malformed.json", |b| {
            render(parse_summary(b, "en"))
        }),
        ("wmandroid__featured_2016_11_07.json", |b| {
            render(parse_summary(b, "en"))
        }),
        ("wmandroid__full_text_search_results.json", |b| {
            render(parse_search(b))
        }),
        ("wmandroid__prefix_search_results.json", |b| {
            render(parse_search(b))
        }),
        ("wmandroid__related_pages_search_results.json", |b| {
            render(parse_search(b))
        }),
        ("wmandroid__lang_links.json", |b| render(parse_langlinks(b))),
        ("wmandroid__wikidata_entity_label.json", |b| {
            render(parse_wikidata_labels(b))
        }),
        ("wmandroid__page_lead_mw.json", |b| {
            render(parse_summary(b, "en"))
        }),
    ];
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/wikipedia");
    let mut problems = Vec::new();
    for (name, parse) in cases {
        let actual = parse(&fixture(name));
        problems.extend(check_snapshot(&dir.join(format!("{name}.json")), &actual));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn scenario_summaries_parse_and_match_their_urls() {
    let scenarios = wiredesk_test_support::shared_dir().join("scenarios");
    let mut n_files = 0;
    for scenario in std::fs::read_dir(scenarios).unwrap() {
        let wiki = scenario.unwrap().path().join("wiki");
        let Ok(files) = std::fs::read_dir(&wiki) else {
            continue;
        };
        for file in files {
            let path = file.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let summary = parse_summary(&bytes, "en")
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            let value: Value = serde_json::from_slice(&bytes).unwrap();
            let desktop = value["content_urls"]["desktop"]["page"].as_str().unwrap();
            assert_eq!(summary.url, desktop, "{}", path.display());
            assert_eq!(page_url("en", value["title"].as_str().unwrap()), desktop);
            assert!(!summary.extract.is_empty());
            assert!(summary.timestamp.is_some());
            n_files += 1;
        }
    }
    assert!(n_files >= 20);
}

#[test]
fn summary_of_a_scenario_page() {
    let path = wiredesk_test_support::shared_dir()
        .join("scenarios/istanbul-shipping-talks/wiki/Russia-Ukraine_relations.json");
    let summary = parse_summary(&std::fs::read(path).unwrap(), "en").unwrap();
    assert_eq!(summary.title, "Russia–Ukraine_relations");
    assert_eq!(
        summary.display_title.as_deref(),
        Some("Russia–Ukraine relations")
    );
    assert_eq!(
        summary.url,
        "https://en.wikipedia.org/wiki/Russia%E2%80%93Ukraine_relations"
    );
    assert_eq!(summary.revision.as_deref(), Some("1298402215"));
    assert_eq!(summary.page_type.as_deref(), Some("standard"));
}

#[test]
fn errors_are_typed() {
    let not_found = br#"{"type":"https://mediawiki.org/wiki/HyperSwitch/errors/not_found","title":"Not found.","method":"get","detail":"Page or revision not found.","uri":"/en.wikipedia.org/v1/page/summary/Nope"}"#;
    assert_eq!(
        parse_summary(not_found, "en"),
        Err(WikiError::Api {
            code: "not_found".into(),
            info: "Page or revision not found.".into()
        })
    );
    let api = br#"{"error":{"code":"missingparam","info":"The srsearch parameter must be set."}}"#;
    assert!(
        matches!(parse_search(api), Err(WikiError::Api { code, .. }) if code == "missingparam")
    );
    assert!(matches!(
        parse_summary(b"{\"title\": ", "en"),
        Err(WikiError::Json { line: 1, .. })
    ));
    assert!(matches!(
        parse_summary(b"[]", "en"),
        Err(WikiError::Malformed { .. })
    ));
    assert!(matches!(
        parse_langlinks(b"{}"),
        Err(WikiError::Malformed { .. })
    ));
    assert!(matches!(
        parse_wikidata_labels(b"{\"success\": 1}"),
        Err(WikiError::Malformed { .. })
    ));
    assert_eq!(parse_search(br#"{"batchcomplete": true}"#), Ok(Vec::new()));
}

#[test]
fn list_search_snippets_are_plain_text() {
    let answer = br#"{"batchcomplete":"","query":{"searchinfo":{"totalhits":2},"search":[
        {"ns":0,"title":"Black Sea Grain Initiative","pageid":71212345,"snippet":"The <span class=\"searchmatch\">Black</span> <span class=\"searchmatch\">Sea</span> Grain &quot;deal&quot;"},
        {"ns":0,"title":"Black Sea","pageid":3733}]}}"#;
    let hits = parse_search(answer).unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].snippet, "The Black Sea Grain \"deal\"");
    assert_eq!(hits[0].pageid, Some(71212345));
    assert_eq!(hits[1].snippet, "");
}

#[test]
fn langlinks_formatversion_1() {
    let answer = r#"{"query":{"pages":{"123":{"pageid":123,"title":"Odesa","langlinks":[{"lang":"uk","*":"Одеса"},{"lang":"ru","*":"Одесса"}]}}}}"#;
    let links = parse_langlinks(answer.as_bytes()).unwrap();
    assert_eq!(
        links,
        [
            LangLink {
                lang: "uk".into(),
                title: "Одеса".into()
            },
            LangLink {
                lang: "ru".into(),
                title: "Одесса".into()
            }
        ]
    );
}

#[test]
fn titles_and_urls() {
    assert_eq!(
        normalize_title("  russia–Ukraine  relations "),
        "Russia–Ukraine_relations"
    );
    assert_eq!(normalize_title("T%C3%BCrkiye"), "Türkiye");
    assert_eq!(normalize_title("état_islamique"), "État_islamique");
    assert_eq!(normalize_title("ßeta"), "ßeta");
    assert_eq!(normalize_title(""), "");
    assert_eq!(
        page_url("en", "Russia–Ukraine relations"),
        "https://en.wikipedia.org/wiki/Russia%E2%80%93Ukraine_relations"
    );
    assert_eq!(
        page_url("en", "Fermat's Last Theorem"),
        "https://en.wikipedia.org/wiki/Fermat's_Last_Theorem"
    );
    assert_eq!(
        page_url("EN", "AC/DC"),
        "https://en.wikipedia.org/wiki/AC/DC"
    );
    assert_eq!(
        page_url("en", "AT&T"),
        "https://en.wikipedia.org/wiki/AT%26T"
    );
    assert_eq!(
        summary_url("https://en.wikipedia.org/", "Türkiye"),
        "https://en.wikipedia.org/api/rest_v1/page/summary/T%C3%BCrkiye"
    );
    assert_eq!(
        summary_url("https://en.wikipedia.org", "AC/DC"),
        "https://en.wikipedia.org/api/rest_v1/page/summary/AC%2FDC"
    );
    assert_eq!(
        search_url("https://en.wikipedia.org", "Black Sea grain & talks", 5),
        "https://en.wikipedia.org/w/api.php?action=query&list=search&srsearch=Black+Sea+grain+%26+talks&format=json&srlimit=5"
    );
    assert_eq!(
        langlinks_url("https://en.wikipedia.org", "odesa Oblast"),
        "https://en.wikipedia.org/w/api.php?action=query&prop=langlinks&titles=Odesa_Oblast&lllimit=max&format=json"
    );
}

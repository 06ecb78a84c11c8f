//! Briefs as a user reads them: `brief show` in every format, `export --site`, and `demo`.

use crate::{Sandbox, json_lines, scenario};

/// Replays the Istanbul scenario into the sandbox's store and returns the talks story's id.
fn talks_story(sandbox: &Sandbox) -> String {
    let store = sandbox.store_url();
    sandbox.expect(
        &[
            "--store",
            &store,
            "replay",
            &scenario("istanbul-shipping-talks"),
        ],
        0,
    );
    let stories = json_lines(&sandbox.expect(&["--store", &store, "stories", "--json"], 0));
    let talks = stories
        .iter()
        .find(|story| story["kind"] == "talks")
        .expect("a talks story");
    talks["id"].as_str().unwrap().to_string()
}

#[test]
fn brief_show_prints_every_format_with_citations_from_the_provenance_list() {
    let sandbox = Sandbox::create();
    let store = sandbox.store_url();
    let id = talks_story(&sandbox);

    let json: serde_json::Value = serde_json::from_str(&sandbox.expect(
        &["--store", &store, "brief", "show", &id, "--format", "json"],
        0,
    ))
    .unwrap();
    for field in [
        "headline",
        "standfirst",
        "sections",
        "ledger",
        "unknowns",
        "desk_note",
        "provenance",
        "revisions",
    ] {
        assert!(json.get(field).is_some(), "{field} missing");
    }
    let provenance: Vec<&str> = json["provenance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["url"].as_str().unwrap())
        .collect();
    assert!(
        provenance.contains(&"https://t.me/osintbrief/14381"),
        "{provenance:?}"
    );
    assert!(
        provenance.contains(&"https://t.me/s/osintbrief"),
        "{provenance:?}"
    );
    for section in json["sections"].as_array().unwrap() {
        for sentence in section["sentences"].as_array().unwrap() {
            let citations = sentence["citations"].as_array().unwrap();
            assert!(!citations.is_empty(), "an uncited sentence: {sentence}");
            for citation in citations {
                assert!(
                    provenance.contains(&citation.as_str().unwrap()),
                    "{citation} is not in the provenance list"
                );
            }
        }
    }
    assert_eq!(
        json["revisions"].as_array().unwrap().len(),
        2,
        "step 2 revised the brief: {}",
        json["revisions"]
    );
    assert!(
        json["revisions"][1]["summary"]
            .as_str()
            .unwrap()
            .contains("AFP")
    );

    let markdown = sandbox.expect(&["--store", &store, "brief", "show", &id], 0);
    assert!(markdown.starts_with("# "), "{markdown}");
    assert!(
        markdown.contains("## Provenance")
            && markdown.contains("Istanbul")
            && markdown.contains("08:38 UTC")
    );
    let html = sandbox.expect(
        &["--store", &store, "brief", "show", &id, "--format", "html"],
        0,
    );
    assert!(
        html.contains("<h1") && html.contains("<svg"),
        "the story page with its origin graph"
    );
    sandbox.expect(&["--store", &store, "brief", "show", "no-such-story"], 2);
}

#[test]
fn export_writes_the_site_as_static_files() {
    let sandbox = Sandbox::create();
    let store = sandbox.store_url();
    let id = talks_story(&sandbox);
    let site = sandbox.path().join("site");
    sandbox.expect(
        &[
            "--store",
            &store,
            "export",
            "--site",
            site.to_str().unwrap(),
        ],
        0,
    );
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains(&format!("/story/{id}")),
        "the front page links the story"
    );
    let page = std::fs::read_to_string(site.join("story").join(&id).join("index.html")).unwrap();
    assert!(page.contains("Provenance") && page.contains("https://t.me/osintbrief/14381"));
    let atom = std::fs::read_to_string(site.join("feed.atom")).unwrap();
    assert!(atom.contains("<feed") && atom.contains(&id));
    let feed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("feed.json")).unwrap()).unwrap();
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert!(site.join("sources").join("index.html").exists());
}

#[test]
fn demo_prints_the_top_brief_without_network() {
    let sandbox = Sandbox::create();
    let output = sandbox
        .cmd(&["-q", "demo", "--no-serve"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.starts_with("# "), "a headline first: {stdout}");
    for part in ["## What happened", "## Desk note", "## Provenance", "UTC"] {
        assert!(stdout.contains(part), "{part} missing from:\n{stdout}");
    }
}

/// `wiredesk rebuild` drops the stories and briefs and recomputes them from the stored posts:
/// the same stories (as sets of posts), each with a brief again at version 1.
#[test]
fn rebuild_recomputes_the_same_stories_from_the_stored_posts() {
    let sandbox = Sandbox::create();
    let store = sandbox.store_url();
    let id = talks_story(&sandbox);
    let post_sets = |sandbox: &Sandbox| {
        let mut sets: Vec<Vec<String>> =
            json_lines(&sandbox.expect(&["--store", &store, "stories", "--all", "--json"], 0))
                .iter()
                .map(|story| {
                    let mut posts: Vec<String> = story["posts"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|post| post.as_str().unwrap().to_lowercase())
                        .collect();
                    posts.sort();
                    posts
                })
                .collect();
        sets.sort();
        sets
    };
    let before = post_sets(&sandbox);
    let out = sandbox.expect(
        &[
            "--store",
            &store,
            "rebuild",
            "--at",
            "2026-07-01T12:00:00Z",
            "--json",
        ],
        0,
    );
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(report["passes"].as_array().unwrap().len(), 1);
    assert_eq!(report["stories"].as_u64().unwrap() as usize, before.len());
    assert_eq!(post_sets(&sandbox), before);
    let brief: serde_json::Value = serde_json::from_str(&sandbox.expect(
        &["--store", &store, "brief", "show", &id, "--format", "json"],
        0,
    ))
    .unwrap();
    assert_eq!(brief["version"], 1, "the brief was written again");

    let out = sandbox.expect(
        &[
            "--store",
            &store,
            "reanalyze",
            "--at",
            "2026-07-01T12:00:00Z",
            "--json",
        ],
        0,
    );
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert!(report["cleared_analyses"].as_u64().unwrap() > 0);
    assert_eq!(
        report["pass"]["n_analysed"], report["pass"]["n_posts"],
        "every post analysed again"
    );
}

//! The ingest commands end to end: init, check, sources, OPML, replay, posts, inspect, run.

use wiredesk_test_support::{Canned, TestServer, fixture};

use crate::{Sandbox, json_lines, scenario};

#[test]
fn init_writes_a_config_that_checks() {
    let sandbox = Sandbox::create();
    sandbox.expect(&["init"], 0);
    assert!(sandbox.path().join("wiredesk.toml").exists());
    sandbox.expect(&["init"], 2);
    let stdout = sandbox.expect(&["--store", &sandbox.store_url(), "check"], 0);
    assert!(stdout.contains("configuration ok"), "{stdout}");
    assert!(stdout.contains("role: all"), "{stdout}");
}

#[test]
fn a_bad_config_reports_every_problem_with_its_key() {
    let sandbox = Sandbox::create();
    sandbox.write(
        "bad.toml",
        "[fetch]\ntimeout_secs = 0\n\n[[sources]]\nkind = \"feed\"\nurl = \"ftp://x.example/feed\"\n\n[[sources]]\nkind = \"telegram\"\nchannel = \"a b\"\n",
    );
    let output = sandbox.run(&["--config", "bad.toml", "source", "list"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for key in ["fetch.timeout_secs", "sources[0].url", "sources[1].channel"] {
        assert!(stderr.contains(key), "{key} missing from:\n{stderr}");
    }
}

#[test]
fn sources_are_added_listed_paused_and_removed() {
    let sandbox = Sandbox::create();
    let store = sandbox.store_url();
    sandbox.expect(
        &[
            "--store",
            &store,
            "source",
            "add",
            "@OsintBrief",
            "--name",
            "OSINT Brief",
        ],
        0,
    );
    sandbox.expect(
        &[
            "--store",
            &store,
            "source",
            "add",
            "https://wire.example/world.xml",
            "--name",
            "AFP",
            "--trust",
            "primary",
        ],
        0,
    );
    sandbox.expect(&["--store", &store, "source", "add", "not a source"], 2);
    let listed = json_lines(&sandbox.expect(&["--store", &store, "source", "list", "--json"], 0));
    let keys: Vec<&str> = listed
        .iter()
        .map(|state| state["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys.len(), 2);
    assert!(
        keys.contains(&"osintbrief") && keys.contains(&"https://wire.example/world.xml"),
        "{keys:?}"
    );

    sandbox.expect(&["--store", &store, "source", "pause", "osintbrief"], 0);
    let listed = json_lines(&sandbox.expect(&["--store", &store, "source", "list", "--json"], 0));
    let brief = listed
        .iter()
        .find(|state| state["key"] == "osintbrief")
        .unwrap();
    assert_eq!(brief["paused"], true);
    sandbox.expect(
        &[
            "--store",
            &store,
            "source",
            "resume",
            "https://t.me/s/osintbrief",
        ],
        0,
    );

    let opml = sandbox.expect(&["--store", &store, "source", "export"], 0);
    assert!(
        opml.contains("https://t.me/s/OsintBrief") || opml.contains("https://t.me/s/osintbrief"),
        "{opml}"
    );
    sandbox.write("sources.opml", &opml);
    let other = format!("sqlite://{}", sandbox.path().join("other.db").display());
    sandbox.expect(&["--store", &other, "source", "import", "sources.opml"], 0);
    let imported = json_lines(&sandbox.expect(&["--store", &other, "source", "list", "--json"], 0));
    assert_eq!(imported.len(), 2);

    sandbox.expect(&["--store", &store, "source", "remove", "osintbrief"], 0);
    sandbox.expect(&["--store", &store, "source", "remove", "osintbrief"], 2);
}

#[test]
fn replay_then_posts_lists_and_searches() {
    let sandbox = Sandbox::create();
    let store = sandbox.store_url();
    let stdout = sandbox.expect(
        &[
            "--store",
            &store,
            "replay",
            &scenario("istanbul-shipping-talks"),
        ],
        0,
    );
    assert!(stdout.contains("step 2"), "{stdout}");

    let all = json_lines(&sandbox.expect(&["--store", &store, "posts", "--json"], 0));
    assert!(all.len() > 20, "every match without --limit: {}", all.len());
    for post in &all {
        for field in [
            "source",
            "id",
            "url",
            "published_at",
            "text",
            "title",
            "author",
            "views",
            "edited",
            "forwarded_from",
            "reply_to",
            "links",
            "media",
            "language",
        ] {
            assert!(post.get(field).is_some(), "{field} missing in {post}");
        }
    }
    let forward = all
        .iter()
        .find(|post| post["source"] == "frontdigest" && post["id"] == "48215")
        .expect("the forward");
    assert_eq!(forward["forwarded_from"]["channel"], "osintbrief");
    assert_eq!(forward["forwarded_from"]["id"], "14381");
    assert_eq!(forward["published_at"], "2026-07-01T09:20:00Z");

    let limited =
        json_lines(&sandbox.expect(&["--store", &store, "posts", "--json", "--limit", "3"], 0));
    assert_eq!(limited.len(), 3);
    let found = json_lines(&sandbox.expect(
        &[
            "--store",
            &store,
            "posts",
            "Istanbul",
            "--json",
            "--source",
            "osintbrief",
        ],
        0,
    ));
    assert!(!found.is_empty());
    assert!(found.iter().all(|post| post["source"] == "osintbrief"));
    assert!(found.iter().all(|post| {
        post["text"].as_str().unwrap().contains("Istanbul")
            || post["title"]
                .as_str()
                .is_some_and(|title| title.contains("Istanbul"))
    }));
    let table = sandbox.expect(&["--store", &store, "posts", "--since", "2026-07-01"], 0);
    assert!(
        table.lines().count() <= 20,
        "the table shows 20 rows by default"
    );
}

#[test]
fn inspect_prints_what_the_desk_sees() {
    let sandbox = Sandbox::create();
    let page = fixture("telegram/sherlock__channel_feed.html")
        .display()
        .to_string();
    let stdout = sandbox.expect(&["inspect", &page], 0);
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["kind"], "telegram");
    assert_eq!(value["channel"]["username"], "durov");
    assert_eq!(value["posts"].as_array().unwrap().len(), 20);

    let feed = fixture("feeds/feedparser__koi8r.xml").display().to_string();
    let value: serde_json::Value =
        serde_json::from_str(&sandbox.expect(&["inspect", &feed], 0)).unwrap();
    assert_eq!(value["kind"], "feed");
    assert!(value["feed"].is_object());

    let summary = fixture("wikipedia/wmandroid__rb_page_summary_geo.json")
        .display()
        .to_string();
    let value: serde_json::Value =
        serde_json::from_str(&sandbox.expect(&["inspect", &summary], 0)).unwrap();
    assert_eq!(value["kind"], "wikipedia");
    assert_eq!(value["page"]["wikidata_id"], "Q649");

    let broken = sandbox.write("broken.xml", "<rss><channel><title>x</title>");
    let output = sandbox.run(&["inspect", broken.to_str().unwrap(), "--kind", "feed"]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    if output.status.success() {
        // A feed with no items is readable, just empty.
        assert_eq!(value["posts"].as_array().map(Vec::len), Some(0));
    } else {
        assert!(value["error"].is_string(), "{value}");
    }
    let garbage = sandbox.write("garbage.html", "<html><body><div class=\"tgme_widget_message_wrap\"><div class=\"tgme_widget_message\">x</div></div></body></html>");
    let output = sandbox.run(&["inspect", garbage.to_str().unwrap()]);
    assert_ne!(output.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        value["error"].as_str().unwrap().contains("front-end"),
        "{value}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_once_fetches_due_sources_and_exits_one_when_some_fail() {
    let server = TestServer::start().await;
    server.route(
        "/s/durov",
        Canned::file(fixture("telegram/sherlock__channel_feed.html")).content_type("text/html"),
    );
    server.route("/broken.xml", Canned::status(500));
    let sandbox = Sandbox::create();
    let config = format!(
        "[store]\nurl = \"{store}\"\n[fetch]\nallow_private_addresses = true\n[telegram]\nbase_url = \"{base}\"\npage_delay_ms = 0\n\n[[sources]]\nkind = \"telegram\"\nchannel = \"durov\"\n\n[[sources]]\nkind = \"feed\"\nurl = \"{feed}\"\n",
        store = sandbox.store_url(),
        base = server.url(""),
        feed = server.url("/broken.xml"),
    );
    sandbox.write("wiredesk.toml", &config);
    let output = sandbox.run_async(&["run", "--once", "--json"]).await;
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let reports = json_lines(&String::from_utf8_lossy(&output.stdout));
    assert_eq!(reports.len(), 2);
    let durov = reports
        .iter()
        .find(|report| report["source"] == "durov")
        .unwrap();
    assert_eq!(durov["stats"]["inserted"], 20);
    // Nothing is due any more: a second pass fetches nothing.
    let output = sandbox.run_async(&["run", "--once", "--json"]).await;
    assert_eq!(output.status.code(), Some(0));
    assert!(json_lines(&String::from_utf8_lossy(&output.stdout)).is_empty());
    assert_eq!(server.hits("/s/durov"), 1);
}

#[test]
fn the_address_guard_refuses_private_addresses_by_default() {
    let sandbox = Sandbox::create();
    let output = sandbox.run(&["inspect", "http://127.0.0.1:9/feed.xml"]);
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("allow_private_addresses"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_stops_cleanly_on_sigterm() {
    let server = TestServer::start().await;
    server.route(
        "/s/durov",
        Canned::file(fixture("telegram/sherlock__channel_feed.html")).content_type("text/html"),
    );
    let sandbox = Sandbox::create();
    let config = format!(
        "[store]\nurl = \"{store}\"\n[fetch]\nallow_private_addresses = true\n[telegram]\nbase_url = \"{base}\"\npage_delay_ms = 0\n\n[[sources]]\nkind = \"telegram\"\nchannel = \"durov\"\n",
        store = sandbox.store_url(),
        base = server.url(""),
    );
    sandbox.write("wiredesk.toml", &config);
    let mut child = sandbox
        .cmd(&["run", "--json"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while server.hits("/s/durov") == 0 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // Let the first pass commit, then ask the poller to stop.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = tokio::task::spawn_blocking(move || {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            if let Some(_status) = child.try_wait().unwrap() {
                return child.wait_with_output().unwrap();
            }
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                panic!("wiredesk run did not stop after SIGTERM");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    })
    .await
    .unwrap();
    assert_eq!(output.status.code(), Some(0), "a clean stop exits 0");
    let reports = json_lines(&String::from_utf8_lossy(&output.stdout));
    assert_eq!(reports.len(), 1, "one pass, then a clean stop");
    let posts = json_lines(&sandbox.expect(&["posts", "--json"], 0));
    assert_eq!(posts.len(), 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wiki_looks_up_caches_and_survives_a_missing_page() {
    let server = TestServer::start().await;
    let summary = wiredesk_test_support::shared_dir()
        .join("scenarios/istanbul-shipping-talks/wiki/Istanbul.json");
    server.route(
        "/en/api/rest_v1/page/summary/Istanbul",
        Canned::file(summary).content_type("application/json"),
    );
    let sandbox = Sandbox::create();
    let config = format!(
        "[store]\nurl = \"{store}\"\n[fetch]\nallow_private_addresses = true\n[wikipedia]\nbase_url_template = \"{template}\"\n",
        store = sandbox.store_url(),
        template = server.url("/{lang}"),
    );
    sandbox.write("wiredesk.toml", &config);
    let output = sandbox.run_async(&["wiki", "Istanbul", "--json"]).await;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        value["origin"],
        "fetched",
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(value["page"]["title"], "Istanbul");
    let output = sandbox.run_async(&["wiki", "Istanbul", "--json"]).await;
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["origin"], "cache");
    assert_eq!(server.hits("/en/api/rest_v1/page/summary/Istanbul"), 1);
    let output = sandbox
        .run_async(&["wiki", "No Such Page Anywhere", "--json"])
        .await;
    assert!(output.status.success(), "a missing page is an answer");
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(value["page"].is_null());
}

/// Issue 12: a role other than `all` splits the work between processes on one PostgreSQL
/// database; on SQLite it is refused with a clear error, from the flag or the configuration.
#[tokio::test]
async fn a_role_other_than_all_is_refused_on_sqlite() {
    let sandbox = Sandbox::create();
    let store = sandbox.store_url();
    for args in [
        vec![
            "--store",
            store.as_str(),
            "run",
            "--once",
            "--role",
            "fetch",
        ],
        vec!["--store", store.as_str(), "run", "--once", "--role", "desk"],
    ] {
        let output = sandbox.run_async(&args).await;
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("needs PostgreSQL"), "{args:?}: {stderr}");
    }
    let output = sandbox
        .run_async(&["--store", store.as_str(), "run", "--once", "--role", "boss"])
        .await;
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown role \"boss\""));
    sandbox.write("wiredesk.toml", "[run]\nrole = \"fetch\"\n");
    let output = sandbox
        .run_async(&["--store", store.as_str(), "run", "--once"])
        .await;
    assert!(String::from_utf8_lossy(&output.stderr).contains("needs PostgreSQL"));
    // `wiredesk check` says so too, and fails.
    let output = sandbox
        .run_async(&["--store", store.as_str(), "check"])
        .await;
    assert!(!output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("FAILED  role fetch: needs PostgreSQL"),
        "{stdout}"
    );
    // `all` still runs on SQLite.
    let output = sandbox
        .run_async(&["--store", store.as_str(), "run", "--once", "--role", "all"])
        .await;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

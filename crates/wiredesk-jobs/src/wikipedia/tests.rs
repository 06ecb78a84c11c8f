//! Wikipedia lookups against a loopback server: fetch and cache, a fresh cache answers without
//! a request, a stale one is refreshed, a 404 falls back to search, no page at all is cached,
//! an unreachable Wikipedia leaves the stale cache in use, and a failing search is retried after
//! its retry time.

use std::sync::Arc;

use chrono::Duration;
use wiredesk_sources::wikipedia::{search_url, summary_url};
use wiredesk_test_support::{Canned, shared_dir};

use super::{WikiCached, WikiOrigin};
use crate::test_util::{Harness, NOW, harness};

async fn wiki_harness() -> Harness {
    let mut h = harness().await;
    let mut config = (*h.desk.config).clone();
    config.wikipedia.base_url_template = h.server.url("/{lang}");
    config.wikipedia.refresh_after_hours = 24;
    h.desk.config = Arc::new(config);
    h
}

/// The server path of a URL built for the `en` edition.
fn path_of(h: &Harness, url: &str) -> String {
    url.strip_prefix(&h.server.url("")).unwrap().to_string()
}

fn scenario_wiki(name: &str) -> std::path::PathBuf {
    shared_dir()
        .join("scenarios/istanbul-shipping-talks/wiki")
        .join(name)
}

#[tokio::test]
async fn summary_is_fetched_then_served_from_the_cache() {
    let h = wiki_harness().await;
    let base = h.server.url("/en");
    let path = path_of(&h, &summary_url(&base, "Turkey"));
    h.server.route(
        &path,
        Canned::file(scenario_wiki("Turkey.json")).content_type("application/json"),
    );
    let (summary, origin) = h
        .desk
        .wiki_summary("en", "Turkey", NOW())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(origin, WikiOrigin::Fetched);
    assert_eq!(summary.title, "Turkey");
    assert!(!summary.extract.is_empty());
    let (_, origin) = h
        .desk
        .wiki_summary("en", "Turkey", NOW() + Duration::hours(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(origin, WikiOrigin::Cache);
    assert_eq!(h.server.hits(&path), 1);
    let (_, origin) = h
        .desk
        .wiki_summary("en", "Turkey", NOW() + Duration::hours(30))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        origin,
        WikiOrigin::Fetched,
        "refreshed after the configured age"
    );
    assert_eq!(h.server.hits(&path), 2);
}

#[tokio::test]
async fn a_missing_title_falls_back_to_search() {
    let h = wiki_harness().await;
    let base = h.server.url("/en");
    let search_path = path_of(&h, &search_url(&base, "Turkiye", 3));
    let search_body = r#"{"batchcomplete":"","query":{"searchinfo":{"totalhits":1},"search":[{"ns":0,"title":"Turkey","pageid":11125639,"snippet":"<span class=\"searchmatch\">Turkey</span> is a country"}]}}"#;
    h.server.route(
        &search_path,
        Canned::ok(search_body).content_type("application/json"),
    );
    h.server.route(
        &path_of(&h, &summary_url(&base, "Turkey")),
        Canned::file(scenario_wiki("Turkey.json")),
    );
    let (summary, origin) = h
        .desk
        .wiki_summary("en", "Turkiye", NOW())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(origin, WikiOrigin::Search);
    assert_eq!(summary.title, "Turkey");
    let cached = h
        .desk
        .store
        .wiki_get("en", "Turkiye")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        cached.summary.map(|summary| summary.title).as_deref(),
        Some("Turkey")
    );
}

#[tokio::test]
async fn no_such_page_is_an_answer_not_an_error() {
    let h = wiki_harness().await;
    let found = h
        .desk
        .wiki_summary("en", "Zzyzx Nonexistent Page", NOW())
        .await
        .unwrap();
    assert!(found.is_none());
    let cached = h
        .desk
        .store
        .wiki_get("en", "Zzyzx_Nonexistent_Page")
        .await
        .unwrap()
        .expect("the 404 is cached");
    assert!(cached.summary.is_none());
}

#[tokio::test]
async fn an_unreachable_wikipedia_leaves_the_stale_cache_in_use() {
    let h = wiki_harness().await;
    let base = h.server.url("/en");
    let path = path_of(&h, &summary_url(&base, "Istanbul"));
    h.server
        .route(&path, Canned::file(scenario_wiki("Istanbul.json")));
    h.desk
        .wiki_summary("en", "Istanbul", NOW())
        .await
        .unwrap()
        .unwrap();
    h.server.route(&path, Canned::status(503));
    let (summary, origin) = h
        .desk
        .wiki_summary("en", "Istanbul", NOW() + Duration::days(3))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(origin, WikiOrigin::StaleCache);
    assert_eq!(summary.title, "Istanbul");
}

/// Issue 10: a search that fails (5xx) is a failure, kept until its retry time, not a "no such
/// page" kept for the cache's whole age.
#[tokio::test]
async fn a_failing_search_is_retried_after_its_retry_time() {
    let h = wiki_harness().await;
    let base = h.server.url("/en");
    h.server.route(
        &path_of(&h, &search_url(&base, "Qarvinsk", 3)),
        Canned::status(503),
    );
    let found = h.desk.wiki_summary("en", "Qarvinsk", NOW()).await.unwrap();
    assert!(found.is_none());
    let retry = Duration::minutes(h.desk.config.wikipedia.retry_after_minutes as i64);
    let before = h
        .desk
        .wiki_cached("en", "Qarvinsk", NOW() + retry - Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!(before, WikiCached::Fresh(None));
    let after = h
        .desk
        .wiki_cached("en", "Qarvinsk", NOW() + retry + Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!(
        after,
        WikiCached::Stale(None),
        "due again after its retry time"
    );
    // A real "no such page" stays an answer for the cache's whole age.
    h.desk
        .wiki_summary("en", "Zzyzx Qarvinsk", NOW())
        .await
        .unwrap();
    let miss = h
        .desk
        .wiki_cached("en", "Zzyzx Qarvinsk", NOW() + Duration::hours(23))
        .await
        .unwrap();
    assert_eq!(miss, WikiCached::Fresh(None));
}

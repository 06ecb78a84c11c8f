//! Compliance of the feed source against a loopback server: first fetch, 304, 429 with
//! Retry-After, 500, timeout, truncated body, redirect, gzip, caching headers.

use chrono::Duration;
use wiredesk_model::{SourceKind, SourceSpec, SourceState};
use wiredesk_store::PostQuery;
use wiredesk_test_support::Canned;

use super::refresh;
use crate::desk::RefreshOutcome;
use crate::test_util::{Harness, NOW, harness};

fn rss(items: &[(&str, &str)]) -> String {
    let mut body = String::from(
        r#"<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Example Wire</title><link>https://wire.example/</link>"#,
    );
    for (guid, title) in items {
        body.push_str(&format!(
            "<item><title>{title}</title><link>https://wire.example/{guid}</link><guid>{guid}</guid><pubDate>Wed, 01 Jul 2026 08:00:00 GMT</pubDate><description>{title}, a diplomatic source said.</description></item>"
        ));
    }
    body.push_str("</channel></rss>");
    body
}

async fn add_feed(h: &Harness) -> SourceState {
    let spec = SourceSpec {
        kind: SourceKind::Feed {
            url: h.server.url("/world.xml"),
        },
        name: Some("Example Wire".into()),
        interval_secs: Some(600),
        trust: Default::default(),
    };
    h.desk.store.upsert_source(&spec).await.unwrap()
}

async fn state(h: &Harness) -> SourceState {
    h.desk
        .store
        .source(&h.server.url("/world.xml"))
        .await
        .unwrap()
        .unwrap()
}

async fn n_posts(h: &Harness) -> usize {
    h.desk
        .store
        .posts(&PostQuery::default())
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn first_fetch_then_304_changes_nothing() {
    let h = harness().await;
    let state0 = add_feed(&h).await;
    let body = rss(&[("a1", "Talks in Istanbul"), ("a2", "Storm at the airport")]);
    h.server.route(
        "/world.xml",
        Canned::ok(body)
            .etag("\"v1\"")
            .content_type("application/rss+xml"),
    );
    let report = refresh(&h.desk, &state0, NOW()).await.unwrap();
    assert_eq!(report.stats.inserted, 2, "{report:?}");
    let after = state(&h).await;
    assert_eq!(after.etag.as_deref(), Some("\"v1\""));
    assert_eq!(
        after.feed.as_ref().and_then(|feed| feed.title.as_deref()),
        Some("Example Wire")
    );

    let report = refresh(&h.desk, &after, NOW() + Duration::minutes(10))
        .await
        .unwrap();
    assert!(
        matches!(report.outcome, RefreshOutcome::NotModified),
        "{report:?}"
    );
    let headers = h.server.last_request_headers("/world.xml").unwrap();
    assert_eq!(
        headers
            .get("if-none-match")
            .and_then(|value| value.to_str().ok()),
        Some("\"v1\"")
    );
    assert_eq!(n_posts(&h).await, 2);
    assert_eq!(
        state(&h).await.etag.as_deref(),
        Some("\"v1\""),
        "a 304 keeps the validator"
    );
}

#[tokio::test]
async fn caching_headers_set_the_next_poll() {
    let h = harness().await;
    let state0 = add_feed(&h).await;
    h.server.route(
        "/world.xml",
        Canned::ok(rss(&[("a1", "x")])).header("Cache-Control", "max-age=3600"),
    );
    let report = refresh(&h.desk, &state0, NOW()).await.unwrap();
    assert_eq!(
        report.next_attempt_at,
        Some(NOW() + Duration::seconds(3600))
    );
    h.server.route(
        "/world.xml",
        Canned::ok(rss(&[("a1", "x")])).header("Cache-Control", "max-age=5"),
    );
    let report = refresh(&h.desk, &state(&h).await, NOW()).await.unwrap();
    assert_eq!(
        report.next_attempt_at,
        Some(NOW() + Duration::seconds(600)),
        "never sooner than the source's interval"
    );
}

#[tokio::test]
async fn rate_limit_and_server_errors() {
    let h = harness().await;
    let state0 = add_feed(&h).await;
    h.server.route("/world.xml", Canned::status(500));
    let report = refresh(&h.desk, &state0, NOW()).await.unwrap();
    assert!(report.failed());
    assert_eq!(state(&h).await.consecutive_failures, 1);
    h.server.route(
        "/world.xml",
        Canned::status(429).header("Retry-After", "90"),
    );
    let report = refresh(&h.desk, &state(&h).await, NOW()).await.unwrap();
    assert!(
        matches!(report.outcome, RefreshOutcome::Deferred { .. }),
        "{report:?}"
    );
    assert_eq!(
        state(&h).await.next_attempt_at,
        Some(NOW() + Duration::seconds(90))
    );
}

#[tokio::test]
async fn timeout_truncation_and_garbage_fail_per_feed() {
    let h = harness().await;
    let state0 = add_feed(&h).await;
    let body = rss(&[("a1", "x")]);
    h.server.route(
        "/world.xml",
        Canned::ok(body.clone()).delay(std::time::Duration::from_secs(2)),
    );
    assert!(refresh(&h.desk, &state0, NOW()).await.unwrap().failed());
    h.server
        .route("/world.xml", Canned::ok(body.clone()).truncate_after(40));
    assert!(
        refresh(&h.desk, &state(&h).await, NOW())
            .await
            .unwrap()
            .failed()
    );
    h.server
        .route("/world.xml", Canned::ok("this is not a feed at all"));
    let report = refresh(&h.desk, &state(&h).await, NOW()).await.unwrap();
    let RefreshOutcome::Failed { error, .. } = &report.outcome else {
        panic!("{report:?}")
    };
    assert!(error.contains("feed could not be read"), "{error}");
    assert_eq!(state(&h).await.consecutive_failures, 3);
    assert_eq!(n_posts(&h).await, 0);
}

#[tokio::test]
async fn redirects_and_gzip_are_followed() {
    let h = harness().await;
    let state0 = add_feed(&h).await;
    h.server
        .route("/world.xml", Canned::redirect(301, "/feeds/world.xml"));
    h.server.route(
        "/feeds/world.xml",
        Canned::ok(rss(&[("a1", "x"), ("a2", "y")])).gzip(),
    );
    let report = refresh(&h.desk, &state0, NOW()).await.unwrap();
    assert_eq!(report.stats.inserted, 2, "{report:?}");
    let stored = h.desk.store.posts(&PostQuery::default()).await.unwrap();
    assert!(
        stored
            .iter()
            .all(|stored| stored.source_key == h.server.url("/world.xml"))
    );
}

#[tokio::test]
async fn an_edited_item_keeps_its_previous_version() {
    let h = harness().await;
    let state0 = add_feed(&h).await;
    h.server
        .route("/world.xml", Canned::ok(rss(&[("a1", "Talks expected")])));
    refresh(&h.desk, &state0, NOW()).await.unwrap();
    h.server
        .route("/world.xml", Canned::ok(rss(&[("a1", "Talks under way")])));
    let report = refresh(&h.desk, &state(&h).await, NOW() + Duration::minutes(10))
        .await
        .unwrap();
    assert_eq!(report.stats.edited, 1, "{report:?}");
    let versions = h
        .desk
        .store
        .post_versions(&h.server.url("/world.xml"), "a1")
        .await
        .unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].title.as_deref(), Some("Talks expected"));
}

//! Compliance of the Telegram source against a loopback server: first fetch, re-run, catch-up,
//! gone posts, 429, 500, timeout, truncated body, redirect to a landing page, gzip, front-end
//! change, backfill; the cursor and the store are checked after each.

use chrono::Duration;
use wiredesk_model::{LandingKind, SourceKind, SourceSpec, SourceState, SourceStatus};
use wiredesk_store::PostQuery;
use wiredesk_test_support::{Canned, fixture};

use super::{BackfillEnd, BackfillLimit, TelegramCursor, backfill, refresh};
use crate::desk::RefreshOutcome;
use crate::test_util::{Harness, NOW, PagePost, harness, preview_page};

const CHANNEL: &str = "osintbrief";

async fn add_channel(h: &Harness) -> SourceState {
    let spec = SourceSpec {
        kind: SourceKind::Telegram {
            channel: CHANNEL.to_string(),
        },
        name: None,
        interval_secs: Some(300),
        trust: Default::default(),
    };
    h.desk.store.upsert_source(&spec).await.unwrap()
}

async fn state(h: &Harness) -> SourceState {
    h.desk.store.source(CHANNEL).await.unwrap().unwrap()
}

async fn post_ids(h: &Harness, include_gone: bool) -> Vec<String> {
    let query = PostQuery {
        source_key: Some(CHANNEL.into()),
        include_gone,
        ..Default::default()
    };
    let mut ids: Vec<String> = h
        .desk
        .store
        .posts(&query)
        .await
        .unwrap()
        .into_iter()
        .map(|stored| stored.post.id)
        .collect();
    ids.sort();
    ids
}

fn cursor(state: &SourceState) -> TelegramCursor {
    serde_json::from_value(state.cursor.clone().unwrap()).unwrap()
}

fn posts(ids: &[i64]) -> Vec<PagePost<'static>> {
    ids.iter()
        .map(|&id| PagePost {
            id,
            text: "Talks in Istanbul",
            minutes: id - 100,
        })
        .collect()
}

#[tokio::test]
async fn first_fetch_then_rerun_adds_nothing() {
    let h = harness().await;
    let state0 = add_channel(&h).await;
    h.server.route(
        "/s/osintbrief",
        Canned::ok(preview_page(CHANNEL, &posts(&[101, 102, 104]), false))
            .content_type("text/html"),
    );
    let report = refresh(&h.desk, &state0, NOW()).await.unwrap();
    assert!(
        matches!(report.outcome, RefreshOutcome::Updated),
        "{report:?}"
    );
    assert_eq!(report.stats.inserted, 3);
    let after = state(&h).await;
    assert_eq!(after.status, SourceStatus::Ok);
    assert_eq!(
        cursor(&after),
        TelegramCursor {
            newest: Some(104),
            oldest: Some(101)
        }
    );
    assert_eq!(after.next_attempt_at, Some(NOW() + Duration::seconds(300)));
    assert_eq!(post_ids(&h, false).await, ["101", "102", "104"]);
    let stored = h.desk.store.post(CHANNEL, "102").await.unwrap().unwrap();
    let sha = stored.archive_sha256.expect("posts cite the archived page");
    assert!(h.desk.store.archived(&sha).await.unwrap().is_some());

    let report = refresh(&h.desk, &after, NOW() + Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!((report.stats.inserted, report.stats.unchanged), (0, 3));
    assert_eq!(post_ids(&h, false).await.len(), 3);
}

#[tokio::test]
async fn a_vanished_post_is_marked_gone() {
    let h = harness().await;
    let state0 = add_channel(&h).await;
    h.server.route(
        "/s/osintbrief",
        Canned::ok(preview_page(CHANNEL, &posts(&[101, 102, 103]), false)),
    );
    refresh(&h.desk, &state0, NOW()).await.unwrap();
    h.server.route(
        "/s/osintbrief",
        Canned::ok(preview_page(CHANNEL, &posts(&[101, 103, 104]), false)),
    );
    let report = refresh(&h.desk, &state(&h).await, NOW() + Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(report.stats.marked_gone, 1);
    assert_eq!(post_ids(&h, false).await, ["101", "103", "104"]);
    let gone = h.desk.store.post(CHANNEL, "102").await.unwrap().unwrap();
    assert_eq!(gone.gone_at, Some(NOW() + Duration::minutes(5)));
}

#[tokio::test]
async fn catch_up_walks_back_to_the_known_newest_post() {
    let h = harness().await;
    let state0 = add_channel(&h).await;
    h.server.route(
        "/s/osintbrief",
        Canned::ok(preview_page(CHANNEL, &posts(&[101, 102]), true)),
    );
    refresh(&h.desk, &state0, NOW()).await.unwrap();
    // A burst: the newest page no longer reaches back to 102.
    h.server.route(
        "/s/osintbrief",
        Canned::ok(preview_page(CHANNEL, &posts(&[106, 107]), true)),
    );
    h.server.route(
        "/s/osintbrief?before=106",
        Canned::ok(preview_page(CHANNEL, &posts(&[103, 104, 105]), true)),
    );
    let report = refresh(&h.desk, &state(&h).await, NOW()).await.unwrap();
    assert_eq!(report.n_pages, 2);
    assert_eq!(report.stats.inserted, 5);
    assert_eq!(
        h.server.hits("/s/osintbrief?before=103"),
        0,
        "stops once the gap is closed"
    );
    assert_eq!(
        cursor(&state(&h).await),
        TelegramCursor {
            newest: Some(107),
            oldest: Some(101)
        }
    );
}

#[tokio::test]
async fn rate_limit_defers_without_losing_anything() {
    let h = harness().await;
    let state0 = add_channel(&h).await;
    h.server.route(
        "/s/osintbrief",
        Canned::ok(preview_page(CHANNEL, &posts(&[101]), false)),
    );
    refresh(&h.desk, &state0, NOW()).await.unwrap();
    h.server.route(
        "/s/osintbrief",
        Canned::status(429).header("Retry-After", "120"),
    );
    let report = refresh(&h.desk, &state(&h).await, NOW()).await.unwrap();
    assert!(
        matches!(report.outcome, RefreshOutcome::Deferred { .. }),
        "{report:?}"
    );
    let after = state(&h).await;
    assert_eq!(after.next_attempt_at, Some(NOW() + Duration::seconds(120)));
    assert_eq!(after.consecutive_failures, 0);
    assert!(!after.paused);
    assert_eq!(post_ids(&h, false).await, ["101"]);
    // The host stays off limits for the rest of this run: no further request reaches it.
    let hits = h.server.hits("/s/osintbrief");
    refresh(&h.desk, &after, NOW()).await.unwrap();
    assert_eq!(h.server.hits("/s/osintbrief"), hits);
}

#[tokio::test]
async fn server_errors_count_up_and_pause_the_source() {
    let h = harness().await;
    let mut current = add_channel(&h).await;
    h.server.route("/s/osintbrief", Canned::status(500));
    for n_failures in 1..=3u32 {
        let report = refresh(&h.desk, &current, NOW()).await.unwrap();
        let RefreshOutcome::Failed { error, paused } = &report.outcome else {
            panic!("{report:?}")
        };
        assert!(error.contains("500"), "{error}");
        current = state(&h).await;
        assert_eq!(current.consecutive_failures, n_failures);
        assert_eq!(*paused, n_failures == 3);
        assert!(current.last_error.as_deref().unwrap().contains("500"));
    }
    assert!(current.paused);
    let resumed = h.desk.store.set_paused(CHANNEL, false).await.unwrap();
    assert_eq!(resumed.consecutive_failures, 0);
    assert!(!resumed.paused);
}

#[tokio::test]
async fn timeout_and_truncated_body_fail_cleanly() {
    let h = harness().await;
    let state0 = add_channel(&h).await;
    let page = preview_page(CHANNEL, &posts(&[101, 102]), false);
    h.server.route(
        "/s/osintbrief",
        Canned::ok(page.clone()).delay(std::time::Duration::from_secs(2)),
    );
    let report = refresh(&h.desk, &state0, NOW()).await.unwrap();
    let RefreshOutcome::Failed { error, .. } = &report.outcome else {
        panic!("{report:?}")
    };
    assert!(
        error.contains("timed out") || error.contains("timeout"),
        "{error}"
    );

    h.server.route(
        "/s/osintbrief",
        Canned::ok(page.clone()).truncate_after(page.len() / 2),
    );
    let report = refresh(&h.desk, &state(&h).await, NOW()).await.unwrap();
    assert!(report.failed(), "{report:?}");
    assert!(
        post_ids(&h, true).await.is_empty(),
        "nothing from a half page"
    );
    assert_eq!(state(&h).await.consecutive_failures, 2);
}

#[tokio::test]
async fn redirect_to_a_landing_page_records_no_preview() {
    let h = harness().await;
    let state0 = add_channel(&h).await;
    h.server
        .route("/s/osintbrief", Canned::redirect(302, "/osintbrief"));
    h.server.route(
        "/osintbrief",
        Canned::file(fixture("telegram/sherlock__tme_group.html")).content_type("text/html"),
    );
    let report = refresh(&h.desk, &state0, NOW()).await.unwrap();
    assert!(
        matches!(report.outcome, RefreshOutcome::NoPreview { .. }),
        "{report:?}"
    );
    let after = state(&h).await;
    let SourceStatus::NoPreview {
        landing,
        title,
        extra,
    } = &after.status
    else {
        panic!("{:?}", after.status)
    };
    assert_eq!(*landing, LandingKind::Group);
    assert!(title.is_some());
    assert!(
        extra.as_deref().unwrap_or("").contains("members"),
        "{extra:?}"
    );
    assert_eq!(after.consecutive_failures, 0);
}

#[tokio::test]
async fn gzip_pages_are_read() {
    let h = harness().await;
    let state0 = add_channel(&h).await;
    h.server.route(
        "/s/osintbrief",
        Canned::ok(preview_page(CHANNEL, &posts(&[101, 102]), false)).gzip(),
    );
    let report = refresh(&h.desk, &state0, NOW()).await.unwrap();
    assert_eq!(report.stats.inserted, 2, "{report:?}");
}

#[tokio::test]
async fn wraps_without_data_post_are_a_front_end_change() {
    let h = harness().await;
    let state0 = add_channel(&h).await;
    // A redesign: the blocks are there, but neither `data-post` nor the permalink says which post.
    let page = preview_page(CHANNEL, &posts(&[101, 102]), false)
        .replace("data-post=", "data-item=")
        .replace(
            "class=\"tgme_widget_message_date\" href=",
            "class=\"tgme_widget_message_date\" data-href=",
        );
    h.server.route("/s/osintbrief", Canned::ok(page));
    let report = refresh(&h.desk, &state0, NOW()).await.unwrap();
    let RefreshOutcome::Failed { error, .. } = &report.outcome else {
        panic!("{report:?}")
    };
    assert!(error.contains("front-end change"), "{error}");
}

/// A backfill with `since` and `max_pages`, without progress reports.
async fn walk(
    h: &Harness,
    state: &SourceState,
    since: Option<chrono::DateTime<chrono::Utc>>,
    max_pages: Option<u32>,
) -> super::BackfillReport {
    backfill(
        &h.desk,
        state,
        BackfillLimit { since, max_pages },
        NOW(),
        &|_| {},
    )
    .await
    .unwrap()
}

/// Three pages down to the channel's first post: 107–108, 104–106, 101–103.
fn serve_history(h: &Harness) {
    h.server.route(
        "/s/osintbrief",
        Canned::ok(preview_page(CHANNEL, &posts(&[107, 108]), true)),
    );
    h.server.route(
        "/s/osintbrief?before=107",
        Canned::ok(preview_page(CHANNEL, &posts(&[104, 105, 106]), true)),
    );
    h.server.route(
        "/s/osintbrief?before=104",
        Canned::ok(preview_page(CHANNEL, &posts(&[101, 102, 103]), false)),
    );
}

#[tokio::test]
async fn backfill_walks_down_until_the_start() {
    let h = harness().await;
    let state0 = add_channel(&h).await;
    serve_history(&h);
    let pages_seen = std::sync::Mutex::new(Vec::new());
    let on_page = |step: super::BackfillProgress| pages_seen.lock().unwrap().push(step.n_pages);
    let report = backfill(
        &h.desk,
        &state0,
        BackfillLimit {
            since: None,
            max_pages: Some(10),
        },
        NOW(),
        &on_page,
    )
    .await
    .unwrap();
    assert!(matches!(report.end, BackfillEnd::Start), "{report:?}");
    assert_eq!(report.n_pages, 3);
    assert_eq!(*pages_seen.lock().unwrap(), [1, 2, 3]);
    assert_eq!(post_ids(&h, false).await.len(), 8);
    assert_eq!(
        cursor(&state(&h).await),
        TelegramCursor {
            newest: Some(108),
            oldest: Some(101)
        }
    );
}

#[tokio::test]
async fn backfill_stops_at_the_page_limit_and_resumes_from_the_cursor() {
    let h = harness().await;
    let state0 = add_channel(&h).await;
    serve_history(&h);
    let report = walk(&h, &state0, None, Some(1)).await;
    assert!(matches!(report.end, BackfillEnd::PageLimit), "{report:?}");
    let report = walk(&h, &state(&h).await, None, Some(1)).await;
    assert_eq!(report.stats.inserted, 3);
    assert_eq!(
        h.server.hits("/s/osintbrief"),
        1,
        "the second walk starts below the stored posts"
    );
    assert_eq!(h.server.hits("/s/osintbrief?before=107"), 1);
}

#[tokio::test]
async fn backfill_stops_when_the_cursor_does_not_go_down() {
    let h = harness().await;
    let state0 = add_channel(&h).await;
    h.server.route(
        "/s/osintbrief",
        Canned::ok(preview_page(CHANNEL, &posts(&[107, 108]), true)),
    );
    // A broken mirror answers the same page for every cursor.
    h.server.route(
        "/s/osintbrief?before=107",
        Canned::ok(preview_page(CHANNEL, &posts(&[107, 108]), true)),
    );
    let report = walk(&h, &state0, None, Some(10)).await;
    assert!(matches!(report.end, BackfillEnd::CursorStuck), "{report:?}");
    assert_eq!(report.n_pages, 2);
}

#[tokio::test]
async fn backfill_stops_at_the_date() {
    let h = harness().await;
    let state0 = add_channel(&h).await;
    h.server.route(
        "/s/osintbrief",
        Canned::ok(preview_page(CHANNEL, &posts(&[107, 108]), true)),
    );
    h.server.route(
        "/s/osintbrief?before=107",
        Canned::ok(preview_page(CHANNEL, &posts(&[104, 105, 106]), true)),
    );
    // Post 105 is at 08:05; asking back to 08:06 stops after the second page.
    let since = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 7, 1, 8, 6, 0).unwrap();
    let report = walk(&h, &state0, Some(since), None).await;
    assert!(matches!(report.end, BackfillEnd::ReachedDate), "{report:?}");
    assert_eq!(h.server.hits("/s/osintbrief?before=104"), 0);
}

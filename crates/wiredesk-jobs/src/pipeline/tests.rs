//! The pass over stored posts against a loopback channel: a story that outlives the 14-day
//! window keeps its early posts (issue 10, fault 2).

use chrono::Duration;
use wiredesk_model::{SourceKind, SourceSpec};
use wiredesk_test_support::Canned;

use super::run_pipeline;
use crate::telegram::refresh;
use crate::test_util::{NOW, PagePost, harness, preview_page};

const CHANNEL: &str = "rivernews";

/// One bridge collapse reported every other day for 16 days: one story whose first post is
/// older than the window by the last pass. Rebuilt from its in-window posts only, it used to
/// lose its first report; it must keep every post.
#[tokio::test]
async fn a_story_older_than_the_window_keeps_its_early_posts() {
    let h = harness().await;
    let spec = SourceSpec {
        kind: SourceKind::Telegram {
            channel: CHANNEL.to_string(),
        },
        name: None,
        interval_secs: Some(300),
        trust: Default::default(),
    };
    let state = h.desk.store.upsert_source(&spec).await.unwrap();
    let texts: Vec<String> = (0..9)
        .map(|day| {
            format!(
                "Varnatown bridge collapse, day {}: rescuers keep searching the Orlava river below the collapsed Varnatown bridge, the Orlava district administration says.",
                day * 2 + 1
            )
        })
        .collect();
    let posts: Vec<PagePost<'_>> = texts
        .iter()
        .enumerate()
        .map(|(idx, text)| PagePost {
            id: 101 + idx as i64,
            text,
            minutes: idx as i64 * 2 * 24 * 60,
        })
        .collect();
    h.server.route(
        &format!("/s/{CHANNEL}"),
        Canned::ok(preview_page(CHANNEL, &posts, false)).content_type("text/html"),
    );
    refresh(&h.desk, &state, NOW()).await.unwrap();

    // The first post is at 08:00 on 1 July; a pass every other day, the last on day 17.
    let first_post = NOW() - Duration::minutes(90);
    for day in (1..=17).step_by(2) {
        run_pipeline(&h.desk, first_post + Duration::days(day))
            .await
            .unwrap();
    }
    let stories = h.desk.store.stories().await.unwrap();
    let story = stories
        .iter()
        .find(|story| story.posts.iter().any(|post| post == "rivernews/109"))
        .expect("the last post is in a story");
    let expected: Vec<String> = (101..=109).map(|id| format!("{CHANNEL}/{id}")).collect();
    let mut got = story.posts.clone();
    got.sort();
    assert_eq!(got, expected, "every post stays in the story: {story:?}");
    assert_eq!(
        story.first_seen, first_post,
        "the story still starts at its first post"
    );
}

/// A story leaves the window whole; a late post on it (published back then, fetched now)
/// reopens it: the post joins the story under its id, with its earlier posts, instead of
/// starting a story of its own or being dropped.
#[tokio::test]
async fn a_late_post_reopens_a_story_that_left_the_window() {
    let h = harness().await;
    let spec = SourceSpec {
        kind: SourceKind::Telegram {
            channel: "harbourwire".to_string(),
        },
        name: None,
        interval_secs: Some(300),
        trust: Default::default(),
    };
    let state = h.desk.store.upsert_source(&spec).await.unwrap();
    let texts = [
        "Kelmora dam breach: water from the breached Kelmora dam floods the lower Sarvel valley, the Sarvel regional council says.",
        "The Kelmora dam breach floods villages in the Sarvel valley; the Sarvel regional council orders evacuations below the Kelmora dam.",
        "Rescuers reach villages flooded by the Kelmora dam breach in the Sarvel valley, the Sarvel regional council says.",
        "Late report: the Kelmora dam breach in the Sarvel valley leaves two villages cut off, the Sarvel regional council says.",
    ];
    let page = |count: usize| {
        let posts: Vec<PagePost<'_>> = texts[..count]
            .iter()
            .enumerate()
            .map(|(idx, text)| PagePost {
                id: 101 + idx as i64,
                text,
                minutes: idx as i64 * 30,
            })
            .collect();
        preview_page("harbourwire", &posts, false)
    };
    h.server.route(
        "/s/harbourwire",
        Canned::ok(page(3)).content_type("text/html"),
    );
    refresh(&h.desk, &state, NOW()).await.unwrap();
    run_pipeline(&h.desk, NOW()).await.unwrap();
    let before = h.desk.store.stories().await.unwrap();
    let story = before
        .iter()
        .find(|story| story.posts.len() == 3)
        .expect("the three reports make one story")
        .clone();

    // Three weeks on, the story has left the window; a pass keeps it as it was.
    let later = NOW() + Duration::days(21);
    run_pipeline(&h.desk, later).await.unwrap();
    assert_eq!(
        h.desk
            .store
            .story(&story.id)
            .await
            .unwrap()
            .unwrap()
            .posts
            .len(),
        3,
        "a story that left the window keeps its posts"
    );

    // A fourth report from that morning arrives late.
    h.server.route(
        "/s/harbourwire",
        Canned::ok(page(4)).content_type("text/html"),
    );
    let state = h.desk.store.source(&state.key).await.unwrap().unwrap();
    refresh(&h.desk, &state, later).await.unwrap();
    run_pipeline(&h.desk, later + Duration::minutes(5))
        .await
        .unwrap();
    let reopened = h
        .desk
        .store
        .story(&story.id)
        .await
        .unwrap()
        .expect("the story keeps its id");
    let mut got = reopened.posts.clone();
    got.sort();
    let expected: Vec<String> = (101..=104).map(|id| format!("harbourwire/{id}")).collect();
    assert_eq!(got, expected, "the late post joins its story: {reopened:?}");
    assert_eq!(reopened.first_seen, story.first_seen);
    let stories = h.desk.store.stories().await.unwrap();
    assert_eq!(
        stories
            .iter()
            .filter(|other| other.posts.iter().any(|post| post == "harbourwire/104"))
            .count(),
        1,
        "the late post is in exactly one story"
    );
}

/// A pass analyses only what it has not analysed before: the analyses are persisted, so a new
/// process (memory and cache forgotten) reads them from the store instead of analysing again;
/// an edited post is analysed again; `reanalyze` drops them and analyses every post anew.
#[tokio::test]
async fn analyses_persist_across_processes_and_only_changed_posts_are_analysed() {
    let h = harness().await;
    let spec = SourceSpec {
        kind: SourceKind::Telegram {
            channel: "quaywire".to_string(),
        },
        name: None,
        interval_secs: Some(300),
        trust: Default::default(),
    };
    let state = h.desk.store.upsert_source(&spec).await.unwrap();
    let page = |last: &str| {
        let texts = [
            "Tarnow port cranes halted by a strike of Tarnow dockers, the Tarnow dockers union says.",
            "The Tarnow dockers strike enters its second day; the port authority says talks continue.",
            "Ferry services from Tarnow are cancelled during the dockers strike, the ferry operator says.",
            last,
        ];
        let posts: Vec<PagePost<'_>> = texts
            .iter()
            .enumerate()
            .map(|(idx, text)| PagePost {
                id: 201 + idx as i64,
                text,
                minutes: idx as i64 * 20,
            })
            .collect();
        preview_page("quaywire", &posts, false)
    };
    let last = "The Tarnow port authority says the strike costs the port a million euros a day.";
    h.server.route(
        "/s/quaywire",
        Canned::ok(page(last)).content_type("text/html"),
    );
    refresh(&h.desk, &state, NOW()).await.unwrap();
    let first = run_pipeline(&h.desk, NOW()).await.unwrap();
    assert_eq!((first.n_posts, first.n_analysed), (4, 4));
    let stories_before = h.desk.store.stories().await.unwrap();

    // Nothing new: nothing analysed.
    let idle = run_pipeline(&h.desk, NOW() + Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(idle.n_analysed, 0);

    // A new process: the memory and the in-process cache are gone, the store remains.
    super::forget(&h.desk);
    super::analysis_cache(&h.desk).clear();
    let restarted = run_pipeline(&h.desk, NOW() + Duration::minutes(10))
        .await
        .unwrap();
    assert_eq!(
        (restarted.n_posts, restarted.n_analysed),
        (4, 0),
        "the stored analyses are read, not recomputed"
    );
    let mut before: Vec<Vec<String>> = stories_before.iter().map(|s| s.posts.clone()).collect();
    let mut after: Vec<Vec<String>> = h
        .desk
        .store
        .stories()
        .await
        .unwrap()
        .iter()
        .map(|s| s.posts.clone())
        .collect();
    before.sort();
    after.sort();
    assert_eq!(before, after, "the stories are the same");

    // One post edited: only it is analysed again.
    h.server.route(
        "/s/quaywire",
        Canned::ok(page(
            "The Tarnow port authority says the strike costs the port two million euros a day.",
        ))
        .content_type("text/html"),
    );
    let state = h.desk.store.source(&state.key).await.unwrap().unwrap();
    refresh(&h.desk, &state, NOW() + Duration::minutes(15))
        .await
        .unwrap();
    let edited = run_pipeline(&h.desk, NOW() + Duration::minutes(16))
        .await
        .unwrap();
    assert_eq!(edited.n_analysed, 1, "only the edited post");

    // `reanalyze`: every stored analysis dropped, every post analysed again.
    let (cleared, report) = super::reanalyze(&h.desk, NOW() + Duration::minutes(20))
        .await
        .unwrap();
    assert!(cleared >= 4, "cleared {cleared}");
    assert_eq!(report.n_analysed, 4);
}

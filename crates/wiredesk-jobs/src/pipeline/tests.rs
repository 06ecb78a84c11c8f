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

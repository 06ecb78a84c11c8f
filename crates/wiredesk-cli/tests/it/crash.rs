//! A backfill killed with SIGKILL half-way, then run again: every post ends up in the store
//! exactly once, and the rerun starts where the committed cursor says.

use std::time::{Duration, Instant};

use wiredesk_test_support::telegram_page::{PagePost, preview_page};
use wiredesk_test_support::{Canned, TestServer};

use crate::{Sandbox, json_lines};

const N_PAGES: i64 = 12;
const PER_PAGE: i64 = 5;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_backfill_loses_and_duplicates_nothing() {
    let server = TestServer::start().await;
    // Page k (0 = newest) holds ids below 1000 - k * PER_PAGE.
    for k in 0..N_PAGES {
        let top = 1000 - k * PER_PAGE;
        let ids: Vec<i64> = (top - PER_PAGE..top).collect();
        let posts: Vec<PagePost> = ids
            .iter()
            .map(|&id| PagePost {
                id,
                text: "Shelling reported overnight",
                minutes: id - 900,
            })
            .collect();
        let path = if k == 0 {
            "/s/crashcourse".to_string()
        } else {
            format!("/s/crashcourse?before={top}")
        };
        let page = preview_page("crashcourse", &posts, k + 1 < N_PAGES);
        server.route(
            &path,
            Canned::ok(page)
                .content_type("text/html")
                .delay(Duration::from_millis(150)),
        );
    }
    let sandbox = Sandbox::create();
    let config = format!(
        "[store]\nurl = \"{}\"\n[fetch]\nallow_private_addresses = true\n[telegram]\nbase_url = \"{}\"\npage_delay_ms = 0\n",
        sandbox.store_url(),
        server.url("")
    );
    sandbox.write("wiredesk.toml", &config);

    let mut child = sandbox
        .cmd(&["backfill", "crashcourse", "--pages", "100"])
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let hits = |server: &TestServer| {
        (0..N_PAGES)
            .map(|k| {
                let top = 1000 - k * PER_PAGE;
                if k == 0 {
                    server.hits("/s/crashcourse")
                } else {
                    server.hits(&format!("/s/crashcourse?before={top}"))
                }
            })
            .sum::<usize>()
    };
    while hits(&server) < 5 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "the backfill was killed before it finished"
    );

    let before_rerun = json_lines(&sandbox.expect(&["posts", "--json"], 0)).len() as i64;
    assert!(
        before_rerun > 0 && before_rerun < N_PAGES * PER_PAGE,
        "killed mid-walk: {before_rerun} posts"
    );
    assert_eq!(
        before_rerun % PER_PAGE,
        0,
        "whole pages only: {before_rerun}"
    );

    let rerun = sandbox
        .run_async(&["backfill", "crashcourse", "--pages", "100"])
        .await;
    assert!(
        rerun.status.success(),
        "{}",
        String::from_utf8_lossy(&rerun.stderr)
    );
    let posts = json_lines(&sandbox.expect(&["posts", "--json"], 0));
    let mut ids: Vec<i64> = posts
        .iter()
        .map(|post| post["id"].as_str().unwrap().parse().unwrap())
        .collect();
    ids.sort();
    let expected: Vec<i64> = (1000 - N_PAGES * PER_PAGE..1000).collect();
    assert_eq!(ids, expected);
    assert_eq!(
        server.hits("/s/crashcourse"),
        1,
        "the rerun resumed below the committed cursor"
    );
}

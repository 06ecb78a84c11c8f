//! Replaying every scenario in `../shared/scenarios/` with `--check`: every expectation of its
//! `expected.toml` holds after its step (stories, origins, first-seen times, slots, statuses,
//! disputes, unknowns), every post an expectation names is in the store at its own timestamp,
//! and no source fails.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use wiredesk_store::PostQuery;
use wiredesk_test_support::shared_dir;

use super::{ReplayFetch, replay};
use crate::Desk;
use crate::config::Config;
use crate::scenario::Scenario;

async fn replay_desk(fetch: &Arc<ReplayFetch>) -> Desk {
    let store = wiredesk_store::open("sqlite::memory:").await.unwrap();
    Desk {
        store: Arc::from(store),
        fetch: fetch.clone(),
        config: Arc::new(Config::default()),
    }
}

#[tokio::test]
async fn every_scenario_passes_its_checks() {
    let dir = shared_dir().join("scenarios");
    let mut n_scenarios = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.join("scenario.toml").exists() {
            continue;
        }
        n_scenarios += 1;
        let scenario = Scenario::load(&path).unwrap();
        let fetch = Arc::new(ReplayFetch::default());
        let desk = replay_desk(&fetch).await;
        let expected_text = std::fs::read_to_string(path.join("expected.toml")).unwrap();
        let expectations = crate::check::parse_expected(&expected_text).unwrap();
        let steps = replay(&desk, &fetch, &scenario, Some(&expectations))
            .await
            .unwrap();
        let failed: Vec<String> = steps
            .iter()
            .flat_map(|step| &step.checks)
            .filter(|line| !line.passed)
            .map(|line| {
                format!(
                    "step {} story {} {}: {}",
                    line.after_step, line.story, line.what, line.detail
                )
            })
            .collect();
        assert!(
            failed.is_empty(),
            "{}: expectations failed:\n{}",
            scenario.name,
            failed.join("\n")
        );
        assert!(
            steps.iter().all(|step| !step.checks.is_empty()),
            "{}: every step is checked",
            scenario.name
        );
        assert_eq!(steps.len(), scenario.steps.len());
        for report in steps.iter().flat_map(|step| &step.sources) {
            assert!(!report.failed(), "{}: {report:?}", scenario.name);
        }
        let posts = desk
            .store
            .posts(&PostQuery {
                include_gone: true,
                ..Default::default()
            })
            .await
            .unwrap();
        let expected: toml::Value =
            toml::from_str(&std::fs::read_to_string(path.join("expected.toml")).unwrap()).unwrap();
        for expectation in expected["expect"].as_array().unwrap() {
            for story in expectation
                .get("story")
                .and_then(|story| story.as_array())
                .into_iter()
                .flatten()
            {
                let first_seen = story.get("first_seen").and_then(|table| table.as_table());
                for reference in story["posts"].as_array().unwrap() {
                    let reference = reference.as_str().unwrap();
                    let stored = posts
                        .iter()
                        .find(|stored| stored.post.reference().eq_ignore_ascii_case(reference))
                        .unwrap_or_else(|| {
                            panic!("{}: {reference} is not in the store", scenario.name)
                        });
                    if let Some(at) = first_seen.and_then(|table| table.get(reference)) {
                        let at: DateTime<Utc> = at.as_str().unwrap().parse().unwrap();
                        assert_eq!(
                            stored.post.published_at, at,
                            "{}: {reference}",
                            scenario.name
                        );
                    }
                }
            }
        }
    }
    assert!(n_scenarios >= 2, "scenarios found in {}", dir.display());
}

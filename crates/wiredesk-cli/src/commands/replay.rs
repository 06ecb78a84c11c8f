//! `wiredesk replay <scenario>`: the live pipeline on a recorded world. Uses a fresh in-memory
//! store unless `--store` names one, so replays never mix into the desk's own store.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use wiredesk_jobs::Desk;
use wiredesk_jobs::check::parse_expected;
use wiredesk_jobs::config::Config;
use wiredesk_jobs::replay::{ReplayFetch, replay};
use wiredesk_jobs::scenario::Scenario;
use wiredesk_store::PostQuery;

use crate::Outcome;
use crate::args::Global;
use crate::commands::print_json;
use crate::setup;

pub async fn run(global: &Global, dir: &Path, check: bool, json: bool) -> anyhow::Result<Outcome> {
    let scenario = Scenario::load(dir)?;
    let expected = if check {
        let path = dir.join("expected.toml");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        Some(parse_expected(&text).with_context(|| format!("cannot read {}", path.display()))?)
    } else {
        None
    };
    let config = if global.config.exists() {
        setup::load_config(&global.config)?
    } else {
        Config::default()
    };
    let store_url = global
        .store
        .clone()
        .unwrap_or_else(|| "sqlite::memory:".to_string());
    let store = setup::open_store(&store_url, None).await?;
    let fetch = Arc::new(ReplayFetch::default());
    let desk = Desk {
        store,
        fetch: fetch.clone(),
        config: Arc::new(config),
        background: Default::default(),
        analyst: Default::default(),
    };
    let started = std::time::Instant::now();
    let steps = replay(&desk, &fetch, &scenario, expected.as_ref())
        .await
        .context("replay failed")?;
    let elapsed = started.elapsed();
    let posts = desk
        .store
        .posts(&PostQuery {
            include_gone: true,
            ..Default::default()
        })
        .await?;
    let failed = steps
        .iter()
        .flat_map(|step| &step.sources)
        .any(|report| report.failed());
    let checks: Vec<_> = steps.iter().flat_map(|step| &step.checks).collect();
    let n_failed_checks = checks.iter().filter(|line| !line.passed).count();
    if json {
        print_json(&serde_json::json!({
            "scenario": scenario.name,
            "steps": steps,
            "posts": posts.len(),
            "elapsed_ms": elapsed.as_millis() as u64,
        }))?;
    } else {
        println!("{}: {}", scenario.name, scenario.description);
        for step in &steps {
            println!(
                "step {} at {}",
                step.step,
                step.at.format("%Y-%m-%d %H:%M:%S UTC")
            );
            for report in &step.sources {
                let what = match &report.outcome {
                    wiredesk_jobs::desk::RefreshOutcome::Failed { error, .. } => {
                        format!("FAILED: {error}")
                    }
                    other => format!(
                        "{} new, {} edited, {} gone ({})",
                        report.stats.inserted,
                        report.stats.edited,
                        report.stats.marked_gone,
                        serde_json::to_value(other)?
                            .get("outcome")
                            .and_then(|value| value.as_str())
                            .unwrap_or("")
                    ),
                };
                println!("  {:<9} {:<40} {what}", report.kind, report.source);
            }
            println!(
                "  stories: {} changed ({} new, {} merged, {} split) from {} posts",
                step.stories.n_stories_changed,
                step.stories.n_created,
                step.stories.n_merged,
                step.stories.n_split,
                step.stories.n_posts
            );
            for line in &step.checks {
                let verdict = if line.passed { "passed" } else { "FAILED" };
                println!(
                    "  {verdict:<6} story {} {}: {}",
                    line.story, line.what, line.detail
                );
            }
        }
        if expected.is_some() {
            println!(
                "checks: {} passed, {} failed",
                checks.len() - n_failed_checks,
                n_failed_checks
            );
        }
        println!(
            "{} posts in the store after {} steps ({} ms)",
            posts.len(),
            steps.len(),
            elapsed.as_millis()
        );
    }
    if n_failed_checks > 0 {
        anyhow::bail!("{n_failed_checks} of {} expectations failed", checks.len());
    }
    Ok(if failed {
        Outcome::SomeSourcesFailed
    } else {
        Outcome::Ok
    })
}

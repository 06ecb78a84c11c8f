//! `wiredesk run` and `wiredesk backfill`: the polling loop and the walk down a channel's past.

use std::sync::Arc;

use anyhow::bail;
use chrono::Utc;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use tokio::sync::watch;
use wiredesk_jobs::background::{Background, Mode};
use wiredesk_jobs::config::Role;
use wiredesk_jobs::desk::RefreshOutcome;
use wiredesk_jobs::run::{run_forever, run_once, sync_config_sources};
use wiredesk_jobs::telegram::{BackfillEnd, BackfillLimit, backfill as backfill_channel};
use wiredesk_jobs::workers::Worker;
use wiredesk_jobs::{Desk, RefreshReport};
use wiredesk_model::{SourceKind, SourceSpec};

use crate::Outcome;
use crate::args::Global;
use crate::commands::{parse_date, print_json};
use crate::setup;

fn print_reports(reports: &[RefreshReport], json: bool) -> anyhow::Result<()> {
    for report in reports {
        if json {
            print_json(report)?;
            continue;
        }
        let what = match &report.outcome {
            RefreshOutcome::Updated => format!(
                "{} new, {} edited, {} gone, {} unchanged",
                report.stats.inserted,
                report.stats.edited,
                report.stats.marked_gone,
                report.stats.unchanged
            ),
            RefreshOutcome::NotModified => "not modified".to_string(),
            RefreshOutcome::NoPreview { landing } => format!("no public preview ({landing})"),
            RefreshOutcome::Deferred { reason } => format!("deferred: {reason}"),
            RefreshOutcome::Failed { error, paused } => {
                format!("FAILED: {error}{}", if *paused { " (paused)" } else { "" })
            }
        };
        println!("{:<9} {:<40} {what}", report.kind, report.source);
    }
    Ok(())
}

fn outcome_of(reports: &[RefreshReport]) -> Outcome {
    if reports.iter().any(RefreshReport::failed) {
        Outcome::SomeSourcesFailed
    } else {
        Outcome::Ok
    }
}

/// A watch channel that turns true on SIGINT or SIGTERM.
fn stop_signal() -> watch::Receiver<bool> {
    let (sender, receiver) = watch::channel(false);
    tokio::spawn(async move {
        let ctrl_c = tokio::signal::ctrl_c();
        #[cfg(unix)]
        {
            let mut term =
                match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                    Ok(term) => term,
                    Err(_) => {
                        let _ = ctrl_c.await;
                        let _ = sender.send(true);
                        return;
                    }
                };
            tokio::select! {
                _ = ctrl_c => {}
                _ = term.recv() => {}
            }
        }
        #[cfg(not(unix))]
        let _ = ctrl_c.await;
        tracing::info!("stop requested: finishing the sources under way");
        let _ = sender.send(true);
    });
    receiver
}

/// Roles split the work between processes that share one PostgreSQL database; an embedded
/// SQLite file has one process doing everything.
fn check_role(role: Role, backend: &str) -> anyhow::Result<()> {
    if role != Role::All && backend == "sqlite" {
        bail!(
            "role {:?} needs PostgreSQL: on SQLite one `wiredesk run` does everything (role \"all\"); set [store] url = \"postgres://…\" to split fetching and the desk",
            role.as_str()
        );
    }
    Ok(())
}

async fn prune_archive(desk: &Desk) -> anyhow::Result<()> {
    if let Some(days) = desk.config.archive.retention_days {
        let before = Utc::now() - chrono::Duration::days(days as i64);
        let pruned = desk.store.prune_archive(before).await?;
        if pruned > 0 {
            tracing::info!(pruned, "archive pruned");
        }
    }
    Ok(())
}

pub async fn run(
    global: &Global,
    once: bool,
    json: bool,
    role: Option<&str>,
    worker: Option<&str>,
) -> anyhow::Result<Outcome> {
    let mut desk = setup::desk(global).await?;
    if role.is_some() || worker.is_some() {
        let mut config = (*desk.config).clone();
        if let Some(role) = role {
            config.run.role = role.parse().map_err(anyhow::Error::msg)?;
        }
        if let Some(worker) = worker.map(str::trim).filter(|name| !name.is_empty()) {
            config.run.worker = Some(worker.to_string());
        }
        desk.config = Arc::new(config);
    }
    let role = desk.config.run.role;
    check_role(role, desk.store.backend())?;
    let worker = Arc::new(Worker::new(desk.config.run.worker_name()));
    if desk.store.backend() == "postgres" {
        // Fetchers on one database keep each host's limits and 429s together.
        desk.fetch = setup::build_shared_fetcher(&desk.config, &desk.store, &worker)?;
    }
    sync_config_sources(&desk).await?;
    prune_archive(&desk).await?;
    let stop = stop_signal();
    if once {
        let reports = if role.fetches() {
            let reports = run_once(&desk, &worker, Utc::now(), Some(stop)).await;
            worker.flush(desk.store.as_ref(), Utc::now()).await?;
            reports?
        } else {
            Vec::new()
        };
        if role.builds_stories() {
            wiredesk_jobs::pipeline::run_pipeline(&desk, Utc::now()).await?;
        }
        print_reports(&reports, json)?;
        return Ok(outcome_of(&reports));
    }
    let any_failed = std::sync::atomic::AtomicBool::new(false);
    // The live loop never waits on Wikipedia: lookups run beside the passes.
    let desk = Desk {
        background: Arc::new(Background::new(Mode::Background)),
        analyst: Default::default(),
        ..desk
    };
    run_forever(Arc::new(desk), worker, Utc::now, stop, |reports| {
        if print_reports(reports, json).is_err() {
            tracing::warn!("could not print a report");
        }
        if reports.iter().any(RefreshReport::failed) {
            any_failed.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    })
    .await?;
    Ok(if any_failed.load(std::sync::atomic::Ordering::Relaxed) {
        Outcome::SomeSourcesFailed
    } else {
        Outcome::Ok
    })
}

pub async fn backfill(
    global: &Global,
    channel: &str,
    since: Option<&str>,
    pages: Option<u32>,
    json: bool,
    progress: MultiProgress,
) -> anyhow::Result<Outcome> {
    if since.is_none() && pages.is_none() {
        bail!("say how far back: --since <date> or --pages <n>");
    }
    let since = since.map(parse_date).transpose()?;
    let desk = setup::desk(global).await?;
    let channel = wiredesk_jobs::config::normalize_telegram_channel(channel)?;
    let spec = SourceSpec {
        kind: SourceKind::Telegram { channel },
        name: None,
        interval_secs: None,
        trust: Default::default(),
    };
    let state = match desk.store.source(&spec.kind.key()).await? {
        Some(state) => state,
        None => desk.store.upsert_source(&spec).await?,
    };
    let bar = progress.add(ProgressBar::new_spinner());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {prefix} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_prefix(state.key.clone());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let on_page = |step: wiredesk_jobs::telegram::BackfillProgress| {
        let oldest = step
            .oldest
            .map(|oldest| oldest.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_default();
        bar.set_message(format!(
            "{} pages, {} posts, back to {oldest}",
            step.n_pages, step.n_posts
        ));
    };
    let limit = BackfillLimit {
        since,
        max_pages: pages,
    };
    let report = backfill_channel(&desk, &state, limit, Utc::now(), &on_page).await?;
    bar.finish_and_clear();
    if json {
        print_json(&report)?;
    } else {
        println!(
            "{}: {} pages, {} new, {} edited, {} gone; stopped: {:?}",
            report.source,
            report.n_pages,
            report.stats.inserted,
            report.stats.edited,
            report.stats.marked_gone,
            report.end
        );
    }
    Ok(match report.end {
        BackfillEnd::Failed(_) | BackfillEnd::NoPreview => Outcome::SomeSourcesFailed,
        _ => Outcome::Ok,
    })
}

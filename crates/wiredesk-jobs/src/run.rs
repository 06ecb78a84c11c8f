//! Polling: every due source once (`run --once`), or again and again until asked to stop.
//! Sources run a few at a time; the fetcher keeps each host to its own pace. A stop request
//! lets the sources under way finish, then returns.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tracing::{info, warn};
use wiredesk_model::SourceState;
use wiredesk_store::StoreError;

use crate::desk::{Desk, RefreshReport};

/// How many sources refresh at once.
const SOURCES_IN_FLIGHT: usize = 4;

/// Puts the configured sources into the store (new ones added, changed ones updated).
pub async fn sync_config_sources(desk: &Desk) -> Result<(), StoreError> {
    for spec in &desk.config.sources {
        desk.store.upsert_source(spec).await?;
    }
    Ok(())
}

/// Sources due at `now`: not paused, and never fetched or past their next attempt.
pub fn due(sources: Vec<SourceState>, now: DateTime<Utc>) -> Vec<SourceState> {
    sources
        .into_iter()
        .filter(|state| !state.paused && state.next_attempt_at.is_none_or(|next| next <= now))
        .collect()
}

/// Refreshes every due source once. Stops starting new sources once `stop` turns true.
pub async fn run_once(
    desk: &Desk,
    now: DateTime<Utc>,
    stop: Option<watch::Receiver<bool>>,
) -> Result<Vec<RefreshReport>, StoreError> {
    let due_sources = due(desk.store.sources().await?, now);
    let mut pending = due_sources.into_iter();
    let mut in_flight = JoinSet::new();
    let mut reports = Vec::new();
    let stopped =
        |stop: &Option<watch::Receiver<bool>>| stop.as_ref().is_some_and(|stop| *stop.borrow());
    loop {
        while in_flight.len() < SOURCES_IN_FLIGHT && !stopped(&stop) {
            let Some(state) = pending.next() else { break };
            let desk = desk.clone();
            in_flight.spawn(async move { desk.refresh(&state, now).await });
        }
        let Some(joined) = in_flight.join_next().await else {
            break;
        };
        match joined {
            Ok(report) => reports.push(report?),
            Err(error) => warn!(error = %error, "refresh task failed"),
        }
    }
    Ok(reports)
}

/// Keeps polling until `stop` turns true, updating the stories after every pass. `clock` reads
/// the time (the CLI passes `Utc::now`).
pub async fn run_forever(
    desk: Arc<Desk>,
    clock: impl Fn() -> DateTime<Utc>,
    mut stop: watch::Receiver<bool>,
    on_pass: impl Fn(&[RefreshReport]),
) -> Result<(), StoreError> {
    info!("polling started");
    // The first pass builds stories from whatever the store holds; after it, a pass whose
    // fetches brought no new, edited or vanished post, and no Wikipedia lookup that finished
    // since (`Background::has_ready`), has no story work to do; it only starts the lookups
    // earlier passes left for later.
    let mut first_pass = true;
    loop {
        let now = clock();
        let reports = run_once(&desk, now, Some(stop.clone())).await?;
        if needs_story_pass(
            first_pass,
            &reports,
            desk.background.has_ready() || desk.analyst.has_ready(),
        ) {
            crate::pipeline::run_pipeline(&desk, clock()).await?;
            first_pass = false;
        } else {
            crate::background::pump(&desk, clock()).await?;
        }
        on_pass(&reports);
        if *stop.borrow() {
            break;
        }
        let next_due = desk
            .store
            .sources()
            .await?
            .iter()
            .filter(|state| !state.paused)
            .filter_map(|state| state.next_attempt_at)
            .min();
        // Background that arrived during this pass is applied after the shortest wait.
        let wait = next_due
            .map(|next| (next - clock()).to_std().unwrap_or_default())
            .unwrap_or(std::time::Duration::from_secs(60))
            .min(if desk.background.has_ready() {
                std::time::Duration::ZERO
            } else {
                std::time::Duration::MAX
            })
            .clamp(
                std::time::Duration::from_secs(1),
                std::time::Duration::from_secs(60),
            );
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = stop.changed() => {}
            _ = desk.background.wait_ready() => {}
        }
        if *stop.borrow() {
            break;
        }
    }
    info!("polling stopped");
    Ok(())
}

/// Whether the loop runs the story pass: the first time, after a fetch that changed posts, or
/// when Wikipedia background arrived for stories whose briefs lack it.
pub fn needs_story_pass(
    first_pass: bool,
    reports: &[RefreshReport],
    background_ready: bool,
) -> bool {
    first_pass || brought_changes(reports) || background_ready
}

/// Whether any fetch of a pass stored a new post, an edit or a disappearance.
pub fn brought_changes(reports: &[RefreshReport]) -> bool {
    reports.iter().any(|report| changed_posts(&report.stats))
}

/// Whether one commit stored a new post, an edit or a disappearance.
pub fn changed_posts(stats: &wiredesk_store::CommitStats) -> bool {
    stats.inserted > 0 || stats.edited > 0 || stats.marked_gone > 0
}

#[cfg(test)]
mod tests {
    use wiredesk_store::CommitStats;

    use super::{brought_changes, needs_story_pass};
    use crate::desk::{RefreshOutcome, RefreshReport};

    fn report(stats: CommitStats) -> RefreshReport {
        RefreshReport {
            source: "osintbrief".into(),
            kind: "telegram",
            outcome: RefreshOutcome::Updated,
            n_pages: 1,
            stats,
            next_attempt_at: None,
        }
    }

    /// Issue 10: a pass whose fetches stored nothing new does no story work.
    #[test]
    fn only_new_edited_or_vanished_posts_call_for_story_work() {
        let unchanged = CommitStats {
            unchanged: 20,
            ..Default::default()
        };
        assert!(!brought_changes(&[]));
        assert!(!brought_changes(&[report(unchanged), report(unchanged)]));
        for changed in [
            CommitStats {
                inserted: 1,
                ..unchanged
            },
            CommitStats {
                edited: 1,
                ..unchanged
            },
            CommitStats {
                marked_gone: 1,
                ..unchanged
            },
        ] {
            assert!(brought_changes(&[report(unchanged), report(changed)]));
        }
    }

    /// Issue 10: Wikipedia background that arrived for stored stories calls for a pass even when
    /// no fetch changed a post; nothing at all calls for none after the first.
    #[test]
    fn arrived_background_calls_for_story_work() {
        let unchanged = report(CommitStats {
            unchanged: 20,
            ..Default::default()
        });
        assert!(needs_story_pass(true, &[], false));
        assert!(!needs_story_pass(
            false,
            std::slice::from_ref(&unchanged),
            false
        ));
        assert!(needs_story_pass(false, &[unchanged], true));
    }
}

//! Polling: every due source once (`run --once`), or again and again until asked to stop.
//! Sources run a few at a time, each claimed under a lease so that several fetchers on one
//! database share them; the fetcher keeps each host to its own pace. A stop request lets the
//! sources under way finish, then gives back what this worker holds and returns.

use std::collections::VecDeque;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tracing::{info, warn};
use wiredesk_model::SourceState;
use wiredesk_store::StoreError;

use crate::config::Role;
use crate::desk::{Desk, RefreshReport};
use crate::workers::Worker;

/// Puts the configured sources into the store (new ones added, changed ones updated).
pub async fn sync_config_sources(desk: &Desk) -> Result<(), StoreError> {
    for spec in &desk.config.sources {
        desk.store.upsert_source(spec).await?;
    }
    Ok(())
}

/// Refreshes every source due at `now` once, `[run] sources_in_flight` at a time. Each source
/// is claimed in the store just before its refresh starts (`Store::claim_sources`), leased to
/// `worker` for `[run] lease_secs`, so that fetchers sharing one database never refresh one
/// source at once; the refresh's commits carry the lease's fencing token, and its record gives
/// the lease back. A refresh whose lease another worker took over is dropped (its commit was
/// refused) and counted. Stops starting new sources once `stop` turns true, lets those under
/// way finish, and gives back what it claimed and did not start.
pub async fn run_once(
    desk: &Desk,
    worker: &Worker,
    now: DateTime<Utc>,
    stop: Option<watch::Receiver<bool>>,
) -> Result<Vec<RefreshReport>, StoreError> {
    let lease = chrono::Duration::seconds(desk.config.run.lease_secs as i64);
    let most = desk.config.run.sources_in_flight.max(1);
    // Leases claimed late in a long pass run from when they were claimed.
    let started = std::time::Instant::now();
    let at = || now + chrono::Duration::from_std(started.elapsed()).unwrap_or_default();
    let mut pending: VecDeque<SourceState> = VecDeque::new();
    let mut none_left = false;
    let mut in_flight = JoinSet::new();
    let mut reports = Vec::new();
    let stopped =
        |stop: &Option<watch::Receiver<bool>>| stop.as_ref().is_some_and(|stop| *stop.borrow());
    let outcome = 'pass: loop {
        while in_flight.len() < most && !stopped(&stop) {
            if pending.is_empty() && !none_left {
                let claimed_at = at();
                let want = u32::try_from(most - in_flight.len()).unwrap_or(1);
                match desk
                    .store
                    .claim_sources(&worker.name, claimed_at, claimed_at + lease, want)
                    .await
                {
                    Ok(claimed) => {
                        none_left = claimed.is_empty();
                        pending.extend(claimed);
                    }
                    Err(error) => break 'pass Err(error),
                }
            }
            let Some(state) = pending.pop_front() else {
                break;
            };
            let desk = desk.clone();
            // The refresh's own time: its next attempt counts from when it ran.
            let started_at = at();
            in_flight.spawn(async move { desk.refresh(&state, started_at).await });
        }
        let Some(joined) = in_flight.join_next().await else {
            break Ok(());
        };
        match joined {
            Ok(Ok(report)) => {
                worker.count_fetch();
                reports.push(report);
            }
            Ok(Err(StoreError::LeaseLost { key })) => {
                warn!(source = %key, "lease lost: another worker took the source over; this refresh is dropped");
                worker.count_lease_lost();
            }
            Ok(Err(error)) => break Err(error),
            Err(error) => warn!(error = %error, "refresh task failed"),
        }
    };
    if outcome.is_err() {
        // Let the refreshes under way finish before giving back what was not started.
        while in_flight.join_next().await.is_some() {}
    }
    if !pending.is_empty() {
        desk.store.release_leases(&worker.name).await?;
    }
    outcome.map(|()| reports)
}

/// Keeps polling until `stop` turns true, updating the stories after every pass. `clock` reads
/// the time (the CLI passes `Utc::now`).
///
/// A process that builds stories (`all`, `desk`) is the desk only while it holds the desk lock
/// (`Store::take_desk_lock`; on PostgreSQL an advisory lock that dies with the process). Without
/// it the process stands by, asking again every [`STANDBY_POLL_SECS`], and takes over with a
/// fresh first pass. On stop, it gives back its leases and the desk lock at once.
pub async fn run_forever(
    desk: Arc<Desk>,
    worker: Arc<Worker>,
    clock: impl Fn() -> DateTime<Utc>,
    mut stop: watch::Receiver<bool>,
    on_pass: impl Fn(&[RefreshReport]),
) -> Result<(), StoreError> {
    info!(worker = %worker.name, "polling started");
    let outcome = poll(&desk, &worker, clock, &mut stop, on_pass).await;
    // A clean stop (or a failed store) gives back at once what this worker holds.
    if let Err(error) = desk.store.release_leases(&worker.name).await {
        warn!(error = %error, "could not give the leases back; they expire by themselves");
    }
    if let Err(error) = desk.store.release_desk_lock().await {
        warn!(error = %error, "could not give the desk lock back");
    }
    if let Err(error) = worker.flush(desk.store.as_ref(), Utc::now()).await {
        warn!(error = %error, "could not add the worker's counters");
    }
    info!("polling stopped");
    outcome
}

async fn poll(
    desk: &Arc<Desk>,
    worker: &Worker,
    clock: impl Fn() -> DateTime<Utc>,
    stop: &mut watch::Receiver<bool>,
    on_pass: impl Fn(&[RefreshReport]),
) -> Result<(), StoreError> {
    // The first pass builds stories from whatever the store holds; after it, a pass whose
    // fetches brought no new, edited or vanished post, and no Wikipedia lookup that finished
    // since (`Background::has_ready`), has no story work to do; it only starts the lookups
    // earlier passes left for later. A desk also runs the pass when the store's posts changed
    // (another process stored them).
    let role = desk.config.run.role;
    info!(role = role.as_str(), "role");
    let mut first_pass = true;
    let mut seen_revision: Option<i64> = None;
    let mut is_desk = false;
    loop {
        let now = clock();
        let reports = if role.fetches() {
            run_once(desk, worker, now, Some(stop.clone())).await?
        } else {
            Vec::new()
        };
        if role.builds_stories() {
            let holds = desk.store.take_desk_lock(&worker.name, now).await?;
            match (holds, is_desk) {
                (Some(epoch), false) => {
                    info!(epoch, "took the desk lock: this process builds the stories");
                    // Whatever another desk wrote before, the first pass reads it all.
                    crate::pipeline::forget(desk);
                    first_pass = true;
                    is_desk = true;
                }
                (None, true) => {
                    warn!("lost the desk lock: standing by");
                    is_desk = false;
                }
                (None, false) => worker.count_desk_wait(),
                (Some(_), true) => {}
            }
        }
        let stored_elsewhere = if is_desk {
            let revision = desk.store.post_revision().await?;
            let changed = seen_revision.is_some_and(|seen| seen != revision);
            seen_revision = Some(revision);
            changed
        } else {
            false
        };
        if !is_desk {
            // A fetcher, or a desk standing by: no stories, no background, no model.
        } else if stored_elsewhere
            || needs_story_pass(
                first_pass,
                &reports,
                desk.background.has_ready() || desk.analyst.has_ready(),
            )
        {
            match crate::pipeline::run_pipeline(desk, clock()).await {
                Ok(_) => first_pass = false,
                Err(StoreError::NotTheDesk) => {
                    warn!("another desk took over during the pass; standing by");
                    is_desk = false;
                }
                Err(error) => return Err(error),
            }
        } else {
            crate::background::pump(desk, clock()).await?;
        }
        if let Err(error) = worker.flush(desk.store.as_ref(), now).await {
            warn!(error = %error, "could not add the worker's counters");
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
        // Background that arrived during this pass is applied after the shortest wait; a desk
        // looks at the store's revision every few seconds, and a desk standing by asks for the
        // lock every second.
        let next_due = if role.builds_stories() && !is_desk {
            let standby = clock() + chrono::Duration::seconds(STANDBY_POLL_SECS);
            Some(next_due.map_or(standby, |due| due.min(standby)))
        } else if role == Role::Desk {
            Some(clock() + chrono::Duration::seconds(DESK_POLL_SECS))
        } else {
            next_due
        };
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
    Ok(())
}

/// How often a process standing by for the desk lock asks for it.
pub const STANDBY_POLL_SECS: i64 = 1;

/// How often a `desk` process looks for posts that fetchers stored.
pub const DESK_POLL_SECS: i64 = 5;

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

    /// Issue 12: roles. A fetcher polls the sources and stores their posts and builds no story;
    /// a desk on the same store fetches nothing (the sources are left as they were) and builds
    /// the stories of the posts the fetcher stored.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_fetcher_stores_posts_and_a_desk_builds_their_stories() {
        use std::sync::Arc;

        use tokio::sync::watch;
        use wiredesk_store::{PostQuery, Store};

        use crate::Desk;
        use crate::background::{Background, Mode};
        use crate::config::{Config, Role, RunConfig};
        use crate::replay::ReplayFetch;
        use crate::scenario::Scenario;

        let scenario = Scenario::load(
            &wiredesk_test_support::shared_dir().join("scenarios/istanbul-shipping-talks"),
        )
        .unwrap();
        let store: Arc<dyn Store> =
            Arc::from(wiredesk_store::open("sqlite::memory:").await.unwrap());
        let fetch = Arc::new(ReplayFetch::default());
        for spec in &scenario.sources {
            store.upsert_source(spec).await.unwrap();
        }
        fetch.set_answers(scenario.answers(0));
        let desk_of = |role| Desk {
            store: Arc::clone(&store),
            fetch: fetch.clone(),
            config: Arc::new(Config {
                run: RunConfig {
                    role,
                    ..RunConfig::default()
                },
                ..Config::default()
            }),
            background: Arc::new(Background::new(Mode::Wait)),
            analyst: Default::default(),
        };
        let at = scenario.steps[0].at;
        let one_pass = |role| {
            let desk = Arc::new(desk_of(role));
            async move {
                let (stop, stopped) = watch::channel(false);
                super::run_forever(
                    desk,
                    Arc::new(crate::workers::Worker::new(format!(
                        "test-{}",
                        role.as_str()
                    ))),
                    move || at,
                    stopped,
                    move |_| {
                        let _ = stop.send(true);
                    },
                )
                .await
                .unwrap();
            }
        };

        one_pass(Role::Fetch).await;
        let posts = store.posts(&PostQuery::default()).await.unwrap();
        assert!(!posts.is_empty(), "the fetcher stored the posts");
        assert!(
            store.stories().await.unwrap().is_empty(),
            "a fetcher builds no story"
        );

        // The desk: nothing to fetch from (every URL would 404 and count as a failure).
        fetch.set_answers(Default::default());
        let sources_before = store.sources().await.unwrap();
        one_pass(Role::Desk).await;
        assert_eq!(
            store.sources().await.unwrap(),
            sources_before,
            "the desk fetched nothing"
        );
        assert_eq!(
            store.posts(&PostQuery::default()).await.unwrap().len(),
            posts.len()
        );
        let stories = store.stories().await.unwrap();
        assert!(!stories.is_empty(), "the desk built the stories");
        let in_stories: usize = stories.iter().map(|story| story.posts.len()).sum();
        assert!(in_stories > 0);
    }
}

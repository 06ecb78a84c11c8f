//! The desk: the store, the fetcher and the configuration that every job shares, and the
//! report a refresh leaves behind.
//!
//! A refresh never fails because of its source: a source's problem is recorded on the source
//! (last error, failures in a row, next attempt) and returned in the report. Only a store that
//! cannot be written stops a job, because then nothing can be kept.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use tracing::{info, warn};
use wiredesk_fetch::{Fetch, FetchError, FetchResponse};
use wiredesk_model::{SourceKind, SourceState, SourceStatus};
use wiredesk_store::{CommitStats, FetchOutcome, FetchedBody, Store, StoreError};

use crate::background::Background;
use crate::config::Config;

/// What every job shares. Cheap to clone.
#[derive(Clone)]
pub struct Desk {
    pub store: Arc<dyn Store>,
    pub fetch: Arc<dyn Fetch>,
    pub config: Arc<Config>,
    /// The Wikipedia lookups and whether passes wait for them: `Default::default()` waits
    /// (replay, tests, one-off commands); the live `run` loop uses
    /// `Background::new(Mode::Background)`.
    pub background: Arc<Background>,
    /// The language-model analyst (`[analysis]`); `Default::default()` reads the configuration
    /// on first use and does nothing when analysis is off.
    pub analyst: Arc<crate::analyst::Analyst>,
}

/// How one refresh of one source ended.
#[derive(Debug, Clone, Serialize)]
pub struct RefreshReport {
    pub source: String,
    pub kind: &'static str,
    pub outcome: RefreshOutcome,
    pub n_pages: u32,
    pub stats: CommitStats,
    pub next_attempt_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum RefreshOutcome {
    Updated,
    /// 304: nothing changed.
    NotModified,
    /// The Telegram name has no public preview (redirected to its landing page).
    NoPreview {
        landing: String,
    },
    /// The host asked us to slow down; nothing was lost, the source waits.
    Deferred {
        reason: String,
    },
    /// The source failed; `paused` when that made too many failures in a row.
    Failed {
        error: String,
        paused: bool,
    },
}

impl RefreshReport {
    pub fn failed(&self) -> bool {
        matches!(self.outcome, RefreshOutcome::Failed { .. })
    }
}

/// A problem with one source, recorded on it.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("{0}")]
    Parse(String),
    #[error(
        "front-end change suspected: {n_wraps} message blocks but no parsable data-post at {url}"
    )]
    FrontEndChanged { url: String, n_wraps: usize },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Desk {
    /// Refreshes one source once, whatever its schedule.
    pub async fn refresh(
        &self,
        state: &SourceState,
        now: DateTime<Utc>,
    ) -> Result<RefreshReport, StoreError> {
        match &state.spec.kind {
            SourceKind::Telegram { .. } => crate::telegram::refresh(self, state, now).await,
            SourceKind::Feed { .. } => crate::feed::refresh(self, state, now).await,
        }
    }

    /// Archives a fetched body for provenance; returns its SHA-256.
    pub(crate) async fn archive(
        &self,
        response: &FetchResponse,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let body = FetchedBody {
            url: response.final_url.as_str(),
            status: response.status,
            fetched_at: now,
            content_type: response.content_type.as_deref(),
            body: &response.body,
        };
        self.store.archive(&body).await
    }

    /// The source's own poll interval.
    pub fn interval(&self, state: &SourceState) -> Duration {
        let default_secs = match state.spec.kind {
            SourceKind::Telegram { .. } => self.config.telegram.interval_secs,
            SourceKind::Feed { .. } => self.config.feeds.interval_secs,
        };
        Duration::seconds(state.spec.interval_secs.unwrap_or(default_secs) as i64)
    }

    /// Records a failed refresh on the source and builds its report. A store error is returned
    /// as is; a rate limit defers the source without counting as a failure.
    pub(crate) async fn fail(
        &self,
        state: &SourceState,
        error: SourceError,
        n_pages: u32,
        stats: CommitStats,
        now: DateTime<Utc>,
    ) -> Result<RefreshReport, StoreError> {
        let error = match error {
            SourceError::Store(store_error) => return Err(store_error),
            other => other,
        };
        let message = format!("{error}");
        let retry_after = match &error {
            SourceError::Fetch(fetch_error) => fetch_error.retry_after(),
            _ => None,
        };
        let rate_limited = matches!(&error, SourceError::Fetch(FetchError::RateLimited { .. }));
        let next_attempt_at = match retry_after {
            Some(wait) => now + Duration::from_std(wait).unwrap_or(Duration::hours(1)),
            None if rate_limited => now + Duration::minutes(15),
            None => now + backoff(self.interval(state), state.consecutive_failures + 1),
        };
        if rate_limited {
            warn!(source = %state.key, error = %message, "rate limited, source deferred");
            let deferred = FetchOutcome::Deferred {
                at: now,
                reason: message.clone(),
                next_attempt_at: Some(next_attempt_at),
            };
            self.store
                .record_fetch(&state.key, &deferred, state.lease_token())
                .await?;
            return Ok(RefreshReport {
                source: state.key.clone(),
                kind: state.spec.kind.kind_name(),
                outcome: RefreshOutcome::Deferred { reason: message },
                n_pages,
                stats,
                next_attempt_at: Some(next_attempt_at),
            });
        }
        warn!(source = %state.key, error = %message, "refresh failed");
        let outcome = FetchOutcome::Failure {
            at: now,
            error: message.clone(),
            next_attempt_at: Some(next_attempt_at),
            pause_after: self.config.fetch.max_consecutive_failures,
        };
        let after = self
            .store
            .record_fetch(&state.key, &outcome, state.lease_token())
            .await?;
        if after.paused && !state.paused {
            warn!(source = %state.key, failures = after.consecutive_failures, "source paused after repeated failures");
        }
        Ok(RefreshReport {
            source: state.key.clone(),
            kind: state.spec.kind.kind_name(),
            outcome: RefreshOutcome::Failed {
                error: message,
                paused: after.paused,
            },
            n_pages,
            stats,
            next_attempt_at: Some(next_attempt_at),
        })
    }

    /// Records a successful refresh and builds its report.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn succeed(
        &self,
        state: &SourceState,
        outcome: RefreshOutcome,
        status: SourceStatus,
        caching: (Option<String>, Option<String>),
        n_pages: u32,
        stats: CommitStats,
        next_attempt_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<RefreshReport, StoreError> {
        let (etag, last_modified) = caching;
        let record = FetchOutcome::Success {
            at: now,
            next_attempt_at: Some(next_attempt_at),
            etag,
            last_modified,
            status,
        };
        self.store
            .record_fetch(&state.key, &record, state.lease_token())
            .await?;
        info!(
            source = %state.key,
            pages = n_pages,
            inserted = stats.inserted,
            edited = stats.edited,
            gone = stats.marked_gone,
            "source refreshed"
        );
        Ok(RefreshReport {
            source: state.key.clone(),
            kind: state.spec.kind.kind_name(),
            outcome,
            n_pages,
            stats,
            next_attempt_at: Some(next_attempt_at),
        })
    }
}

/// Exponential backoff after `failures` failures in a row, capped at six hours.
pub(crate) fn backoff(interval: Duration, failures: u32) -> Duration {
    let factor = 1i64 << failures.min(10);
    let wait = interval * factor as i32;
    wait.min(Duration::hours(6)).max(Duration::seconds(30))
}

/// Adds up commit stats across pages.
pub(crate) fn add_stats(total: &mut CommitStats, page: CommitStats) {
    total.inserted += page.inserted;
    total.edited += page.edited;
    total.unchanged += page.unchanged;
    total.marked_gone += page.marked_gone;
}

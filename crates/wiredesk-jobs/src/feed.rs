//! Feeds: one conditional GET per poll, parse, archive, commit; the next poll time from the
//! server's caching headers, the feed's `<ttl>` and the source's own interval.

use chrono::{DateTime, Duration, Utc};
use url::Url;
use wiredesk_fetch::FetchRequest;
use wiredesk_model::{SourceKind, SourceState, SourceStatus};
use wiredesk_sources::feed::parse_feed;
use wiredesk_store::{CommitStats, PageCommit, StoreError};

use crate::desk::{Desk, RefreshOutcome, RefreshReport, SourceError};

pub async fn refresh(
    desk: &Desk,
    state: &SourceState,
    now: DateTime<Utc>,
) -> Result<RefreshReport, StoreError> {
    let SourceKind::Feed { url } = &state.spec.kind else {
        return desk
            .fail(
                state,
                SourceError::Parse("not a feed source".into()),
                0,
                CommitStats::default(),
                now,
            )
            .await;
    };
    let url = match Url::parse(url) {
        Ok(url) => url,
        Err(error) => {
            let error = SourceError::Parse(format!("bad feed url {url}: {error}"));
            return desk
                .fail(state, error, 0, CommitStats::default(), now)
                .await;
        }
    };
    let request = FetchRequest {
        url: url.clone(),
        etag: state.etag.clone(),
        last_modified: state.last_modified.clone(),
    };
    let response = match desk.fetch.get(&request).await {
        Ok(response) => response,
        Err(error) => {
            return desk
                .fail(state, error.into(), 0, CommitStats::default(), now)
                .await;
        }
    };
    let caching = (
        response.etag.clone().or_else(|| state.etag.clone()),
        response
            .last_modified
            .clone()
            .or_else(|| state.last_modified.clone()),
    );
    if response.not_modified {
        let next = next_poll(desk, state, response.fresh_for, None, now);
        return desk
            .succeed(
                state,
                RefreshOutcome::NotModified,
                SourceStatus::Ok,
                caching,
                0,
                CommitStats::default(),
                next,
                now,
            )
            .await;
    }
    let sha256 = desk.archive(&response, now).await?;
    let parsed = match parse_feed(
        &response.body,
        response.content_type.as_deref(),
        url.as_str(),
        now,
    ) {
        Ok(parsed) => parsed,
        Err(error) => {
            let error = SourceError::Parse(format!("feed could not be read: {error}"));
            return desk
                .fail(state, error, 0, CommitStats::default(), now)
                .await;
        }
    };
    for warning in &parsed.warnings {
        tracing::debug!(source = %state.key, at = ?warning.at, warning = %warning.message, "feed parse warning");
    }
    let ttl = parsed.info.ttl_minutes;
    let mut posts = parsed.posts;
    for post in &mut posts {
        post.source = state.key.clone();
    }
    let commit = PageCommit {
        source_key: state.key.clone(),
        fetched_at: now,
        posts,
        archive_sha256: Some(sha256),
        cursor: None,
        covered_range: None,
        channel: None,
        feed: Some(parsed.info),
        lease: state.lease_token(),
    };
    let stats = desk.store.commit_page(&commit).await?;
    let next = next_poll(desk, state, response.fresh_for, ttl, now);
    desk.succeed(
        state,
        RefreshOutcome::Updated,
        SourceStatus::Ok,
        caching,
        1,
        stats,
        next,
        now,
    )
    .await
}

/// The next poll: the source's interval, stretched to what the server or the feed says stays
/// fresh, within the configured bounds.
fn next_poll(
    desk: &Desk,
    state: &SourceState,
    fresh_for: Option<std::time::Duration>,
    ttl_minutes: Option<u32>,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    let feeds = &desk.config.feeds;
    let mut wait = desk.interval(state);
    if let Some(fresh) = fresh_for.and_then(|fresh| Duration::from_std(fresh).ok()) {
        wait = wait.max(fresh);
    }
    if let Some(ttl) = ttl_minutes {
        wait = wait.max(Duration::minutes(ttl as i64));
    }
    let low = Duration::seconds(feeds.min_interval_secs as i64);
    let high = Duration::seconds(feeds.max_interval_secs.max(feeds.min_interval_secs) as i64);
    now + wait.clamp(low, high)
}

#[cfg(test)]
mod tests;

//! Telegram channels through the public preview: the regular refresh (newest page, then older
//! pages back to what the store already has) and the backfill walk down `?before=` pages.
//!
//! Each page is archived and committed with the cursor in one transaction, so a walk killed
//! half-way resumes from the last committed page. A page with message blocks but no parsable
//! `data-post` is a front-end change: an error on the source, never silence.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use url::Url;
use wiredesk_fetch::FetchRequest;
use wiredesk_model::{LandingKind, SourceKind, SourceState, SourceStatus};
use wiredesk_sources::telegram::{PageKind, TelegramPage, parse_page};
use wiredesk_store::{CommitStats, PageCommit, StoreError};

use crate::desk::{Desk, RefreshOutcome, RefreshReport, SourceError, add_stats};

/// How far the regular refresh walks back to close a gap since the last poll.
const MAX_CATCH_UP_PAGES: u32 = 5;

/// The source cursor kept for a Telegram channel: the id range the store holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TelegramCursor {
    pub newest: Option<i64>,
    pub oldest: Option<i64>,
}

impl TelegramCursor {
    fn from_state(state: &SourceState) -> TelegramCursor {
        state
            .cursor
            .clone()
            .and_then(|value| serde_json::from_value(value).ok())
            .unwrap_or_default()
    }

    fn extend(&mut self, ids: impl Iterator<Item = i64>) {
        for id in ids {
            self.newest = Some(self.newest.map_or(id, |newest| newest.max(id)));
            self.oldest = Some(self.oldest.map_or(id, |oldest| oldest.min(id)));
        }
    }
}

/// One fetched and parsed preview page, or the landing page a redirect ended on.
enum Fetched {
    Page {
        page: Box<TelegramPage>,
        sha256: String,
    },
    NoPreview {
        landing: LandingKind,
        title: Option<String>,
        extra: Option<String>,
    },
}

/// `https://t.me/s/<channel>[?before=<id>]` under the configured base URL.
pub fn preview_url(base_url: &str, channel: &str, before: Option<i64>) -> Result<Url, SourceError> {
    let base = base_url.trim_end_matches('/');
    let text = match before {
        Some(before) => format!("{base}/s/{channel}?before={before}"),
        None => format!("{base}/s/{channel}"),
    };
    Url::parse(&text)
        .map_err(|error| SourceError::Parse(format!("bad preview url {text}: {error}")))
}

fn channel_of(state: &SourceState) -> &str {
    match &state.spec.kind {
        SourceKind::Telegram { channel } => channel.trim_start_matches('@'),
        SourceKind::Feed { url } => url,
    }
}

async fn fetch_page(desk: &Desk, url: Url, now: DateTime<Utc>) -> Result<Fetched, SourceError> {
    let response = desk
        .fetch
        .get(&FetchRequest {
            url: url.clone(),
            etag: None,
            last_modified: None,
        })
        .await?;
    let sha256 = desk.archive(&response, now).await?;
    let html = String::from_utf8_lossy(&response.body);
    let page = parse_page(&html);
    let left_preview = response.redirected && !response.final_url.path().starts_with("/s/");
    if left_preview || page.kind == PageKind::Landing {
        let landing = page.landing.as_ref();
        return Ok(Fetched::NoPreview {
            landing: landing.map_or(LandingKind::Unknown, |landing| landing.kind),
            title: landing.and_then(|landing| landing.title.clone()),
            extra: landing.and_then(|landing| landing.extra.clone()),
        });
    }
    if page.front_end_changed() {
        return Err(SourceError::FrontEndChanged {
            url: url.to_string(),
            n_wraps: page.n_wraps,
        });
    }
    Ok(Fetched::Page {
        page: Box::new(page),
        sha256,
    })
}

async fn commit(
    desk: &Desk,
    state: &SourceState,
    page: &TelegramPage,
    sha256: String,
    cursor: &mut TelegramCursor,
    now: DateTime<Utc>,
) -> Result<CommitStats, StoreError> {
    let ids: Vec<i64> = page
        .posts
        .iter()
        .filter_map(|post| post.id.parse().ok())
        .collect();
    cursor.extend(ids.iter().copied());
    let covered_range = match (ids.iter().min(), ids.iter().max()) {
        (Some(&low), Some(&high)) => Some((low, high)),
        _ => None,
    };
    let commit = PageCommit {
        source_key: state.key.clone(),
        fetched_at: now,
        posts: page.posts.clone(),
        archive_sha256: Some(sha256),
        cursor: serde_json::to_value(*cursor).ok(),
        covered_range,
        channel: page.channel.clone(),
        feed: None,
        lease: state.lease_token(),
    };
    desk.store.commit_page(&commit).await
}

/// The regular refresh: the newest page, then older pages until the store's newest post is
/// reached (at most a few pages), so a burst between two polls is not lost.
pub async fn refresh(
    desk: &Desk,
    state: &SourceState,
    now: DateTime<Utc>,
) -> Result<RefreshReport, StoreError> {
    let channel = channel_of(state).to_string();
    let mut cursor = TelegramCursor::from_state(state);
    let known_newest = cursor.newest;
    let mut stats = CommitStats::default();
    let mut n_pages = 0;
    let mut before = None;
    loop {
        let fetched = match preview_url(&desk.config.telegram.base_url, &channel, before) {
            Ok(url) => fetch_page(desk, url, now).await,
            Err(error) => Err(error),
        };
        let (page, sha256) = match fetched {
            Ok(Fetched::Page { page, sha256 }) => (page, sha256),
            Ok(Fetched::NoPreview {
                landing,
                title,
                extra,
            }) => {
                let status = SourceStatus::NoPreview {
                    landing,
                    title,
                    extra,
                };
                let landing_name = format!("{landing:?}").to_lowercase();
                // A name without a preview rarely gains one: look again in a day.
                let next = now + Duration::hours(24);
                return desk
                    .succeed(
                        state,
                        RefreshOutcome::NoPreview {
                            landing: landing_name,
                        },
                        status,
                        (None, None),
                        n_pages,
                        stats,
                        next,
                        now,
                    )
                    .await;
            }
            Err(error) if n_pages == 0 => {
                return desk.fail(state, error, n_pages, stats, now).await;
            }
            Err(error) => {
                // The newest pages are committed; the gap behind them waits for the next poll.
                tracing::warn!(source = %state.key, error = %error, "catch-up stopped early");
                break;
            }
        };
        add_stats(
            &mut stats,
            commit(desk, state, &page, sha256, &mut cursor, now).await?,
        );
        n_pages += 1;
        let page_oldest = page
            .posts
            .iter()
            .filter_map(|post| post.id.parse::<i64>().ok())
            .min();
        let gap_behind = match (known_newest, page_oldest, page.before) {
            (Some(known), Some(oldest), Some(_)) => oldest > known + 1,
            _ => false,
        };
        let cursor_went_down = match (before, page.before) {
            (Some(previous), Some(next)) => (next as i64) < previous,
            (None, Some(_)) => true,
            _ => false,
        };
        if !gap_behind || !cursor_went_down || n_pages >= MAX_CATCH_UP_PAGES {
            break;
        }
        before = page.before.map(|before| before as i64);
    }
    let next = now + desk.interval(state);
    desk.succeed(
        state,
        RefreshOutcome::Updated,
        SourceStatus::Ok,
        (None, None),
        n_pages,
        stats,
        next,
        now,
    )
    .await
}

/// Where a backfill stops.
#[derive(Debug, Clone, Copy, Default)]
pub struct BackfillLimit {
    /// Stop once posts older than this are reached.
    pub since: Option<DateTime<Utc>>,
    /// Stop after this many pages.
    pub max_pages: Option<u32>,
}

/// Progress of a backfill, page by page.
#[derive(Debug, Clone, Copy)]
pub struct BackfillProgress {
    pub n_pages: u32,
    pub n_posts: u64,
    pub oldest: Option<DateTime<Utc>>,
}

/// Why a backfill stopped.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BackfillEnd {
    /// The channel's first post was reached.
    Start,
    ReachedDate,
    PageLimit,
    /// The next page's cursor did not go down.
    CursorStuck,
    NoPreview,
    Failed(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct BackfillReport {
    pub source: String,
    pub end: BackfillEnd,
    pub n_pages: u32,
    pub stats: CommitStats,
}

/// Walks `?before=` pages down from the oldest post the store holds (or from the newest page
/// when it holds none) until `limit`, committing every page with the cursor.
pub async fn backfill(
    desk: &Desk,
    state: &SourceState,
    limit: BackfillLimit,
    now: DateTime<Utc>,
    progress: &(dyn Fn(BackfillProgress) + Send + Sync),
) -> Result<BackfillReport, StoreError> {
    let channel = channel_of(state).to_string();
    let mut cursor = TelegramCursor::from_state(state);
    let mut before = cursor.oldest;
    let mut stats = CommitStats::default();
    let mut n_pages = 0u32;
    let mut n_posts = 0u64;
    let max_pages = limit
        .max_pages
        .unwrap_or(desk.config.telegram.backfill_max_pages);
    let end = loop {
        if n_pages >= max_pages {
            break BackfillEnd::PageLimit;
        }
        let fetched = match preview_url(&desk.config.telegram.base_url, &channel, before) {
            Ok(url) => fetch_page(desk, url, now).await,
            Err(error) => Err(error),
        };
        let (page, sha256) = match fetched {
            Ok(Fetched::Page { page, sha256 }) => (page, sha256),
            Ok(Fetched::NoPreview { .. }) => break BackfillEnd::NoPreview,
            Err(error) => {
                let message = error.to_string();
                desk.fail(state, error, n_pages, stats, now).await?;
                break BackfillEnd::Failed(message);
            }
        };
        add_stats(
            &mut stats,
            commit(desk, state, &page, sha256, &mut cursor, now).await?,
        );
        n_pages += 1;
        n_posts += page.posts.len() as u64;
        let oldest = page.posts.iter().map(|post| post.published_at).min();
        progress(BackfillProgress {
            n_pages,
            n_posts,
            oldest,
        });
        if let (Some(since), Some(oldest)) = (limit.since, oldest)
            && oldest < since
        {
            break BackfillEnd::ReachedDate;
        }
        let Some(next_before) = page.before.map(|next| next as i64) else {
            break BackfillEnd::Start;
        };
        if before.is_some_and(|previous| next_before >= previous) {
            break BackfillEnd::CursorStuck;
        }
        before = Some(next_before);
    };
    Ok(BackfillReport {
        source: state.key.clone(),
        end,
        n_pages,
        stats,
    })
}

#[cfg(test)]
mod tests;

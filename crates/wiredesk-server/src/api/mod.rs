//! The JSON API under `/api`, described by `docs/openapi.json`. Its response types live here,
//! not in the model: thin views that leave out what only the desk needs (validators, cursors).

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use chrono::{DateTime, Utc};
use serde::Serialize;
use wiredesk_model::{Brief, SlotStatus, SourceSpec, SourceState, SourceStatus, Story};

use crate::{AppError, AppState};

pub mod brief_show;
pub mod brief_versions;
pub mod source_add;
pub mod source_list;
pub mod source_pause;
pub mod story_list;
pub mod story_show;

/// A story in `GET /api/stories`.
#[derive(Debug, Clone, Serialize)]
pub struct StorySummary {
    pub id: String,
    pub kind: String,
    pub title: String,
    /// The latest brief's headline, when the story has a brief.
    pub headline: Option<String>,
    pub brief_version: Option<u32>,
    pub n_posts: usize,
    /// Independent origins (relays collapsed to who said it first).
    pub n_origins: usize,
    pub slots: SlotCounts,
    pub first_seen: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// How many ledger slots have each status.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct SlotCounts {
    pub confirmed: usize,
    pub single_origin: usize,
    pub disputed: usize,
    pub unknown: usize,
}

impl StorySummary {
    pub fn new(story: &Story, brief: Option<&Brief>) -> StorySummary {
        let mut slots = SlotCounts::default();
        for slot in &story.slots {
            match slot.status {
                SlotStatus::Confirmed => slots.confirmed += 1,
                SlotStatus::SingleOrigin => slots.single_origin += 1,
                SlotStatus::Disputed => slots.disputed += 1,
                SlotStatus::Unknown => slots.unknown += 1,
            }
        }
        StorySummary {
            id: story.id.clone(),
            kind: story.kind.clone(),
            title: story.title.clone(),
            headline: brief.map(|brief| brief.headline.text.clone()),
            brief_version: brief.map(|brief| brief.version),
            n_posts: story.posts.len(),
            n_origins: story.origins.len(),
            slots,
            first_seen: story.first_seen,
            updated_at: story.updated_at,
        }
    }
}

/// A version in `GET /api/stories/{id}/brief/versions`.
#[derive(Debug, Clone, Serialize)]
pub struct BriefVersionSummary {
    pub version: u32,
    pub generated_at: DateTime<Utc>,
    pub headline: String,
    /// What changed in this version, from its revision log.
    pub summary: Option<String>,
}

impl BriefVersionSummary {
    pub fn new(brief: &Brief) -> BriefVersionSummary {
        BriefVersionSummary {
            version: brief.version,
            generated_at: brief.generated_at,
            headline: brief.headline.text.clone(),
            summary: brief
                .revisions
                .iter()
                .rev()
                .find(|revision| revision.version == brief.version)
                .map(|revision| revision.summary.clone()),
        }
    }
}

/// A source in `GET /api/sources` and the write endpoints' answers.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub key: String,
    /// `kind` and `channel` or `url`, `name`, `interval_secs`, `trust`: as configured.
    #[serde(flatten)]
    pub spec: SourceSpec,
    /// The channel's or feed's own title, as last fetched.
    pub title: Option<String>,
    pub health: SourceStatus,
    pub paused: bool,
    pub last_fetch_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub consecutive_failures: u32,
    pub next_attempt_at: Option<DateTime<Utc>>,
}

impl SourceView {
    pub fn new(source: SourceState) -> SourceView {
        let title = source
            .channel
            .as_ref()
            .and_then(|channel| channel.title.clone())
            .or_else(|| source.feed.as_ref().and_then(|feed| feed.title.clone()));
        SourceView {
            key: source.key,
            spec: source.spec,
            title,
            health: source.status,
            paused: source.paused,
            last_fetch_at: source.last_fetch_at,
            last_success_at: source.last_success_at,
            last_error: source.last_error,
            consecutive_failures: source.consecutive_failures,
            next_attempt_at: source.next_attempt_at,
        }
    }
}

/// Lets a write through only with `Authorization: Bearer <write_token>`.
pub fn require_token(state: &AppState, headers: &HeaderMap) -> Result<(), AppError> {
    let Some(expected) = state.write_token.as_deref() else {
        return Err(AppError::WritesDisabled);
    };
    let given = headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or(AppError::Unauthorized)?;
    if constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        Ok(())
    } else {
        Err(AppError::Unauthorized)
    }
}

/// Compares without stopping at the first difference, so timing does not reveal the prefix.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

//! What the desk knows about a source as a whole: a Telegram channel's header, a feed's head,
//! a Wikipedia page summary.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Count;

/// Header of a Telegram channel preview (`div.tgme_channel_info`) or landing page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChannelInfo {
    /// Canonical-case username (from `data-post`, else `al:ios:url`, else the info block).
    pub username: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub subscribers: Option<Count>,
    pub verified: bool,
    pub avatar: Option<String>,
    /// Other counters shown (photos, videos, files, links), by their label.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counters: Vec<(String, Count)>,
}

/// Head of a feed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FeedInfo {
    /// "rss2", "rss1", "rss0.9x", "atom1", "atom0.3", "json1.0", "json1.1".
    pub format: String,
    pub title: Option<String>,
    pub link: Option<String>,
    pub description: Option<String>,
    pub language: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
    /// The encoding the bytes were decoded from, and how it was decided.
    pub encoding: String,
    pub encoding_from: String,
    /// `<ttl>` in minutes, when the feed states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_minutes: Option<u32>,
}

/// A Wikipedia page summary (REST `page/summary`), as cached by the store.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WikiSummary {
    /// Language edition ("en").
    pub lang: String,
    /// Canonical title with underscores ("Russia–Turkey_relations").
    pub title: String,
    pub display_title: Option<String>,
    pub description: Option<String>,
    pub extract: String,
    /// `https://<lang>.wikipedia.org/wiki/<title>`.
    pub url: String,
    pub wikidata_id: Option<String>,
    pub revision: Option<String>,
    pub timestamp: Option<DateTime<Utc>>,
    pub page_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<(f64, f64)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<String>,
}

/// Which kind of source, and the one thing that names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SourceKind {
    /// A public channel read through `t.me/s/<channel>`.
    Telegram { channel: String },
    /// An RSS, Atom or JSON feed.
    Feed { url: String },
}

impl SourceKind {
    /// The source's key name: the lowercase channel username, or the feed URL.
    /// Posts carry it in `Post::source`.
    pub fn key(&self) -> String {
        match self {
            SourceKind::Telegram { channel } => channel.trim_start_matches('@').to_lowercase(),
            SourceKind::Feed { url } => url.clone(),
        }
    }

    pub fn kind_name(&self) -> &'static str {
        match self {
            SourceKind::Telegram { .. } => "telegram",
            SourceKind::Feed { .. } => "feed",
        }
    }
}

/// How far a user trusts a source; shown in briefs' desk notes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trust {
    #[default]
    Normal,
    /// Good for leads, never enough on its own.
    LeadsOnly,
    /// Known to be state-affiliated.
    StateAffiliated,
    /// The primary itself: the outlet's own feed, the official's own channel.
    Primary,
}

/// A source as configured by the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceSpec {
    #[serde(flatten)]
    pub kind: SourceKind,
    /// The name a person would write ("AFP", "Regional Administration").
    pub name: Option<String>,
    /// Poll interval in seconds; `None` takes the configured default.
    pub interval_secs: Option<u64>,
    #[serde(default)]
    pub trust: Trust,
}

/// What the last fetch of a source found about the source itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SourceStatus {
    /// Never fetched.
    #[default]
    New,
    Ok,
    /// `t.me/s/<name>` redirected to `t.me/<name>`: a private channel, group, user, bot or a free
    /// name. The landing page's title and counts, where present.
    NoPreview {
        landing: LandingKind,
        title: Option<String>,
        extra: Option<String>,
    },
    /// The last fetch failed; see `SourceState::last_error`.
    Failing,
    /// Failed too many times in a row; waits for `source resume`.
    Paused,
}

/// What kind of `t.me/<name>` landing page a redirect ended on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LandingKind {
    Channel,
    Group,
    User,
    Bot,
    /// No such name: the generic "Contact @name" page.
    NotFound,
    Unknown,
}

/// A source and its fetch state, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceState {
    pub spec: SourceSpec,
    pub key: String,
    pub status: SourceStatus,
    /// Set by the user (`source pause`) or by too many failures in a row.
    pub paused: bool,
    pub last_fetch_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub consecutive_failures: u32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Source-specific cursor (Telegram: newest and oldest post ids seen), as JSON.
    pub cursor: Option<serde_json::Value>,
    pub channel: Option<ChannelInfo>,
    pub feed: Option<FeedInfo>,
    /// The worker refreshing the source now, when one holds it (several fetchers share one
    /// PostgreSQL database; see `Store::claim_sources`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lease: Option<SourceLease>,
}

impl SourceState {
    /// The fencing token of the lease this state was claimed under, if it was.
    pub fn lease_token(&self) -> Option<i64> {
        self.lease.as_ref().map(|lease| lease.token)
    }
}

/// A fetcher's claim on a source: only the holder of the newest `token` may commit its posts
/// and cursor (the token is a fencing token: every claim adds one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceLease {
    pub owner: String,
    pub until: DateTime<Utc>,
    pub token: i64,
}

//! The `Store` trait and its two implementations: SQLite (embedded default, WAL) and PostgreSQL.
//!
//! Only this crate knows SQL. Every write that covers fetched posts also saves the source's
//! cursor in the same transaction, so a run killed at any point leaves no half-written page.
//! (The interface below is the contract the rest of the workspace codes against.)
//!
//! # Store URLs
//!
//! [`open`] takes one URL and runs the migrations before returning:
//!
//! - `sqlite://data/wiredesk.db`: a file relative to the working directory;
//! - `sqlite:///var/lib/wiredesk/wiredesk.db`: an absolute path (three slashes);
//! - `sqlite::memory:`: a private in-memory database on a single connection (tests, dry runs);
//! - `postgres://user:password@host:5432/db` or `postgresql://…`: a PostgreSQL database.
//!
//! SQLite files and their parent folders are created when missing; URL parameters are passed
//! on to sqlx. Anything else is [`StoreError::BadUrl`] (with a password in it masked).
//!
//! # One implementation, two dialects
//!
//! Both backends run the same SQL (SQLite accepts `$1` placeholders, `ON CONFLICT` and
//! `RETURNING`), written once in `shared/` over a generic `sqlx::Database`. What differs lives
//! in `sqlite/` and `postgres/`: how to connect, the migrations, how a write transaction begins,
//! and full-text search (an FTS5 index kept by triggers on SQLite, a generated `tsvector`
//! column with a GIN index on PostgreSQL). Timestamps are `TIMESTAMPTZ` on PostgreSQL
//! (microseconds) and RFC 3339 text on SQLite; JSON is `JSONB` and text respectively.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use wiredesk_model::{
    Brief, ChannelInfo, FeedInfo, Post, SourceSpec, SourceState, SourceStatus, Story, StoryEvent,
    WikiSummary,
};

/// Errors from any backend.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported store url {url:?}: expected sqlite://<path> or postgres://…")]
    BadUrl { url: String },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("no such source {key:?}")]
    NoSuchSource { key: String },
    #[error("stored data could not be decoded: {0}")]
    Decode(String),
    #[error("data could not be encoded for storage: {0}")]
    Encode(String),
    /// A brief version another writer stored first: versions are append-only, so the caller
    /// revises against the stored one and retries.
    #[error("brief version {version} of story {story_id:?} is already stored")]
    VersionTaken { story_id: String, version: u32 },
    /// A commit from a fetcher whose lease on the source was taken over by another (its fencing
    /// token is no longer the source's): nothing of it was written.
    #[error("lease on source {key:?} lost: another worker holds it now")]
    LeaseLost { key: String },
    /// A story or brief write from a desk that no longer holds the desk lock: another desk
    /// took over, and nothing of it was written.
    #[error("the desk lock was lost: another desk builds the stories now")]
    NotTheDesk,
    #[error("failed to create the database folder {path:?}: {source}")]
    CreateDir {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A fetched body, as archived for provenance.
#[derive(Debug, Clone)]
pub struct FetchedBody<'a> {
    pub url: &'a str,
    pub status: u16,
    pub fetched_at: DateTime<Utc>,
    pub content_type: Option<&'a str>,
    pub body: &'a [u8],
}

/// One page's worth of posts from one source, committed atomically with the cursor.
#[derive(Debug, Clone)]
pub struct PageCommit {
    pub source_key: String,
    pub fetched_at: DateTime<Utc>,
    pub posts: Vec<Post>,
    /// SHA-256 (hex) of the archived body these posts came from.
    pub archive_sha256: Option<String>,
    /// The cursor after this page; saved in the same transaction as the posts.
    pub cursor: Option<serde_json::Value>,
    /// For Telegram pages: the inclusive id range the page covers. Stored posts of this source
    /// inside the range that the page does not carry are marked gone at `fetched_at`.
    pub covered_range: Option<(i64, i64)>,
    pub channel: Option<ChannelInfo>,
    pub feed: Option<FeedInfo>,
    /// The fencing token of the lease this page was fetched under (`SourceLease::token`);
    /// the commit is refused with `LeaseLost` when the source's token moved on. `None`
    /// (a one-off refresh outside `run`) commits without the check.
    pub lease: Option<i64>,
}

/// A source's lease as `wiredesk check` and `/metrics` report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeaseRow {
    pub key: String,
    pub lease: wiredesk_model::SourceLease,
}

/// The answer to asking for a request slot of a host shared by every fetcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostTurn {
    /// This worker holds slot `slot` until it gives it back (or its hold time passes).
    Entered { slot: u32 },
    /// No slot is free: ask again at `until` (when a slot nobody holds may start its next
    /// request) or, when every slot is held (`None`), after a short wait.
    Wait { until: Option<DateTime<Utc>> },
}

/// What a commit changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitStats {
    pub inserted: u64,
    /// Posts whose text (or title) changed; the previous version was kept.
    pub edited: u64,
    pub unchanged: u64,
    pub marked_gone: u64,
}

/// A post with what the store knows about it beyond the source's own words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredPost {
    #[serde(flatten)]
    pub post: Post,
    pub source_key: String,
    pub first_seen_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub gone_at: Option<DateTime<Utc>>,
    pub archive_sha256: Option<String>,
    /// How many versions of the post were seen, the current one included (1 = never edited).
    pub n_versions: u32,
}

/// An earlier version of an edited post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostVersion {
    pub text: String,
    pub title: Option<String>,
    /// The last time the post was seen saying this.
    pub seen_at: DateTime<Utc>,
    /// The archived body this version was last read from; pruning keeps it.
    pub archive_sha256: Option<String>,
}

/// Filters for listing and searching posts.
#[derive(Debug, Clone, Default)]
pub struct PostQuery {
    /// Full-text query (FTS5 on SQLite, tsvector on PostgreSQL): whitespace-separated words,
    /// all of which must occur in the title or text. No operators: quotes, `-`, `OR` and `*`
    /// are read as plain text. A query with no letters or digits at all matches nothing; a
    /// blank one does not filter.
    pub text: Option<String>,
    pub source_key: Option<String>,
    /// Posts published at or after this time.
    pub since: Option<DateTime<Utc>>,
    /// Posts published before this time (exclusive).
    pub until: Option<DateTime<Utc>>,
    /// Also list posts that disappeared from their source.
    pub include_gone: bool,
    /// At most this many posts; `None` lists all.
    pub limit: Option<u64>,
}

/// A language model's answer as the desk keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelAnswer {
    pub prompt_hash: String,
    /// "analysis" or "translation".
    pub purpose: String,
    /// The story id or post reference it is about.
    pub subject: String,
    pub model: String,
    pub prompt_version: String,
    /// The message content the model answered.
    pub answer: String,
    pub created_at: DateTime<Utc>,
}

/// Where a page of stories ends: the sort key of its last story (updated, posts, id). Written
/// into URLs as an opaque token ([`StoryCursor::encode`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryCursor {
    pub updated_at: DateTime<Utc>,
    pub n_posts: u64,
    pub id: String,
}

impl StoryCursor {
    /// The cursor after `story`.
    pub fn after(story: &Story) -> StoryCursor {
        StoryCursor {
            updated_at: story.updated_at,
            n_posts: story.posts.len() as u64,
            id: story.id.clone(),
        }
    }

    /// `<unix seconds>.<nanoseconds>-<posts>-<id>`: URL-safe, since story ids are letters,
    /// digits, `-` and `_`.
    pub fn encode(&self) -> String {
        format!(
            "{}.{:09}-{}-{}",
            self.updated_at.timestamp(),
            self.updated_at.timestamp_subsec_nanos(),
            self.n_posts,
            self.id
        )
    }

    /// The cursor a token names, `None` when it is not one.
    pub fn decode(token: &str) -> Option<StoryCursor> {
        let mut parts = token.splitn(3, '-');
        let (seconds, nanos) = parts.next()?.split_once('.')?;
        let updated_at = DateTime::from_timestamp(seconds.parse().ok()?, nanos.parse().ok()?)?;
        let n_posts = parts.next()?.parse().ok()?;
        let id = parts.next()?.to_string();
        let url_safe = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        (!id.is_empty() && id.chars().all(url_safe)).then_some(StoryCursor {
            updated_at,
            n_posts,
            id,
        })
    }
}

/// How a fetch of a source ended, for its fetch state.
#[derive(Debug, Clone)]
pub enum FetchOutcome {
    Success {
        at: DateTime<Utc>,
        next_attempt_at: Option<DateTime<Utc>>,
        etag: Option<String>,
        last_modified: Option<String>,
        status: SourceStatus,
    },
    Failure {
        at: DateTime<Utc>,
        error: String,
        next_attempt_at: Option<DateTime<Utc>>,
        /// Pause the source once this many failures come in a row; 0 never pauses.
        pause_after: u32,
    },
    /// The host asked us to wait (429): not a failure of the source. Sets `last_error` to the
    /// reason and `next_attempt_at`, leaves the failure count and status as they are.
    Deferred {
        at: DateTime<Utc>,
        reason: String,
        next_attempt_at: Option<DateTime<Utc>>,
    },
}

/// A cached archived body.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchivedBody {
    pub sha256: String,
    pub url: String,
    pub status: u16,
    pub fetched_at: DateTime<Utc>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// A cached Wikipedia summary (or a cached "no such page").
#[derive(Debug, Clone, PartialEq)]
pub struct CachedWiki {
    pub lang: String,
    /// The title asked for (the cache key), which may redirect to `summary.title`.
    pub requested_title: String,
    pub summary: Option<WikiSummary>,
    pub fetched_at: DateTime<Utc>,
}

#[async_trait]
pub trait Store: Send + Sync {
    /// "sqlite" or "postgres".
    fn backend(&self) -> &'static str;
    /// A number unique to this handle in the process: what a desk remembers between passes is
    /// kept per handle.
    fn instance(&self) -> u64;

    /// Adds a source, or updates its spec when the key exists. Returns its state.
    async fn upsert_source(&self, spec: &SourceSpec) -> Result<SourceState>;
    async fn sources(&self) -> Result<Vec<SourceState>>;
    async fn source(&self, key: &str) -> Result<Option<SourceState>>;
    /// Removes a source and its posts. False when there was none.
    async fn remove_source(&self, key: &str) -> Result<bool>;
    /// Pauses or resumes a source; resuming clears the failure count and sets the status back
    /// to `Ok` (or `New` when it never succeeded).
    async fn set_paused(&self, key: &str, paused: bool) -> Result<SourceState>;
    /// Records how a fetch ended: success resets the failure count; failures count up and
    /// pause the source at the limit. On success `etag` and `last_modified` replace the stored
    /// validators (`None` clears them).
    /// `lease`: the fencing token the fetch ran under (see [`PageCommit::lease`]); with one,
    /// the lease is given back in the same statement.
    async fn record_fetch(
        &self,
        key: &str,
        outcome: &FetchOutcome,
        lease: Option<i64>,
    ) -> Result<SourceState>;

    /// Claims up to `limit` sources due at `now` (not paused, past their next attempt, not
    /// leased or leased until a time already past) for `owner` until `until`. Each claimed
    /// source's fencing token grows by one. On PostgreSQL the claim skips rows another
    /// transaction holds (`FOR UPDATE SKIP LOCKED`), so concurrent fetchers never claim one
    /// source twice.
    async fn claim_sources(
        &self,
        owner: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<SourceState>>;
    /// Gives back every lease `owner` holds (a clean shutdown); returns how many.
    async fn release_leases(&self, owner: &str) -> Result<u64>;
    /// Every lease held or left behind, by source key.
    async fn leases(&self) -> Result<Vec<LeaseRow>>;

    /// Asks for one of `concurrency` request slots of `host` for `holder` at `now`, held until
    /// `hold_until` at most. A slot is free when nobody holds it (or its holder's time passed)
    /// and its `next_start` has come.
    async fn host_enter(
        &self,
        host: &str,
        holder: &str,
        concurrency: u32,
        now: DateTime<Utc>,
        hold_until: DateTime<Utc>,
    ) -> Result<HostTurn>;
    /// Keeps a slot held while its request runs: moves its hold to `hold_until`. False when
    /// the slot is no longer `holder`'s.
    async fn host_renew(
        &self,
        host: &str,
        slot: u32,
        holder: &str,
        hold_until: DateTime<Utc>,
    ) -> Result<bool>;
    /// Gives a slot back; the host's next request in that slot starts no sooner than
    /// `next_start`.
    async fn host_leave(
        &self,
        host: &str,
        slot: u32,
        holder: &str,
        next_start: DateTime<Utc>,
    ) -> Result<()>;
    /// When a host that answered 429 may be asked again, if it did.
    async fn host_retry_at(&self, host: &str) -> Result<Option<DateTime<Utc>>>;
    /// Remembers a 429 for every fetcher: no request to `host` before `at` (the later of the
    /// stored and the new time wins).
    async fn set_host_retry_at(&self, host: &str, at: DateTime<Utc>) -> Result<()>;

    /// Tries to become the desk: on PostgreSQL, a session advisory lock held on a connection
    /// of its own, so that it is freed the moment this process dies. Returns the new fencing
    /// epoch when this handle holds the lock (it already did, or took it now), `None` when
    /// another desk holds it. Once taken, story and brief writes check the epoch and fail with
    /// `NotTheDesk` after another desk took over. SQLite has one process: always granted.
    async fn take_desk_lock(&self, holder: &str, now: DateTime<Utc>) -> Result<Option<i64>>;
    /// Whether this handle still holds the desk lock (its connection answers). When it does
    /// not, the epoch is forgotten and the next `take_desk_lock` must win it again.
    async fn desk_lock_held(&self) -> Result<bool>;
    /// Gives the desk lock back (a clean shutdown).
    async fn release_desk_lock(&self) -> Result<()>;
    /// Who holds the desk lock (the holder named by the last desk to take it) and its epoch.
    async fn desk_holder(&self) -> Result<(Option<String>, i64)>;

    /// Archives a fetched body (gzip) and returns the SHA-256 of the raw body in hex.
    /// Idempotent: archiving the same bytes again keeps the first url and time.
    async fn archive(&self, body: &FetchedBody<'_>) -> Result<String>;
    async fn archived(&self, sha256: &str) -> Result<Option<ArchivedBody>>;
    /// Deletes archived bodies fetched before `before` that no post (nor earlier version of one)
    /// still cites. Returns how many.
    async fn prune_archive(&self, before: DateTime<Utc>) -> Result<u64>;

    /// Writes one page of posts and the source's cursor in one transaction. `cursor`, `channel`
    /// and `feed` left `None` keep what was stored. Re-committing the same page counts every
    /// post unchanged (views and the like are updated in place, `last_seen_at` moves on); a post
    /// whose text, title or `edited` flag changed keeps its previous version (see
    /// [`Store::post_versions`]). Fails with `NoSuchSource` for an unknown source.
    async fn commit_page(&self, page: &PageCommit) -> Result<CommitStats>;
    /// Posts matching `query`, newest `published_at` first, then by source key and post id.
    async fn posts(&self, query: &PostQuery) -> Result<Vec<StoredPost>>;
    async fn post(&self, source_key: &str, id: &str) -> Result<Option<StoredPost>>;
    /// Earlier versions of an edited post, oldest first.
    async fn post_versions(&self, source_key: &str, id: &str) -> Result<Vec<PostVersion>>;
    /// The revision of the latest page commit: each commit takes the next one, and the posts
    /// it inserts, edits, marks gone or brings back carry it.
    async fn post_revision(&self) -> Result<i64>;
    /// The posts (gone ones too) changed after revision `after` up to `until`, in the order of
    /// [`Store::posts`]: what a desk pass must look at again.
    async fn posts_changed(&self, after: i64, until: i64) -> Result<Vec<StoredPost>>;
    /// Stored analyses of posts (keyed by reference in lower case): the fingerprint of what
    /// the analysis read and the analysis itself, as the analyser wrote it (JSON).
    async fn post_analyses(
        &self,
        references: &[String],
    ) -> Result<std::collections::HashMap<String, (i64, String)>>;
    /// Stores analyses (reference, fingerprint, analysis), replacing earlier ones.
    async fn put_post_analyses(&self, analyses: &[(String, i64, String)]) -> Result<()>;
    /// Forgets every stored analysis (`wiredesk reanalyze`, `wiredesk rebuild`).
    async fn clear_post_analyses(&self) -> Result<u64>;
    /// Drops everything the desk derived from the posts (stories, their events and posts,
    /// briefs, post analyses) in one transaction, keeping sources, posts, the archive and the
    /// Wikipedia cache: `wiredesk rebuild` then recomputes it from the stored posts.
    async fn clear_derived(&self) -> Result<()>;

    /// A language model's stored answer to the prompt whose hash is `prompt_hash`.
    async fn model_answer(&self, prompt_hash: &str) -> Result<Option<String>>;
    /// Keeps a model's answer (first answer wins: a prompt is asked once).
    async fn put_model_answer(&self, answer: &ModelAnswer) -> Result<()>;
    /// Adds `deltas` (name, amount) to the counters of `day` (`YYYY-MM-DD`, UTC) in one
    /// transaction.
    async fn add_counters(&self, day: &str, deltas: &[(String, i64)]) -> Result<()>;
    /// Every counter: (day, name, value), oldest day first.
    async fn counters(&self) -> Result<Vec<(String, String, i64)>>;

    /// Writes stories (replacing earlier versions), removes absorbed ones and records events, in
    /// one transaction.
    async fn put_stories(
        &self,
        stories: &[Story],
        removed: &[String],
        events: &[StoryEvent],
    ) -> Result<()>;
    /// Stores a new version of a story's brief. Versions are append-only: one already stored
    /// is refused with `VersionTaken`.
    async fn put_brief(&self, brief: &Brief) -> Result<()>;
    /// The latest version of a story's brief.
    async fn brief(&self, story_id: &str) -> Result<Option<Brief>>;
    /// Every version of a story's brief, oldest first.
    async fn brief_versions(&self, story_id: &str) -> Result<Vec<Brief>>;
    /// The latest brief of every story, newest first.
    async fn briefs(&self) -> Result<Vec<Brief>>;
    /// The latest briefs of at most `limit` stories that still exist, newest first: what the
    /// site-wide feeds carry, in one query.
    async fn recent_briefs(&self, limit: u64) -> Result<Vec<Brief>>;
    /// How many stories have a brief.
    async fn brief_count(&self) -> Result<u64>;
    /// Every story, most recently updated first.
    async fn stories(&self) -> Result<Vec<Story>>;
    /// At most `limit` stories in the order of [`Store::stories`], starting after `after` (the
    /// last story of the previous page): one query, however many stories are stored.
    async fn stories_page(&self, limit: u64, after: Option<&StoryCursor>) -> Result<Vec<Story>>;
    /// How many stories are stored.
    async fn story_count(&self) -> Result<u64>;
    /// The story holding each of `references` that one holds, keyed by the reference in lower
    /// case: an indexed lookup, not a load of every story.
    async fn stories_of_posts(
        &self,
        references: &[String],
    ) -> Result<std::collections::HashMap<String, String>>;
    async fn story(&self, id: &str) -> Result<Option<Story>>;
    /// Every merge, split and creation, oldest first.
    async fn story_events(&self) -> Result<Vec<StoryEvent>>;

    async fn wiki_get(&self, lang: &str, title: &str) -> Result<Option<CachedWiki>>;
    async fn wiki_put(&self, entry: &CachedWiki) -> Result<()>;
}

/// Opens the store at `url` (see the crate docs for the forms) and runs the migrations.
pub async fn open(url: &str) -> Result<Box<dyn Store>> {
    open_with(url, None).await
}

/// [`open`], with the most connections a PostgreSQL pool opens (`None`: 8). Each worker
/// process has its own pool; the database must allow the sum over all workers, plus one
/// connection per desk for the desk lock. SQLite ignores it.
pub async fn open_with(url: &str, max_connections: Option<u32>) -> Result<Box<dyn Store>> {
    let store: Box<dyn Store> = if url.starts_with("sqlite:") {
        Box::new(sqlite::open(url).await?)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Box::new(postgres::open_pool(url, None, max_connections).await?)
    } else {
        return Err(StoreError::BadUrl {
            url: postgres::redact_password(url),
        });
    };
    tracing::info!(backend = store.backend(), "store opened and migrated");
    Ok(store)
}

/// Names of the counters (`Store::add_counters`) that workers add and `/metrics` reads.
pub mod counter_names {
    /// Refreshes per worker: `fetches:<worker>`.
    pub const FETCHES_PREFIX: &str = "fetches:";
    /// Waits for a lock: `host_lock_waits` (a host's request slot), `desk_lock_waits`.
    pub const LOCK_WAITS_SUFFIX: &str = "_lock_waits";
    pub const HOST_LOCK_WAITS: &str = "host_lock_waits";
    pub const DESK_LOCK_WAITS: &str = "desk_lock_waits";
    /// Refreshes whose commit was refused because another worker took the source over.
    pub const LEASES_LOST: &str = "leases_lost";
}

mod postgres;
mod shared;
mod sqlite;

#[cfg(test)]
mod tests;

//! The SQL both backends run, written once: SQLite and PostgreSQL both accept `$n`
//! placeholders, `ON CONFLICT … DO UPDATE`, `RETURNING`, `TRUE`/`FALSE` and `CASE`.
//! Dialect-specific fragments (full-text search, how a write transaction begins) are in the
//! backends' `Dialect` implementations.

macro_rules! source_columns {
    () => {
        "key, spec, status, paused, last_fetch_at, last_success_at, last_error, \
         consecutive_failures, next_attempt_at, etag, last_modified, cursor, channel, feed, \
         lease_owner, lease_until, lease_token"
    };
}

macro_rules! post_columns {
    () => {
        "p.source_key, p.post, p.first_seen_at, p.last_seen_at, p.gone_at, p.archive_sha256, \
         p.n_versions"
    };
}

pub(crate) const UPSERT_SOURCE: &str = concat!(
    "INSERT INTO sources (key, kind, spec, status, spread) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, spec = excluded.spec, \
     spread = excluded.spread \
     RETURNING ",
    source_columns!()
);

pub(crate) const SELECT_SOURCES: &str =
    concat!("SELECT ", source_columns!(), " FROM sources ORDER BY key");

pub(crate) const SELECT_SOURCE: &str =
    concat!("SELECT ", source_columns!(), " FROM sources WHERE key = $1");

pub(crate) const DELETE_SOURCE: &str = "DELETE FROM sources WHERE key = $1 RETURNING key";

/// `$2`: paused status JSON.
pub(crate) const PAUSE_SOURCE: &str = concat!(
    "UPDATE sources SET paused = TRUE WHERE key = $1 RETURNING ",
    source_columns!()
);

/// `$2`: the `Ok` status, `$3`: the `New` status.
pub(crate) const RESUME_SOURCE: &str = concat!(
    "UPDATE sources SET paused = FALSE, consecutive_failures = 0, \
     status = CASE WHEN last_success_at IS NULL THEN $3 ELSE $2 END \
     WHERE key = $1 RETURNING ",
    source_columns!()
);

/// Gives a lease back when the record carries its token (`$n`), and refuses a record whose
/// token is not the source's own (a fetcher whose lease was taken over).
macro_rules! fenced {
    ($n:literal) => {
        concat!(
            ", lease_owner = CASE WHEN CAST($",
            $n,
            " AS BIGINT) IS NULL THEN lease_owner ELSE NULL END, \
             lease_until = CASE WHEN CAST($",
            $n,
            " AS BIGINT) IS NULL THEN lease_until ELSE NULL END \
             WHERE key = $1 AND (CAST($",
            $n,
            " AS BIGINT) IS NULL OR lease_token = $",
            $n,
            ") RETURNING "
        )
    };
}

/// `$2` at, `$3` next attempt, `$4` etag, `$5` last modified, `$6` status, `$7` lease token.
pub(crate) const RECORD_SUCCESS: &str = concat!(
    "UPDATE sources SET last_fetch_at = $2, last_success_at = $2, next_attempt_at = $3, \
     etag = $4, last_modified = $5, status = $6, consecutive_failures = 0, last_error = NULL",
    fenced!("7"),
    source_columns!()
);

/// `$2` at, `$3` next attempt, `$4` error, `$5` pause after (0: never), `$6` the `Paused`
/// status, `$7` the `Failing` status, `$8` lease token.
pub(crate) const RECORD_FAILURE: &str = concat!(
    "UPDATE sources SET last_fetch_at = $2, next_attempt_at = $3, last_error = $4, \
     consecutive_failures = consecutive_failures + 1, \
     paused = CASE WHEN $5 > 0 AND consecutive_failures + 1 >= $5 THEN TRUE ELSE paused END, \
     status = CASE WHEN $5 > 0 AND consecutive_failures + 1 >= $5 THEN $6 ELSE $7 END",
    fenced!("8"),
    source_columns!()
);

/// Not a failure of the source: the failure count and status stay. `$2` at, `$3` next
/// attempt, `$4` reason, `$5` lease token.
pub(crate) const RECORD_DEFERRED: &str = concat!(
    "UPDATE sources SET last_fetch_at = $2, next_attempt_at = $3, last_error = $4",
    fenced!("5"),
    source_columns!()
);

pub(crate) const ARCHIVE_EXISTS: &str = "SELECT sha256 FROM archive WHERE sha256 = $1";

pub(crate) const INSERT_ARCHIVE: &str = "INSERT INTO archive \
     (sha256, url, status, fetched_at, content_type, size, body) VALUES ($1, $2, $3, $4, $5, $6, $7) \
     ON CONFLICT (sha256) DO NOTHING";

pub(crate) const SELECT_ARCHIVE: &str = "SELECT sha256, url, status, fetched_at, content_type, size, body FROM archive WHERE sha256 = $1";

pub(crate) const PRUNE_ARCHIVE: &str = "DELETE FROM archive WHERE fetched_at < $1 \
     AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.archive_sha256 = archive.sha256) \
     AND NOT EXISTS (SELECT 1 FROM post_versions v WHERE v.archive_sha256 = archive.sha256) \
     RETURNING sha256";

/// Saves what a page says about its source; `None` keeps the stored value. Also checks the
/// source exists and, on PostgreSQL, locks its row so that two commits of one source queue.
/// `$1` key, `$2` cursor, `$3` channel, `$4` feed, `$5` the lease token the page was fetched
/// under (no row when another worker's claim moved the token on).
pub(crate) const UPDATE_SOURCE_FROM_PAGE: &str = "UPDATE sources SET cursor = COALESCE($2, cursor), \
     channel = COALESCE($3, channel), feed = COALESCE($4, feed) WHERE key = $1 \
     AND (CAST($5 AS BIGINT) IS NULL OR lease_token = $5) RETURNING key";

/// Whether a source exists (to tell a lost lease from a missing source).
pub(crate) const SOURCE_EXISTS: &str = "SELECT key FROM sources WHERE key = $1";

/// Followed by the dialect's row lock (`FOR UPDATE SKIP LOCKED` on PostgreSQL) and `)`.
/// `$1` owner, `$2` now, `$3` until, `$4` limit.
pub(crate) const CLAIM_SOURCES_HEAD: &str = "UPDATE sources SET lease_owner = $1, lease_until = $3, \
     lease_token = lease_token + 1 WHERE key IN (SELECT key FROM sources WHERE NOT paused \
     AND (next_attempt_at IS NULL OR next_attempt_at <= $2) \
     AND (lease_owner IS NULL OR lease_until <= $2) \
     ORDER BY next_attempt_at IS NOT NULL, next_attempt_at, spread, key LIMIT $4";

pub(crate) const CLAIM_SOURCES_TAIL: &str = concat!(") RETURNING ", source_columns!());

pub(crate) const RELEASE_LEASES: &str = "UPDATE sources SET lease_owner = NULL, lease_until = NULL \
     WHERE lease_owner = $1 RETURNING key";

pub(crate) const SELECT_LEASES: &str = "SELECT key, lease_owner, lease_until, lease_token \
     FROM sources WHERE lease_owner IS NOT NULL ORDER BY key";

/// `$1` host, `$2` slot, `$3` next start.
pub(crate) const INSERT_HOST_SLOT: &str = "INSERT INTO host_slots (host, slot, next_start) \
     VALUES ($1, $2, $3) ON CONFLICT (host, slot) DO NOTHING";

/// Followed by the dialect's row lock and `)`, then [`HOST_ENTER_TAIL`]. `$1` host,
/// `$2` concurrency, `$3` holder, `$4` now, `$5` hold until.
pub(crate) const HOST_ENTER_HEAD: &str = "UPDATE host_slots SET holder = $3, held_until = $5 \
     WHERE host = $1 AND slot = (SELECT slot FROM host_slots WHERE host = $1 AND slot < $2 \
     AND (holder IS NULL OR held_until <= $4) AND next_start <= $4 ORDER BY slot LIMIT 1";

pub(crate) const HOST_ENTER_TAIL: &str =
    ") AND (holder IS NULL OR held_until <= $4) RETURNING slot";

/// How many slots the host has, and when the first slot nobody holds may start its next request
/// (`NULL` when every slot is held). `$1` host, `$2` concurrency, `$3` now.
pub(crate) const HOST_FREE_AT: &str = "SELECT COUNT(*) AS n, MIN(CASE WHEN holder IS NULL OR held_until <= $3 \
     THEN next_start END) AS free_at FROM host_slots WHERE host = $1 AND slot < $2";

/// `$1` host, `$2` slot, `$3` holder, `$4` hold until.
pub(crate) const HOST_RENEW: &str = "UPDATE host_slots SET held_until = $4 \
     WHERE host = $1 AND slot = $2 AND holder = $3 RETURNING slot";

/// `$1` host, `$2` slot, `$3` holder, `$4` next start.
pub(crate) const HOST_LEAVE: &str = "UPDATE host_slots SET holder = NULL, held_until = NULL, \
     next_start = $4 WHERE host = $1 AND slot = $2 AND holder = $3";

pub(crate) const SELECT_HOST_RETRY_AT: &str = "SELECT retry_at FROM host_limits WHERE host = $1";

pub(crate) const UPSERT_HOST_RETRY_AT: &str = "INSERT INTO host_limits (host, retry_at) VALUES ($1, $2) \
     ON CONFLICT (host) DO UPDATE SET retry_at = CASE WHEN excluded.retry_at > host_limits.retry_at \
     THEN excluded.retry_at ELSE host_limits.retry_at END";

/// `$1` holder, `$2` since.
pub(crate) const TAKE_DESK_EPOCH: &str = "UPDATE desk_lock SET epoch = epoch + 1, holder = $1, \
     since = $2 WHERE id = 1 RETURNING epoch";

/// Followed by the dialect's share lock: a desk taking over waits for a write under way.
pub(crate) const SELECT_DESK_EPOCH: &str = "SELECT epoch, holder FROM desk_lock WHERE id = 1";

pub(crate) const SELECT_POST_FOR_COMMIT: &str = "SELECT id, text, title, post, last_seen_at, archive_sha256 \
     FROM posts WHERE source_key = $1 AND external_id = $2";

/// `$1` source, `$2` id, `$3` seq, `$4` post, `$5` text, `$6` title, `$7` published at,
/// `$8` fetched at, `$9` archive.
pub(crate) const INSERT_POST: &str = "INSERT INTO posts (source_key, external_id, seq, post, text, title, \
     published_at, first_seen_at, last_seen_at, archive_sha256, n_versions, revision) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, 1, -1)";

/// A re-sighting without an edit: the post's JSON (views…) is replaced, text and title are
/// not touched (so the full-text index is not either). It takes the commit's revision only
/// when the desk would see a change: back from gone, or moved in time. `$1` id, `$2` seq,
/// `$3` post, `$4` published at, `$5` fetched at, `$6` archive.
pub(crate) const UPDATE_POST_IN_PLACE: &str = "UPDATE posts SET seq = $2, post = $3, published_at = $4, \
     last_seen_at = $5, gone_at = NULL, archive_sha256 = COALESCE($6, archive_sha256), \
     revision = CASE WHEN gone_at IS NOT NULL OR published_at <> $4 \
     THEN -1 ELSE revision END WHERE id = $1";

/// An edit. `$1` id, `$2` seq, `$3` post, `$4` published at, `$5` fetched at, `$6` archive,
/// `$7` text, `$8` title.
pub(crate) const UPDATE_POST_EDITED: &str = "UPDATE posts SET seq = $2, post = $3, published_at = $4, \
     last_seen_at = $5, gone_at = NULL, archive_sha256 = COALESCE($6, archive_sha256), \
     text = $7, title = $8, n_versions = n_versions + 1, \
     revision = -1 WHERE id = $1";

pub(crate) const INSERT_POST_VERSION: &str = "INSERT INTO post_versions (post_id, text, title, seen_at, archive_sha256) VALUES ($1, $2, $3, $4, $5)";

/// Followed by `AND external_id NOT IN (…)` when the page has posts. `$1` source,
/// `$2` fetched at, `$3` lowest id, `$4` highest id.
pub(crate) const MARK_GONE: &str = "UPDATE posts SET gone_at = $2, revision = -1 \
     WHERE source_key = $1 AND seq BETWEEN $3 AND $4 AND gone_at IS NULL";

/// Followed by conditions (`AND …`), then [`POSTS_ORDER`].
pub(crate) const SELECT_POSTS: &str =
    concat!("SELECT ", post_columns!(), " FROM posts p WHERE TRUE");

pub(crate) const POSTS_ORDER: &str = " ORDER BY p.published_at DESC, p.source_key, p.external_id";

pub(crate) const SELECT_POST: &str = concat!(
    "SELECT ",
    post_columns!(),
    " FROM posts p WHERE p.source_key = $1 AND p.external_id = $2"
);

pub(crate) const SELECT_POST_VERSIONS: &str = "SELECT v.text, v.title, v.seen_at, v.archive_sha256 \
     FROM post_versions v JOIN posts p ON p.id = v.post_id \
     WHERE p.source_key = $1 AND p.external_id = $2 ORDER BY v.id";

pub(crate) const SELECT_WIKI: &str = "SELECT lang, requested_title, summary, fetched_at FROM wiki_pages \
     WHERE lang = $1 AND requested_title = $2";

pub(crate) const UPSERT_WIKI: &str = "INSERT INTO wiki_pages (lang, requested_title, summary, fetched_at) \
     VALUES ($1, $2, $3, $4) \
     ON CONFLICT (lang, requested_title) DO UPDATE SET summary = excluded.summary, \
     fetched_at = excluded.fetched_at";

pub(crate) const UPSERT_STORY: &str = "INSERT INTO stories (id, kind, n_posts, first_seen, updated_at, story) \
     VALUES ($1, $2, $3, $4, $5, $6) \
     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, n_posts = excluded.n_posts, \
     first_seen = excluded.first_seen, updated_at = excluded.updated_at, story = excluded.story";

pub(crate) const DELETE_STORY: &str = "DELETE FROM stories WHERE id = $1";

pub(crate) const DELETE_STORY_POSTS: &str = "DELETE FROM story_posts WHERE story_id = $1";

pub(crate) const SELECT_POSTS_OF_STORY: &str =
    "SELECT post_ref FROM story_posts WHERE story_id = $1";

/// Followed by `IN ($1, $2, …)`: rows of posts that left the story they were in.
pub(crate) const DELETE_STORY_POSTS_IN: &str = "DELETE FROM story_posts WHERE post_ref IN";

/// Followed by `IN ($1, $2, …)`.
pub(crate) const SELECT_STORY_POSTS_IN: &str =
    "SELECT post_ref, story_id FROM story_posts WHERE post_ref IN";

pub(crate) const SELECT_STORIES: &str =
    "SELECT story FROM stories ORDER BY updated_at DESC, n_posts DESC, id";

pub(crate) const SELECT_STORY: &str = "SELECT story FROM stories WHERE id = $1";

pub(crate) const SELECT_STORIES_FIRST_PAGE: &str =
    "SELECT story FROM stories ORDER BY updated_at DESC, n_posts DESC, id LIMIT $1";

pub(crate) const SELECT_STORIES_PAGE_AFTER: &str = "SELECT story FROM stories \
     WHERE updated_at < $1 OR (updated_at = $1 AND (n_posts < $2 OR (n_posts = $2 AND id > $3))) \
     ORDER BY updated_at DESC, n_posts DESC, id LIMIT $4";

pub(crate) const COUNT_STORIES: &str = "SELECT COUNT(*) AS n FROM stories";

pub(crate) const INSERT_STORY_EVENT: &str =
    "INSERT INTO story_events (at, story_id, event) VALUES ($1, $2, $3)";

pub(crate) const SELECT_STORY_EVENTS: &str = "SELECT event FROM story_events ORDER BY at, id";

/// Brief versions are append-only: a version already written is never overwritten (another
/// desk wrote it; the caller revises against it and retries).
pub(crate) const INSERT_BRIEF: &str = "INSERT INTO briefs (story_id, version, generated_at, brief) \
     VALUES ($1, $2, $3, $4) \
     ON CONFLICT (story_id, version) DO NOTHING RETURNING version";

pub(crate) const SELECT_LATEST_BRIEF: &str =
    "SELECT brief FROM briefs WHERE story_id = $1 ORDER BY version DESC LIMIT 1";

pub(crate) const SELECT_BRIEF_VERSIONS: &str =
    "SELECT brief FROM briefs WHERE story_id = $1 ORDER BY version";

pub(crate) const SELECT_LATEST_BRIEFS: &str = "SELECT b.brief FROM briefs b \
     WHERE b.version = (SELECT MAX(v.version) FROM briefs v WHERE v.story_id = b.story_id) \
     ORDER BY b.generated_at DESC, b.story_id";

/// The newest latest briefs of stories that still exist, newest first.
pub(crate) const SELECT_RECENT_BRIEFS: &str = "SELECT b.brief FROM briefs b \
     WHERE b.version = (SELECT MAX(v.version) FROM briefs v WHERE v.story_id = b.story_id) \
     AND EXISTS (SELECT 1 FROM stories s WHERE s.id = b.story_id) \
     ORDER BY b.generated_at DESC, b.story_id LIMIT $1";

pub(crate) const COUNT_BRIEFS: &str = "SELECT COUNT(DISTINCT story_id) AS n FROM briefs";

/// The next revision, taken by a page commit (on PostgreSQL the row lock queues commits, so
/// revisions become visible in order).
/// Whether a commit changed any post of its source (they carry the pending revision, -1,
/// until [`STAMP_REVISION`]).
pub(crate) const ANY_PENDING: &str =
    "SELECT id FROM posts WHERE source_key = $1 AND revision < 0 LIMIT 1";

/// Gives a commit's changed posts its revision. `$1` revision, `$2` source.
pub(crate) const STAMP_REVISION: &str =
    "UPDATE posts SET revision = $1 WHERE source_key = $2 AND revision < 0";

pub(crate) const NEXT_REVISION: &str =
    "UPDATE post_revision SET n = n + 1 WHERE id = 1 RETURNING n";

pub(crate) const CURRENT_REVISION: &str = "SELECT n FROM post_revision WHERE id = 1";

/// Posts (gone ones too) changed in revisions `$1` (exclusive) to `$2` (inclusive).
pub(crate) const SELECT_POSTS_CHANGED: &str = concat!(
    "SELECT ",
    post_columns!(),
    " FROM posts p WHERE p.revision > $1 AND p.revision <= $2",
    " ORDER BY p.published_at DESC, p.source_key, p.external_id"
);

pub(crate) const SELECT_ANALYSES_IN: &str =
    "SELECT post_ref, fingerprint, analysis FROM post_analyses WHERE post_ref IN";

pub(crate) const UPSERT_ANALYSIS: &str = "INSERT INTO post_analyses (post_ref, fingerprint, analysis) \
     VALUES ($1, $2, $3) ON CONFLICT (post_ref) DO UPDATE SET fingerprint = $2, analysis = $3";

pub(crate) const DELETE_ANALYSES: &str = "DELETE FROM post_analyses RETURNING post_ref";

/// What `Store::clear_derived` empties, children first.
pub(crate) const DELETE_DERIVED: [&str; 5] = [
    "DELETE FROM story_posts",
    "DELETE FROM story_events",
    "DELETE FROM briefs",
    "DELETE FROM stories",
    "DELETE FROM post_analyses",
];

pub(crate) const SELECT_MODEL_ANSWER: &str =
    "SELECT answer FROM model_answers WHERE prompt_hash = $1";

pub(crate) const INSERT_MODEL_ANSWER: &str = "INSERT INTO model_answers \
     (prompt_hash, purpose, subject, model, prompt_version, answer, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (prompt_hash) DO NOTHING";

pub(crate) const ADD_COUNTER: &str = "INSERT INTO desk_counters (day, name, value) VALUES ($1, $2, $3) \
     ON CONFLICT (day, name) DO UPDATE SET value = desk_counters.value + excluded.value";

pub(crate) const SELECT_COUNTERS: &str =
    "SELECT day, name, value FROM desk_counters ORDER BY day, name";

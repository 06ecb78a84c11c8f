//! The SQLite backend, the embedded default: one file in WAL mode (readers never wait for the
//! writer), a busy timeout instead of "database is locked" errors, foreign keys on, and
//! write transactions that take the write lock up front. Full-text search is an FTS5 index
//! kept in step with `posts` by triggers (see the migration).

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::Sqlite;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::shared::{Dialect, SqlStore, migrator};
use crate::{Result, StoreError};

pub(crate) type SqliteStore = SqlStore<Sqlite>;

const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "init",
        include_str!("../../migrations/sqlite/0001_init.sql"),
    ),
    (
        2,
        "stories",
        include_str!("../../migrations/sqlite/0002_stories.sql"),
    ),
    (
        3,
        "briefs",
        include_str!("../../migrations/sqlite/0003_briefs.sql"),
    ),
    (
        4,
        "story posts",
        include_str!("../../migrations/sqlite/0004_story_posts.sql"),
    ),
    (
        5,
        "post revisions and analyses",
        include_str!("../../migrations/sqlite/0005_revisions_analyses.sql"),
    ),
    (
        6,
        "model answers and desk counters",
        include_str!("../../migrations/sqlite/0006_model_answers.sql"),
    ),
    (
        7,
        "leases, shared host limits and the desk lock",
        include_str!("../../migrations/sqlite/0007_workers.sql"),
    ),
];

/// How long a connection waits for another one's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Readers run in parallel in WAL mode; writes queue on SQLite's lock.
const MAX_CONNECTIONS: u32 = 4;

impl Dialect for Sqlite {
    const BACKEND: &'static str = "sqlite";
    const BEGIN_WRITE: &'static str = "BEGIN IMMEDIATE";
    const SKIP_LOCKED: &'static str = "";
    const FOR_SHARE: &'static str = "";
    const TRY_DESK_LOCK: Option<&'static str> = None;

    fn text_condition(param: usize) -> String {
        format!("p.id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ${param})")
    }

    fn text_parameter(words: &[String]) -> String {
        crate::shared::fts5_query(words)
    }
}

/// Opens (creating if needed) the database at a `sqlite:` URL and migrates it.
pub(crate) async fn open(url: &str) -> Result<SqliteStore> {
    let options = SqliteConnectOptions::from_str(url).map_err(|_| StoreError::BadUrl {
        url: url.to_string(),
    })?;
    let options = options.foreign_keys(true).busy_timeout(BUSY_TIMEOUT);
    let pool = if is_in_memory(url) {
        // Each connection to `:memory:` would be its own database: keep exactly one, forever.
        SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await?
    } else {
        create_parent_dir(options.get_filename()).await?;
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal);
        SqlitePoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .connect_with(options)
            .await?
    };
    migrator(MIGRATIONS).run(&pool).await?;
    Ok(SqlStore::new(pool))
}

/// `sqlite::memory:`, `sqlite://:memory:` or `?mode=memory`.
pub(crate) fn is_in_memory(url: &str) -> bool {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (database, params) = rest.split_once('?').unwrap_or((rest, ""));
    database == ":memory:" || params.split('&').any(|param| param == "mode=memory")
}

async fn create_parent_dir(path: &Path) -> Result<()> {
    let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    else {
        return Ok(());
    };
    tokio::fs::create_dir_all(parent)
        .await
        .map_err(|source| StoreError::CreateDir {
            path: parent.to_path_buf(),
            source,
        })
}

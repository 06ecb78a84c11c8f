//! The PostgreSQL backend, for a desk split across machines: `wiredesk serve` and
//! `wiredesk run` share one database. Full-text search is a generated `tsvector` column
//! (the 'simple' configuration: no stemming, any language) with a GIN index.

use std::str::FromStr;
use std::time::Duration;

use sqlx::Postgres;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::shared::{Dialect, SqlStore, migrator};
use crate::{Result, StoreError};

pub(crate) type PgStore = SqlStore<Postgres>;

const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "init",
        include_str!("../../migrations/postgres/0001_init.sql"),
    ),
    (
        2,
        "stories",
        include_str!("../../migrations/postgres/0002_stories.sql"),
    ),
    (
        3,
        "briefs",
        include_str!("../../migrations/postgres/0003_briefs.sql"),
    ),
    (
        4,
        "story posts",
        include_str!("../../migrations/postgres/0004_story_posts.sql"),
    ),
    (
        5,
        "post revisions and analyses",
        include_str!("../../migrations/postgres/0005_revisions_analyses.sql"),
    ),
    (
        6,
        "model answers and desk counters",
        include_str!("../../migrations/postgres/0006_model_answers.sql"),
    ),
    (
        7,
        "leases, shared host limits and the desk lock",
        include_str!("../../migrations/postgres/0007_workers.sql"),
    ),
];

const MAX_CONNECTIONS: u32 = 8;

const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);

impl Dialect for Postgres {
    const BACKEND: &'static str = "postgres";
    const BEGIN_WRITE: &'static str = "BEGIN";
    const SKIP_LOCKED: &'static str = " FOR UPDATE SKIP LOCKED";
    const FOR_SHARE: &'static str = " FOR SHARE";
    const TRY_DESK_LOCK: Option<&'static str> =
        Some("SELECT pg_try_advisory_lock(7305802947154817899) AS locked");

    fn text_condition(param: usize) -> String {
        format!("p.search @@ plainto_tsquery('simple', ${param})")
    }

    fn text_parameter(words: &[String]) -> String {
        // plainto_tsquery reads no operators, so the words go in as they are.
        words.join(" ")
    }
}

/// Connects to a `postgres://` URL and migrates the database. With `schema`, every connection
/// works inside that schema (which must exist): the tests use one schema each.
#[cfg(test)]
pub(crate) async fn open(url: &str, schema: Option<&str>) -> Result<PgStore> {
    open_pool(url, schema, None).await
}

/// [`open`] with at most `max_connections` in the pool (`None`: [`MAX_CONNECTIONS`]).
pub(crate) async fn open_pool(
    url: &str,
    schema: Option<&str>,
    max_connections: Option<u32>,
) -> Result<PgStore> {
    let mut options = PgConnectOptions::from_str(url).map_err(|_| StoreError::BadUrl {
        url: redact_password(url),
    })?;
    if let Some(schema) = schema {
        options = options.options([("search_path", schema)]);
    }
    let pool = PgPoolOptions::new()
        .max_connections(max_connections.unwrap_or(MAX_CONNECTIONS).max(2))
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(options)
        .await?;
    migrator(MIGRATIONS).run(&pool).await?;
    Ok(SqlStore::new(pool))
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`, for error messages.
pub(crate) fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else {
        return url.to_string();
    };
    match rest[..at].split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***{}", &rest[at..]),
        None => url.to_string(),
    }
}

//! The store written once over a generic `sqlx::Database`: `SqlStore<Sqlite>` and
//! `SqlStore<Postgres>` run the same queries (see `queries.rs`) and differ only in their
//! [`Dialect`]. Generic rather than a macro, so the logic reads (and fails to compile) as
//! ordinary Rust; the price is one list of trait bounds, repeated on each generic `impl` block
//! (Rust does not carry a trait's `where` clauses over to its users). Parameters are bound as
//! owned values: a bound on `&str` for every lifetime trips rustc's higher-ranked `Send` check.

mod logic;
mod queries;
mod rows;
mod workers;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::query::Query;
use sqlx::types::Json;
use sqlx::{
    AssertSqlSafe, ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Pool, Row,
    SqlSafeStr, Type,
};
use wiredesk_model::{Brief, SourceSpec, SourceState, SourceStatus, Story, StoryEvent};

use crate::{
    ArchivedBody, CachedWiki, CommitStats, FetchOutcome, FetchedBody, ModelAnswer, PageCommit,
    PostQuery, PostVersion, Result, Store, StoreError, StoredPost, StoryCursor,
};
pub(crate) use logic::fts5_query;
use logic::{PreviousVersion, Search};
use queries::*;

/// What differs between the backends' SQL.
pub(crate) trait Dialect: Database {
    /// "sqlite" or "postgres".
    const BACKEND: &'static str;
    /// Starts a transaction that writes. SQLite takes the write lock up front
    /// (`BEGIN IMMEDIATE`), so a transaction that reads first never fails to upgrade.
    const BEGIN_WRITE: &'static str;

    /// Appended to a `SELECT` of rows to claim: PostgreSQL locks them and skips rows another
    /// transaction holds (`FOR UPDATE SKIP LOCKED`); SQLite's writer holds the whole database.
    const SKIP_LOCKED: &'static str;
    /// Appended to the read of the desk epoch in a story or brief write: PostgreSQL shares
    /// the row lock (`FOR SHARE`) so that a desk taking over waits for a write under way.
    const FOR_SHARE: &'static str;
    /// The statement that takes the desk's session lock and answers `locked` (a boolean), or
    /// `None` when one process holds the database anyway (SQLite).
    const TRY_DESK_LOCK: Option<&'static str>;

    /// A condition on posts `p` that keeps those matching the full-text parameter `$param`.
    fn text_condition(param: usize) -> String;
    /// The value to bind for [`Dialect::text_condition`], from the query's words.
    fn text_parameter(words: &[String]) -> String;
}

/// A value the store can bind as a parameter.
pub(crate) trait Bind<DB: Database>: for<'q> Encode<'q, DB> + Type<DB> + Send {}
impl<DB: Database, T: for<'q> Encode<'q, DB> + Type<DB> + Send> Bind<DB> for T {}

/// A value the store can bind and read back.
pub(crate) trait Column<DB: Database>: Bind<DB> + for<'r> Decode<'r, DB> {}
impl<DB: Database, T: Bind<DB> + for<'r> Decode<'r, DB>> Column<DB> for T {}

/// A pool plus the generic implementation of [`Store`].
pub(crate) struct SqlStore<DB: Database> {
    pub(crate) pool: Pool<DB>,
    /// This handle's number in the process ([`Store::instance`]).
    pub(crate) instance: u64,
    /// The desk lock, when this handle holds it: the connection holding PostgreSQL's session
    /// lock, and the fencing epoch its writes check (0: no desk lock taken).
    pub(crate) desk: workers::DeskLock<DB>,
}

impl<DB: Database> SqlStore<DB> {
    pub(crate) fn new(pool: Pool<DB>) -> SqlStore<DB> {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        SqlStore {
            pool,
            instance: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            desk: workers::DeskLock::default(),
        }
    }
}

/// Builds a migrator from migrations embedded with `include_str!`, in version order.
/// (Listing them by hand instead of `sqlx::migrate!` keeps sqlx's proc-macro crates out of the
/// build.)
pub(crate) fn migrator(migrations: &[(i64, &'static str, &'static str)]) -> Migrator {
    let migrations = migrations
        .iter()
        .map(|&(version, description, sql)| {
            Migration::new(
                version,
                Cow::Borrowed(description),
                MigrationType::Simple,
                sql.into_sql_str(),
                false,
            )
        })
        .collect();
    Migrator::with_migrations(migrations)
}

fn json<T: Serialize>(value: &T, what: &str) -> Result<Json<Value>> {
    serde_json::to_value(value)
        .map(Json)
        .map_err(|error| StoreError::Encode(format!("{what}: {error}")))
}

fn json_opt<T: Serialize>(value: Option<&T>, what: &str) -> Result<Option<Json<Value>>> {
    value.map(|value| json(value, what)).transpose()
}

fn to_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

impl<DB> SqlStore<DB>
where
    DB: Dialect,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    &'static str: ColumnIndex<DB::Row>,
    String: Column<DB>,
    i64: Column<DB>,
    bool: Column<DB>,
    Vec<u8>: Column<DB>,
    DateTime<Utc>: Column<DB>,
    Json<Value>: Column<DB>,
    Option<i64>: Bind<DB>,
    Option<String>: Bind<DB>,
    Option<DateTime<Utc>>: Bind<DB>,
    Option<Json<Value>>: Bind<DB>,
{
    /// `sql` with text parameters `$1`, `$2`… bound to `keys`.
    fn keyed(sql: &'static str, keys: &[&str]) -> Query<'static, DB, DB::Arguments> {
        keys.iter().fold(sqlx::query::<DB>(sql), |query, key| {
            query.bind(key.to_string())
        })
    }

    /// One source row, `NoSuchSource` when the statement touched none.
    async fn source_row(
        &self,
        key: &str,
        query: Query<'_, DB, DB::Arguments>,
    ) -> Result<SourceState> {
        match query.fetch_optional(&self.pool).await? {
            Some(row) => Self::source_state(&row),
            None => Err(StoreError::NoSuchSource {
                key: key.to_string(),
            }),
        }
    }

    /// Writes one post of a page and counts it in `stats`.
    async fn commit_post(
        connection: &mut DB::Connection,
        page: &PageCommit,
        post: &wiredesk_model::Post,
        stats: &mut CommitStats,
    ) -> Result<()> {
        let post_json = json(post, "post")?;
        let seq = logic::sequence_number(&post.id);
        let stored = sqlx::query::<DB>(SELECT_POST_FOR_COMMIT)
            .bind(page.source_key.clone())
            .bind(post.id.clone())
            .fetch_optional(&mut *connection)
            .await?;
        let Some(stored) = stored else {
            sqlx::query::<DB>(INSERT_POST)
                .bind(page.source_key.clone())
                .bind(post.id.clone())
                .bind(seq)
                .bind(post_json)
                .bind(post.text.clone())
                .bind(post.title.clone())
                .bind(post.published_at)
                .bind(page.fetched_at)
                .bind(page.archive_sha256.clone())
                .execute(&mut *connection)
                .await?;
            stats.inserted += 1;
            return Ok(());
        };

        let post_id: i64 = stored.try_get("id")?;
        let previous_text: String = stored.try_get("text")?;
        let previous_title: Option<String> = stored.try_get("title")?;
        let previous_post: Json<Value> = stored.try_get("post")?;
        let previous = PreviousVersion {
            text: &previous_text,
            title: previous_title.as_deref(),
            edited: previous_post
                .0
                .get("edited")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        };
        // Both updates start with the same six parameters.
        let update = |sql: &'static str| {
            sqlx::query::<DB>(sql)
                .bind(post_id)
                .bind(seq)
                .bind(post_json)
                .bind(post.published_at)
                .bind(page.fetched_at)
                .bind(page.archive_sha256.clone())
        };
        if !logic::is_edit(&previous, post) {
            update(UPDATE_POST_IN_PLACE)
                .execute(&mut *connection)
                .await?;
            stats.unchanged += 1;
            return Ok(());
        }

        let previous_seen_at: DateTime<Utc> = stored.try_get("last_seen_at")?;
        let previous_archive: Option<String> = stored.try_get("archive_sha256")?;
        sqlx::query::<DB>(INSERT_POST_VERSION)
            .bind(post_id)
            .bind(previous_text)
            .bind(previous_title)
            .bind(previous_seen_at)
            .bind(previous_archive)
            .execute(&mut *connection)
            .await?;
        update(UPDATE_POST_EDITED)
            .bind(post.text.clone())
            .bind(post.title.clone())
            .execute(&mut *connection)
            .await?;
        stats.edited += 1;
        Ok(())
    }

    /// Marks stored posts inside the page's id range that the page no longer carries.
    async fn mark_gone(
        connection: &mut DB::Connection,
        page: &PageCommit,
        (lowest, highest): (i64, i64),
    ) -> Result<u64> {
        let mut sql = String::from(MARK_GONE);
        if !page.posts.is_empty() {
            sql.push_str(" AND external_id NOT IN (");
            for post_idx in 0..page.posts.len() {
                let separator = if post_idx == 0 { "" } else { ", " };
                let _ = write!(sql, "{separator}${}", post_idx + 5);
            }
            sql.push(')');
        }
        sql.push_str(" RETURNING id");
        let mut query = sqlx::query::<DB>(AssertSqlSafe(sql))
            .bind(page.source_key.clone())
            .bind(page.fetched_at)
            .bind(lowest)
            .bind(highest);
        for post in &page.posts {
            query = query.bind(post.id.clone());
        }
        let marked = query.fetch_all(&mut *connection).await?;
        Ok(marked.len() as u64)
    }
}

#[async_trait]
impl<DB> Store for SqlStore<DB>
where
    DB: Dialect,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    DB::Arguments: IntoArguments<DB>,
    &'static str: ColumnIndex<DB::Row>,
    String: Column<DB>,
    i64: Column<DB>,
    bool: Column<DB>,
    Vec<u8>: Column<DB>,
    DateTime<Utc>: Column<DB>,
    Json<Value>: Column<DB>,
    Option<i64>: Bind<DB>,
    Option<String>: Bind<DB>,
    Option<DateTime<Utc>>: Bind<DB>,
    Option<Json<Value>>: Bind<DB>,
{
    fn backend(&self) -> &'static str {
        DB::BACKEND
    }

    fn instance(&self) -> u64 {
        self.instance
    }

    async fn upsert_source(&self, spec: &SourceSpec) -> Result<SourceState> {
        let key = spec.kind.key();
        let query = sqlx::query::<DB>(UPSERT_SOURCE)
            .bind(key.clone())
            .bind(spec.kind.kind_name().to_string())
            .bind(json(spec, "source spec")?)
            .bind(json(&SourceStatus::New, "source status")?)
            .bind(logic::spread(&key));
        self.source_row(&key, query).await
    }

    async fn sources(&self) -> Result<Vec<SourceState>> {
        let found = sqlx::query::<DB>(SELECT_SOURCES)
            .fetch_all(&self.pool)
            .await?;
        found.iter().map(Self::source_state).collect()
    }

    async fn source(&self, key: &str) -> Result<Option<SourceState>> {
        let found = Self::keyed(SELECT_SOURCE, &[key])
            .fetch_optional(&self.pool)
            .await?;
        found.as_ref().map(Self::source_state).transpose()
    }

    async fn remove_source(&self, key: &str) -> Result<bool> {
        let removed = Self::keyed(DELETE_SOURCE, &[key])
            .fetch_optional(&self.pool)
            .await?;
        Ok(removed.is_some())
    }

    async fn set_paused(&self, key: &str, paused: bool) -> Result<SourceState> {
        let query = if paused {
            Self::keyed(PAUSE_SOURCE, &[key])
        } else {
            Self::keyed(RESUME_SOURCE, &[key])
                .bind(json(&SourceStatus::Ok, "source status")?)
                .bind(json(&SourceStatus::New, "source status")?)
        };
        self.source_row(key, query).await
    }

    async fn record_fetch(
        &self,
        key: &str,
        outcome: &FetchOutcome,
        lease: Option<i64>,
    ) -> Result<SourceState> {
        let query = match outcome {
            FetchOutcome::Success {
                at,
                next_attempt_at,
                etag,
                last_modified,
                status,
            } => Self::keyed(RECORD_SUCCESS, &[key])
                .bind(*at)
                .bind(*next_attempt_at)
                .bind(etag.clone())
                .bind(last_modified.clone())
                .bind(json(status, "source status")?)
                .bind(lease),
            FetchOutcome::Failure {
                at,
                error,
                next_attempt_at,
                pause_after,
            } => Self::keyed(RECORD_FAILURE, &[key])
                .bind(*at)
                .bind(*next_attempt_at)
                .bind(error.clone())
                .bind(i64::from(*pause_after))
                .bind(json(&SourceStatus::Paused, "source status")?)
                .bind(json(&SourceStatus::Failing, "source status")?)
                .bind(lease),
            FetchOutcome::Deferred {
                at,
                reason,
                next_attempt_at,
            } => Self::keyed(RECORD_DEFERRED, &[key])
                .bind(*at)
                .bind(*next_attempt_at)
                .bind(reason.clone())
                .bind(lease),
        };
        match query.fetch_optional(&self.pool).await? {
            Some(row) => Self::source_state(&row),
            None => Err(self.missing_or_lost(key, lease).await),
        }
    }

    async fn claim_sources(
        &self,
        owner: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<SourceState>> {
        self.claim(owner, now, until, limit).await
    }

    async fn release_leases(&self, owner: &str) -> Result<u64> {
        self.release(owner).await
    }

    async fn leases(&self) -> Result<Vec<crate::LeaseRow>> {
        self.lease_rows().await
    }

    async fn host_enter(
        &self,
        host: &str,
        holder: &str,
        concurrency: u32,
        now: DateTime<Utc>,
        hold_until: DateTime<Utc>,
    ) -> Result<crate::HostTurn> {
        self.enter_host(host, holder, concurrency, now, hold_until)
            .await
    }

    async fn host_renew(
        &self,
        host: &str,
        slot: u32,
        holder: &str,
        hold_until: DateTime<Utc>,
    ) -> Result<bool> {
        self.renew_host(host, slot, holder, hold_until).await
    }

    async fn host_leave(
        &self,
        host: &str,
        slot: u32,
        holder: &str,
        next_start: DateTime<Utc>,
    ) -> Result<()> {
        self.leave_host(host, slot, holder, next_start).await
    }

    async fn host_retry_at(&self, host: &str) -> Result<Option<DateTime<Utc>>> {
        self.retry_at(host).await
    }

    async fn set_host_retry_at(&self, host: &str, at: DateTime<Utc>) -> Result<()> {
        self.put_retry_at(host, at).await
    }

    async fn take_desk_lock(&self, holder: &str, now: DateTime<Utc>) -> Result<Option<i64>> {
        self.take_desk(holder, now).await
    }

    async fn desk_lock_held(&self) -> Result<bool> {
        self.still_desk().await
    }

    async fn release_desk_lock(&self) -> Result<()> {
        self.give_back_desk().await
    }

    async fn desk_holder(&self) -> Result<(Option<String>, i64)> {
        self.holder().await
    }

    async fn archive(&self, body: &FetchedBody<'_>) -> Result<String> {
        let sha256 = logic::sha256_hex(body.body);
        let known = sqlx::query::<DB>(ARCHIVE_EXISTS)
            .bind(sha256.clone())
            .fetch_optional(&self.pool)
            .await?;
        if known.is_some() {
            return Ok(sha256);
        }
        let compressed = logic::gzip(body.body)?;
        sqlx::query::<DB>(INSERT_ARCHIVE)
            .bind(sha256.clone())
            .bind(body.url.to_string())
            .bind(i64::from(body.status))
            .bind(body.fetched_at)
            .bind(body.content_type.map(str::to_string))
            .bind(to_i64(body.body.len() as u64))
            .bind(compressed)
            .execute(&self.pool)
            .await?;
        Ok(sha256)
    }

    async fn archived(&self, sha256: &str) -> Result<Option<ArchivedBody>> {
        let found = Self::keyed(SELECT_ARCHIVE, &[sha256])
            .fetch_optional(&self.pool)
            .await?;
        found.as_ref().map(Self::archived_body).transpose()
    }

    async fn prune_archive(&self, before: DateTime<Utc>) -> Result<u64> {
        let deleted = sqlx::query::<DB>(PRUNE_ARCHIVE)
            .bind(before)
            .fetch_all(&self.pool)
            .await?;
        Ok(deleted.len() as u64)
    }

    async fn model_answer(&self, prompt_hash: &str) -> Result<Option<String>> {
        let found = sqlx::query::<DB>(SELECT_MODEL_ANSWER)
            .bind(prompt_hash.to_owned())
            .fetch_optional(&self.pool)
            .await?;
        Ok(match found {
            Some(row) => Some(row.try_get("answer")?),
            None => None,
        })
    }

    async fn put_model_answer(&self, answer: &ModelAnswer) -> Result<()> {
        sqlx::query::<DB>(INSERT_MODEL_ANSWER)
            .bind(answer.prompt_hash.clone())
            .bind(answer.purpose.clone())
            .bind(answer.subject.clone())
            .bind(answer.model.clone())
            .bind(answer.prompt_version.clone())
            .bind(answer.answer.clone())
            .bind(answer.created_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn add_counters(&self, day: &str, deltas: &[(String, i64)]) -> Result<()> {
        let mut transaction = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        for (name, delta) in deltas {
            sqlx::query::<DB>(ADD_COUNTER)
                .bind(day.to_owned())
                .bind(name.clone())
                .bind(*delta)
                .execute(&mut *transaction)
                .await?;
        }
        transaction.commit().await?;
        Ok(())
    }

    async fn counters(&self) -> Result<Vec<(String, String, i64)>> {
        let rows = sqlx::query::<DB>(SELECT_COUNTERS)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("day")?,
                    row.try_get("name")?,
                    row.try_get("value")?,
                ))
            })
            .collect()
    }

    async fn clear_derived(&self) -> Result<()> {
        let mut transaction = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        for statement in DELETE_DERIVED {
            sqlx::query::<DB>(statement)
                .execute(&mut *transaction)
                .await?;
        }
        transaction.commit().await?;
        Ok(())
    }

    async fn commit_page(&self, page: &PageCommit) -> Result<CommitStats> {
        let cursor = page.cursor.clone().map(Json);
        let channel = json_opt(page.channel.as_ref(), "channel info")?;
        let feed = json_opt(page.feed.as_ref(), "feed info")?;

        // Dropping `transaction` before `commit` (an error below, a cancelled task) rolls back.
        let mut transaction = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        let source = sqlx::query::<DB>(UPDATE_SOURCE_FROM_PAGE)
            .bind(page.source_key.clone())
            .bind(cursor)
            .bind(channel)
            .bind(feed)
            .bind(page.lease)
            .fetch_optional(&mut *transaction)
            .await?;
        if source.is_none() {
            drop(transaction);
            return Err(self.missing_or_lost(&page.source_key, page.lease).await);
        }
        // The posts this commit changes carry the pending revision (-1); they take the next
        // revision last. Its counter's row lock queues commits, so revisions become visible
        // in order, and taking it last holds that lock only for the stamp and the commit:
        // fetchers sharing one database write their pages side by side.
        let mut stats = CommitStats::default();
        for post in &page.posts {
            Self::commit_post(&mut transaction, page, post, &mut stats).await?;
        }
        if let Some(range) = page.covered_range {
            stats.marked_gone = Self::mark_gone(&mut transaction, page, range).await?;
        }
        let pending = sqlx::query::<DB>(ANY_PENDING)
            .bind(page.source_key.clone())
            .fetch_optional(&mut *transaction)
            .await?;
        if pending.is_some() {
            let revision: i64 = sqlx::query::<DB>(NEXT_REVISION)
                .fetch_one(&mut *transaction)
                .await?
                .try_get("n")?;
            sqlx::query::<DB>(STAMP_REVISION)
                .bind(revision)
                .bind(page.source_key.clone())
                .execute(&mut *transaction)
                .await?;
        }
        transaction.commit().await?;
        Ok(stats)
    }

    async fn posts(&self, query: &PostQuery) -> Result<Vec<StoredPost>> {
        let words = match logic::search_words(query.text.as_deref()) {
            Search::All => None,
            Search::Nothing => return Ok(Vec::new()),
            Search::Words(words) => Some(words),
        };
        let mut sql = String::from(SELECT_POSTS);
        let mut n_params = 0;
        let mut next_param = || {
            n_params += 1;
            n_params
        };
        if query.source_key.is_some() {
            let _ = write!(sql, " AND p.source_key = ${}", next_param());
        }
        if query.since.is_some() {
            let _ = write!(sql, " AND p.published_at >= ${}", next_param());
        }
        if query.until.is_some() {
            let _ = write!(sql, " AND p.published_at < ${}", next_param());
        }
        if !query.include_gone {
            sql.push_str(" AND p.gone_at IS NULL");
        }
        if words.is_some() {
            let _ = write!(sql, " AND {}", DB::text_condition(next_param()));
        }
        sql.push_str(POSTS_ORDER);
        if query.limit.is_some() {
            let _ = write!(sql, " LIMIT ${}", next_param());
        }

        // Bind in the order the placeholders were numbered above.
        let mut select = sqlx::query::<DB>(AssertSqlSafe(sql));
        if let Some(source_key) = &query.source_key {
            select = select.bind(source_key.clone());
        }
        if let Some(since) = query.since {
            select = select.bind(since);
        }
        if let Some(until) = query.until {
            select = select.bind(until);
        }
        if let Some(words) = &words {
            select = select.bind(DB::text_parameter(words));
        }
        if let Some(limit) = query.limit {
            select = select.bind(to_i64(limit));
        }
        let found = select.fetch_all(&self.pool).await?;
        found.iter().map(Self::stored_post).collect()
    }

    async fn post_revision(&self) -> Result<i64> {
        let row = sqlx::query::<DB>(CURRENT_REVISION)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    async fn posts_changed(&self, after: i64, until: i64) -> Result<Vec<StoredPost>> {
        let found = sqlx::query::<DB>(SELECT_POSTS_CHANGED)
            .bind(after)
            .bind(until)
            .fetch_all(&self.pool)
            .await?;
        found.iter().map(Self::stored_post).collect()
    }

    async fn post_analyses(&self, references: &[String]) -> Result<HashMap<String, (i64, String)>> {
        let mut found = HashMap::new();
        // In chunks, well under every backend's limit on parameters.
        for chunk in references.chunks(500) {
            let mut select =
                sqlx::query::<DB>(AssertSqlSafe(in_list(SELECT_ANALYSES_IN, chunk.len())));
            for reference in chunk {
                select = select.bind(reference.to_lowercase());
            }
            for row in select.fetch_all(&self.pool).await? {
                let post: String = row.try_get("post_ref")?;
                let fingerprint: i64 = row.try_get("fingerprint")?;
                let analysis: String = row.try_get("analysis")?;
                found.insert(post, (fingerprint, analysis));
            }
        }
        Ok(found)
    }

    async fn put_post_analyses(&self, analyses: &[(String, i64, String)]) -> Result<()> {
        let mut transaction = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        for (reference, fingerprint, analysis) in analyses {
            sqlx::query::<DB>(UPSERT_ANALYSIS)
                .bind(reference.to_lowercase())
                .bind(*fingerprint)
                .bind(analysis.clone())
                .execute(&mut *transaction)
                .await?;
        }
        transaction.commit().await?;
        Ok(())
    }

    async fn clear_post_analyses(&self) -> Result<u64> {
        let deleted = sqlx::query::<DB>(DELETE_ANALYSES)
            .fetch_all(&self.pool)
            .await?;
        Ok(deleted.len() as u64)
    }

    async fn post(&self, source_key: &str, id: &str) -> Result<Option<StoredPost>> {
        let found = Self::keyed(SELECT_POST, &[source_key, id])
            .fetch_optional(&self.pool)
            .await?;
        found.as_ref().map(Self::stored_post).transpose()
    }

    async fn post_versions(&self, source_key: &str, id: &str) -> Result<Vec<PostVersion>> {
        let found = Self::keyed(SELECT_POST_VERSIONS, &[source_key, id])
            .fetch_all(&self.pool)
            .await?;
        found.iter().map(Self::post_version).collect()
    }

    async fn wiki_get(&self, lang: &str, title: &str) -> Result<Option<CachedWiki>> {
        let found = Self::keyed(SELECT_WIKI, &[lang, title])
            .fetch_optional(&self.pool)
            .await?;
        found.as_ref().map(Self::cached_wiki).transpose()
    }

    async fn wiki_put(&self, entry: &CachedWiki) -> Result<()> {
        sqlx::query::<DB>(UPSERT_WIKI)
            .bind(entry.lang.clone())
            .bind(entry.requested_title.clone())
            .bind(json_opt(entry.summary.as_ref(), "wiki summary")?)
            .bind(entry.fetched_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn put_stories(
        &self,
        stories: &[Story],
        removed: &[String],
        events: &[StoryEvent],
    ) -> Result<()> {
        let mut transaction = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        if let Some(epoch) = self.desk.epoch() {
            Self::check_desk_epoch(&mut transaction, epoch).await?;
        }
        for story in stories {
            sqlx::query::<DB>(UPSERT_STORY)
                .bind(story.id.clone())
                .bind(story.kind.clone())
                .bind(to_i64(story.posts.len() as u64))
                .bind(story.first_seen)
                .bind(story.updated_at)
                .bind(json(story, "story")?)
                .execute(&mut *transaction)
                .await?;
        }
        for story in stories {
            // Only what changed: a touched story of thousands of posts usually gained a few,
            // and deleting and rewriting all its rows made writing a pass cost most of a second.
            let mut refs: Vec<String> =
                story.posts.iter().map(|post| post.to_lowercase()).collect();
            refs.sort_unstable();
            refs.dedup();
            let mut held: HashSet<String> = HashSet::new();
            for row in sqlx::query::<DB>(SELECT_POSTS_OF_STORY)
                .bind(story.id.clone())
                .fetch_all(&mut *transaction)
                .await?
            {
                held.insert(row.try_get("post_ref")?);
            }
            let wanted: HashSet<&str> = refs.iter().map(String::as_str).collect();
            let gone: Vec<&String> = held
                .iter()
                .filter(|post| !wanted.contains(post.as_str()))
                .collect();
            for chunk in gone.chunks(STORY_POSTS_PER_STATEMENT) {
                let mut query =
                    sqlx::query::<DB>(AssertSqlSafe(in_list(DELETE_STORY_POSTS_IN, chunk.len())));
                for post in chunk {
                    query = query.bind((*post).clone());
                }
                query.execute(&mut *transaction).await?;
            }
            // Many rows per statement; a post that belonged to another story moves here.
            let added: Vec<&String> = refs.iter().filter(|post| !held.contains(*post)).collect();
            for chunk in added.chunks(STORY_POSTS_PER_STATEMENT) {
                let mut query = sqlx::query::<DB>(AssertSqlSafe(upsert_story_posts(chunk.len())));
                for post in chunk {
                    query = query.bind((*post).clone()).bind(story.id.clone());
                }
                query.execute(&mut *transaction).await?;
            }
        }
        for id in removed {
            sqlx::query::<DB>(DELETE_STORY)
                .bind(id.clone())
                .execute(&mut *transaction)
                .await?;
            sqlx::query::<DB>(DELETE_STORY_POSTS)
                .bind(id.clone())
                .execute(&mut *transaction)
                .await?;
        }
        for event in events {
            sqlx::query::<DB>(INSERT_STORY_EVENT)
                .bind(event.at)
                .bind(event.story.clone())
                .bind(json(event, "story event")?)
                .execute(&mut *transaction)
                .await?;
        }
        transaction.commit().await?;
        Ok(())
    }

    async fn put_brief(&self, brief: &Brief) -> Result<()> {
        let mut transaction = self.pool.begin_with(DB::BEGIN_WRITE).await?;
        if let Some(epoch) = self.desk.epoch() {
            Self::check_desk_epoch(&mut transaction, epoch).await?;
        }
        let written = sqlx::query::<DB>(INSERT_BRIEF)
            .bind(brief.story_id.clone())
            .bind(i64::from(brief.version))
            .bind(brief.generated_at)
            .bind(json(brief, "brief")?)
            .fetch_optional(&mut *transaction)
            .await?;
        transaction.commit().await?;
        if written.is_none() {
            return Err(StoreError::VersionTaken {
                story_id: brief.story_id.clone(),
                version: brief.version,
            });
        }
        Ok(())
    }

    async fn brief(&self, story_id: &str) -> Result<Option<Brief>> {
        let found = Self::keyed(SELECT_LATEST_BRIEF, &[story_id])
            .fetch_optional(&self.pool)
            .await?;
        found
            .as_ref()
            .map(|row| Self::document(row, "brief"))
            .transpose()
    }

    async fn brief_versions(&self, story_id: &str) -> Result<Vec<Brief>> {
        let rows = Self::keyed(SELECT_BRIEF_VERSIONS, &[story_id])
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Self::document(row, "brief"))
            .collect()
    }

    async fn briefs(&self) -> Result<Vec<Brief>> {
        let rows = sqlx::query::<DB>(SELECT_LATEST_BRIEFS)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Self::document(row, "brief"))
            .collect()
    }

    async fn stories(&self) -> Result<Vec<Story>> {
        let rows = sqlx::query::<DB>(SELECT_STORIES)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Self::document(row, "story"))
            .collect()
    }

    async fn stories_page(&self, limit: u64, after: Option<&StoryCursor>) -> Result<Vec<Story>> {
        let rows = match after {
            None => {
                sqlx::query::<DB>(SELECT_STORIES_FIRST_PAGE)
                    .bind(to_i64(limit))
                    .fetch_all(&self.pool)
                    .await?
            }
            Some(cursor) => {
                sqlx::query::<DB>(SELECT_STORIES_PAGE_AFTER)
                    .bind(cursor.updated_at)
                    .bind(to_i64(cursor.n_posts))
                    .bind(cursor.id.clone())
                    .bind(to_i64(limit))
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        rows.iter()
            .map(|row| Self::document(row, "story"))
            .collect()
    }

    async fn recent_briefs(&self, limit: u64) -> Result<Vec<Brief>> {
        let rows = sqlx::query::<DB>(SELECT_RECENT_BRIEFS)
            .bind(to_i64(limit))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Self::document(row, "brief"))
            .collect()
    }

    async fn brief_count(&self) -> Result<u64> {
        let row = sqlx::query::<DB>(COUNT_BRIEFS)
            .fetch_one(&self.pool)
            .await?;
        let n: i64 = row.try_get("n")?;
        Ok(u64::try_from(n).unwrap_or_default())
    }

    async fn stories_of_posts(&self, references: &[String]) -> Result<HashMap<String, String>> {
        let mut found = HashMap::new();
        // In chunks, well under every backend's limit on parameters.
        for chunk in references.chunks(500) {
            let mut select =
                sqlx::query::<DB>(AssertSqlSafe(in_list(SELECT_STORY_POSTS_IN, chunk.len())));
            for reference in chunk {
                select = select.bind(reference.to_lowercase());
            }
            for row in select.fetch_all(&self.pool).await? {
                let post: String = row.try_get("post_ref")?;
                let story: String = row.try_get("story_id")?;
                found.insert(post, story);
            }
        }
        Ok(found)
    }

    async fn story_count(&self) -> Result<u64> {
        let row = sqlx::query::<DB>(COUNT_STORIES)
            .fetch_one(&self.pool)
            .await?;
        let n: i64 = row.try_get("n")?;
        Ok(u64::try_from(n).unwrap_or_default())
    }

    async fn story(&self, id: &str) -> Result<Option<Story>> {
        let found = Self::keyed(SELECT_STORY, &[id])
            .fetch_optional(&self.pool)
            .await?;
        found
            .as_ref()
            .map(|row| Self::document(row, "story"))
            .transpose()
    }

    async fn story_events(&self) -> Result<Vec<StoryEvent>> {
        let rows = sqlx::query::<DB>(SELECT_STORY_EVENTS)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Self::document(row, "event"))
            .collect()
    }
}

/// `select` followed by ` ($1, $2, …, $n)`: the placeholders of an `IN` list of `n` values.
/// Rows of `story_posts` written per statement.
const STORY_POSTS_PER_STATEMENT: usize = 500;

/// `INSERT INTO story_posts … VALUES ($1, $2), ($3, $4), …` for `n` rows, upserting on the post.
fn upsert_story_posts(n: usize) -> String {
    let mut sql = String::from("INSERT INTO story_posts (post_ref, story_id) VALUES ");
    for row in 0..n {
        if row > 0 {
            sql.push_str(", ");
        }
        let _ = write!(sql, "(${}, ${})", 2 * row + 1, 2 * row + 2);
    }
    sql.push_str(" ON CONFLICT (post_ref) DO UPDATE SET story_id = excluded.story_id");
    sql
}

fn in_list(select: &str, n: usize) -> String {
    let mut sql = String::from(select);
    sql.push_str(" (");
    for idx in 1..=n {
        if idx > 1 {
            sql.push_str(", ");
        }
        let _ = write!(sql, "${idx}");
    }
    sql.push(')');
    sql
}

//! Rows to model types, for any backend: JSON columns are read as `serde_json::Value` and
//! then into the model type, so a row that no longer fits the model is a `Decode` error
//! naming the row, not a panic.

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde_json::Value;
use sqlx::types::Json;
use sqlx::{ColumnIndex, Database, Row};
use wiredesk_model::SourceState;

use super::{Column, SqlStore};
use crate::{ArchivedBody, CachedWiki, PostVersion, Result, StoreError, StoredPost};

fn from_json<T: DeserializeOwned>(value: Value, what: impl FnOnce() -> String) -> Result<T> {
    serde_json::from_value(value)
        .map_err(|error| StoreError::Decode(format!("{}: {error}", what())))
}

fn from_json_opt<T: DeserializeOwned>(
    value: Option<Json<Value>>,
    what: impl FnOnce() -> String,
) -> Result<Option<T>> {
    value.map(|Json(value)| from_json(value, what)).transpose()
}

fn to_u32(value: i64, what: impl FnOnce() -> String) -> Result<u32> {
    u32::try_from(value)
        .map_err(|_| StoreError::Decode(format!("{}: {value} out of range", what())))
}

impl<DB> SqlStore<DB>
where
    DB: Database,
    &'static str: ColumnIndex<DB::Row>,
    String: Column<DB>,
    i64: Column<DB>,
    bool: Column<DB>,
    Vec<u8>: Column<DB>,
    DateTime<Utc>: Column<DB>,
    Json<Value>: Column<DB>,
{
    pub(crate) fn source_state(row: &DB::Row) -> Result<SourceState> {
        let key: String = row.try_get("key")?;
        let Json(spec): Json<Value> = row.try_get("spec")?;
        let Json(status): Json<Value> = row.try_get("status")?;
        let failures: i64 = row.try_get("consecutive_failures")?;
        Ok(SourceState {
            spec: from_json(spec, || format!("spec of source {key:?}"))?,
            status: from_json(status, || format!("status of source {key:?}"))?,
            paused: row.try_get("paused")?,
            last_fetch_at: row.try_get("last_fetch_at")?,
            last_success_at: row.try_get("last_success_at")?,
            last_error: row.try_get("last_error")?,
            consecutive_failures: to_u32(failures, || format!("failure count of source {key:?}"))?,
            next_attempt_at: row.try_get("next_attempt_at")?,
            etag: row.try_get("etag")?,
            last_modified: row.try_get("last_modified")?,
            cursor: row
                .try_get::<Option<Json<Value>>, _>("cursor")?
                .map(|Json(cursor)| cursor),
            channel: from_json_opt(row.try_get("channel")?, || {
                format!("channel of source {key:?}")
            })?,
            feed: from_json_opt(row.try_get("feed")?, || format!("feed of source {key:?}"))?,
            lease: Self::source_lease(row)?,
            key,
        })
    }

    /// The lease columns of a `sources` row, when a worker holds (or left) one.
    pub(crate) fn source_lease(row: &DB::Row) -> Result<Option<wiredesk_model::SourceLease>> {
        let Some(owner) = row.try_get::<Option<String>, _>("lease_owner")? else {
            return Ok(None);
        };
        Ok(Some(wiredesk_model::SourceLease {
            owner,
            until: row
                .try_get::<Option<DateTime<Utc>>, _>("lease_until")?
                .unwrap_or_default(),
            token: row.try_get("lease_token")?,
        }))
    }

    pub(crate) fn stored_post(row: &DB::Row) -> Result<StoredPost> {
        let source_key: String = row.try_get("source_key")?;
        let Json(post): Json<Value> = row.try_get("post")?;
        let post: wiredesk_model::Post =
            from_json(post, || format!("a post of source {source_key:?}"))?;
        let n_versions: i64 = row.try_get("n_versions")?;
        Ok(StoredPost {
            n_versions: to_u32(n_versions, || {
                format!("version count of post {}", post.reference())
            })?,
            post,
            source_key,
            first_seen_at: row.try_get("first_seen_at")?,
            last_seen_at: row.try_get("last_seen_at")?,
            gone_at: row.try_get("gone_at")?,
            archive_sha256: row.try_get("archive_sha256")?,
        })
    }

    pub(crate) fn post_version(row: &DB::Row) -> Result<PostVersion> {
        Ok(PostVersion {
            text: row.try_get("text")?,
            title: row.try_get("title")?,
            seen_at: row.try_get("seen_at")?,
            archive_sha256: row.try_get("archive_sha256")?,
        })
    }

    pub(crate) fn archived_body(row: &DB::Row) -> Result<ArchivedBody> {
        let sha256: String = row.try_get("sha256")?;
        let status: i64 = row.try_get("status")?;
        let size: i64 = row.try_get("size")?;
        let compressed: Vec<u8> = row.try_get("body")?;
        let body = super::logic::gunzip(&compressed, usize::try_from(size).unwrap_or(0), &sha256)?;
        Ok(ArchivedBody {
            status: u16::try_from(status).map_err(|_| {
                StoreError::Decode(format!(
                    "archived body {sha256}: status {status} out of range"
                ))
            })?,
            url: row.try_get("url")?,
            fetched_at: row.try_get("fetched_at")?,
            content_type: row.try_get("content_type")?,
            body,
            sha256,
        })
    }

    /// A JSON document column (`story`, `event`).
    pub(crate) fn document<T: DeserializeOwned>(row: &DB::Row, column: &'static str) -> Result<T> {
        let Json(value): Json<Value> = row.try_get(column)?;
        from_json(value, || column.to_string())
    }

    pub(crate) fn cached_wiki(row: &DB::Row) -> Result<CachedWiki> {
        let lang: String = row.try_get("lang")?;
        let requested_title: String = row.try_get("requested_title")?;
        let summary = from_json_opt(row.try_get("summary")?, || {
            format!("wiki summary {lang}:{requested_title}")
        })?;
        Ok(CachedWiki {
            summary,
            fetched_at: row.try_get("fetched_at")?,
            lang,
            requested_title,
        })
    }
}

//! What lets several workers share one database: source leases with fencing tokens, the
//! per-host request slots and 429 memory every fetcher obeys, and the desk lock.
//!
//! Why hand-written rather than a PostgreSQL job-queue crate (see ARCHITECTURE.md): a source
//! is not a job that is done once, but a row polled for ever on its own schedule, whose
//! cursor must be committed with its posts under the lease check. Queue crates (apalis,
//! sqlxmq, graphile-worker ports) keep jobs in tables of their own and would need a job per
//! poll kept in step with `sources`; the claim here is one `UPDATE … WHERE key IN (SELECT …
//! FOR UPDATE SKIP LOCKED)` on the table that already holds the schedule.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::types::Json;
use sqlx::{AssertSqlSafe, ColumnIndex, Connection, Database, Executor, IntoArguments, Row};
use wiredesk_model::SourceState;

use super::queries::*;
use super::{Bind, Column, Dialect, SqlStore};
use crate::{HostTurn, LeaseRow, Result, StoreError};

/// The desk lock a handle holds: the connection that holds PostgreSQL's session lock (none on
/// SQLite), whether it still holds it, and the fencing epoch it last took (0: never). The
/// epoch outlives the lock: a handle that lost it still has its writes checked, and refused
/// once another desk took a newer epoch.
pub(crate) struct DeskLock<DB: Database> {
    connection: Mutex<Option<DB::Connection>>,
    epoch: AtomicI64,
    held: AtomicBool,
}

impl<DB: Database> Default for DeskLock<DB> {
    fn default() -> DeskLock<DB> {
        DeskLock {
            connection: Mutex::new(None),
            epoch: AtomicI64::new(0),
            held: AtomicBool::new(false),
        }
    }
}

impl<DB: Database> DeskLock<DB> {
    fn take_connection(&self) -> Option<DB::Connection> {
        self.connection
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take()
    }

    fn put_connection(&self, connection: DB::Connection) {
        *self
            .connection
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(connection);
    }

    /// The epoch writes must check, when this handle ever took the desk lock.
    pub(crate) fn epoch(&self) -> Option<i64> {
        Some(self.epoch.load(Ordering::SeqCst)).filter(|epoch| *epoch > 0)
    }
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
    /// A fenced statement touched no row: the lease was lost if the source exists.
    pub(crate) async fn missing_or_lost(&self, key: &str, lease: Option<i64>) -> StoreError {
        if lease.is_some() {
            let exists = Self::keyed(SOURCE_EXISTS, &[key])
                .fetch_optional(&self.pool)
                .await;
            if matches!(exists, Ok(Some(_))) {
                return StoreError::LeaseLost {
                    key: key.to_string(),
                };
            }
        }
        StoreError::NoSuchSource {
            key: key.to_string(),
        }
    }

    pub(crate) async fn claim(
        &self,
        owner: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<SourceState>> {
        let sql = format!(
            "{CLAIM_SOURCES_HEAD}{}{CLAIM_SOURCES_TAIL}",
            DB::SKIP_LOCKED
        );
        let rows = sqlx::query::<DB>(AssertSqlSafe(sql))
            .bind(owner.to_string())
            .bind(now)
            .bind(until)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        let mut claimed: Vec<SourceState> =
            rows.iter().map(Self::source_state).collect::<Result<_>>()?;
        claimed.sort_by_cached_key(|state| {
            (
                state.next_attempt_at.is_some(),
                state.next_attempt_at,
                super::logic::spread(&state.key),
                state.key.clone(),
            )
        });
        Ok(claimed)
    }

    pub(crate) async fn release(&self, owner: &str) -> Result<u64> {
        let released = Self::keyed(RELEASE_LEASES, &[owner])
            .fetch_all(&self.pool)
            .await?;
        Ok(released.len() as u64)
    }

    pub(crate) async fn lease_rows(&self) -> Result<Vec<LeaseRow>> {
        let rows = sqlx::query::<DB>(SELECT_LEASES)
            .fetch_all(&self.pool)
            .await?;
        let mut leases = Vec::new();
        for row in &rows {
            if let Some(lease) = Self::source_lease(row)? {
                leases.push(LeaseRow {
                    key: row.try_get("key")?,
                    lease,
                });
            }
        }
        Ok(leases)
    }

    pub(crate) async fn enter_host(
        &self,
        host: &str,
        holder: &str,
        concurrency: u32,
        now: DateTime<Utc>,
        hold_until: DateTime<Utc>,
    ) -> Result<HostTurn> {
        let concurrency = concurrency.max(1);
        let sql = format!("{HOST_ENTER_HEAD}{}{HOST_ENTER_TAIL}", DB::SKIP_LOCKED);
        let entered = sqlx::query::<DB>(AssertSqlSafe(sql))
            .bind(host.to_string())
            .bind(i64::from(concurrency))
            .bind(holder.to_string())
            .bind(now)
            .bind(hold_until)
            .fetch_optional(&self.pool)
            .await?;
        if let Some(row) = entered {
            let slot: i64 = row.try_get("slot")?;
            return Ok(HostTurn::Entered {
                slot: u32::try_from(slot).unwrap_or(0),
            });
        }
        // No free slot: the host's slots may not exist yet (its first request anywhere).
        let free = sqlx::query::<DB>(HOST_FREE_AT)
            .bind(host.to_string())
            .bind(i64::from(concurrency))
            .bind(now)
            .fetch_one(&self.pool)
            .await?;
        let n_slots: i64 = free.try_get("n")?;
        let free_at: Option<DateTime<Utc>> = free.try_get("free_at")?;
        if n_slots < i64::from(concurrency) {
            let mut transaction = self.pool.begin_with(DB::BEGIN_WRITE).await?;
            for slot in 0..concurrency {
                sqlx::query::<DB>(INSERT_HOST_SLOT)
                    .bind(host.to_string())
                    .bind(i64::from(slot))
                    .bind(now)
                    .execute(&mut *transaction)
                    .await?;
            }
            transaction.commit().await?;
        }
        Ok(HostTurn::Wait {
            until: free_at.filter(|at| *at > now),
        })
    }

    pub(crate) async fn renew_host(
        &self,
        host: &str,
        slot: u32,
        holder: &str,
        hold_until: DateTime<Utc>,
    ) -> Result<bool> {
        let renewed = sqlx::query::<DB>(HOST_RENEW)
            .bind(host.to_string())
            .bind(i64::from(slot))
            .bind(holder.to_string())
            .bind(hold_until)
            .fetch_optional(&self.pool)
            .await?;
        Ok(renewed.is_some())
    }

    pub(crate) async fn leave_host(
        &self,
        host: &str,
        slot: u32,
        holder: &str,
        next_start: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query::<DB>(HOST_LEAVE)
            .bind(host.to_string())
            .bind(i64::from(slot))
            .bind(holder.to_string())
            .bind(next_start)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub(crate) async fn retry_at(&self, host: &str) -> Result<Option<DateTime<Utc>>> {
        let found = Self::keyed(SELECT_HOST_RETRY_AT, &[host])
            .fetch_optional(&self.pool)
            .await?;
        Ok(match found {
            Some(row) => Some(row.try_get("retry_at")?),
            None => None,
        })
    }

    pub(crate) async fn put_retry_at(&self, host: &str, at: DateTime<Utc>) -> Result<()> {
        sqlx::query::<DB>(UPSERT_HOST_RETRY_AT)
            .bind(host.to_string())
            .bind(at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub(crate) async fn take_desk(&self, holder: &str, now: DateTime<Utc>) -> Result<Option<i64>> {
        if let Some(epoch) = self.desk.epoch()
            && self.still_desk().await?
        {
            return Ok(Some(epoch));
        }
        let mut kept = None;
        if let Some(lock_sql) = DB::TRY_DESK_LOCK {
            let mut connection = self.pool.acquire().await?.detach();
            let locked: bool = sqlx::query::<DB>(lock_sql)
                .fetch_one(&mut connection)
                .await?
                .try_get("locked")?;
            if !locked {
                // Closing the connection gives back nothing: the lock is another's.
                let _ = connection.close().await;
                return Ok(None);
            }
            kept = Some(connection);
        }
        let epoch: i64 = sqlx::query::<DB>(TAKE_DESK_EPOCH)
            .bind(holder.to_string())
            .bind(now)
            .fetch_one(&self.pool)
            .await?
            .try_get("epoch")?;
        if let Some(connection) = kept {
            self.desk.put_connection(connection);
        }
        self.desk.epoch.store(epoch, Ordering::SeqCst);
        self.desk.held.store(true, Ordering::SeqCst);
        Ok(Some(epoch))
    }

    /// Pings the lock's connection; a dead one means the lock is gone.
    pub(crate) async fn still_desk(&self) -> Result<bool> {
        if !self.desk.held.load(Ordering::SeqCst) {
            return Ok(false);
        }
        if DB::TRY_DESK_LOCK.is_none() {
            return Ok(true);
        }
        let Some(mut connection) = self.desk.take_connection() else {
            self.desk.held.store(false, Ordering::SeqCst);
            return Ok(false);
        };
        match connection.ping().await {
            Ok(()) => {
                self.desk.put_connection(connection);
                Ok(true)
            }
            Err(_) => {
                self.desk.held.store(false, Ordering::SeqCst);
                Ok(false)
            }
        }
    }

    pub(crate) async fn give_back_desk(&self) -> Result<()> {
        self.desk.held.store(false, Ordering::SeqCst);
        if let Some(connection) = self.desk.take_connection() {
            // Closing the session frees its advisory lock.
            connection.close().await?;
        }
        Ok(())
    }

    pub(crate) async fn holder(&self) -> Result<(Option<String>, i64)> {
        let row = sqlx::query::<DB>(SELECT_DESK_EPOCH)
            .fetch_one(&self.pool)
            .await?;
        Ok((row.try_get("holder")?, row.try_get("epoch")?))
    }

    /// Inside a story or brief write: refuses it when another desk took over since this
    /// handle took the lock.
    pub(crate) async fn check_desk_epoch(connection: &mut DB::Connection, epoch: i64) -> Result<()>
    where
        for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    {
        let sql = format!("{SELECT_DESK_EPOCH}{}", DB::FOR_SHARE);
        let row = sqlx::query::<DB>(AssertSqlSafe(sql))
            .fetch_one(&mut *connection)
            .await?;
        let stored: i64 = row.try_get("epoch")?;
        if stored != epoch {
            return Err(StoreError::NotTheDesk);
        }
        Ok(())
    }
}

//! What one worker process shares with the others on one database: its name, the host limits
//! every fetcher obeys ([`StoreHosts`]), and the counts `/metrics` shows per worker (refreshes,
//! lock waits, leases lost), added to the store once per pass.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use wiredesk_fetch::{FetchError, HostPolicy, SharedHosts};
use wiredesk_store::{HostTurn, Store, StoreError, counter_names};

/// How long to wait before asking again when every slot of a host is held.
const HELD_POLL: Duration = Duration::from_millis(20);
/// The longest single wait between asks (a slot may come free early).
const MAX_POLL: Duration = Duration::from_millis(500);

/// This process as a worker: its name and what it counted since the last flush.
#[derive(Debug)]
pub struct Worker {
    pub name: String,
    fetches: AtomicU64,
    host_waits: AtomicU64,
    desk_waits: AtomicU64,
    leases_lost: AtomicU64,
}

impl Worker {
    pub fn new(name: String) -> Worker {
        Worker {
            name,
            fetches: AtomicU64::new(0),
            host_waits: AtomicU64::new(0),
            desk_waits: AtomicU64::new(0),
            leases_lost: AtomicU64::new(0),
        }
    }

    pub fn count_fetch(&self) {
        self.fetches.fetch_add(1, Ordering::Relaxed);
    }

    pub fn count_lease_lost(&self) {
        self.leases_lost.fetch_add(1, Ordering::Relaxed);
    }

    pub fn count_desk_wait(&self) {
        self.desk_waits.fetch_add(1, Ordering::Relaxed);
    }

    /// Adds what was counted since the last flush to the store's counters for `now`'s day.
    pub async fn flush(&self, store: &dyn Store, now: DateTime<Utc>) -> Result<(), StoreError> {
        let take = |counter: &AtomicU64| counter.swap(0, Ordering::Relaxed) as i64;
        let deltas: Vec<(String, i64)> = [
            (
                format!("{}{}", counter_names::FETCHES_PREFIX, self.name),
                take(&self.fetches),
            ),
            (
                counter_names::HOST_LOCK_WAITS.to_string(),
                take(&self.host_waits),
            ),
            (
                counter_names::DESK_LOCK_WAITS.to_string(),
                take(&self.desk_waits),
            ),
            (
                counter_names::LEASES_LOST.to_string(),
                take(&self.leases_lost),
            ),
        ]
        .into_iter()
        .filter(|(_, delta)| *delta != 0)
        .collect();
        if deltas.is_empty() {
            return Ok(());
        }
        store
            .add_counters(&now.format("%Y-%m-%d").to_string(), &deltas)
            .await
    }
}

/// Host limits and 429 memory held in the store, so that every fetcher on one database keeps
/// them together (the Telegram preview host sees one request at a time from all of them).
/// Times are this machine's clock: workers on several machines need their clocks in step
/// (NTP), as leases do.
pub struct StoreHosts {
    store: Arc<dyn Store>,
    worker: Arc<Worker>,
    /// How long a slot stays held after its holder's last word: a request that runs longer
    /// renews its hold every half of it, so a slot whose holder died comes free this soon.
    hold: Duration,
    /// The renewal task of each slot held, stopped when the slot is given back.
    renewals: std::sync::Mutex<HashMap<(String, u32), tokio::task::JoinHandle<()>>>,
}

impl StoreHosts {
    pub fn new(store: Arc<dyn Store>, worker: Arc<Worker>, hold: Duration) -> StoreHosts {
        StoreHosts {
            store,
            worker,
            hold: hold.max(Duration::from_millis(200)),
            renewals: Default::default(),
        }
    }

    fn renewals(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<(String, u32), tokio::task::JoinHandle<()>>> {
        self.renewals
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Renews the hold on `slot` every half hold until stopped.
    fn keep_held(&self, host: &str, slot: u32) {
        let store = Arc::clone(&self.store);
        let holder = self.worker.name.clone();
        let hold = self.hold;
        let host_name = host.to_string();
        let task = tokio::spawn(async move {
            let hold_for =
                chrono::Duration::from_std(hold).unwrap_or(chrono::Duration::seconds(30));
            loop {
                tokio::time::sleep(hold / 2).await;
                match store
                    .host_renew(&host_name, slot, &holder, Utc::now() + hold_for)
                    .await
                {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(error) => {
                        tracing::warn!(host = %host_name, error = %error, "could not renew a host slot");
                    }
                }
            }
        });
        if let Some(previous) = self.renewals().insert((host.to_string(), slot), task) {
            previous.abort();
        }
    }
}

fn shared_error(host: &str, error: StoreError) -> FetchError {
    FetchError::Shared {
        host: host.to_string(),
        message: error.to_string(),
    }
}

#[async_trait::async_trait]
impl SharedHosts for StoreHosts {
    async fn enter(&self, host: &str, policy: HostPolicy) -> Result<u32, FetchError> {
        let concurrency = u32::try_from(policy.concurrency).unwrap_or(u32::MAX).max(1);
        let hold = chrono::Duration::from_std(self.hold).unwrap_or(chrono::Duration::minutes(5));
        let mut waited = false;
        loop {
            let now = Utc::now();
            let turn = self
                .store
                .host_enter(host, &self.worker.name, concurrency, now, now + hold)
                .await
                .map_err(|error| shared_error(host, error))?;
            let wait = match turn {
                HostTurn::Entered { slot } => {
                    if waited {
                        self.worker.host_waits.fetch_add(1, Ordering::Relaxed);
                    }
                    self.keep_held(host, slot);
                    return Ok(slot);
                }
                HostTurn::Wait { until: Some(until) } => {
                    (until - now).to_std().unwrap_or_default().min(MAX_POLL)
                }
                HostTurn::Wait { until: None } => HELD_POLL,
            };
            waited = true;
            tokio::time::sleep(wait.max(Duration::from_millis(1))).await;
        }
    }

    async fn leave(&self, host: &str, slot: u32, policy: HostPolicy) {
        if let Some(renewal) = self.renewals().remove(&(host.to_string(), slot)) {
            renewal.abort();
        }
        let next_start =
            Utc::now() + chrono::Duration::from_std(policy.min_delay).unwrap_or_default();
        if let Err(error) = self
            .store
            .host_leave(host, slot, &self.worker.name, next_start)
            .await
        {
            // The slot comes free by itself when its hold time passes.
            tracing::warn!(host, error = %error, "could not give a host slot back");
        }
    }

    async fn retry_at(&self, host: &str) -> Option<SystemTime> {
        match self.store.host_retry_at(host).await {
            Ok(at) => at.map(SystemTime::from),
            Err(error) => {
                tracing::warn!(host, error = %error, "could not read the host's 429 memory");
                None
            }
        }
    }

    async fn rate_limited(&self, host: &str, at: SystemTime) {
        if let Err(error) = self
            .store
            .set_host_retry_at(host, DateTime::<Utc>::from(at))
            .await
        {
            tracing::warn!(host, error = %error, "could not share a 429");
        }
    }
}

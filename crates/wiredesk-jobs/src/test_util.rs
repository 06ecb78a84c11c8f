//! Test helpers: a desk on a temporary SQLite store whose fetcher talks to a loopback server.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use wiredesk_fetch::FetcherBuilder;
use wiredesk_test_support::TestServer;

use crate::Desk;
use crate::config::Config;

pub(crate) const NOW: fn() -> DateTime<Utc> =
    || Utc.with_ymd_and_hms(2026, 7, 1, 9, 30, 0).unwrap();

pub(crate) struct Harness {
    pub desk: Desk,
    pub server: TestServer,
    _dir: tempfile::TempDir,
}

pub(crate) async fn harness() -> Harness {
    let server = TestServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("store.db").display());
    let store = wiredesk_store::open(&url).await.unwrap();
    let mut config = Config::default();
    config.telegram.base_url = server.url("");
    config.telegram.page_delay_ms = 0;
    config.fetch.allow_private_addresses = true;
    config.fetch.max_consecutive_failures = 3;
    let fetcher = FetcherBuilder::new()
        .allow_private_addresses(true)
        .timeout(std::time::Duration::from_millis(500))
        .connect_timeout(std::time::Duration::from_millis(500))
        .default_min_delay(std::time::Duration::ZERO)
        .build()
        .unwrap();
    let desk = Desk {
        store: Arc::from(store),
        fetch: Arc::new(fetcher),
        config: Arc::new(config),
        background: Default::default(),
        analyst: Default::default(),
    };
    Harness {
        desk,
        server,
        _dir: dir,
    }
}

pub(crate) use wiredesk_test_support::telegram_page::{PagePost, preview_page};

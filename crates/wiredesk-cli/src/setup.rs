//! Everything a command needs before it starts: logging, the configuration, the store, the
//! fetcher. The only place that reads the environment (besides clap's `env` flags).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use indicatif::MultiProgress;
use tracing_subscriber::EnvFilter;
use wiredesk_fetch::{Fetch, FetcherBuilder, HostPolicy};
use wiredesk_jobs::Desk;
use wiredesk_jobs::config::Config;
use wiredesk_jobs::workers::{StoreHosts, Worker};
use wiredesk_store::Store;

use crate::args::Global;

/// Installs the log subscriber: to stderr, through `progress` so bars and logs do not tear.
pub fn init_logging(global: &Global, progress: MultiProgress) {
    let default = match (global.quiet, global.verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        _ => "trace",
    };
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(format!("{default},sqlx=warn,hyper=warn,reqwest=warn")));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(move || ProgressWriter {
            progress: progress.clone(),
            buffer: Vec::new(),
        })
        .with_target(false)
        .init();
}

/// Writes log lines above any progress bar.
struct ProgressWriter {
    progress: MultiProgress,
    buffer: Vec<u8>,
}

impl Write for ProgressWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let buffer = std::mem::take(&mut self.buffer);
        self.progress
            .suspend(|| std::io::stderr().write_all(&buffer))
    }
}

impl Drop for ProgressWriter {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// Reads the configuration: the given file, or built-in defaults when the default path does
/// not exist. Every problem is reported at once.
pub fn load_config(path: &Path) -> anyhow::Result<Config> {
    if !path.exists() {
        if path == Path::new("wiredesk.toml") {
            return Ok(Config::default());
        }
        bail!("configuration file {} does not exist", path.display());
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Config::from_toml_str(&text)
        .map_err(|errors| anyhow::anyhow!("invalid configuration {}:\n{errors}", path.display()))
}

/// The data directory for the embedded store: `$WIREDESK_DATA_DIR`, else
/// `$XDG_DATA_HOME/wiredesk`, else `~/.local/share/wiredesk`, else `./.wiredesk`.
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("WIREDESK_DATA_DIR") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_DATA_HOME") {
        return PathBuf::from(dir).join("wiredesk");
    }
    if let Some(home) = std::env::var_os("HOME") {
        return PathBuf::from(home).join(".local/share/wiredesk");
    }
    PathBuf::from(".wiredesk")
}

/// The store URL: `--store`/`WIREDESK_STORE`, then the configuration, then the embedded default.
pub fn store_url(global: &Global, config: &Config) -> String {
    if let Some(url) = &global.store {
        return url.clone();
    }
    if let Some(url) = &config.store.url {
        return url.clone();
    }
    format!("sqlite://{}", data_dir().join("wiredesk.db").display())
}

pub async fn open_store(url: &str, max_connections: Option<u32>) -> anyhow::Result<Arc<dyn Store>> {
    let store = wiredesk_store::open_with(url, max_connections)
        .await
        .with_context(|| format!("cannot open store {}", redact(url)))?;
    Ok(Arc::from(store))
}

/// A store URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

pub fn build_fetcher(config: &Config) -> anyhow::Result<Arc<dyn Fetch>> {
    let fetcher = fetcher_builder(config)
        .build()
        .context("cannot build the HTTP client")?;
    Ok(Arc::new(fetcher))
}

/// The fetcher of a worker sharing one database with others: each host's request slots and
/// 429 memory are held in the store, so that all fetchers together keep the host's limits.
pub fn build_shared_fetcher(
    config: &Config,
    store: &Arc<dyn Store>,
    worker: &Arc<Worker>,
) -> anyhow::Result<Arc<dyn Fetch>> {
    let mut builder = fetcher_builder(config);
    // A slot whose holder died comes free within a lease: a running request renews it.
    let hold = Duration::from_secs(config.run.lease_secs.clamp(1, 30));
    builder.shared_hosts(Arc::new(StoreHosts::new(
        Arc::clone(store),
        Arc::clone(worker),
        hold,
    )));
    let fetcher = builder.build().context("cannot build the HTTP client")?;
    Ok(Arc::new(fetcher))
}

fn fetcher_builder(config: &Config) -> FetcherBuilder {
    let fetch = &config.fetch;
    let mut builder = FetcherBuilder::new();
    builder
        .user_agent(&fetch.user_agent)
        .timeout(Duration::from_secs(fetch.timeout_secs))
        .connect_timeout(Duration::from_secs(fetch.connect_timeout_secs))
        .max_body_bytes(fetch.max_body_bytes)
        .max_redirects(fetch.max_redirects as usize)
        .allow_private_addresses(fetch.allow_private_addresses)
        .default_concurrency(fetch.per_host_concurrency as usize);
    // The Telegram preview host, wherever it is configured, gets one request at a time and a
    // polite delay between pages.
    if let Some(host) = url::Url::parse(&config.telegram.base_url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_string))
    {
        builder.host_policy(
            &host,
            HostPolicy {
                concurrency: 1,
                min_delay: Duration::from_millis(config.telegram.page_delay_ms),
            },
        );
    }
    builder
}

/// Config, store and fetcher together.
pub async fn desk(global: &Global) -> anyhow::Result<Desk> {
    let config = load_config(&global.config)?;
    let url = store_url(global, &config);
    let store = open_store(&url, config.store.max_connections).await?;
    let fetch = build_fetcher(&config)?;
    Ok(Desk {
        store,
        fetch,
        config: Arc::new(config),
        background: Default::default(),
        analyst: Default::default(),
    })
}

//! `wiredesk bench-fetch`: fetch throughput with 1, 2, 4… fetcher processes on one PostgreSQL
//! database. A loopback server answers every feed after a fixed latency, on many loopback
//! addresses (127.0.0.2 and up, each a host of its own, so that per-host limits do not cap the
//! run); each round starts its fetchers (`wiredesk run --role fetch`, this same binary) on a
//! fresh database holding the feeds, and times how long they take to refresh every feed once.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use axum::extract::{Request, State};
use axum::response::IntoResponse;
use sqlx::Connection;
use wiredesk_model::{SourceKind, SourceSpec, Trust};

use crate::Outcome;

/// What the server saw: the paths answered, and when the first and the last new one were.
#[derive(Default)]
struct Seen {
    paths: HashSet<String>,
    first: Option<Instant>,
    last_new: Option<Instant>,
}

type Shared = Arc<Mutex<Seen>>;

fn lock_seen(shared: &Shared) -> std::sync::MutexGuard<'_, Seen> {
    shared
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[derive(Clone)]
struct ServerState {
    seen: Shared,
    latency: Duration,
}

async fn answer(State(state): State<ServerState>, request: Request) -> impl IntoResponse {
    let path = request.uri().path().to_string();
    tokio::time::sleep(state.latency).await;
    {
        let mut seen = lock_seen(&state.seen);
        let now = Instant::now();
        seen.first.get_or_insert(now);
        if seen.paths.insert(path.clone()) {
            seen.last_new = Some(now);
        }
    }
    let published = chrono::Utc::now().to_rfc2822();
    let body = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Bench {path}</title>\
         <link>https://bench.example{path}</link><item><title>Report from {path}</title>\
         <link>https://bench.example{path}/1</link><guid>{path}/1</guid><pubDate>{published}</pubDate>\
         <description>Officials said the road reopened after repairs.</description></item>\
         </channel></rss>"
    );
    ([("content-type", "application/rss+xml")], body)
}

/// A worker process, stopped (SIGTERM, then SIGKILL) when dropped.
struct Fetcher(Child);

impl Drop for Fetcher {
    fn drop(&mut self) {
        // SAFETY: kill(2) on a child this process started and has not reaped.
        unsafe {
            libc::kill(self.0.id() as libc::pid_t, libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if matches!(self.0.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub struct Options<'a> {
    pub database: &'a str,
    pub feeds: usize,
    pub hosts: u8,
    pub latency_ms: u64,
    pub fetchers: &'a str,
    pub in_flight: usize,
}

pub async fn run(options: Options<'_>) -> anyhow::Result<Outcome> {
    let counts: Vec<usize> = options
        .fetchers
        .split(',')
        .map(|count| count.trim().parse::<usize>())
        .collect::<Result<_, _>>()
        .context("--fetchers: comma-separated numbers")?;
    if options.feeds == 0 || options.hosts == 0 || options.hosts > 199 {
        bail!("--feeds must be at least 1 and --hosts between 1 and 199");
    }
    if !options.database.starts_with("postgres") {
        bail!("--database must be a postgres:// URL (fetchers share work only on PostgreSQL)");
    }
    let latency = Duration::from_millis(options.latency_ms);
    let exe = std::env::current_exe().context("the benchmark starts this binary's fetchers")?;
    println!(
        "fetch benchmark: {} feeds on {} loopback hosts answering after {} ms, {} sources in flight per fetcher",
        options.feeds, options.hosts, options.latency_ms, options.in_flight
    );
    println!(
        "{:>8} {:>10} {:>18} {:>9}",
        "fetchers", "seconds", "sources refreshed/s", "speedup"
    );
    let mut first_rate = None;
    for &n_fetchers in &counts {
        let seen: Shared = Shared::default();
        let mut servers = Vec::new();
        let mut addresses: Vec<SocketAddr> = Vec::new();
        for host in 0..options.hosts {
            let ip = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2 + host));
            let listener = tokio::net::TcpListener::bind((ip, 0))
                .await
                .with_context(|| format!("bind {ip}"))?;
            addresses.push(listener.local_addr()?);
            let app = axum::Router::new()
                .fallback(answer)
                .with_state(ServerState {
                    seen: seen.clone(),
                    latency,
                });
            servers.push(tokio::spawn(async move {
                let _ = axum::serve(listener, app).await;
            }));
        }
        let name = format!("wd_bench_fetch_{}_{n_fetchers}", std::process::id());
        let url = create_database(options.database, &name).await?;
        let outcome = round(&exe, &url, &addresses, &options, n_fetchers, &seen).await;
        for server in servers {
            server.abort();
        }
        drop_database(options.database, &name).await?;
        let seconds = outcome?;
        let rate = options.feeds as f64 / seconds;
        let speedup = rate / *first_rate.get_or_insert(rate);
        println!("{n_fetchers:>8} {seconds:>10.2} {rate:>18.1} {speedup:>8.2}x");
    }
    Ok(Outcome::Ok)
}

/// One round: the feeds stored, `n_fetchers` started, the time until every feed was answered.
async fn round(
    exe: &std::path::Path,
    url: &str,
    addresses: &[SocketAddr],
    options: &Options<'_>,
    n_fetchers: usize,
    seen: &Shared,
) -> anyhow::Result<f64> {
    let store = wiredesk_store::open(url).await?;
    for n in 0..options.feeds {
        let address = addresses[n % addresses.len()];
        store
            .upsert_source(&SourceSpec {
                kind: SourceKind::Feed {
                    url: format!("http://{address}/feed{n:04}.xml"),
                },
                name: None,
                interval_secs: Some(86_400),
                trust: Trust::default(),
            })
            .await?;
    }
    drop(store);
    let dir = std::env::temp_dir().join(format!("wiredesk-bench-fetch-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut fetchers = Vec::new();
    for worker in 0..n_fetchers {
        let config = dir.join(format!("fetch-{worker}.toml"));
        std::fs::write(
            &config,
            format!(
                "[store]\nurl = \"{url}\"\n[fetch]\nallow_private_addresses = true\n\
                 [feeds]\nmin_interval_secs = 1\n[wikipedia]\nlanguages = []\n\
                 [run]\nworker = \"bench-{worker}\"\nsources_in_flight = {}\n",
                options.in_flight
            ),
        )?;
        let child = Command::new(exe)
            .arg("--config")
            .arg(&config)
            .args(["run", "--role", "fetch"])
            .env_remove("WIREDESK_STORE")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("start a fetcher")?;
        fetchers.push(Fetcher(child));
    }
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        {
            let seen = lock_seen(seen);
            if seen.paths.len() >= options.feeds
                && let (Some(first), Some(last)) = (seen.first, seen.last_new)
            {
                return Ok((last - first).as_secs_f64() + options.latency_ms as f64 / 1000.0);
            }
        }
        if Instant::now() > deadline {
            bail!("the fetchers did not refresh every feed within 600 s");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn create_database(admin_url: &str, name: &str) -> anyhow::Result<String> {
    let mut admin = sqlx::PgConnection::connect(admin_url)
        .await
        .context("connect to PostgreSQL")?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await?;
    let _ = admin.close().await;
    let mut url = url::Url::parse(admin_url).context("--database")?;
    url.set_path(&format!("/{name}"));
    Ok(url.to_string())
}

async fn drop_database(admin_url: &str, name: &str) -> anyhow::Result<()> {
    let mut admin = sqlx::PgConnection::connect(admin_url).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await?;
    let _ = admin.close().await;
    Ok(())
}

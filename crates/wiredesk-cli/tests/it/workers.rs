//! Many workers on one PostgreSQL database (issue 12), as separate `wiredesk` processes: three
//! fetchers and a desk with one fetcher killed mid-run, a desk failover, and a fetcher paused
//! past its lease. Each test makes a fresh database and drops it; they skip (saying so) where
//! `WIREDESK_TEST_DATABASE_URL` is not set, and `.ci/run` sets it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::{IpAddr, Ipv4Addr};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime};

use chrono::Utc;
use sqlx::Connection;
use wiredesk_store::{PostQuery, Store};
use wiredesk_test_support::telegram_page::{PagePost, preview_page};
use wiredesk_test_support::{Canned, TestServer};

use crate::Sandbox;

const DATABASE_URL_VAR: &str = "WIREDESK_TEST_DATABASE_URL";

/// A database of its own for one test, dropped at the end.
struct Database {
    admin_url: String,
    name: String,
    url: String,
}

impl Database {
    async fn create(case: &str) -> Option<Database> {
        let Ok(admin_url) = std::env::var(DATABASE_URL_VAR) else {
            eprintln!("{case}: skipped, no PostgreSQL ({DATABASE_URL_VAR} is not set)");
            return None;
        };
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "wd_{case}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        admin(&admin_url, &format!("CREATE DATABASE {name}")).await;
        let mut url = url::Url::parse(&admin_url).expect("database url");
        url.set_path(&format!("/{name}"));
        Some(Database {
            admin_url,
            name,
            url: url.to_string(),
        })
    }

    async fn store(&self) -> Box<dyn Store> {
        wiredesk_store::open(&self.url)
            .await
            .expect("open the test database")
    }

    async fn drop_database(self) {
        admin(
            &self.admin_url,
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        )
        .await;
    }
}

async fn admin(url: &str, sql: &str) {
    let mut connection = sqlx::PgConnection::connect(url)
        .await
        .expect("connect to PostgreSQL");
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&mut connection)
        .await
        .unwrap_or_else(|error| panic!("{sql}: {error}"));
    let _ = connection.close().await;
}

/// A `wiredesk` process, killed if the test ends first.
struct Worker {
    name: String,
    child: Child,
    log: std::path::PathBuf,
}

impl Worker {
    fn start(sandbox: &Sandbox, name: &str, config: &str, args: &[&str]) -> Worker {
        let config_path = sandbox.write(&format!("{name}.toml"), config);
        let config_path = config_path.display().to_string();
        let log = sandbox.path().join(format!("{name}.log"));
        let mut all = vec!["--config", config_path.as_str()];
        all.extend_from_slice(args);
        let child = sandbox
            .cmd(&all)
            .env("RUST_LOG", "wiredesk_jobs=info")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("start wiredesk");
        Worker {
            name: name.to_string(),
            child,
            log,
        }
    }

    fn signal(&self, signal: libc::c_int) {
        // SAFETY: kill(2) on a child process this test started and has not reaped.
        let done = unsafe { libc::kill(self.child.id() as libc::pid_t, signal) };
        assert_eq!(done, 0, "signal {signal} to {}", self.name);
    }

    /// SIGTERM, then waits for a clean exit.
    async fn stop(mut self) -> String {
        self.signal(libc::SIGTERM);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                let log = self.log_text();
                assert!(
                    status.success(),
                    "{} exited with {status}:\n{log}",
                    self.name
                );
                return log;
            }
            assert!(Instant::now() < deadline, "{} did not stop", self.name);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn kill(&mut self) {
        self.signal(libc::SIGKILL);
        let _ = self.child.wait();
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The loopback newsroom: Telegram channels on one host, feeds spread over three more.
struct Newsroom {
    telegram: TestServer,
    feed_hosts: Vec<TestServer>,
    /// Source key → the ids of the posts it offers.
    offered: BTreeMap<String, BTreeSet<String>>,
    /// The `[[sources]]` tables.
    sources_toml: String,
}

/// Six events the feeds report, each in the same words, so that stories form.
const EVENTS: [(&str, &str); 6] = [
    (
        "Fire at a Valdora port warehouse",
        "A fire broke out at a warehouse in the port of Valdora on Monday, the harbour authority said. Firefighters contained it by noon.",
    ),
    (
        "Ministers of Ostrava and Lidice meet in Brenno",
        "The foreign ministers of Ostrava and Lidice met in Brenno on Tuesday to discuss the river treaty, the Ostravan ministry said.",
    ),
    (
        "Flooding closes the Marren bridge",
        "Flooding closed the Marren bridge on Wednesday, the regional road agency said. Traffic was diverted through Kessel.",
    ),
    (
        "Strike halts Tarvik rail services",
        "A strike by rail workers halted services out of Tarvik on Thursday, the union said. The operator said talks would resume.",
    ),
    (
        "Earthquake felt in Sorrel",
        "An earthquake of magnitude 4.1 was felt in Sorrel on Friday, the seismology institute said. No damage was reported.",
    ),
    (
        "Election results delayed in Quorin",
        "Election results in Quorin were delayed on Saturday, the electoral commission said, citing a software fault.",
    ),
];

impl Newsroom {
    async fn start(n_telegram: usize, n_feeds: usize, interval_secs: u64) -> Newsroom {
        let telegram = TestServer::start_on(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2))).await;
        let mut feed_hosts = Vec::new();
        for last in 3..6 {
            feed_hosts.push(TestServer::start_on(IpAddr::V4(Ipv4Addr::new(127, 0, 0, last))).await);
        }
        let mut offered = BTreeMap::new();
        let mut sources_toml = String::new();
        // Posts of the last hours (the page's times count from 2026-07-01 08:00 UTC), so that
        // they fall in the desk's window.
        let page_base = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 7, 1, 8, 0, 0).unwrap();
        let minutes_now = (Utc::now() - page_base).num_minutes();
        for n in 0..n_telegram {
            let channel = format!("chan{n:03}");
            let posts: Vec<PagePost> = (0..3)
                .map(|k| PagePost {
                    id: 100 + k,
                    text: "Shelling reported overnight near the depot",
                    minutes: minutes_now - 200 + n as i64 * 3 + k,
                })
                .collect();
            telegram.route(
                &format!("/s/{channel}"),
                Canned::ok(preview_page(&channel, &posts, false)).content_type("text/html"),
            );
            offered.insert(
                channel.clone(),
                (100..103).map(|id: i64| id.to_string()).collect(),
            );
            sources_toml.push_str(&format!(
                "[[sources]]\nkind = \"telegram\"\nchannel = \"{channel}\"\ninterval_secs = {interval_secs}\n"
            ));
        }
        let now = Utc::now();
        for n in 0..n_feeds {
            let host = &feed_hosts[n % feed_hosts.len()];
            let path = format!("/feed{n:03}.xml");
            let mut items = String::new();
            let mut ids = BTreeSet::new();
            for k in 0..3 {
                let (title, text) = EVENTS[(n + k) % EVENTS.len()];
                let guid = format!("urn:wd:feed{n:03}:{k}");
                let published = now - chrono::Duration::minutes((n % 50 + 10 * k + 5) as i64);
                items.push_str(&format!(
                    "<item><title>{title}</title><link>https://outlet{n:03}.example/{k}</link><guid>{guid}</guid><pubDate>{}</pubDate><description>{text}</description></item>",
                    published.to_rfc2822()
                ));
                ids.insert(guid);
            }
            let body = format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Outlet {n:03}</title><link>https://outlet{n:03}.example/</link>{items}</channel></rss>"
            );
            host.route(
                &path,
                Canned::ok(body)
                    .content_type("application/rss+xml")
                    .etag(&format!("\"feed{n:03}\"")),
            );
            let url = host.url(&path);
            offered.insert(url.clone(), ids);
            sources_toml.push_str(&format!(
                "[[sources]]\nkind = \"feed\"\nurl = \"{url}\"\ninterval_secs = {interval_secs}\n"
            ));
        }
        Newsroom {
            telegram,
            feed_hosts,
            offered,
            sources_toml,
        }
    }

    /// A configuration for one worker on `store`.
    fn config(&self, store: &str, worker: &str, lease_secs: u64) -> String {
        format!(
            "[store]\nurl = \"{store}\"\n[fetch]\nallow_private_addresses = true\ntimeout_secs = 10\n\
             [telegram]\nbase_url = \"{}\"\npage_delay_ms = 20\n\
             [feeds]\nmin_interval_secs = 1\n[wikipedia]\nlanguages = []\n\
             [run]\nworker = \"{worker}\"\nlease_secs = {lease_secs}\n\n{}",
            self.telegram.url("").trim_end_matches('/'),
            self.sources_toml
        )
    }

    /// Every request any host saw, as (source key, start time).
    fn requests(&self) -> Vec<(String, SystemTime)> {
        let mut all: Vec<(String, SystemTime)> = self
            .telegram
            .log()
            .into_iter()
            .filter_map(|logged| {
                let channel = logged.key.strip_prefix("/s/")?;
                // Older pages of a channel are part of the same refresh.
                (!channel.contains('?')).then(|| (channel.to_string(), logged.started))
            })
            .collect();
        for host in &self.feed_hosts {
            all.extend(
                host.log()
                    .into_iter()
                    .map(|logged| (host.url(&logged.key), logged.started)),
            );
        }
        all.sort_by_key(|(_, at)| *at);
        all
    }

    fn fetched_sources(&self) -> BTreeSet<String> {
        self.requests().into_iter().map(|(key, _)| key).collect()
    }
}

/// What a run concluded, comparable between two stores: each story as its set of posts, with
/// its origins and its slots' statuses.
async fn conclusions(store: &dyn Store) -> Conclusions {
    let mut out = BTreeMap::new();
    for story in store.stories().await.expect("stories") {
        let mut posts: Vec<String> = story.posts.iter().map(|post| post.to_lowercase()).collect();
        posts.sort();
        let mut origins: Vec<String> = story
            .origins
            .iter()
            .map(|origin| origin.name.clone())
            .collect();
        origins.sort();
        let mut slots: Vec<String> = story
            .slots
            .iter()
            .map(|slot| format!("{}={:?}", slot.name, slot.status))
            .collect();
        slots.sort();
        out.insert(posts, (origins, slots));
    }
    out
}

type Conclusions = BTreeMap<Vec<String>, (Vec<String>, Vec<String>)>;

/// Fails with what differs (a story's first post, then its origins and slots on each side).
fn assert_same_conclusions(alone: &Conclusions, shared: &Conclusions) {
    let mut differences = Vec::new();
    for (posts, value) in alone {
        match shared.get(posts) {
            Some(other) if other == value => {}
            Some(other) => differences.push(format!(
                "story of {} ({} posts): one process {value:?}, shared {other:?}",
                posts[0],
                posts.len()
            )),
            None => differences.push(format!(
                "story of {} ({} posts) only in the one-process run",
                posts[0],
                posts.len()
            )),
        }
    }
    for posts in shared.keys().filter(|posts| !alone.contains_key(*posts)) {
        differences.push(format!(
            "story of {} ({} posts) only in the shared run",
            posts[0],
            posts.len()
        ));
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

async fn stored_posts(store: &dyn Store) -> BTreeMap<String, BTreeSet<String>> {
    let all = PostQuery {
        include_gone: true,
        ..PostQuery::default()
    };
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let posts = store.posts(&all).await.expect("posts");
    let n = posts.len();
    for stored in posts {
        out.entry(stored.source_key.clone())
            .or_default()
            .insert(stored.post.id.clone());
    }
    let distinct: usize = out.values().map(BTreeSet::len).sum();
    assert_eq!(distinct, n, "a post is stored twice");
    out
}

/// Waits until `done` holds, or fails after `limit`.
async fn wait_for(what: &str, limit: Duration, mut done: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the store's stories and briefs stop changing for `quiet`.
async fn wait_idle(store: &dyn Store, quiet: Duration, limit: Duration) {
    let deadline = Instant::now() + limit;
    let mut last = (u64::MAX, u64::MAX, i64::MIN);
    let mut since = Instant::now();
    loop {
        let now = (
            store.story_count().await.expect("count"),
            store.brief_count().await.expect("count"),
            store.story_events().await.expect("events").len() as i64,
        );
        if now != last {
            last = now;
            since = Instant::now();
        } else if since.elapsed() >= quiet && now.0 > 0 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the desk never went idle: {last:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn brief_versions_are_consecutive(store: &dyn Store) -> usize {
    let mut n = 0;
    for story in store.stories().await.expect("stories") {
        let versions: Vec<u32> = store
            .brief_versions(&story.id)
            .await
            .expect("versions")
            .iter()
            .map(|brief| brief.version)
            .collect();
        let expected: Vec<u32> = (1..=versions.len() as u32).collect();
        assert_eq!(versions, expected, "brief versions of {}", story.id);
        n += versions.len();
    }
    n
}

const INTERVAL_SECS: u64 = 6;
const LEASE_SECS: u64 = 3;

/// Three fetchers and a desk on one database, 300 sources; one fetcher is killed mid-run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_fetchers_and_a_desk_share_the_work_and_survive_a_kill() {
    let Some(database) = Database::create("multi").await else {
        return;
    };
    let newsroom = Newsroom::start(30, 270, INTERVAL_SECS).await;
    let sandbox = Sandbox::create();
    let names = ["fetch-1", "fetch-2", "fetch-3"];
    let mut fetchers: Vec<Worker> = names
        .iter()
        .map(|name| {
            let config = newsroom.config(&database.url, name, LEASE_SECS);
            Worker::start(&sandbox, name, &config, &["run", "--role", "fetch"])
        })
        .collect();
    let desk_config = newsroom.config(&database.url, "desk-1", LEASE_SECS);
    let desk = Worker::start(&sandbox, "desk-1", &desk_config, &["run", "--role", "desk"]);
    let store = database.store().await;

    // Every source fetched once; then fetcher 1 is killed while it holds leases.
    let n_sources = newsroom.offered.len();
    assert_eq!(n_sources, 300);
    wait_for("the first round", Duration::from_secs(60), async || {
        newsroom.fetched_sources().len() == n_sources
    })
    .await;
    let leases_of = |rows: &[wiredesk_store::LeaseRow], owner: &str| -> BTreeSet<String> {
        rows.iter()
            .filter(|row| row.lease.owner == owner)
            .map(|row| row.key.clone())
            .collect()
    };
    let mut held = BTreeSet::new();
    wait_for(
        "fetcher 1 to hold a lease",
        Duration::from_secs(30),
        async || {
            held = leases_of(&store.leases().await.expect("leases"), "fetch-1");
            !held.is_empty()
        },
    )
    .await;
    fetchers[0].kill();
    let killed_at = SystemTime::now();
    // What the dead worker held is what it left behind.
    let held = leases_of(&store.leases().await.expect("leases"), "fetch-1");
    let held_keys = held;

    // The others run on for two intervals and more.
    tokio::time::sleep(Duration::from_secs(2 * INTERVAL_SECS + LEASE_SECS + 2)).await;
    let survivors: Vec<Worker> = fetchers.drain(1..).collect();
    for fetcher in survivors {
        let log = fetcher.stop().await;
        assert!(log.contains("polling stopped"), "{log}");
    }
    let stopped_at = SystemTime::now();

    // No source fetched twice within one interval, but for those the dead fetcher held, each
    // at most once more after its lease ran out.
    let mut by_source: HashMap<String, Vec<SystemTime>> = HashMap::new();
    for (key, at) in newsroom.requests() {
        by_source.entry(key).or_default().push(at);
    }
    let too_soon = Duration::from_secs(INTERVAL_SECS / 2);
    for (key, times) in &by_source {
        let early = times
            .windows(2)
            .filter(|pair| pair[1].duration_since(pair[0]).unwrap_or_default() < too_soon)
            .count();
        let allowed = usize::from(held_keys.contains(key));
        assert!(
            early <= allowed,
            "{key} fetched {early} times within an interval (held by the killed fetcher: {})",
            allowed == 1
        );
        // It kept polling after the kill, within an interval and the lease's expiry.
        let bound = killed_at + Duration::from_secs(INTERVAL_SECS + LEASE_SECS + 5);
        if stopped_at > bound {
            assert!(
                times.iter().any(|at| *at > killed_at && *at <= bound),
                "{key} was not polled after the kill (held: {}; requests at {:?} s from the kill)",
                held_keys.contains(key),
                times
                    .iter()
                    .map(|at| match at.duration_since(killed_at) {
                        Ok(after) => after.as_secs_f64(),
                        Err(before) => -before.duration().as_secs_f64(),
                    })
                    .collect::<Vec<f64>>()
            );
        }
    }
    assert_eq!(
        newsroom.telegram.max_in_flight(),
        1,
        "the Telegram host saw two requests at once"
    );

    // Every offered post stored, each once.
    assert_eq!(stored_posts(&*store).await, newsroom.offered);
    // The survivors gave their leases back; only the dead one's may be left, expired.
    for row in store.leases().await.expect("leases") {
        assert_eq!(row.lease.owner, "fetch-1", "{row:?}");
    }

    // The desk settles; its conclusions equal one process's over the same data.
    wait_idle(&*store, Duration::from_secs(8), Duration::from_secs(90)).await;
    let desk_log = desk.stop().await;
    assert!(desk_log.contains("took the desk lock"), "{desk_log}");
    let n_versions = brief_versions_are_consecutive(&*store).await;
    assert!(n_versions > 0, "the desk wrote briefs");
    let shared = conclusions(&*store).await;
    assert!(!shared.is_empty());

    let single = Sandbox::create();
    let single_store = single.store_url();
    let config = newsroom.config(&single_store, "single", LEASE_SECS);
    single.write("wiredesk.toml", &config);
    let output = single.run_async(&["run", "--once"]).await;
    assert!(
        output.status.success() || output.status.code() == Some(2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let alone = wiredesk_store::open(&single_store).await.expect("sqlite");
    assert_eq!(stored_posts(&*alone).await, newsroom.offered);
    assert_same_conclusions(&conclusions(&*alone).await, &shared);

    // `wiredesk check` reports the role, the database and the leases.
    let check = sandbox
        .run_async(&["--config", "desk-1.toml", "check"])
        .await;
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(stdout.contains("role: all (worker desk-1)"), "{stdout}");
    assert!(stdout.contains("(postgres)"), "{stdout}");
    assert!(stdout.contains("leases: 0 held"), "{stdout}");
    drop((store, alone));
    database.drop_database().await;
}

/// One `run --once --role fetch` with the configuration `config`; it must succeed.
async fn fetch_once(sandbox: &Sandbox, config: &str) {
    let output = sandbox
        .run_async(&["--config", config, "run", "--once", "--role", "fetch"])
        .await;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The desk holding the lock is killed; the standby takes over within the lease time and
/// rewrites nothing the first desk wrote.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_standby_desk_takes_over_from_a_killed_one() {
    let Some(database) = Database::create("failover").await else {
        return;
    };
    let newsroom = Newsroom::start(3, 30, 3600).await;
    let sandbox = Sandbox::create();
    let config = newsroom.config(&database.url, "fetch-1", LEASE_SECS);
    sandbox.write("fetch-1.toml", &config);
    fetch_once(&sandbox, "fetch-1.toml").await;
    let store = database.store().await;

    let desks: Vec<Worker> = ["desk-a", "desk-b"]
        .iter()
        .map(|name| {
            let config = newsroom.config(&database.url, name, LEASE_SECS);
            Worker::start(&sandbox, name, &config, &["run", "--role", "desk"])
        })
        .collect();
    wait_idle(&*store, Duration::from_secs(4), Duration::from_secs(90)).await;
    let (holder, epoch) = store.desk_holder().await.expect("holder");
    let holder = holder.expect("a desk took the lock");
    let stories_before = conclusions(&*store).await;
    let events_before = store.story_events().await.expect("events").len();
    let versions_before = brief_versions_are_consecutive(&*store).await;
    assert!(versions_before > 0);

    let (mut first, second): (Vec<Worker>, Vec<Worker>) =
        desks.into_iter().partition(|desk| desk.name == holder);
    let mut first = first.remove(0);
    let second = second.into_iter().next().expect("the standby");
    assert!(
        !second.log_text().contains("took the desk lock"),
        "the standby stood by"
    );
    first.kill();
    let killed = Instant::now();
    wait_for(
        "the standby to take over",
        Duration::from_secs(LEASE_SECS + 5),
        async || {
            store.desk_holder().await.expect("holder") == (Some(second.name.clone()), epoch + 1)
        },
    )
    .await;
    assert!(killed.elapsed() <= Duration::from_secs(LEASE_SECS + 5));
    wait_for(
        "the new desk's first pass",
        Duration::from_secs(60),
        async || second.log_text().contains("stories updated"),
    )
    .await;
    wait_idle(&*store, Duration::from_secs(3), Duration::from_secs(60)).await;
    // Nothing changed, so nothing was written again.
    assert_eq!(conclusions(&*store).await, stories_before);
    assert_eq!(
        store.story_events().await.expect("events").len(),
        events_before
    );
    assert_eq!(
        brief_versions_are_consecutive(&*store).await,
        versions_before
    );
    second.stop().await;
    drop(store);
    database.drop_database().await;
}

/// A fetcher paused (SIGSTOP) past its lease while its request is under way: another fetcher
/// takes the source over and commits; when the first resumes, its stale page and cursor are
/// refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fetcher_paused_past_its_lease_cannot_commit() {
    let Some(database) = Database::create("fencing").await else {
        return;
    };
    let server = TestServer::start_on(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 6))).await;
    let feed = |guid: &str| {
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Slow</title><link>https://slow.example/</link>\
             <item><title>Report {guid}</title><link>https://slow.example/{guid}</link><guid>{guid}</guid>\
             <pubDate>{}</pubDate><description>Officials in Varno said the bridge reopened.</description></item></channel></rss>",
            Utc::now().to_rfc2822()
        )
    };
    server.route(
        "/slow.xml",
        Canned::ok(feed("stale"))
            .etag("\"stale\"")
            .delay(Duration::from_secs(3)),
    );
    let url = server.url("/slow.xml");
    let sandbox = Sandbox::create();
    let config = |worker: &str| {
        format!(
            "[store]\nurl = \"{}\"\n[fetch]\nallow_private_addresses = true\ntimeout_secs = 20\n\
             [feeds]\nmin_interval_secs = 1\n[wikipedia]\nlanguages = []\n\
             [run]\nworker = \"{worker}\"\nlease_secs = 1\n\n\
             [[sources]]\nkind = \"feed\"\nurl = \"{url}\"\ninterval_secs = 3600\n",
            database.url
        )
    };
    let paused = Worker::start(
        &sandbox,
        "fetch-a",
        &config("fetch-a"),
        &["run", "--role", "fetch"],
    );
    wait_for("fetcher a's request", Duration::from_secs(30), async || {
        server.hits("/slow.xml") == 1
    })
    .await;
    paused.signal(libc::SIGSTOP);
    // The source now answers with a newer page.
    server.route(
        "/slow.xml",
        Canned::ok(feed("fresh"))
            .etag("\"fresh\"")
            .delay(Duration::from_millis(200)),
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    sandbox.write("fetch-b.toml", &config("fetch-b"));
    fetch_once(&sandbox, "fetch-b.toml").await;
    assert_eq!(
        server.hits("/slow.xml"),
        2,
        "fetcher b took the source over"
    );
    paused.signal(libc::SIGCONT);
    let store = database.store().await;
    wait_for(
        "fetcher a's refused commit",
        Duration::from_secs(30),
        async || paused.log_text().contains("lease lost"),
    )
    .await;
    let source = store.source(&url).await.expect("source").expect("stored");
    assert_eq!(source.etag.as_deref(), Some("\"fresh\""));
    let ids: Vec<String> = store
        .posts(&PostQuery::default())
        .await
        .expect("posts")
        .into_iter()
        .map(|stored| stored.post.id)
        .collect();
    assert_eq!(ids, ["fresh"]);
    paused.stop().await;
    drop(store);
    database.drop_database().await;
}

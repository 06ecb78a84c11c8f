//! The store suite: each behaviour written once as an `async fn` over `&dyn Store`, run on
//! SQLite (a temp file) always and on PostgreSQL when `WIREDESK_TEST_DATABASE_URL` is set.
//! On PostgreSQL every test gets its own schema, created before and dropped after, so tests
//! run in parallel and reruns start clean.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::json;
use sqlx::Connection;
use wiredesk_model::{
    ChannelInfo, Count, FeedInfo, ForwardedFrom, LandingKind, Link, Media, Post, SourceKind,
    SourceSpec, SourceStatus, Trust, WikiSummary,
};

use crate::shared::fts5_query;
use crate::{
    CachedWiki, CommitStats, FetchOutcome, FetchedBody, PageCommit, PostQuery, Store, StoreError,
    postgres, sqlite,
};

const DATABASE_URL_VAR: &str = "WIREDESK_TEST_DATABASE_URL";

/// A store to run one case on, and what to clean up after it.
struct TestDb {
    store: Arc<dyn Store>,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite { dir: tempfile::TempDir, url: String },
    Postgres { url: String, schema: String },
}

impl TestDb {
    async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("nested/store.db").display());
        let store = sqlite::open(&url).await.expect("open sqlite");
        TestDb {
            store: Arc::new(store),
            cleanup: Cleanup::Sqlite { dir, url },
        }
    }

    /// `None` (after saying so) when no PostgreSQL server is configured.
    async fn postgres(case: &str) -> Option<TestDb> {
        let Ok(url) = std::env::var(DATABASE_URL_VAR) else {
            eprintln!("{case}: PostgreSQL suite skipped ({DATABASE_URL_VAR} is not set)");
            return None;
        };
        let schema = unique_schema_name();
        run_as_admin(&url, format!("CREATE SCHEMA {schema}")).await;
        let store = postgres::open(&url, Some(&schema))
            .await
            .expect("open postgres");
        Some(TestDb {
            store: Arc::new(store),
            cleanup: Cleanup::Postgres { url, schema },
        })
    }

    /// Opens the same database again, as a restarted process would.
    async fn reopen(&self) -> Arc<dyn Store> {
        match &self.cleanup {
            Cleanup::Sqlite { url, .. } => {
                Arc::new(sqlite::open(url).await.expect("reopen sqlite"))
            }
            Cleanup::Postgres { url, schema } => {
                Arc::new(postgres::open(url, Some(schema)).await.expect("reopen pg"))
            }
        }
    }

    async fn drop_database(self) {
        drop(self.store);
        match self.cleanup {
            Cleanup::Sqlite { dir, .. } => drop(dir),
            Cleanup::Postgres { url, schema } => {
                run_as_admin(&url, format!("DROP SCHEMA {schema} CASCADE")).await;
            }
        }
    }
}

/// Runs one statement on the test database outside any test schema.
async fn run_as_admin(url: &str, sql: String) {
    let mut connection = sqlx::PgConnection::connect(url)
        .await
        .expect("connect to the test database");
    let outcome = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .execute(&mut connection)
        .await;
    outcome.unwrap_or_else(|error| panic!("{sql}: {error}"));
    let _ = connection.close().await;
}

fn unique_schema_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.subsec_nanos())
        .unwrap_or(0);
    format!(
        "wd_{}_{}_{}",
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Runs `case` on SQLite, then on PostgreSQL when configured. Each run happens in a spawned
/// task so that a failing case still drops its schema before the panic is passed on.
macro_rules! store_suite {
    ($($case:ident),* $(,)?) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $case() {
            let mut databases = vec![TestDb::sqlite().await];
            databases.extend(TestDb::postgres(stringify!($case)).await);
            for database in databases {
                let store = Arc::clone(&database.store);
                let outcome = tokio::spawn(async move { cases::$case(&*store).await }).await;
                let backend = database.store.backend();
                database.drop_database().await;
                if let Err(error) = outcome {
                    panic!("{} failed on {backend}: {error}", stringify!($case));
                }
            }
        }
    )*};
}

store_suite!(
    sources_upsert_list_remove,
    record_fetch_counts_failures_and_pauses,
    set_paused_by_hand,
    commit_is_idempotent_and_round_trips_posts,
    edit_keeps_previous_versions,
    gone_posts_are_marked_and_come_back,
    cursor_is_saved_with_the_posts,
    failed_commit_leaves_nothing,
    full_text_search,
    filters_and_limit,
    archive_round_trip_and_prune,
    wiki_cache,
    concurrent_commits_queue_up,
);

#[tokio::test]
async fn migrations_are_idempotent_on_reopen() {
    let mut databases = vec![TestDb::sqlite().await];
    databases.extend(TestDb::postgres("migrations_are_idempotent_on_reopen").await);
    for database in databases {
        add_source(&*database.store, &telegram("Rybar")).await;
        let reopened = database.reopen().await;
        let again = database.reopen().await;
        assert_eq!(reopened.backend(), database.store.backend());
        let keys: Vec<String> = again
            .sources()
            .await
            .expect("sources")
            .into_iter()
            .map(|source| source.key)
            .collect();
        assert_eq!(keys, ["rybar"]);
        drop((reopened, again));
        database.drop_database().await;
    }
}

#[tokio::test]
async fn open_accepts_the_documented_urls() {
    let memory = crate::open("sqlite::memory:")
        .await
        .expect("in-memory store");
    assert_eq!(memory.backend(), "sqlite");
    memory
        .upsert_source(&telegram("Rybar"))
        .await
        .expect("upsert");
    // A second query may run on another pool connection: it must see the same database.
    assert_eq!(memory.sources().await.expect("sources").len(), 1);

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("a/b/wiredesk.db");
    let absolute = crate::open(&format!("sqlite://{}", path.display()))
        .await
        .expect("absolute path");
    assert!(path.exists(), "the file and its folders are created");
    drop(absolute);

    for url in [
        "mysql://localhost/db",
        "wiredesk.db",
        "",
        "http://example.com",
    ] {
        let error = crate::open(url).await.err().expect("bad url");
        assert!(matches!(error, StoreError::BadUrl { .. }), "{url}: {error}");
    }
    let error = crate::open("postgres://user:hunter2@[bad")
        .await
        .err()
        .expect("bad url");
    assert!(!error.to_string().contains("hunter2"), "{error}");
}

#[test]
fn urls_are_redacted_and_memory_is_recognized() {
    assert_eq!(
        postgres::redact_password("postgres://user:secret@host:5432/db"),
        "postgres://user:***@host:5432/db"
    );
    assert_eq!(
        postgres::redact_password("postgres://user@host/db"),
        "postgres://user@host/db"
    );
    assert_eq!(
        postgres::redact_password("postgres://host/db?x=a@b"),
        "postgres://host/db?x=a@b"
    );
    assert!(sqlite::is_in_memory("sqlite::memory:"));
    assert!(sqlite::is_in_memory("sqlite://:memory:"));
    assert!(sqlite::is_in_memory("sqlite://x.db?mode=memory"));
    assert!(!sqlite::is_in_memory("sqlite://memory.db"));
}

#[test]
fn fts5_queries_quote_every_word() {
    let words = ["\"нефтебазе\"", "-взрыв", "NEAR(a", "title:x"].map(String::from);
    assert_eq!(
        fts5_query(&words),
        r#""""нефтебазе""" "-взрыв" "NEAR(a" "title:x""#
    );
}

// ---- builders ------------------------------------------------------------------------------

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, day, hour, 0, 0)
        .single()
        .expect("valid time")
}

fn telegram(channel: &str) -> SourceSpec {
    SourceSpec {
        kind: SourceKind::Telegram {
            channel: channel.to_string(),
        },
        name: Some(format!("{channel} channel")),
        interval_secs: Some(300),
        trust: Trust::Normal,
    }
}

fn feed(url: &str) -> SourceSpec {
    SourceSpec {
        kind: SourceKind::Feed {
            url: url.to_string(),
        },
        name: None,
        interval_secs: None,
        trust: Trust::Primary,
    }
}

fn post(source: &str, id: &str, published_at: DateTime<Utc>, text: &str) -> Post {
    let mut post = Post::new(source, id, published_at);
    post.url = Some(format!("https://t.me/{source}/{id}"));
    post.text = text.to_string();
    post
}

fn page(source_key: &str, fetched_at: DateTime<Utc>, posts: Vec<Post>) -> PageCommit {
    PageCommit {
        source_key: source_key.to_string(),
        fetched_at,
        posts,
        archive_sha256: None,
        cursor: None,
        covered_range: None,
        channel: None,
        feed: None,
    }
}

fn ids(posts: &[crate::StoredPost]) -> Vec<String> {
    posts
        .iter()
        .map(|stored| format!("{}/{}", stored.source_key, stored.post.id))
        .collect()
}

async fn search(store: &dyn Store, text: &str) -> Vec<String> {
    let query = PostQuery {
        text: Some(text.to_string()),
        ..PostQuery::default()
    };
    listed(store, &query).await
}

fn failure(at: DateTime<Utc>, pause_after: u32) -> FetchOutcome {
    FetchOutcome::Failure {
        at,
        error: "status 502".to_string(),
        next_attempt_at: Some(at + Duration::minutes(5)),
        pause_after,
    }
}

fn success(at: DateTime<Utc>) -> FetchOutcome {
    FetchOutcome::Success {
        at,
        next_attempt_at: Some(at + Duration::minutes(5)),
        etag: Some("\"v1\"".to_string()),
        last_modified: Some("Wed, 01 May 2024 10:00:00 GMT".to_string()),
        status: SourceStatus::Ok,
    }
}

async fn stored_post(store: &dyn Store, source_key: &str, id: &str) -> crate::StoredPost {
    let found = store.post(source_key, id).await.expect("post");
    found.unwrap_or_else(|| panic!("{source_key}/{id} is not stored"))
}

async fn source_state(store: &dyn Store, key: &str) -> wiredesk_model::SourceState {
    let found = store.source(key).await.expect("source");
    found.unwrap_or_else(|| panic!("no source {key}"))
}

async fn commit(store: &dyn Store, page: &PageCommit, what: &str) -> CommitStats {
    store
        .commit_page(page)
        .await
        .unwrap_or_else(|error| panic!("{what}: {error}"))
}

async fn archive_bytes(store: &dyn Store, body: &[u8], fetched_at: DateTime<Utc>) -> String {
    let fetched = FetchedBody {
        url: "https://t.me/s/rybar",
        status: 200,
        fetched_at,
        content_type: None,
        body,
    };
    store.archive(&fetched).await.expect("archive")
}

async fn listed(store: &dyn Store, query: &PostQuery) -> Vec<String> {
    ids(&store.posts(query).await.expect("posts"))
}

async fn add_source(store: &dyn Store, spec: &SourceSpec) -> wiredesk_model::SourceState {
    store.upsert_source(spec).await.expect("upsert")
}

// ---- the cases -----------------------------------------------------------------------------

mod cases {
    use super::*;

    pub(super) async fn sources_upsert_list_remove(store: &dyn Store) {
        let added = add_source(store, &telegram("@Rybar")).await;
        assert_eq!(added.key, "rybar");
        assert_eq!(added.status, SourceStatus::New);
        assert!(!added.paused);
        assert_eq!(added.consecutive_failures, 0);
        assert_eq!(added.cursor, None);
        add_source(store, &feed("https://example.org/rss")).await;

        let keys: Vec<String> = store
            .sources()
            .await
            .expect("sources")
            .into_iter()
            .map(|source| source.key)
            .collect();
        assert_eq!(keys, ["https://example.org/rss", "rybar"]);

        // Upserting again updates the spec and keeps the fetch state.
        store
            .record_fetch("rybar", &success(at(1, 10)))
            .await
            .expect("record");
        let mut renamed = telegram("rybar");
        renamed.name = Some("Rybar (renamed)".to_string());
        renamed.trust = Trust::LeadsOnly;
        let updated = store.upsert_source(&renamed).await.expect("upsert again");
        assert_eq!(updated.spec, renamed);
        assert_eq!(updated.status, SourceStatus::Ok);
        assert_eq!(updated.last_success_at, Some(at(1, 10)));
        assert_eq!(store.source("rybar").await.expect("source"), Some(updated));
        assert_eq!(store.source("nobody").await.expect("source"), None);

        // Removing a source removes its posts (and their search entries).
        commit(
            store,
            &page(
                "rybar",
                at(1, 11),
                vec![post("rybar", "1", at(1, 9), "удар по складу")],
            ),
            "commit",
        )
        .await;
        assert_eq!(search(store, "складу").await, ["rybar/1"]);
        assert!(store.remove_source("rybar").await.expect("remove"));
        assert!(!store.remove_source("rybar").await.expect("remove again"));
        assert_eq!(store.source("rybar").await.expect("source"), None);
        assert_eq!(store.post("rybar", "1").await.expect("post"), None);
        assert!(search(store, "складу").await.is_empty());
        assert_eq!(store.sources().await.expect("sources").len(), 1);
    }

    pub(super) async fn record_fetch_counts_failures_and_pauses(store: &dyn Store) {
        add_source(store, &telegram("rybar")).await;
        let state = store
            .record_fetch("rybar", &failure(at(1, 1), 3))
            .await
            .expect("failure 1");
        assert_eq!((state.consecutive_failures, state.paused), (1, false));
        assert_eq!(state.status, SourceStatus::Failing);
        assert_eq!(state.last_error.as_deref(), Some("status 502"));
        assert_eq!(state.last_fetch_at, Some(at(1, 1)));
        assert_eq!(state.last_success_at, None);
        assert_eq!(state.next_attempt_at, Some(at(1, 1) + Duration::minutes(5)));

        let state = store
            .record_fetch("rybar", &failure(at(1, 2), 3))
            .await
            .expect("failure 2");
        assert_eq!((state.consecutive_failures, state.paused), (2, false));

        // A success resets the count and stores the validators.
        let state = store
            .record_fetch("rybar", &success(at(1, 3)))
            .await
            .expect("success");
        assert_eq!((state.consecutive_failures, state.paused), (0, false));
        assert_eq!(state.status, SourceStatus::Ok);
        assert_eq!(state.last_error, None);
        assert_eq!(state.last_success_at, Some(at(1, 3)));
        assert_eq!(state.etag.as_deref(), Some("\"v1\""));
        assert_eq!(
            state.last_modified.as_deref(),
            Some("Wed, 01 May 2024 10:00:00 GMT")
        );

        // A 429 is not the source's fault.
        let deferred = FetchOutcome::Deferred {
            at: at(1, 4),
            reason: "rate limited".to_string(),
            next_attempt_at: Some(at(1, 6)),
        };
        let state = store
            .record_fetch("rybar", &deferred)
            .await
            .expect("deferred");
        assert_eq!((state.consecutive_failures, state.paused), (0, false));
        assert_eq!(state.status, SourceStatus::Ok);
        assert_eq!(state.last_error.as_deref(), Some("rate limited"));
        assert_eq!(state.next_attempt_at, Some(at(1, 6)));

        // Three failures in a row pause it.
        for hour in 5..7 {
            let state = store
                .record_fetch("rybar", &failure(at(1, hour), 3))
                .await
                .expect("failure");
            assert!(!state.paused);
        }
        let state = store
            .record_fetch("rybar", &failure(at(1, 7), 3))
            .await
            .expect("failure 3");
        assert_eq!((state.consecutive_failures, state.paused), (3, true));
        assert_eq!(state.status, SourceStatus::Paused);
        assert_eq!(store.source("rybar").await.expect("source"), Some(state));

        // Resuming clears the count; it succeeded once, so it is Ok again.
        let state = store.set_paused("rybar", false).await.expect("resume");
        assert_eq!((state.consecutive_failures, state.paused), (0, false));
        assert_eq!(state.status, SourceStatus::Ok);

        // A source that never succeeded goes back to New; 0 never pauses.
        add_source(store, &telegram("fresh")).await;
        for hour in 0..5 {
            let state = store
                .record_fetch("fresh", &failure(at(2, hour), 0))
                .await
                .expect("failure");
            assert!(!state.paused);
            assert_eq!(state.consecutive_failures, hour + 1);
        }
        let state = store
            .record_fetch("fresh", &failure(at(2, 6), 1))
            .await
            .expect("failure");
        assert!(state.paused);
        let state = store.set_paused("fresh", false).await.expect("resume");
        assert_eq!(state.status, SourceStatus::New);

        let no_preview = SourceStatus::NoPreview {
            landing: LandingKind::Group,
            title: Some("Чат".to_string()),
            extra: None,
        };
        let outcome = FetchOutcome::Success {
            at: at(3, 1),
            next_attempt_at: None,
            etag: None,
            last_modified: None,
            status: no_preview.clone(),
        };
        let state = store
            .record_fetch("fresh", &outcome)
            .await
            .expect("success");
        assert_eq!(state.status, no_preview);
        assert_eq!((state.etag, state.next_attempt_at), (None, None));

        let error = store
            .record_fetch("nobody", &success(at(1, 1)))
            .await
            .expect_err("unknown source");
        assert!(
            matches!(error, StoreError::NoSuchSource { ref key } if key == "nobody"),
            "{error}"
        );
    }

    pub(super) async fn set_paused_by_hand(store: &dyn Store) {
        add_source(store, &telegram("rybar")).await;
        let state = store.set_paused("rybar", true).await.expect("pause");
        assert!(state.paused);
        assert_eq!(
            state.status,
            SourceStatus::New,
            "a pause by hand is not a failure"
        );
        assert!(source_state(store, "rybar").await.paused);
        let state = store.set_paused("rybar", false).await.expect("resume");
        assert!(!state.paused);
        let error = store
            .set_paused("nobody", true)
            .await
            .expect_err("unknown source");
        assert!(matches!(error, StoreError::NoSuchSource { .. }), "{error}");
    }

    pub(super) async fn commit_is_idempotent_and_round_trips_posts(store: &dyn Store) {
        add_source(store, &telegram("rybar")).await;
        let mut rich = post("rybar", "14381", at(1, 9), "Первая строка\nВторая строка");
        rich.views = Some(Count {
            value: 3120,
            plus_minus: 5,
        });
        rich.author = Some("Иван".to_string());
        rich.forwarded_from = Some(ForwardedFrom {
            channel: Some("dva_majors".to_string()),
            id: Some("777".to_string()),
            name: None,
            author: None,
        });
        rich.links = vec![Link {
            url: "https://example.org/a?b=1".to_string(),
            text: "источник".to_string(),
        }];
        rich.media = vec![
            Media::Photo {
                url: Some("https://cdn.example/p.jpg".to_string()),
                link: None,
            },
            Media::Location {
                latitude: Some(44.723_456_789),
                longitude: Some(37.768_1),
                address: None,
            },
        ];
        rich.language = Some("ru".to_string());
        rich.hashtags = vec!["#новости".to_string()];
        rich.channel_id = Some(1_234_567_890_123);
        let posts = vec![
            rich,
            post("rybar", "14382", at(1, 10), "second"),
            post("rybar", "14383", at(1, 11), "third"),
        ];

        let first = commit(store, &page("rybar", at(1, 12), posts.clone()), "commit").await;
        assert_eq!(
            first,
            CommitStats {
                inserted: 3,
                edited: 0,
                unchanged: 0,
                marked_gone: 0
            }
        );
        let again = commit(
            store,
            &page("rybar", at(1, 13), posts.clone()),
            "commit again",
        )
        .await;
        assert_eq!(
            again,
            CommitStats {
                inserted: 0,
                edited: 0,
                unchanged: 3,
                marked_gone: 0
            }
        );

        let stored = stored_post(store, "rybar", "14381").await;
        assert_eq!(stored.post, posts[0], "the post round-trips whole");
        assert_eq!(stored.source_key, "rybar");
        assert_eq!(
            (stored.first_seen_at, stored.last_seen_at),
            (at(1, 12), at(1, 13))
        );
        assert_eq!((stored.n_versions, stored.gone_at), (1, None));
        assert!(
            store
                .post_versions("rybar", "14381")
                .await
                .expect("versions")
                .is_empty()
        );

        // Views change in place, without a version.
        let mut viewed = posts[1].clone();
        viewed.views = Some(Count {
            value: 9000,
            plus_minus: 0,
        });
        let stats = commit(
            store,
            &page("rybar", at(1, 14), vec![viewed.clone()]),
            "commit views",
        )
        .await;
        assert_eq!(
            stats,
            CommitStats {
                unchanged: 1,
                ..CommitStats::default()
            }
        );
        let stored = stored_post(store, "rybar", "14382").await;
        assert_eq!(stored.post.views, viewed.views);
        assert_eq!(stored.n_versions, 1);
        assert!(
            store
                .post_versions("rybar", "14382")
                .await
                .expect("versions")
                .is_empty()
        );
        assert_eq!(store.post("rybar", "99").await.expect("post"), None);
    }

    pub(super) async fn edit_keeps_previous_versions(store: &dyn Store) {
        add_source(store, &feed("https://example.org/rss")).await;
        let key = "https://example.org/rss";
        let mut item = post(key, "guid-1", at(1, 9), "Initial report of explosion");
        item.title = Some("Explosion at depot".to_string());
        let mut first = page(key, at(1, 10), vec![item.clone()]);
        first.archive_sha256 = Some("a".repeat(64));
        commit(store, &first, "commit").await;

        item.text = "Updated report: fire at the fuel depot".to_string();
        let mut second = page(key, at(1, 11), vec![item.clone()]);
        second.archive_sha256 = Some("b".repeat(64));
        let stats = commit(store, &second, "edit text").await;
        assert_eq!(
            stats,
            CommitStats {
                edited: 1,
                ..CommitStats::default()
            }
        );

        item.title = Some("Fire at fuel depot".to_string());
        let stats = commit(
            store,
            &page(key, at(1, 12), vec![item.clone()]),
            "edit title",
        )
        .await;
        assert_eq!(stats.edited, 1);

        // Only the flag: Telegram marks an edit it does not show (e.g. new media).
        item.edited = true;
        let stats = commit(store, &page(key, at(1, 13), vec![item.clone()]), "flag").await;
        assert_eq!(stats.edited, 1);
        let stats = commit(store, &page(key, at(1, 14), vec![item.clone()]), "same").await;
        assert_eq!(
            stats,
            CommitStats {
                unchanged: 1,
                ..CommitStats::default()
            }
        );

        let stored = stored_post(store, key, "guid-1").await;
        assert_eq!(stored.n_versions, 4);
        assert_eq!(stored.post, item);
        assert_eq!(
            stored.archive_sha256,
            Some("b".repeat(64)),
            "kept when a page names no archive"
        );
        let versions = store.post_versions(key, "guid-1").await.expect("versions");
        let summary: Vec<(&str, Option<&str>, DateTime<Utc>)> = versions
            .iter()
            .map(|version| {
                (
                    version.text.as_str(),
                    version.title.as_deref(),
                    version.seen_at,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "Initial report of explosion",
                    Some("Explosion at depot"),
                    at(1, 10)
                ),
                (
                    "Updated report: fire at the fuel depot",
                    Some("Explosion at depot"),
                    at(1, 11)
                ),
                (
                    "Updated report: fire at the fuel depot",
                    Some("Fire at fuel depot"),
                    at(1, 12)
                ),
            ]
        );
        assert_eq!(versions[0].archive_sha256, Some("a".repeat(64)));

        // The search index follows the edits.
        assert_eq!(search(store, "fuel").await, [format!("{key}/guid-1")]);
        assert!(search(store, "initial").await.is_empty());
    }

    pub(super) async fn gone_posts_are_marked_and_come_back(store: &dyn Store) {
        add_source(store, &telegram("rybar")).await;
        let all: Vec<Post> = (10..=14)
            .map(|id| post("rybar", &id.to_string(), at(1, id), "text"))
            .collect();
        let mut outside = vec![
            post("rybar", "30", at(1, 15), "later post"),
            post("rybar", "not-a-number", at(1, 8), "odd id"),
        ];
        outside.extend(all.clone());
        commit(store, &page("rybar", at(2, 0), outside), "commit").await;

        let without_12: Vec<Post> = all.iter().filter(|post| post.id != "12").cloned().collect();
        let mut second = page("rybar", at(2, 1), without_12.clone());
        second.covered_range = Some((10, 14));
        let stats = commit(store, &second, "commit without 12").await;
        assert_eq!(
            stats,
            CommitStats {
                unchanged: 4,
                marked_gone: 1,
                ..CommitStats::default()
            }
        );

        let listed = store
            .posts(&PostQuery {
                source_key: Some("rybar".to_string()),
                ..PostQuery::default()
            })
            .await
            .expect("posts");
        assert_eq!(
            ids(&listed),
            [
                "rybar/30",
                "rybar/14",
                "rybar/13",
                "rybar/11",
                "rybar/10",
                "rybar/not-a-number"
            ]
        );
        let with_gone = PostQuery {
            include_gone: true,
            ..PostQuery::default()
        };
        let listed = store.posts(&with_gone).await.expect("posts");
        assert_eq!(listed.len(), 7);
        let gone = stored_post(store, "rybar", "12").await;
        assert_eq!(gone.gone_at, Some(at(2, 1)));

        // Already gone: not marked again, and the first time is kept.
        let mut third = page("rybar", at(2, 2), without_12);
        third.covered_range = Some((10, 14));
        let stats = commit(store, &third, "commit again").await;
        assert_eq!(stats.marked_gone, 0);
        assert_eq!(
            stored_post(store, "rybar", "12").await.gone_at,
            Some(at(2, 1))
        );

        // An empty page covering a range marks all of it.
        let mut empty = page("rybar", at(2, 3), Vec::new());
        empty.covered_range = Some((29, 31));
        assert_eq!(commit(store, &empty, "empty page").await.marked_gone, 1);

        // It comes back.
        let mut fourth = page("rybar", at(2, 4), all);
        fourth.covered_range = Some((10, 14));
        let stats = commit(store, &fourth, "commit with 12").await;
        assert_eq!(
            stats,
            CommitStats {
                unchanged: 5,
                ..CommitStats::default()
            }
        );
        assert_eq!(stored_post(store, "rybar", "12").await.gone_at, None);
        assert_eq!(
            stored_post(store, "rybar", "not-a-number").await.gone_at,
            None
        );
    }

    pub(super) async fn cursor_is_saved_with_the_posts(store: &dyn Store) {
        add_source(store, &telegram("rybar")).await;
        let channel = ChannelInfo {
            username: Some("Rybar".to_string()),
            title: Some("Рыбарь".to_string()),
            subscribers: Some(Count {
                value: 1_310_000,
                plus_minus: 5000,
            }),
            verified: true,
            ..ChannelInfo::default()
        };
        let mut first = page(
            "rybar",
            at(1, 10),
            vec![post("rybar", "100", at(1, 9), "a")],
        );
        first.cursor = Some(json!({"newest": 100, "oldest": 100}));
        first.channel = Some(channel.clone());
        commit(store, &first, "commit").await;
        let state = source_state(store, "rybar").await;
        assert_eq!(state.cursor, first.cursor);
        assert_eq!(state.channel, Some(channel.clone()));
        assert_eq!(state.feed, None);

        // A page without cursor or channel keeps them.
        commit(
            store,
            &page(
                "rybar",
                at(1, 11),
                vec![post("rybar", "101", at(1, 10), "b")],
            ),
            "commit",
        )
        .await;
        let state = source_state(store, "rybar").await;
        assert_eq!(state.cursor, first.cursor);
        assert_eq!(state.channel, Some(channel));

        let key = "https://example.org/feed.json";
        add_source(store, &feed(key)).await;
        let info = FeedInfo {
            format: "json1.1".to_string(),
            title: Some("Example".to_string()),
            encoding: "utf-8".to_string(),
            encoding_from: "json".to_string(),
            ttl_minutes: Some(15),
            ..FeedInfo::default()
        };
        let mut feed_page = page(key, at(1, 12), Vec::new());
        feed_page.feed = Some(info.clone());
        commit(store, &feed_page, "commit feed head").await;
        assert_eq!(source_state(store, key).await.feed, Some(info));

        let error = store
            .commit_page(&page(
                "nobody",
                at(1, 1),
                vec![post("nobody", "1", at(1, 1), "x")],
            ))
            .await;
        assert!(
            matches!(error, Err(StoreError::NoSuchSource { .. })),
            "{error:?}"
        );
        assert_eq!(store.post("nobody", "1").await.expect("post"), None);
    }

    pub(super) async fn failed_commit_leaves_nothing(store: &dyn Store) {
        add_source(store, &telegram("rybar")).await;
        let mut first = page(
            "rybar",
            at(1, 10),
            vec![post("rybar", "100", at(1, 9), "kept")],
        );
        first.cursor = Some(json!({"newest": 100}));
        commit(store, &first, "commit").await;

        // The last post is invalid (an empty id), so the database rejects it after the others
        // were written: the whole page, and its cursor, must roll back.
        let mut edited = post("rybar", "100", at(1, 9), "edited, then rolled back");
        edited.edited = true;
        let mut broken = page(
            "rybar",
            at(1, 11),
            vec![
                edited,
                post("rybar", "101", at(1, 10), "new"),
                post("rybar", "", at(1, 10), "no id"),
            ],
        );
        broken.cursor = Some(json!({"newest": 101}));
        broken.covered_range = Some((90, 101));
        broken.channel = Some(ChannelInfo {
            title: Some("changed".to_string()),
            ..ChannelInfo::default()
        });
        assert!(store.commit_page(&broken).await.is_err());

        let state = source_state(store, "rybar").await;
        assert_eq!(state.cursor, Some(json!({"newest": 100})));
        assert_eq!(state.channel, None);
        assert_eq!(store.post("rybar", "101").await.expect("post"), None);
        let kept = stored_post(store, "rybar", "100").await;
        assert_eq!(
            (kept.post.text.as_str(), kept.n_versions, kept.last_seen_at),
            ("kept", 1, at(1, 10))
        );
        assert!(
            store
                .post_versions("rybar", "100")
                .await
                .expect("versions")
                .is_empty()
        );
        assert_eq!(search(store, "rolled").await, Vec::<String>::new());

        // The store is still usable, and the same page without the bad post goes in.
        broken.posts.pop();
        let stats = commit(store, &broken, "commit").await;
        assert_eq!(
            stats,
            CommitStats {
                inserted: 1,
                edited: 1,
                unchanged: 0,
                marked_gone: 0
            }
        );
        assert_eq!(
            source_state(store, "rybar").await.cursor,
            Some(json!({"newest": 101}))
        );
    }

    pub(super) async fn full_text_search(store: &dyn Store) {
        add_source(store, &telegram("rybar")).await;
        let key = "https://example.org/rss";
        add_source(store, &feed(key)).await;
        let mut item = post(
            key,
            "guid-1",
            at(1, 8),
            "Officials said the well-known depot was hit.",
        );
        item.title = Some("Strike on Novorossiysk oil depot".to_string());
        let posts = vec![
            post(
                "rybar",
                "1",
                at(1, 9),
                "Взрыв на нефтебазе в Новороссийске. Подробности позже.",
            ),
            post(
                "rybar",
                "2",
                at(1, 10),
                "Нефтебазе ничего не угрожает, заявили в администрации.",
            ),
            post(
                "rybar",
                "3",
                at(1, 11),
                "Say \"hello\" - or not; price 100% (NEAR) title:x",
            ),
        ];
        commit(store, &page("rybar", at(1, 12), posts), "commit").await;
        commit(store, &page(key, at(1, 12), vec![item]), "commit feed").await;

        assert_eq!(search(store, "нефтебазе").await, ["rybar/2", "rybar/1"]);
        assert_eq!(
            search(store, "НЕФТЕБАЗЕ").await,
            ["rybar/2", "rybar/1"],
            "case folds in Cyrillic"
        );
        assert_eq!(
            search(store, "взрыв нефтебазе").await,
            ["rybar/1"],
            "every word must occur"
        );
        assert_eq!(
            search(store, "novorossiysk").await,
            [format!("{key}/guid-1")],
            "titles are searched"
        );
        assert_eq!(search(store, "well-known").await, [format!("{key}/guid-1")]);
        // FTS syntax is read as text: quotes, a leading minus, operators, column filters.
        assert_eq!(search(store, "\"нефтебазе\" -взрыв").await, ["rybar/1"]);
        assert_eq!(search(store, "\"hello\"").await, ["rybar/3"]);
        assert_eq!(search(store, "NEAR(").await, ["rybar/3"]);
        assert_eq!(search(store, "title:x").await, ["rybar/3"]);
        assert_eq!(search(store, "100%").await, ["rybar/3"]);
        assert!(
            search(store, "hello OR нефтебазе").await.is_empty(),
            "OR is a word, not an operator"
        );
        assert!(
            search(store, "\"").await.is_empty(),
            "nothing searchable matches nothing"
        );
        assert!(search(store, " - \" * ").await.is_empty());
        assert!(search(store, "absent").await.is_empty());
        assert_eq!(
            search(store, "   ").await.len(),
            4,
            "a blank query does not filter"
        );

        let query = PostQuery {
            text: Some("нефтебазе".to_string()),
            source_key: Some("rybar".to_string()),
            limit: Some(1),
            ..PostQuery::default()
        };
        assert_eq!(listed(store, &query).await, ["rybar/2"]);
    }

    pub(super) async fn filters_and_limit(store: &dyn Store) {
        add_source(store, &telegram("alpha")).await;
        add_source(store, &telegram("beta")).await;
        let alpha = vec![
            post("alpha", "1", at(1, 8), "a1"),
            post("alpha", "2", at(1, 10), "a2"),
            post("alpha", "3", at(1, 12), "a3"),
        ];
        let beta = vec![
            post("beta", "1", at(1, 10), "b1"),
            post("beta", "2", at(1, 11), "b2"),
        ];
        commit(store, &page("alpha", at(1, 13), alpha), "commit").await;
        commit(store, &page("beta", at(1, 13), beta), "commit").await;

        let all = store.posts(&PostQuery::default()).await.expect("all");
        // Newest first; the tie at 10:00 goes by source key.
        assert_eq!(
            ids(&all),
            ["alpha/3", "beta/2", "alpha/2", "beta/1", "alpha/1"]
        );

        let window = PostQuery {
            since: Some(at(1, 10)),
            until: Some(at(1, 12)),
            ..PostQuery::default()
        };
        assert_eq!(
            listed(store, &window).await,
            ["beta/2", "alpha/2", "beta/1"],
            "since inclusive, until exclusive"
        );

        let beta_only = PostQuery {
            source_key: Some("beta".to_string()),
            ..PostQuery::default()
        };
        assert_eq!(listed(store, &beta_only).await, ["beta/2", "beta/1"]);

        let newest_two = PostQuery {
            limit: Some(2),
            ..PostQuery::default()
        };
        assert_eq!(listed(store, &newest_two).await, ["alpha/3", "beta/2"]);
        let huge = PostQuery {
            limit: Some(u64::MAX),
            ..PostQuery::default()
        };
        assert_eq!(store.posts(&huge).await.expect("huge limit").len(), 5);
        let none = PostQuery {
            limit: Some(0),
            ..PostQuery::default()
        };
        assert!(store.posts(&none).await.expect("zero").is_empty());

        let everything = PostQuery {
            source_key: Some("alpha".to_string()),
            since: Some(at(1, 9)),
            until: Some(at(1, 23)),
            limit: Some(1),
            ..PostQuery::default()
        };
        assert_eq!(listed(store, &everything).await, ["alpha/3"]);
    }

    pub(super) async fn archive_round_trip_and_prune(store: &dyn Store) {
        let body = FetchedBody {
            url: "https://t.me/s/rybar",
            status: 200,
            fetched_at: at(1, 10),
            content_type: Some("text/html; charset=utf-8"),
            body: b"hello",
        };
        let sha256 = store.archive(&body).await.expect("archive");
        assert_eq!(
            sha256,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        let archived = store
            .archived(&sha256)
            .await
            .expect("archived")
            .expect("stored");
        assert_eq!(archived.body, b"hello");
        assert_eq!(
            (archived.url.as_str(), archived.status, archived.fetched_at),
            ("https://t.me/s/rybar", 200, at(1, 10))
        );
        assert_eq!(
            archived.content_type.as_deref(),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(archived.sha256, sha256);

        let again = FetchedBody {
            url: "https://t.me/s/other",
            fetched_at: at(1, 11),
            content_type: None,
            ..body.clone()
        };
        assert_eq!(store.archive(&again).await.expect("archive again"), sha256);
        assert_eq!(
            store
                .archived(&sha256)
                .await
                .expect("archived")
                .expect("stored")
                .url,
            "https://t.me/s/rybar"
        );
        assert_eq!(
            store
                .archived("0".repeat(64).as_str())
                .await
                .expect("archived"),
            None
        );

        // A bigger body, with every byte value, survives compression.
        let large: Vec<u8> = (0..200_000u32)
            .map(|index| (index.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect();
        let large_sha = store
            .archive(&FetchedBody {
                body: &large,
                ..body.clone()
            })
            .await
            .expect("archive large");
        assert_eq!(
            store
                .archived(&large_sha)
                .await
                .expect("archived")
                .expect("stored")
                .body,
            large
        );

        // Old and cited by a post; old and cited by an earlier version only; new; old and uncited.
        add_source(store, &telegram("rybar")).await;
        let cited = archive_bytes(store, b"cited", at(1, 10)).await;
        let cited_by_version = archive_bytes(store, b"version", at(1, 10)).await;
        let recent = archive_bytes(store, b"recent", at(9, 0)).await;
        // Post 1 is edited by the second page, so its first version keeps citing the first body.
        for (text, fetched_at, archive) in [
            ("first", at(1, 10), &cited_by_version),
            ("edited", at(1, 11), &cited),
        ] {
            let posts = vec![
                post("rybar", "1", at(1, 9), text),
                post("rybar", "2", at(1, 9), "other"),
            ];
            let mut next = page("rybar", fetched_at, posts);
            next.archive_sha256 = Some(archive.clone());
            commit(store, &next, text).await;
        }

        assert_eq!(
            store.prune_archive(at(5, 0)).await.expect("prune"),
            2,
            "'hello' and the large body"
        );
        assert_eq!(store.archived(&sha256).await.expect("archived"), None);
        assert_eq!(store.archived(&large_sha).await.expect("archived"), None);
        for kept in [&cited, &cited_by_version, &recent] {
            assert!(
                store.archived(kept).await.expect("archived").is_some(),
                "{kept} was pruned"
            );
        }
        assert_eq!(store.prune_archive(at(5, 0)).await.expect("prune again"), 0);
    }

    pub(super) async fn wiki_cache(store: &dyn Store) {
        let summary = WikiSummary {
            lang: "ru".to_string(),
            title: "Новороссийск".to_string(),
            display_title: Some("<span>Новороссийск</span>".to_string()),
            description: Some("город в Краснодарском крае".to_string()),
            extract: "Новороссийск — город…".to_string(),
            url: "https://ru.wikipedia.org/wiki/Новороссийск".to_string(),
            wikidata_id: Some("Q15091".to_string()),
            revision: Some("1234".to_string()),
            timestamp: Some(at(1, 3)),
            page_type: Some("standard".to_string()),
            coordinates: Some((44.716_667, 37.766_667)),
            thumbnail: None,
        };
        let found = CachedWiki {
            lang: "ru".to_string(),
            requested_title: "Новороссийске".to_string(),
            summary: Some(summary),
            fetched_at: at(1, 10),
        };
        store.wiki_put(&found).await.expect("put");
        assert_eq!(
            store.wiki_get("ru", "Новороссийске").await.expect("get"),
            Some(found.clone())
        );

        let missing = CachedWiki {
            lang: "en".to_string(),
            requested_title: "No_such_page".to_string(),
            summary: None,
            fetched_at: at(1, 11),
        };
        store.wiki_put(&missing).await.expect("put 404");
        assert_eq!(
            store.wiki_get("en", "No_such_page").await.expect("get 404"),
            Some(missing)
        );
        assert_eq!(
            store.wiki_get("ru", "No_such_page").await.expect("get"),
            None,
            "the language is part of the key"
        );

        let refreshed = CachedWiki {
            summary: None,
            fetched_at: at(2, 10),
            ..found
        };
        store.wiki_put(&refreshed).await.expect("overwrite");
        assert_eq!(
            store.wiki_get("ru", "Новороссийске").await.expect("get"),
            Some(refreshed)
        );
    }

    pub(super) async fn concurrent_commits_queue_up(store: &dyn Store) {
        add_source(store, &telegram("alpha")).await;
        add_source(store, &telegram("beta")).await;
        let posts = |source: &str| -> Vec<Post> {
            (1..=20)
                .map(|id| post(source, &id.to_string(), at(1, 9), "text"))
                .collect()
        };
        let alpha = page("alpha", at(1, 10), posts("alpha"));
        let beta = page("beta", at(1, 10), posts("beta"));
        // Two workers committing the same page of one source, and one committing another.
        let (first, second, other) = tokio::join!(
            store.commit_page(&alpha),
            store.commit_page(&alpha),
            store.commit_page(&beta),
        );
        let (first, second) = (first.expect("first"), second.expect("second"));
        assert_eq!(first.inserted + second.inserted, 20, "{first:?} {second:?}");
        assert_eq!(
            first.unchanged + second.unchanged,
            20,
            "{first:?} {second:?}"
        );
        assert_eq!(other.expect("other").inserted, 20);
        assert_eq!(
            store
                .posts(&PostQuery::default())
                .await
                .expect("posts")
                .len(),
            40
        );
    }
}

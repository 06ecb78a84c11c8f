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
    stories_are_replaced_removed_and_logged,
    brief_versions_stay_readable,
    stories_page_through_in_order,
    large_stories_are_written_in_batches,
    revisions_list_what_each_commit_changed,
    concurrent_commits_take_distinct_revisions,
    post_analyses_round_trip_and_clear,
    clear_derived_keeps_sources_and_posts,
    leases_are_exclusive_expire_and_fence_stale_commits,
    concurrent_claims_never_overlap,
    host_slots_pace_and_share_rate_limits,
    the_desk_lock_fences_a_replaced_desk,
);

/// Two desks on one database: the second gets the lock only once the first lets go (on
/// SQLite, where one process holds the database, at once), and from then on the first one's
/// story and brief writes are refused.
#[tokio::test]
async fn a_desk_that_was_replaced_cannot_write() {
    let mut databases = vec![TestDb::sqlite().await];
    databases.extend(TestDb::postgres("a_desk_that_was_replaced_cannot_write").await);
    for database in databases {
        let first = Arc::clone(&database.store);
        let second = database.reopen().await;
        let now = at(1, 10);
        let epoch = first.take_desk_lock("desk-1", now).await.expect("take");
        assert!(epoch.is_some());
        let taken = second.take_desk_lock("desk-2", now).await.expect("take");
        if first.backend() == "postgres" {
            assert_eq!(taken, None, "the lock is held by the first desk");
            // The first desk's session ends: the lock is free for the second.
            first.release_desk_lock().await.expect("release");
            let taken = second.take_desk_lock("desk-2", now).await.expect("take");
            assert!(taken > epoch, "{taken:?} after {epoch:?}");
            assert!(!first.desk_lock_held().await.expect("held"));
        } else {
            assert!(taken > epoch, "{taken:?} after {epoch:?}");
        }
        assert_eq!(
            second.desk_holder().await.expect("holder").0.as_deref(),
            Some("desk-2")
        );
        let story = cases_story();
        let refused = first
            .put_stories(std::slice::from_ref(&story), &[], &[])
            .await;
        assert!(
            matches!(refused, Err(StoreError::NotTheDesk)),
            "{refused:?}"
        );
        second
            .put_stories(std::slice::from_ref(&story), &[], &[])
            .await
            .expect("the new desk writes");
        assert!(store_story_ids(&*second).await == ["s1"]);
        drop((first, second));
        database.drop_database().await;
    }
}

async fn store_story_ids(store: &dyn Store) -> Vec<String> {
    let stories = store.stories().await.expect("stories");
    stories.into_iter().map(|story| story.id).collect()
}

fn cases_story() -> wiredesk_model::Story {
    wiredesk_model::Story {
        id: "s1".to_string(),
        kind: "talks".to_string(),
        title: "story s1".to_string(),
        posts: vec!["alpha/1".to_string()],
        origins: Vec::new(),
        slots: Vec::new(),
        ledger_history: Vec::new(),
        first_seen: at(1, 8),
        updated_at: at(1, 9),
        entities: Vec::new(),
        wikipedia: Default::default(),
        digest: String::new(),
    }
}

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
        lease: None,
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

mod cases;

//! The newsroom benchmark (issue 10): a synthetic newsroom of N feeds whose posts (GoogleNews
//! titles and snippets, `../shared/datasets/googlenews-stories/gsdmm_TS.jsonl`, reused in turn
//! when N exceeds them) are spread over 30 days, so about half fall in the desk's 14-day window.
//! It measures what a newsroom waits for: the first desk pass over the stored posts, the pass
//! after a fetch that brings 1 % new posts, and a pass whose fetch brought nothing.
//!
//! Two phases, so the peak RSS reported is the desk's alone: [`build`] writes the store; the
//! passes ([`passes`]) run in a fresh process (`wiredesk bench newsroom` re-executes itself) and
//! read their own high-water mark (`VmHWM` in `/proc/self/status`). Nothing touches the network:
//! the desk's fetcher answers every Wikipedia lookup with a miss at once.

use std::io::BufRead;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use wiredesk_model::{Post, SourceKind, SourceSpec};
use wiredesk_store::{PageCommit, StoreError};

use crate::config::Config;
use crate::desk::Desk;
use crate::pipeline::run_pipeline;
use crate::replay::ReplayFetch;

/// The newsroom's clock: the last pass runs here; posts reach 30 days back.
pub fn bench_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 7, 31, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

/// Days the stored posts cover, before `bench_now`.
pub const SPAN_DAYS: i64 = 30;

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error("cannot read {path}: {error}")]
    Read { path: String, error: std::io::Error },
    #[error("{path} holds no texts")]
    NoTexts { path: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The texts the newsroom's posts carry: one per line of a GoogleNews JSONL file.
pub fn read_texts(path: &Path) -> Result<Vec<String>, BenchError> {
    let read_error = |error| BenchError::Read {
        path: path.display().to_string(),
        error,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut texts = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line.map_err(read_error)?;
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        if let Some(text) = ["text", "textCleaned"]
            .iter()
            .find_map(|field| value.get(*field).and_then(serde_json::Value::as_str))
        {
            texts.push(text.to_string());
        }
    }
    if texts.is_empty() {
        return Err(BenchError::NoTexts {
            path: path.display().to_string(),
        });
    }
    Ok(texts)
}

fn feed_url(feed: usize) -> String {
    format!("https://feed{feed}.bench.example/rss.xml")
}

/// Post `n` of the newsroom: its feed, its time and its text. The stored posts are spread
/// evenly over the span, oldest first, up to `bench_now`; the posts of a later fetch (`n` past
/// the stored ones) evenly over `since` (the previous fetch) to `offset` (this fetch).
fn post(
    n: usize,
    n_posts: usize,
    n_feeds: usize,
    texts: &[String],
    (since, offset): (Duration, Duration),
    range: &std::ops::Range<usize>,
) -> Post {
    let feed = n % n_feeds;
    let published_at = if n < n_posts {
        let span = Duration::days(SPAN_DAYS).num_seconds();
        let age = span - (n as i64 * span) / n_posts.max(1) as i64;
        bench_now() - Duration::seconds(age) + offset
    } else {
        let step = (offset - since).num_milliseconds() / range.len().max(1) as i64;
        bench_now() + since + Duration::milliseconds(step * (n - range.start + 1) as i64)
    };
    let mut post = Post::new(feed_url(feed), format!("item-{n}"), published_at);
    post.url = Some(format!("https://feed{feed}.bench.example/item/{n}"));
    let text = &texts[n % texts.len()];
    post.title = Some(
        text.split_whitespace()
            .take(8)
            .collect::<Vec<_>>()
            .join(" "),
    );
    post.text = text.clone();
    post.language = Some("en".to_string());
    post
}

/// Writes a newsroom of `n_posts` posts from `n_feeds` feeds into the store at `store_url`.
pub async fn build(
    store_url: &str,
    n_posts: usize,
    n_feeds: usize,
    texts: &[String],
) -> Result<(), BenchError> {
    let store = wiredesk_store::open(store_url).await?;
    for feed in 0..n_feeds {
        let spec = SourceSpec {
            kind: SourceKind::Feed {
                url: feed_url(feed),
            },
            name: Some(format!("Bench Feed {feed}")),
            interval_secs: Some(3600),
            trust: Default::default(),
        };
        store.upsert_source(&spec).await?;
    }
    commit(
        &*store,
        0..n_posts,
        n_posts,
        n_feeds,
        texts,
        (Duration::zero(), Duration::zero()),
    )
    .await?;
    Ok(())
}

/// Commits posts `range` of the newsroom, a page per feed per thousand posts.
async fn commit(
    store: &dyn wiredesk_store::Store,
    range: std::ops::Range<usize>,
    n_posts: usize,
    n_feeds: usize,
    texts: &[String],
    (since, offset): (Duration, Duration),
) -> Result<wiredesk_store::CommitStats, BenchError> {
    let mut total = wiredesk_store::CommitStats::default();
    let ids: Vec<usize> = range.clone().collect();
    for chunk in ids.chunks(1000 * n_feeds.max(1)) {
        for feed in 0..n_feeds {
            let posts: Vec<Post> = chunk
                .iter()
                .filter(|&&n| n % n_feeds == feed)
                .map(|&n| post(n, n_posts, n_feeds, texts, (since, offset), &range))
                .collect();
            if posts.is_empty() {
                continue;
            }
            let page = PageCommit {
                source_key: feed_url(feed),
                fetched_at: bench_now() + offset,
                posts,
                archive_sha256: None,
                cursor: None,
                covered_range: None,
                lease: None,
                channel: None,
                feed: None,
            };
            let stats = store.commit_page(&page).await?;
            total.inserted += stats.inserted;
            total.edited += stats.edited;
            total.unchanged += stats.unchanged;
            total.marked_gone += stats.marked_gone;
        }
    }
    Ok(total)
}

/// What the passes measured.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PassTimes {
    pub n_stored: usize,
    pub n_new: usize,
    pub initial_secs: f64,
    pub after_fetch_secs: f64,
    /// The pass after a fetch that stored nothing, as `run` makes it: it sees no change and
    /// does no story work (it only pumps deferred background lookups).
    pub idle_secs: f64,
    /// The pass after a fetch of [`SMALL_FETCH`] new posts.
    #[serde(default)]
    pub after_small_fetch_secs: f64,
    /// The commit of that fetch (the same 1 % of posts, all unchanged): ingest, not the pass.
    #[serde(default)]
    pub idle_commit_secs: f64,
    /// The posts the pass after the fetch and the pass after the small fetch analysed: each
    /// fetch's new posts, so the figures time real work.
    #[serde(default)]
    pub analysed: [usize; 2],
    pub peak_rss_kib: Option<u64>,
}

/// Runs the passes on a built newsroom: the first pass at `bench_now`, then 1 % new posts an
/// hour later and a pass, then a fetch with nothing new and what `run` does after it.
pub async fn passes(
    store_url: &str,
    n_posts: usize,
    n_feeds: usize,
    texts: &[String],
) -> Result<PassTimes, BenchError> {
    let store = wiredesk_store::open(store_url).await?;
    let desk = Desk {
        store: Arc::from(store),
        fetch: Arc::new(ReplayFetch::default()),
        config: Arc::new(Config::default()),
        background: Default::default(),
        analyst: Default::default(),
    };
    let started = Instant::now();
    run_pipeline(&desk, bench_now()).await?;
    let initial_secs = started.elapsed().as_secs_f64();

    let n_new = (n_posts / 100).max(1);
    let later = Duration::hours(1);
    // The new posts continue the stream past the stored ones, over the hour since; the idle
    // fetch serves them again.
    let fetch_new = || {
        commit(
            &*desk.store,
            n_posts..n_posts + n_new,
            n_posts,
            n_feeds,
            texts,
            (Duration::zero(), later),
        )
    };
    let inserted = fetch_new().await?.inserted;
    let started = Instant::now();
    let analysed_after_fetch = run_pipeline(&desk, bench_now() + later).await?.n_analysed;
    let after_fetch_secs = started.elapsed().as_secs_f64();

    // A fetch that brings nothing: the commit stores nothing, and `run` does no story work.
    let started = Instant::now();
    let fetched = fetch_new().await?;
    let idle_commit_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let idle_at = bench_now() + later + Duration::minutes(5);
    if crate::run::changed_posts(&fetched) {
        run_pipeline(&desk, idle_at).await?;
    } else {
        crate::background::pump(&desk, idle_at).await?;
    }
    let idle_secs = started.elapsed().as_secs_f64();

    // A small fetch: 100 more posts (fewer in a newsroom under 10,000), ten minutes on.
    let small_from = n_posts + n_new;
    commit(
        &*desk.store,
        small_from..small_from + SMALL_FETCH.min(n_new),
        n_posts,
        n_feeds,
        texts,
        (later, later + Duration::minutes(10)),
    )
    .await?;
    let started = Instant::now();
    let analysed_after_small_fetch =
        run_pipeline(&desk, bench_now() + later + Duration::minutes(10))
            .await?
            .n_analysed;
    let after_small_fetch_secs = started.elapsed().as_secs_f64();
    Ok(PassTimes {
        after_small_fetch_secs,
        analysed: [analysed_after_fetch, analysed_after_small_fetch],
        n_stored: n_posts,
        n_new: inserted as usize,
        initial_secs,
        after_fetch_secs,
        idle_secs,
        idle_commit_secs,
        peak_rss_kib: peak_rss_kib(),
    })
}

/// The posts of the small fetch (the "100 new"), at most 1 % of the stored posts.
pub const SMALL_FETCH: usize = 100;

/// This process's peak resident set (`VmHWM`), where `/proc` tells it.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small newsroom builds and passes: the pass after a fetch sees the new posts, and a
    /// fetch that brings nothing leads to no story work.
    #[tokio::test]
    async fn a_small_newsroom_builds_and_passes() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("bench.db").display());
        let texts: Vec<String> = [
            "quake malatya turkey magnitude aftershock rescue",
            "ecb rate hold inflation euro lagarde",
            "black friday shopper sale deal retail",
        ]
        .iter()
        .map(|text| text.to_string())
        .collect();
        build(&url, 300, 3, &texts).await.unwrap();
        let times = passes(&url, 300, 3, &texts).await.unwrap();
        assert_eq!((times.n_stored, times.n_new), (300, 3));
        assert_eq!(
            times.analysed,
            [3, 3],
            "each pass analysed its fetch's new posts"
        );
        assert!(times.initial_secs > 0.0 && times.after_fetch_secs > 0.0);
        let store = wiredesk_store::open(&url).await.unwrap();
        assert!(store.story_count().await.unwrap() > 0);
        let window_posts = store
            .posts(&wiredesk_store::PostQuery {
                since: Some(bench_now() - Duration::days(14)),
                ..Default::default()
            })
            .await
            .unwrap()
            .len();
        // About half the posts fall in the 14-day window.
        assert!((120..=180).contains(&window_posts), "{window_posts}");
    }
}

//! Background lookups against a fake Wikipedia that counts requests in flight, fails on demand
//! and holds every answer until released: lookups run a few at a time, a pass starts no more
//! than its budget, a failure is not retried before its time, a pass in background mode never
//! waits, and a brief written before its background arrives gets it in a later version.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use tokio::sync::watch;
use wiredesk_fetch::{Fetch, FetchError, FetchRequest, FetchResponse};
use wiredesk_model::{SourceKind, SourceSpec, Story};
use wiredesk_sources::wikipedia::normalize_title;
use wiredesk_test_support::Canned;

use super::{Background, Mode, apply_ready, prefetch, pump, resolve};
use crate::Desk;
use crate::config::Config;
use crate::pipeline::run_pipeline;
use crate::test_util::{NOW, PagePost, harness, preview_page};
use crate::wikipedia::WikiCached;

/// Where the fake Wikipedia lives; nothing is ever sent there.
const WIKI_HOST: &str = "wiki.invalid";

/// A Wikipedia that knows the pages it is given, answers 503 for the titles marked failing and
/// 404 for anything else, and holds every request while its gate is closed.
struct FakeWiki {
    pages: Mutex<BTreeSet<String>>,
    failing: Mutex<BTreeSet<String>>,
    gate: watch::Sender<bool>,
    delay: StdDuration,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    /// Summary requests per normalized title.
    hits: Mutex<HashMap<String, usize>>,
    /// Everything else (Telegram) goes here.
    other: Option<Arc<dyn Fetch>>,
}

impl FakeWiki {
    fn new(pages: &[&str]) -> FakeWiki {
        FakeWiki {
            pages: Mutex::new(pages.iter().map(|page| normalize_title(page)).collect()),
            failing: Mutex::default(),
            gate: watch::Sender::new(true),
            delay: StdDuration::ZERO,
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            hits: Mutex::default(),
            other: None,
        }
    }

    fn fail(&self, title: &str, failing: bool) {
        let mut set = self.failing.lock().unwrap();
        if failing {
            set.insert(normalize_title(title));
        } else {
            set.remove(&normalize_title(title));
        }
    }

    fn close(&self) {
        self.gate.send_replace(false);
    }

    fn open(&self) {
        self.gate.send_replace(true);
    }

    fn hits(&self, title: &str) -> usize {
        let hits = self.hits.lock().unwrap();
        hits.get(&normalize_title(title)).copied().unwrap_or(0)
    }

    fn total_hits(&self) -> usize {
        self.hits.lock().unwrap().values().sum()
    }
}

/// Leaves the in-flight count when the request ends, answered or dropped.
struct Counted<'a>(&'a AtomicUsize);

impl Drop for Counted<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn summary_json(title: &str) -> String {
    let display = title.replace('_', " ");
    serde_json::json!({
        "type": "standard",
        "title": display,
        "titles": {"canonical": title, "normalized": display, "display": display},
        "lang": "en",
        "description": "Test page",
        "extract": format!("{display} is a subject of a test page. It has a second sentence."),
    })
    .to_string()
}

#[async_trait]
impl Fetch for FakeWiki {
    async fn get(&self, request: &FetchRequest) -> Result<FetchResponse, FetchError> {
        if request.url.host_str() != Some(WIKI_HOST) {
            return match &self.other {
                Some(other) => other.get(request).await,
                None => panic!("unexpected request {}", request.url),
            };
        }
        let now_in_flight = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        let _counted = Counted(&self.in_flight);
        self.max_in_flight
            .fetch_max(now_in_flight, Ordering::SeqCst);
        let mut gate = self.gate.subscribe();
        gate.wait_for(|open| *open).await.unwrap();
        tokio::time::sleep(self.delay).await;
        let status = |status: u16| FetchError::Status {
            url: request.url.clone(),
            status,
            retry_after: None,
        };
        let Some(title) = request.url.path().split("/page/summary/").nth(1) else {
            return Err(status(404)); // searches find nothing
        };
        let title = normalize_title(title);
        *self.hits.lock().unwrap().entry(title.clone()).or_default() += 1;
        if self.failing.lock().unwrap().contains(&title) {
            return Err(status(503));
        }
        if !self.pages.lock().unwrap().contains(&title) {
            return Err(status(404));
        }
        Ok(FetchResponse {
            requested_url: request.url.clone(),
            final_url: request.url.clone(),
            redirected: false,
            status: 200,
            not_modified: false,
            etag: None,
            last_modified: None,
            content_type: Some("application/json".to_string()),
            fresh_for: None,
            retry_after: None,
            body: summary_json(&title).into_bytes().into(),
        })
    }
}

fn wiki_config(config: &mut Config) {
    config.wikipedia.base_url_template = format!("http://{WIKI_HOST}/{{lang}}");
    config.wikipedia.refresh_after_hours = 24;
    config.wikipedia.retry_after_minutes = 30;
}

async fn desk(fake: &Arc<FakeWiki>, mode: Mode, tune: impl FnOnce(&mut Config)) -> Desk {
    let store = wiredesk_store::open("sqlite::memory:").await.unwrap();
    let mut config = Config::default();
    wiki_config(&mut config);
    tune(&mut config);
    Desk {
        store: Arc::from(store),
        fetch: fake.clone(),
        config: Arc::new(config),
        background: Arc::new(Background::new(mode)),
        analyst: Default::default(),
    }
}

/// A story of two posts naming `entities`, none known to the gazetteer.
fn story(id: &str, entities: &[String]) -> Story {
    Story {
        id: id.to_string(),
        kind: "other".to_string(),
        title: id.to_string(),
        posts: vec![format!("chan/{id}1"), format!("chan/{id}2")],
        origins: Vec::new(),
        slots: Vec::new(),
        ledger_history: Vec::new(),
        first_seen: NOW(),
        updated_at: NOW(),
        entities: entities.to_vec(),
        wikipedia: BTreeMap::new(),
        digest: String::new(),
    }
}

fn names(prefix: &str, n: usize) -> Vec<String> {
    (1..=n)
        .map(|idx| format!("{prefix} Zorvath {idx}"))
        .collect()
}

/// Fails the test instead of hanging when a pass waits for something it should not.
async fn within<T>(what: &str, future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(StdDuration::from_secs(10), future)
        .await
        .unwrap_or_else(|_| panic!("{what} did not finish"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookups_run_concurrently_within_the_configured_limit() {
    let all: Vec<String> = names("Alpha", 6)
        .into_iter()
        .chain(names("Beta", 6))
        .collect();
    let pages: Vec<&str> = all.iter().map(String::as_str).collect();
    let mut fake = FakeWiki::new(&pages);
    fake.delay = StdDuration::from_millis(40);
    let fake = Arc::new(fake);
    let desk = desk(&fake, Mode::Wait, |config| config.wikipedia.concurrency = 3).await;
    let mut stories = vec![story("a", &all[..6]), story("b", &all[6..])];

    within("the pass", resolve(&desk, &mut stories, NOW()))
        .await
        .unwrap();

    let max = fake.max_in_flight.load(Ordering::SeqCst);
    assert!(max > 1, "lookups ran one at a time");
    assert!(
        max <= 3,
        "{max} lookups at once, more than the configured 3"
    );
    assert_eq!(fake.total_hits(), 12);
    assert_eq!(stories[0].wikipedia.len(), 6, "{:?}", stories[0].wikipedia);
    assert_eq!(
        stories[1]
            .wikipedia
            .get("Beta Zorvath 2")
            .map(String::as_str),
        Some("Beta_Zorvath_2")
    );
}

#[tokio::test]
async fn a_pass_starts_no_more_lookups_than_its_budget_and_the_rest_follow() {
    let all: Vec<String> = names("Gamma", 6)
        .into_iter()
        .chain(names("Delta", 6))
        .collect();
    let pages: Vec<&str> = all.iter().map(String::as_str).collect();
    let fake = Arc::new(FakeWiki::new(&pages));
    let desk = desk(&fake, Mode::Wait, |config| {
        config.wikipedia.lookups_per_pass = 5;
    })
    .await;
    let mut stories = vec![story("g", &all[..6]), story("d", &all[6..])];

    resolve(&desk, &mut stories, NOW()).await.unwrap();
    assert_eq!(fake.total_hits(), 5);
    assert_eq!(desk.background.n_deferred(), 7);
    let found: usize = stories.iter().map(|story| story.wikipedia.len()).sum();
    assert_eq!(found, 5);
    assert!(!desk.background.has_ready(), "nothing arrived late yet");

    // The next passes start the deferred lookups first, five at a time.
    resolve(&desk, &mut [], NOW()).await.unwrap();
    assert_eq!(fake.total_hits(), 10);
    assert_eq!(pump(&desk, NOW()).await.unwrap(), 2);
    assert_eq!(fake.total_hits(), 12);
    assert_eq!(desk.background.n_deferred(), 0);
    assert_eq!(desk.background.take_ready(), ["d", "g"]);
    assert!(!desk.background.has_ready(), "taken");
    // Cached answers cost nothing: a pass over the same names asks nothing.
    let mut again = vec![story("g", &all[..6]), story("d", &all[6..])];
    resolve(&desk, &mut again, NOW()).await.unwrap();
    assert_eq!(fake.total_hits(), 12);
    assert_eq!(again[1].wikipedia.len(), 6);
}

#[tokio::test]
async fn a_failure_is_not_retried_before_its_retry_time() {
    let fake = Arc::new(FakeWiki::new(&["Epsilon Zorvath"]));
    fake.fail("Epsilon Zorvath", true);
    let desk = desk(&fake, Mode::Wait, |_| {}).await;
    let entities = vec!["Epsilon Zorvath".to_string()];
    let pass = |at: DateTime<Utc>| {
        let desk = desk.clone();
        let entities = entities.clone();
        async move {
            let mut stories = vec![story("e", &entities)];
            resolve(&desk, &mut stories, at).await.unwrap();
            stories.remove(0)
        }
    };

    let first = pass(NOW()).await;
    assert_eq!(fake.hits("Epsilon Zorvath"), 1);
    assert!(first.wikipedia.is_empty());
    let before_retry = pass(NOW() + Duration::minutes(29)).await;
    assert_eq!(fake.hits("Epsilon Zorvath"), 1, "retried before its time");
    assert!(before_retry.wikipedia.is_empty());

    fake.fail("Epsilon Zorvath", false);
    let after_retry = pass(NOW() + Duration::minutes(31)).await;
    assert_eq!(
        fake.hits("Epsilon Zorvath"),
        2,
        "tried again after its time"
    );
    assert_eq!(
        after_retry
            .wikipedia
            .get("Epsilon Zorvath")
            .map(String::as_str),
        Some("Epsilon_Zorvath")
    );
}

#[tokio::test]
async fn a_failure_keeps_the_stale_summary_until_its_retry_time() {
    let fake = Arc::new(FakeWiki::new(&["Zeta Zorvath"]));
    let desk = desk(&fake, Mode::Wait, |_| {}).await;
    desk.wiki_summary("en", "Zeta Zorvath", NOW())
        .await
        .unwrap()
        .unwrap();
    fake.fail("Zeta Zorvath", true);
    // Past the 24-hour age, Wikipedia fails: the stale summary stays in use and is not asked
    // for again before the retry time.
    let later = NOW() + Duration::hours(30);
    let (summary, _) = desk
        .wiki_summary("en", "Zeta Zorvath", later)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(summary.title, "Zeta_Zorvath");
    assert_eq!(fake.hits("Zeta Zorvath"), 2);
    let cached = desk
        .wiki_cached("en", "Zeta Zorvath", later + Duration::minutes(10))
        .await
        .unwrap();
    assert!(
        matches!(&cached, WikiCached::Fresh(Some(summary)) if summary.title == "Zeta_Zorvath"),
        "{cached:?}"
    );
    let due = desk
        .wiki_cached("en", "Zeta Zorvath", later + Duration::minutes(31))
        .await
        .unwrap();
    assert!(
        matches!(&due, WikiCached::Stale(Some(_))),
        "due again after the retry time: {due:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_background_pass_does_not_wait_for_wikipedia() {
    let fake = Arc::new(FakeWiki::new(&["Eta Zorvath", "Theta Zorvath"]));
    fake.close();
    let desk = desk(&fake, Mode::Background, |_| {}).await;
    let mut stories = vec![story(
        "h",
        &["Eta Zorvath".to_string(), "Theta Zorvath".to_string()],
    )];

    within("the pass", resolve(&desk, &mut stories, NOW()))
        .await
        .unwrap();
    let titles = ["Theta_Zorvath".to_string()];
    within(
        "the briefs' lookups",
        prefetch(&desk, &[("h", titles.as_slice())], NOW()),
    )
    .await
    .unwrap();
    assert!(stories[0].wikipedia.is_empty(), "nothing arrived yet");
    assert_eq!(desk.background.n_in_flight(), 2, "{:?}", desk.background);
    assert!(!desk.background.has_ready());
    // Wikipedia still holds the requests: the pass returned while they hang.
    within("the requests", async {
        while fake.in_flight.load(Ordering::SeqCst) == 0 {
            tokio::time::sleep(StdDuration::from_millis(5)).await;
        }
    })
    .await;

    fake.open();
    within("the lookups", desk.background.settle()).await;
    assert_eq!(desk.background.n_in_flight(), 0);
    assert_eq!(desk.background.take_ready(), ["h"]);
    let cached = desk.wiki_cached("en", "Eta Zorvath", NOW()).await.unwrap();
    assert!(matches!(cached, WikiCached::Fresh(Some(_))), "{cached:?}");
}

#[tokio::test]
async fn ready_stories_get_the_titles_the_cache_now_holds() {
    let fake = Arc::new(FakeWiki::new(&["Iota Zorvath"]));
    let desk = desk(&fake, Mode::Background, |_| {}).await;
    let entities = vec!["Iota Zorvath".to_string()];
    let stored = story("i", &entities);
    let briefed = story("j", &entities);
    desk.store
        .put_stories(&[stored.clone(), briefed.clone()], &[], &[])
        .await
        .unwrap();
    let mut pass = vec![stored.clone(), briefed.clone()];
    resolve(&desk, &mut pass, NOW()).await.unwrap();
    within("the lookups", desk.background.settle()).await;

    // "j" is briefed by the pass anyway; "i" comes back with its title, also in the store.
    let ready = apply_ready(&desk, &[briefed], NOW()).await.unwrap();
    let ids: Vec<&str> = ready.iter().map(|story| story.id.as_str()).collect();
    assert_eq!(ids, ["i"]);
    assert_eq!(
        ready[0].wikipedia.get("Iota Zorvath").map(String::as_str),
        Some("Iota_Zorvath")
    );
    let in_store = desk.store.story("i").await.unwrap().unwrap();
    assert_eq!(in_store.wikipedia, ready[0].wikipedia);
    assert!(apply_ready(&desk, &[], NOW()).await.unwrap().is_empty());
}

const CHANNEL: &str = "straitwatch";

/// A desk on a loopback Telegram channel with one two-post story naming Turkey and Russia, whose
/// Wikipedia is `fake`.
async fn story_desk(
    fake: FakeWiki,
    mode: Mode,
) -> (Desk, Arc<FakeWiki>, crate::test_util::Harness) {
    let mut h = harness().await;
    let mut config = (*h.desk.config).clone();
    wiki_config(&mut config);
    h.desk.config = Arc::new(config);
    let fake = Arc::new(FakeWiki {
        other: Some(h.desk.fetch.clone()),
        ..fake
    });
    let desk = Desk {
        fetch: fake.clone(),
        background: Arc::new(Background::new(mode)),
        analyst: Default::default(),
        ..h.desk.clone()
    };
    let spec = SourceSpec {
        kind: SourceKind::Telegram {
            channel: CHANNEL.to_string(),
        },
        name: None,
        interval_secs: Some(300),
        trust: Default::default(),
    };
    let state = desk.store.upsert_source(&spec).await.unwrap();
    let texts = [
        "Turkey and Russia open talks in Ankara on grain shipments through the Bosphorus, the Turkish foreign ministry says.",
        "Talks between Turkey and Russia on grain shipments through the Bosphorus opened in Ankara, the Turkish foreign ministry says.",
    ];
    let posts: Vec<PagePost<'_>> = texts
        .iter()
        .enumerate()
        .map(|(idx, text)| PagePost {
            id: 11 + idx as i64,
            text,
            minutes: idx as i64 * 20,
        })
        .collect();
    h.server.route(
        &format!("/s/{CHANNEL}"),
        Canned::ok(preview_page(CHANNEL, &posts, false)).content_type("text/html"),
    );
    crate::telegram::refresh(&desk, &state, NOW())
        .await
        .unwrap();
    (desk, fake, h)
}

/// The Wikipedia pages a brief of the story cites.
async fn cited_wikipedia(desk: &Desk) -> (usize, Vec<String>) {
    let briefs = desk.store.briefs().await.unwrap();
    assert_eq!(briefs.len(), 1, "one story, one brief");
    let brief = &briefs[0];
    let cited = brief
        .provenance
        .iter()
        .map(|item| item.url.clone())
        .filter(|url| url.contains("wikipedia.org"))
        .collect();
    (brief.revisions.len(), cited)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_brief_written_before_its_background_gets_it_in_a_later_version() {
    let fake = FakeWiki::new(&["Turkey", "Russia", "Russia–Turkey_relations", "Ankara"]);
    fake.close();
    let (desk, fake, _h) = story_desk(fake, Mode::Background).await;

    within(
        "the first pass",
        run_pipeline(&desk, NOW() + Duration::minutes(30)),
    )
    .await
    .unwrap();
    let (versions, cited) = cited_wikipedia(&desk).await;
    assert_eq!(versions, 1);
    assert!(cited.is_empty(), "no background yet: {cited:?}");
    assert!(desk.background.n_in_flight() > 0, "lookups are under way");
    assert!(!desk.background.has_ready());

    fake.open();
    within("the lookups", desk.background.settle()).await;
    assert!(desk.background.has_ready(), "the background arrived");
    // No new post: the run loop's pass is called for by the ready background alone.
    assert!(crate::run::needs_story_pass(
        false,
        &[],
        desk.background.has_ready()
    ));
    within(
        "the second pass",
        run_pipeline(&desk, NOW() + Duration::minutes(40)),
    )
    .await
    .unwrap();
    let (versions, cited) = cited_wikipedia(&desk).await;
    assert_eq!(versions, 2, "a new version with the background");
    assert!(
        cited.iter().any(|url| url.ends_with("Turkey_relations")),
        "{cited:?}"
    );
    assert!(!desk.background.has_ready());
}

#[tokio::test]
async fn in_wait_mode_a_pass_writes_its_background_at_once() {
    let fake = FakeWiki::new(&["Turkey", "Russia", "Russia–Turkey_relations", "Ankara"]);
    let (desk, fake, _h) = story_desk(fake, Mode::Wait).await;

    run_pipeline(&desk, NOW() + Duration::minutes(30))
        .await
        .unwrap();
    let (versions, cited) = cited_wikipedia(&desk).await;
    assert_eq!(versions, 1);
    assert!(
        cited.iter().any(|url| url.ends_with("Turkey_relations")),
        "{cited:?}"
    );
    assert!(fake.hits("Turkey") >= 1);
    assert_eq!(desk.background.n_in_flight(), 0);
    assert!(!desk.background.has_ready(), "nothing left for later");
}

//! Wikipedia background off the critical path: which names and titles a pass wants looked up,
//! the lookups themselves (a few at a time, a budget per pass), and the stories a finished lookup
//! brought something for ("ready"), so that their briefs get it in a later revision.
//!
//! Decision: two modes, chosen when the desk is built. `Mode::Wait` (replay, bench, tests, the
//! default) runs a pass's lookups concurrently and waits for them before the pass writes briefs,
//! so a replayed step's checks see its background. `Mode::Background` (`wiredesk run`) spawns the
//! lookups and lets the pass go on with what the cache holds; no pass waits on Wikipedia, and a
//! lookup that finds something marks its stories ready, which makes the run loop do a pass that
//! re-briefs them. Briefs read summaries from the cache only (`crate::wikipedia::WikiCached`),
//! never from the network. Failures are cached with a retry time by `Desk::wiki_summary`, so a
//! failing Wikipedia costs one lookup per title per retry period, never a wait per pass.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use chrono::{DateTime, Utc};
use tokio::sync::{Notify, Semaphore};
use tokio::task::JoinSet;
use tracing::{debug, warn};
use wiredesk_analysis::origins::same_name;
use wiredesk_model::{Story, WikiSummary};
use wiredesk_sources::wikipedia::normalize_title;
use wiredesk_store::StoreError;

use crate::desk::Desk;
use crate::wikipedia::{WikiCached, WikiOrigin};

/// The edition names are looked up in.
const LANG: &str = "en";

/// How many of a story's names one pass looks at (the story's most named first).
const NAMES_PER_STORY: usize = 8;

/// Whether a pass waits for its lookups.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// Each pass's lookups finish before the pass writes briefs (replay, bench, tests).
    #[default]
    Wait,
    /// Lookups run beside the passes; a pass uses what the cache holds (`wiredesk run`).
    Background,
}

/// The lookups of a desk: in flight, deferred past a pass's budget, and the stories they brought
/// something for. One per desk, shared by its clones.
pub struct Background {
    mode: Mode,
    state: Mutex<State>,
    /// Bounds the spawned lookups (`Mode::Background`); sized from the config on first use.
    limit: OnceLock<Arc<Semaphore>>,
    /// Woken when the last lookup in flight finishes.
    settled: Notify,
    /// Woken when a finished lookup makes a story ready.
    became_ready: Notify,
}

impl Default for Background {
    fn default() -> Background {
        Background::new(Mode::Wait)
    }
}

impl std::fmt::Debug for Background {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.lock();
        f.debug_struct("Background")
            .field("mode", &self.mode)
            .field("in_flight", &state.in_flight.len())
            .field("deferred", &state.deferred.len())
            .field("ready", &state.ready.len())
            .finish()
    }
}

/// A lookup: the edition and the title as the cache keys it.
type Key = (String, String);

/// A lookup to make, and the stories that want its answer.
#[derive(Debug, Clone)]
struct Pending {
    lang: String,
    /// As first asked (the search fallback searches for it).
    title: String,
    waiters: BTreeSet<String>,
}

#[derive(Default)]
struct State {
    /// Started and not finished, with the stories waiting on each.
    in_flight: HashMap<Key, BTreeSet<String>>,
    /// Past a pass's budget: the next pass (or `pump`) starts them first.
    deferred: BTreeMap<Key, Pending>,
    /// Stories a finished lookup found something for.
    ready: BTreeSet<String>,
    /// Lookups the current pass may still start.
    budget: usize,
}

/// One wish of a pass: look up `title` for `story`, which lacks its answer unless the cache
/// holds a stale one (`has_stale`: a refresh, nothing for the story to wait for).
struct Request<'a> {
    title: &'a str,
    story: &'a str,
    has_stale: bool,
}

impl Background {
    pub fn new(mode: Mode) -> Background {
        Background {
            mode,
            state: Mutex::new(State::default()),
            limit: OnceLock::new(),
            settled: Notify::new(),
            became_ready: Notify::new(),
        }
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking lookup must not hide the state from the passes.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The ids of the stories a finished lookup brought something for, since the last call.
    pub fn take_ready(&self) -> Vec<String> {
        std::mem::take(&mut self.lock().ready).into_iter().collect()
    }

    /// Whether some story waits for a brief revision with its new background.
    pub fn has_ready(&self) -> bool {
        !self.lock().ready.is_empty()
    }

    /// Resolves when a lookup that finishes from now on makes a story ready (the run loop
    /// sleeps on it beside its timer).
    pub async fn wait_ready(&self) {
        self.became_ready.notified().await;
    }

    /// Lookups started and not finished.
    pub fn n_in_flight(&self) -> usize {
        self.lock().in_flight.len()
    }

    /// Lookups left for a later pass by a pass's budget.
    pub fn n_deferred(&self) -> usize {
        self.lock().deferred.len()
    }

    /// Waits until no lookup is in flight (tests; a clean stop).
    pub async fn settle(&self) {
        loop {
            let notified = self.settled.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.lock().in_flight.is_empty() {
                return;
            }
            notified.await;
        }
    }

    /// A new pass: its budget, and the deferred lookups it starts first.
    fn begin_pass(&self, budget: usize) -> Vec<Pending> {
        let mut state = self.lock();
        state.budget = budget;
        let mut started = Vec::new();
        while state.budget > 0 {
            let Some((key, pending)) = state.deferred.pop_first() else {
                break;
            };
            if let Some(waiters) = state.in_flight.get_mut(&key) {
                waiters.extend(pending.waiters);
                continue;
            }
            state.budget -= 1;
            started.push(pending);
        }
        started
    }

    /// Sorts a pass's requests into lookups to start now (within the budget, not already in
    /// flight) and lookups deferred to a later pass. A request joins a lookup of the same title
    /// already in flight or planned. In `Mode::Wait` the stories of a lookup started now get its
    /// answer in this pass, so only deferred lookups remember who wants them.
    fn plan(&self, requests: &[Request<'_>], planned: &mut Vec<Pending>) {
        let mut state = self.lock();
        for request in requests {
            let key: Key = (LANG.to_string(), normalize_title(request.title));
            let waits = !request.has_stale;
            let remember = waits && self.mode == Mode::Background;
            if let Some(waiters) = state.in_flight.get_mut(&key) {
                if waits {
                    waiters.insert(request.story.to_string());
                }
                continue;
            }
            if let Some(pending) = planned
                .iter_mut()
                .find(|pending| pending.lang == key.0 && normalize_title(&pending.title) == key.1)
            {
                if remember {
                    pending.waiters.insert(request.story.to_string());
                }
                continue;
            }
            if state.budget > 0 {
                state.budget -= 1;
                let mut waiters = if remember {
                    BTreeSet::from([request.story.to_string()])
                } else {
                    BTreeSet::new()
                };
                // Deferred by an earlier pass: its stories were briefed without it.
                if let Some(deferred) = state.deferred.remove(&key) {
                    waiters.extend(deferred.waiters);
                }
                planned.push(Pending {
                    lang: key.0.clone(),
                    title: request.title.to_string(),
                    waiters,
                });
                continue;
            }
            let deferred = state
                .deferred
                .entry(key.clone())
                .or_insert_with(|| Pending {
                    lang: key.0,
                    title: request.title.to_string(),
                    waiters: BTreeSet::new(),
                });
            if waits {
                deferred.waiters.insert(request.story.to_string());
            }
        }
    }

    /// Records a finished lookup: its stories are ready when it found a page.
    fn finish(&self, key: &Key, waiters: BTreeSet<String>, found: bool) {
        let mut state = self.lock();
        let mut waiters = waiters;
        if let Some(more) = state.in_flight.remove(key) {
            waiters.extend(more);
        }
        if found && !waiters.is_empty() {
            state.ready.extend(waiters);
            self.became_ready.notify_waiters();
        }
        if state.in_flight.is_empty() {
            self.settled.notify_waiters();
        }
    }
}

/// Records a spawned lookup as finished when dropped.
struct Finished {
    background: Arc<Background>,
    key: Key,
    found: bool,
}

impl Drop for Finished {
    fn drop(&mut self) {
        self.background
            .finish(&self.key, BTreeSet::new(), self.found);
    }
}

type Answer = Result<Option<(WikiSummary, WikiOrigin)>, StoreError>;

/// Makes `lookups`. `Mode::Wait`: all of them, `concurrency` at a time, and returns their
/// answers. `Mode::Background`: spawns them and returns at once, with no answers.
async fn run_lookups(
    desk: &Desk,
    lookups: Vec<Pending>,
    now: DateTime<Utc>,
) -> Result<HashMap<Key, Option<(WikiSummary, WikiOrigin)>>, StoreError> {
    let background = Arc::clone(&desk.background);
    let concurrency = desk.config.wikipedia.concurrency.max(1);
    let mut answers = HashMap::new();
    if lookups.is_empty() {
        return Ok(answers);
    }
    debug!(lookups = lookups.len(), mode = ?background.mode, "wikipedia lookups");
    match background.mode {
        Mode::Wait => {
            let mut pending = lookups.into_iter();
            let mut in_flight: JoinSet<(Key, BTreeSet<String>, Answer)> = JoinSet::new();
            loop {
                while in_flight.len() < concurrency {
                    let Some(lookup) = pending.next() else { break };
                    let desk = desk.clone();
                    in_flight.spawn(async move {
                        let answer = desk.wiki_summary(&lookup.lang, &lookup.title, now).await;
                        let key = (lookup.lang, normalize_title(&lookup.title));
                        (key, lookup.waiters, answer)
                    });
                }
                let Some(joined) = in_flight.join_next().await else {
                    break;
                };
                let (key, waiters, answer) = match joined {
                    Ok(done) => done,
                    Err(error) => {
                        warn!(error = %error, "wikipedia lookup task failed");
                        continue;
                    }
                };
                let answer = answer?;
                background.finish(&key, waiters, answer.is_some());
                answers.insert(key, answer);
            }
        }
        Mode::Background => {
            let limit = Arc::clone(
                background
                    .limit
                    .get_or_init(|| Arc::new(Semaphore::new(concurrency))),
            );
            for lookup in lookups {
                let key: Key = (lookup.lang.clone(), normalize_title(&lookup.title));
                background
                    .lock()
                    .in_flight
                    .entry(key.clone())
                    .or_default()
                    .extend(lookup.waiters);
                let desk = desk.clone();
                let limit = Arc::clone(&limit);
                tokio::spawn(async move {
                    // Ends the lookup however the task ends (answered, panicked, dropped with
                    // the runtime), so a title is never stuck "in flight".
                    let mut finished = Finished {
                        background: Arc::clone(&desk.background),
                        key,
                        found: false,
                    };
                    // The semaphore is never closed.
                    let _permit = limit.acquire_owned().await.ok();
                    finished.found = match desk.wiki_summary(&lookup.lang, &lookup.title, now).await
                    {
                        Ok(answer) => answer.is_some(),
                        Err(error) => {
                            warn!(title = %lookup.title, error = %error, "wikipedia lookup not stored");
                            false
                        }
                    };
                });
            }
        }
    }
    Ok(answers)
}

/// Whether this desk looks anything up: `[wikipedia] languages` is not empty and
/// `lookups_per_pass` is not 0.
fn lookups_enabled(desk: &Desk) -> bool {
    let config = &desk.config.wikipedia;
    !config.languages.is_empty() && config.lookups_per_pass > 0
}

/// Whether a page found for `name` is about it: reached from the name itself (redirects
/// included), or a search hit whose title carries the name's words. Anything looser would send
/// background to the wrong page.
fn is_page_of(name: &str, summary: &WikiSummary, origin: WikiOrigin) -> bool {
    origin != WikiOrigin::Search || same_name(&summary.title.replace('_', " "), name)
}

/// Looks up, on Wikipedia, the entities of multi-post stories that the gazetteer does not know,
/// and writes the titles found into `stories`. Starts the pass: its budget
/// (`[wikipedia] lookups_per_pass`) goes first to lookups deferred by earlier passes; cached
/// answers cost nothing. `Mode::Wait` waits for the lookups; `Mode::Background` fills in what the
/// cache holds and leaves the rest to later passes (the stories become ready).
pub async fn resolve(
    desk: &Desk,
    stories: &mut [Story],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let background = Arc::clone(&desk.background);
    let mut lookups = background.begin_pass(desk.config.wikipedia.lookups_per_pass);
    // (story index, name, whether the cache holds a stale title) for each name the cache
    // cannot answer.
    let mut wanted: Vec<(usize, String, bool)> = Vec::new();
    for (story_idx, story) in stories.iter_mut().enumerate() {
        if story.posts.len() <= 1 {
            continue;
        }
        let missing: Vec<String> = story
            .entities
            .iter()
            .filter(|name| !story.wikipedia.contains_key(*name))
            .take(NAMES_PER_STORY)
            .cloned()
            .collect();
        for name in missing {
            let cached = desk.wiki_cached(LANG, &name, now).await?;
            // A cached answer, fresh or stale, is taken as found (the cache does not say whether
            // it came from a search); a stale one is also looked up again.
            if let Some(summary) = cached.summary() {
                story.wikipedia.insert(name.clone(), summary.title.clone());
            }
            if cached.needs_lookup() && lookups_enabled(desk) {
                wanted.push((story_idx, name, cached.summary().is_some()));
            }
        }
    }
    let requests: Vec<Request<'_>> = wanted
        .iter()
        .map(|(story_idx, name, has_stale)| Request {
            title: name,
            story: &stories[*story_idx].id,
            has_stale: *has_stale,
        })
        .collect();
    background.plan(&requests, &mut lookups);
    let answers = run_lookups(desk, lookups, now).await?;
    for (story_idx, name, _) in wanted {
        let key: Key = (LANG.to_string(), normalize_title(&name));
        let story = &mut stories[story_idx];
        match answers.get(&key) {
            Some(Some((summary, origin))) if is_page_of(&name, summary, *origin) => {
                story.wikipedia.insert(name, summary.title.clone());
            }
            // Looked up and not found (or not this name's page): a stale title goes.
            Some(_) => {
                story.wikipedia.remove(&name);
            }
            None => {}
        }
    }
    Ok(())
}

/// Makes sure the cache can answer for `wanted` (story id, titles): titles the cache has no
/// fresh answer for are looked up within what is left of the pass's budget. `Mode::Wait` waits
/// for them; `Mode::Background` does not, and a story becomes ready when one of its lookups
/// finds a page.
pub async fn prefetch(
    desk: &Desk,
    wanted: &[(&str, &[String])],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if !lookups_enabled(desk) {
        return Ok(());
    }
    let mut requests = Vec::new();
    for (story_id, titles) in wanted {
        for title in titles.iter() {
            let cached = desk.wiki_cached(LANG, title, now).await?;
            if cached.needs_lookup() {
                requests.push(Request {
                    title,
                    story: story_id,
                    has_stale: cached.summary().is_some(),
                });
            }
        }
    }
    let mut lookups = Vec::new();
    desk.background.plan(&requests, &mut lookups);
    run_lookups(desk, lookups, now).await?;
    Ok(())
}

/// The summaries the cache holds for `titles` (fresh, or stale while a lookup is due), in
/// order, each page once, at most `max`. Never asks Wikipedia.
pub async fn cached_summaries(
    desk: &Desk,
    titles: &[String],
    max: usize,
    now: DateTime<Utc>,
) -> Result<Vec<WikiSummary>, StoreError> {
    let mut summaries: Vec<WikiSummary> = Vec::new();
    for title in titles {
        if summaries.len() >= max {
            break;
        }
        if let Some(summary) = desk.wiki_cached(LANG, title, now).await?.summary()
            && !summaries.iter().any(|known| known.url == summary.url)
        {
            summaries.push(summary.clone());
        }
    }
    Ok(summaries)
}

/// Between passes (`run`, when no fetch brought a change): a new budget, spent on the lookups
/// earlier passes deferred. Returns how many were started.
pub async fn pump(desk: &Desk, now: DateTime<Utc>) -> Result<usize, StoreError> {
    let lookups = desk
        .background
        .begin_pass(desk.config.wikipedia.lookups_per_pass);
    let n_started = lookups.len();
    run_lookups(desk, lookups, now).await?;
    Ok(n_started)
}

/// The stories some lookup found something for since the last call, except those in `briefed`
/// (the pass writes their briefs anyway): each loaded from the store, given the titles the cache
/// now holds for its names, stored again when that changed anything, and returned for a new
/// brief version. A story gone since (merged, split) is dropped.
pub async fn apply_ready(
    desk: &Desk,
    briefed: &[Story],
    now: DateTime<Utc>,
) -> Result<Vec<Story>, StoreError> {
    let mut stories = Vec::new();
    let mut changed = Vec::new();
    for id in desk.background.take_ready() {
        if briefed.iter().any(|story| story.id == id) {
            continue;
        }
        let Some(mut story) = desk.store.story(&id).await? else {
            continue;
        };
        let mut found_title = false;
        if story.posts.len() > 1 {
            let missing: Vec<String> = story
                .entities
                .iter()
                .filter(|name| !story.wikipedia.contains_key(*name))
                .take(NAMES_PER_STORY)
                .cloned()
                .collect();
            for name in missing {
                if let WikiCached::Fresh(Some(summary)) = desk.wiki_cached(LANG, &name, now).await?
                {
                    story.wikipedia.insert(name, summary.title);
                    found_title = true;
                }
            }
        }
        if found_title {
            changed.push(story.clone());
        }
        stories.push(story);
    }
    if !changed.is_empty() {
        desk.store.put_stories(&changed, &[], &[]).await?;
    }
    Ok(stories)
}

#[cfg(test)]
mod tests;

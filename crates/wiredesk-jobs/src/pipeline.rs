//! After fetching: load the recent posts and the stories the store holds, run the analysis chain
//! (`wiredesk_analysis::stories`), and store what changed in one transaction.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use tracing::info;
use wiredesk_analysis::stories::{AnalysisCache, PostInput, build_stories_cached};
use wiredesk_model::{SourceKind, SourceState, Story, StoryEventKind};
use wiredesk_store::{PostQuery, StoreError, StoredPost};

use crate::desk::Desk;

/// The analyses of the last pass's posts and the clusterer's state, kept for the next pass in
/// this process (`run`, `replay`), one per store handle: a pass analyses only new and edited
/// posts, and what it analysed is persisted for that store alone.
static ANALYSIS_CACHES: std::sync::LazyLock<std::sync::Mutex<HashMap<u64, Arc<AnalysisCache>>>> =
    std::sync::LazyLock::new(Default::default);

/// The analysis cache of `desk`'s store.
fn analysis_cache(desk: &Desk) -> Arc<AnalysisCache> {
    Arc::clone(
        ANALYSIS_CACHES
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .entry(desk.store.instance())
            .or_default(),
    )
}

/// Posts older than this (before `now`) no longer join stories.
const WINDOW_DAYS: i64 = 14;

#[derive(Debug, Clone, Default, Serialize)]
pub struct PipelineReport {
    pub n_posts: usize,
    /// Posts analysed this pass (new, edited, or never analysed with this analyser version);
    /// the others' analyses were kept or read from the store.
    pub n_analysed: usize,
    pub n_stories_changed: usize,
    pub n_created: usize,
    pub n_merged: usize,
    pub n_split: usize,
    /// New brief versions written.
    pub n_briefs: usize,
}

/// Who a source is, in words: its configured name, else its channel's title or feed's title,
/// else its key.
pub fn source_name(state: &SourceState) -> String {
    if let Some(name) = &state.spec.name {
        return name.clone();
    }
    let title = match &state.spec.kind {
        SourceKind::Telegram { .. } => state
            .channel
            .as_ref()
            .and_then(|channel| channel.title.clone()),
        SourceKind::Feed { .. } => state.feed.as_ref().and_then(|feed| feed.title.clone()),
    };
    title.unwrap_or_else(|| state.key.clone())
}

/// What a desk remembers between its passes in this process, per store handle: the posts it
/// works on, the stories they make, and the ids it may not give. A pass reads from the store
/// only the posts changed since (`Store::posts_changed`), so it costs what changed, not what
/// is stored. A new process, or a store whose revision went back, starts from a full load.
struct Memory {
    /// Posts changed up to this revision are reflected below.
    revision: i64,
    /// Posts of the window and of the stories active in it (not gone, not service messages),
    /// by reference in lower case.
    posts: HashMap<String, Arc<StoredPost>>,
    /// Stories that hold posts of `posts` or were updated lately (related stories for briefs).
    stories: HashMap<String, Arc<Story>>,
    /// Every id a story has had: a new story never takes one.
    taken_ids: HashSet<String>,
    /// Ids of stories merged away or split: never given again.
    retired: HashSet<String>,
    /// Posts from before the window this pass works on because a late or edited post reopened
    /// their stories (see [`reopen_for_late_posts`]); cleared after the pass.
    reopened: HashSet<String>,
}

static MEMORY: std::sync::LazyLock<std::sync::Mutex<HashMap<u64, Memory>>> =
    std::sync::LazyLock::new(Default::default);

/// How long after its last update a story stays at hand as a related story for briefs.
const RELATED_DAYS: i64 = 2 * WINDOW_DAYS;

/// Forgets what this process remembers of `desk`'s store: the next pass loads in full.
pub fn forget(desk: &Desk) {
    MEMORY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .remove(&desk.store.instance());
}

/// Re-analyses every post (`wiredesk reanalyze`): forgets the stored and cached post analyses
/// and runs a pass at `now`, which analyses the window's posts again. Posts outside the window
/// are analysed again when a pass next reads them.
pub async fn reanalyze(
    desk: &Desk,
    now: DateTime<Utc>,
) -> Result<(u64, PipelineReport), StoreError> {
    let cleared = desk.store.clear_post_analyses().await?;
    analysis_cache(desk).clear();
    forget(desk);
    let report = run_pipeline(desk, now).await?;
    Ok((cleared, report))
}

/// Drops what the desk derived from the stored posts (stories, events, briefs, analyses) and
/// recomputes it (`wiredesk rebuild`): passes as a desk that ran all along would have made
/// them, every half window from the first stored post's window to `now`, and one at `now`.
/// The stories, origins, ledgers and latest briefs equal those of the passes that built them
/// incrementally; revision histories and times may differ.
pub async fn rebuild(desk: &Desk, now: DateTime<Utc>) -> Result<Vec<PipelineReport>, StoreError> {
    desk.store.clear_derived().await?;
    analysis_cache(desk).clear();
    forget(desk);
    // How many half windows back the first pass goes: until no stored post is older than its
    // window (one indexed query per step, not a load of every post).
    let step = Duration::days(WINDOW_DAYS / 2);
    let mut steps = 0;
    loop {
        let older = PostQuery {
            until: Some(now - step * steps - Duration::days(WINDOW_DAYS)),
            include_gone: true,
            limit: Some(1),
            ..Default::default()
        };
        if desk.store.posts(&older).await?.is_empty() {
            break;
        }
        steps += 1;
    }
    let mut reports = Vec::new();
    for back in (1..=steps).rev() {
        reports.push(run_pipeline(desk, now - step * back).await?);
    }
    reports.push(run_pipeline(desk, now).await?);
    Ok(reports)
}

/// The memory of `desk`'s store brought up to the store's latest revision: a full load the
/// first time, else the posts changed since the last pass.
async fn remembered(desk: &Desk, window_start: DateTime<Utc>) -> Result<Memory, StoreError> {
    let instance = desk.store.instance();
    let kept = MEMORY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .remove(&instance);
    let revision = desk.store.post_revision().await?;
    if let Some(mut memory) = kept.filter(|memory| memory.revision <= revision) {
        let mut late = Vec::new();
        for stored in desk.store.posts_changed(memory.revision, revision).await? {
            let key = stored.post.reference().to_lowercase();
            // A change to a post from before the window that the memory does not hold touches a
            // story that left the window: it reopens it.
            if stored.post.published_at < window_start && !memory.posts.contains_key(&key) {
                late.push(stored.clone());
            }
            if stored.gone_at.is_some() || stored.post.service {
                memory.posts.remove(&key);
            } else {
                memory.posts.insert(key, Arc::new(stored));
            }
        }
        memory.revision = revision;
        if !late.is_empty() {
            reopen_for_late_posts(desk, &mut memory, &late, window_start).await?;
        }
        return Ok(memory);
    }
    let query = PostQuery {
        since: Some(window_start),
        ..Default::default()
    };
    let in_window: Vec<StoredPost> = desk
        .store
        .posts(&query)
        .await?
        .into_iter()
        .filter(|stored| !stored.post.service)
        .collect();
    let stories = desk.store.stories().await?;
    let earlier = earlier_posts_of_active_stories(desk, &in_window, &stories, window_start).await?;
    let retired = retired_ids(desk, &stories).await?;
    let mut taken_ids: HashSet<String> = stories.iter().map(|story| story.id.clone()).collect();
    taken_ids.extend(retired.iter().cloned());
    Ok(Memory {
        revision,
        posts: in_window
            .into_iter()
            .chain(earlier)
            .map(|stored| (stored.post.reference().to_lowercase(), Arc::new(stored)))
            .collect(),
        stories: stories
            .into_iter()
            .map(|story| (story.id.clone(), Arc::new(story)))
            .collect(),
        taken_ids,
        retired,
        reopened: HashSet::new(),
    })
}

/// How far from a late post the clusterer may find its story: its window (72 hours).
const LATE_NEIGHBOURHOOD_HOURS: i64 = 72;

/// A post that arrives (or is edited, or disappears) after its story left the window reopens
/// that story: the posts published near it before the window, and every post of their stories,
/// join this pass, so the late post joins the story it belongs to and that story is rebuilt
/// whole, with its history, under its id. What it costs is the late posts' neighbourhood, not
/// the store.
async fn reopen_for_late_posts(
    desk: &Desk,
    memory: &mut Memory,
    late: &[StoredPost],
    window_start: DateTime<Utc>,
) -> Result<(), StoreError> {
    let reach = Duration::hours(LATE_NEIGHBOURHOOD_HOURS);
    let mut ranges: Vec<(DateTime<Utc>, DateTime<Utc>)> = late
        .iter()
        .map(|stored| {
            let at = stored.post.published_at;
            (at - reach, (at + reach).min(window_start))
        })
        .collect();
    ranges.sort();
    let mut merged: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    let mut near: HashMap<String, StoredPost> = HashMap::new();
    for (since, until) in merged {
        let query = PostQuery {
            since: Some(since),
            until: Some(until),
            ..Default::default()
        };
        for stored in desk.store.posts(&query).await? {
            if !stored.post.service {
                near.insert(stored.post.reference().to_lowercase(), stored);
            }
        }
    }
    let mut references: Vec<String> = near.keys().cloned().collect();
    references.extend(
        late.iter()
            .map(|stored| stored.post.reference().to_lowercase()),
    );
    references.sort();
    references.dedup();
    let story_ids: HashSet<String> = desk
        .store
        .stories_of_posts(&references)
        .await?
        .into_values()
        .collect();
    let mut stories = Vec::new();
    for id in story_ids {
        if let Some(story) = desk.store.story(&id).await? {
            stories.push(story);
        }
    }
    // Every post of the reopened stories, so that each is rebuilt whole.
    let mut wanted: HashSet<String> = stories
        .iter()
        .flat_map(|story| story.posts.iter().map(|post| post.to_lowercase()))
        .filter(|post| !near.contains_key(post) && !memory.posts.contains_key(post))
        .collect();
    if let Some(earliest) = stories.iter().map(|story| story.first_seen).min()
        && !wanted.is_empty()
    {
        let query = PostQuery {
            since: Some(earliest),
            until: Some(window_start),
            ..Default::default()
        };
        for stored in desk.store.posts(&query).await? {
            let key = stored.post.reference().to_lowercase();
            if !stored.post.service && wanted.remove(&key) {
                near.insert(key, stored);
            }
        }
    }
    for stored in late {
        if stored.gone_at.is_none() && !stored.post.service {
            near.insert(stored.post.reference().to_lowercase(), stored.clone());
        }
    }
    memory.reopened.extend(near.keys().cloned());
    for (key, stored) in near {
        memory.posts.entry(key).or_insert_with(|| Arc::new(stored));
    }
    for story in stories {
        memory
            .stories
            .entry(story.id.clone())
            .or_insert_with(|| Arc::new(story));
    }
    Ok(())
}

impl Memory {
    /// The posts this pass works on: those of the window up to `now`, and the earlier posts of
    /// the stories still active in it (so such a story is rebuilt whole). Posts neither in the
    /// window nor in an active story, and stories neither active nor recent, are forgotten.
    fn pass_posts(
        &mut self,
        window_start: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Vec<Arc<StoredPost>> {
        let in_window = |stored: &StoredPost| {
            stored.post.published_at >= window_start && stored.post.published_at <= now
        };
        let active: Vec<&Arc<Story>> = self
            .stories
            .values()
            .filter(|story| {
                story.posts.iter().any(|post| {
                    self.posts
                        .get(&post.to_lowercase())
                        .is_some_and(|stored| in_window(stored))
                })
            })
            .collect();
        let mut kept_refs: HashSet<String> = active
            .iter()
            .flat_map(|story| story.posts.iter().map(|post| post.to_lowercase()))
            .chain(std::mem::take(&mut self.reopened))
            .collect();
        let active_ids: HashSet<String> = active.iter().map(|story| story.id.clone()).collect();
        self.posts.retain(|key, stored| {
            stored.post.published_at >= window_start || kept_refs.contains(key)
        });
        let related_since = window_start - Duration::days(RELATED_DAYS - WINDOW_DAYS);
        self.stories.retain(|id, story| {
            active_ids.contains(id)
                || story.updated_at >= related_since
                || story
                    .posts
                    .iter()
                    .any(|post| kept_refs.contains(&post.to_lowercase()))
        });
        kept_refs.retain(|key| self.posts.contains_key(key));
        self.posts
            .iter()
            .filter(|(key, stored)| {
                stored.post.published_at <= now && (in_window(stored) || kept_refs.contains(*key))
            })
            .map(|(_, stored)| Arc::clone(stored))
            .collect()
    }

    /// Takes in what a pass wrote.
    fn apply(&mut self, written: &[Story], removed: &[String]) {
        for id in removed {
            self.stories.remove(id);
            self.retired.insert(id.clone());
        }
        for story in written {
            self.taken_ids.insert(story.id.clone());
            self.stories
                .insert(story.id.clone(), Arc::new(story.clone()));
        }
    }
}

/// Runs the analysis chain over the posts of the last days and stores the stories.
pub async fn run_pipeline(desk: &Desk, now: DateTime<Utc>) -> Result<PipelineReport, StoreError> {
    let pass_started = std::time::Instant::now();
    let window_start = now - Duration::days(WINDOW_DAYS);
    let mut memory = remembered(desk, window_start).await?;
    let posts = memory.pass_posts(window_start, now);
    // Stories with a post in this pass: the others cannot change.
    let pass_refs: HashSet<String> = posts
        .iter()
        .map(|stored| stored.post.reference().to_lowercase())
        .collect();
    let previous: Vec<Arc<Story>> = memory
        .stories
        .values()
        .filter(|story| {
            story
                .posts
                .iter()
                .any(|post| pass_refs.contains(&post.to_lowercase()))
        })
        .cloned()
        .collect();
    let mut taken = memory.taken_ids.clone();
    taken.extend(memory.retired.iter().cloned());
    for story in &previous {
        taken.remove(&story.id);
    }
    let names: HashMap<String, String> = desk
        .store
        .sources()
        .await?
        .iter()
        .map(|state| (state.key.clone(), source_name(state)))
        .collect();
    load_analyses(desk, &posts, &names).await?;
    // The chain is CPU work: it runs off the async runtime, and a bug that panics on some odd post
    // costs this pass its stories, never the run (the next pass tries again).
    let loaded_ms = pass_started.elapsed().as_millis();
    let posts = Arc::new(posts);
    let chain_posts = Arc::clone(&posts);
    let cache = analysis_cache(desk);
    let chain_cache = Arc::clone(&cache);
    let chain_started = std::time::Instant::now();
    let analysed = tokio::task::spawn_blocking(move || {
        let inputs = inputs_of(&chain_posts, &names);
        build_stories_cached(&inputs, &previous, &taken, Some(&chain_cache), now)
    })
    .await;
    let mut update = match analysed {
        Ok(update) => update,
        Err(error) => {
            tracing::error!(error = %error, "the analysis chain failed; stories not updated this pass");
            return Ok(PipelineReport {
                n_posts: posts.len(),
                ..Default::default()
            });
        }
    };
    let chain_ms = chain_started.elapsed().as_millis();
    let stored_started = std::time::Instant::now();
    let fresh = cache.take_fresh();
    let n_analysed = fresh.len();
    if !fresh.is_empty() {
        let rows: Vec<(String, i64, String)> = fresh
            .into_iter()
            .map(|(reference, fingerprint, analysis)| (reference, fingerprint as i64, analysis))
            .collect();
        desk.store.put_post_analyses(&rows).await?;
    }
    crate::background::resolve(desk, &mut update.stories, now).await?;
    let mut written = update.stories.clone();
    written.extend(update.refreshed.iter().cloned());
    desk.store
        .put_stories(&written, &update.removed, &update.events)
        .await?;
    memory.apply(&written, &update.removed);
    let stored_ms = stored_started.elapsed().as_millis();
    let briefs_started = std::time::Instant::now();
    let known: Vec<&Story> = memory.stories.values().map(|story| &**story).collect();
    let briefed =
        crate::briefs::write_briefs(desk, &update.stories, &memory.posts, &known, now).await;
    drop(known);
    MEMORY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .insert(desk.store.instance(), memory);
    let n_briefs = briefed?;
    let briefs_ms = briefs_started.elapsed().as_millis();
    let count = |kind: StoryEventKind| {
        update
            .events
            .iter()
            .filter(|event| event.kind == kind)
            .count()
    };
    let report = PipelineReport {
        n_posts: posts.len(),
        n_analysed,
        n_stories_changed: update.stories.len(),
        n_created: count(StoryEventKind::Created),
        n_merged: count(StoryEventKind::Merged),
        n_split: count(StoryEventKind::Split),
        n_briefs,
    };
    info!(
        posts = report.n_posts,
        analysed = report.n_analysed,
        changed = report.n_stories_changed,
        created = report.n_created,
        merged = report.n_merged,
        split = report.n_split,
        briefs = report.n_briefs,
        loaded_ms,
        chain_ms,
        stored_ms,
        briefs_ms,
        chain = ?update.timings,
        "stories updated"
    );
    Ok(report)
}

/// The chain's inputs: each post with its source's name.
fn inputs_of<'a>(
    posts: &'a [Arc<StoredPost>],
    names: &'a HashMap<String, String>,
) -> Vec<PostInput<'a>> {
    posts
        .iter()
        .map(|stored| PostInput {
            post: &stored.post,
            source_name: names
                .get(&stored.source_key)
                .map(String::as_str)
                .unwrap_or(&stored.source_key),
        })
        .collect()
}

/// Brings into the analysis cache the stored analyses of the posts it does not hold (a new
/// process, posts that re-entered): only posts never analysed, or edited, are analysed again.
async fn load_analyses(
    desk: &Desk,
    posts: &[Arc<StoredPost>],
    names: &HashMap<String, String>,
) -> Result<(), StoreError> {
    let cache = analysis_cache(desk);
    let missing = cache.missing(&inputs_of(posts, names));
    if missing.is_empty() {
        return Ok(());
    }
    let references: Vec<String> = missing
        .iter()
        .map(|(reference, _)| reference.clone())
        .collect();
    let stored = desk.store.post_analyses(&references).await?;
    for (reference, fingerprint) in missing {
        if let Some((stored_fingerprint, analysis)) = stored.get(&reference)
            && *stored_fingerprint as u64 == fingerprint
        {
            cache.load(&reference, fingerprint, analysis);
        }
    }
    Ok(())
}

/// The posts from before the window of the stories still active in it, so that such a story is
/// rebuilt whole: without them its first report and its primary would fall out of it and its
/// ledger would record changes that did not happen.
async fn earlier_posts_of_active_stories(
    desk: &Desk,
    in_window: &[StoredPost],
    previous: &[Story],
    window_start: DateTime<Utc>,
) -> Result<Vec<StoredPost>, StoreError> {
    let in_window: HashSet<String> = in_window
        .iter()
        .map(|stored| stored.post.reference().to_lowercase())
        .collect();
    let mut older: HashSet<String> = HashSet::new();
    let mut earliest = window_start;
    for story in previous {
        if story.first_seen < window_start
            && story
                .posts
                .iter()
                .any(|post| in_window.contains(&post.to_lowercase()))
        {
            earliest = earliest.min(story.first_seen);
            older.extend(
                story
                    .posts
                    .iter()
                    .map(|post| post.to_lowercase())
                    .filter(|post| !in_window.contains(post)),
            );
        }
    }
    if older.is_empty() {
        return Ok(Vec::new());
    }
    let before_window = PostQuery {
        since: Some(earliest),
        until: Some(window_start),
        ..Default::default()
    };
    Ok(desk
        .store
        .posts(&before_window)
        .await?
        .into_iter()
        .filter(|stored| {
            !stored.post.service && older.contains(&stored.post.reference().to_lowercase())
        })
        .collect())
}

/// Ids that stories had and no longer have (merged away, split): never given again, so a story
/// re-created from the same first post does not revise an unrelated brief.
async fn retired_ids(desk: &Desk, previous: &[Story]) -> Result<HashSet<String>, StoreError> {
    let current: HashSet<&str> = previous.iter().map(|story| story.id.as_str()).collect();
    Ok(desk
        .store
        .story_events()
        .await?
        .into_iter()
        .flat_map(|event| std::iter::once(event.story).chain(event.other))
        .filter(|id| !current.contains(id.as_str()))
        .collect())
}

#[cfg(test)]
mod tests;

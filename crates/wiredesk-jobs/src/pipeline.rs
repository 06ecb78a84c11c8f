//! After fetching: load the recent posts and the stories the store holds, run the analysis chain
//! (`wiredesk_analysis::stories`), and store what changed in one transaction.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use tracing::info;
use wiredesk_analysis::origins::same_name;
use wiredesk_analysis::stories::{AnalysisCache, PostInput, build_stories_cached};
use wiredesk_model::{SourceKind, SourceState, Story, StoryEventKind};
use wiredesk_store::{PostQuery, StoreError, StoredPost};

use crate::desk::Desk;
use crate::wikipedia::WikiOrigin;

/// The analyses of the last pass's posts, kept for the next pass in this process (`run`,
/// `replay`): a pass analyses only new and edited posts. Shared by every desk of the process,
/// which is safe since an analysis depends only on its key (reference, text, language, version).
static ANALYSIS_CACHE: std::sync::LazyLock<AnalysisCache> =
    std::sync::LazyLock::new(AnalysisCache::new);

/// Posts older than this (before `now`) no longer join stories.
const WINDOW_DAYS: i64 = 14;

#[derive(Debug, Clone, Default, Serialize)]
pub struct PipelineReport {
    pub n_posts: usize,
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

/// How many entities one run looks up on Wikipedia (each answer is cached, found or not).
const WIKI_LOOKUPS_PER_RUN: usize = 40;

/// Looks up, on Wikipedia, the entities of multi-post stories that the gazetteer does not know.
/// A page is kept when the name leads to it directly (redirects included), or when a search hit's
/// title carries the name's words; anything looser would send background to the wrong page.
async fn resolve_wikipedia(
    desk: &Desk,
    stories: &mut [Story],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut budget = WIKI_LOOKUPS_PER_RUN;
    for story in stories.iter_mut().filter(|story| story.posts.len() > 1) {
        let missing: Vec<String> = story
            .entities
            .iter()
            .filter(|name| !story.wikipedia.contains_key(*name))
            .take(8)
            .cloned()
            .collect();
        for name in missing {
            if budget == 0 {
                return Ok(());
            }
            budget -= 1;
            if let Some((summary, origin)) = desk.wiki_summary("en", &name, now).await?
                && (origin != WikiOrigin::Search
                    || same_name(&summary.title.replace('_', " "), &name))
            {
                story.wikipedia.insert(name, summary.title);
            }
        }
    }
    Ok(())
}

/// Runs the analysis chain over the posts of the last days and stores the stories.
pub async fn run_pipeline(desk: &Desk, now: DateTime<Utc>) -> Result<PipelineReport, StoreError> {
    let pass_started = std::time::Instant::now();
    let window_start = now - Duration::days(WINDOW_DAYS);
    let query = PostQuery {
        since: Some(window_start),
        ..Default::default()
    };
    let mut posts: Vec<_> = desk
        .store
        .posts(&query)
        .await?
        .into_iter()
        .filter(|stored| !stored.post.service && stored.post.published_at <= now)
        .collect();
    let previous = desk.store.stories().await?;
    posts.extend(earlier_posts_of_active_stories(desk, &posts, &previous, window_start).await?);
    let retired = retired_ids(desk, &previous).await?;
    let names: HashMap<String, String> = desk
        .store
        .sources()
        .await?
        .iter()
        .map(|state| (state.key.clone(), source_name(state)))
        .collect();
    // The chain is CPU work: it runs off the async runtime, and a bug that panics on some odd post
    // costs this pass its stories, never the run (the next pass tries again).
    let loaded_ms = pass_started.elapsed().as_millis();
    let posts = Arc::new(posts);
    let chain_posts = Arc::clone(&posts);
    let chain_started = std::time::Instant::now();
    let analysed = tokio::task::spawn_blocking(move || {
        let inputs: Vec<PostInput> = chain_posts
            .iter()
            .map(|stored| PostInput {
                post: &stored.post,
                source_name: names
                    .get(&stored.source_key)
                    .map(String::as_str)
                    .unwrap_or(&stored.source_key),
            })
            .collect();
        build_stories_cached(&inputs, &previous, &retired, Some(&ANALYSIS_CACHE), now)
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
    resolve_wikipedia(desk, &mut update.stories, now).await?;
    let mut written = update.stories.clone();
    written.extend(update.refreshed.iter().cloned());
    desk.store
        .put_stories(&written, &update.removed, &update.events)
        .await?;
    let stored_ms = stored_started.elapsed().as_millis();
    let briefs_started = std::time::Instant::now();
    let all_stories = desk.store.stories().await?;
    let n_briefs =
        crate::briefs::write_briefs(desk, &update.stories, &posts, &all_stories, now).await?;
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
        n_stories_changed: update.stories.len(),
        n_created: count(StoryEventKind::Created),
        n_merged: count(StoryEventKind::Merged),
        n_split: count(StoryEventKind::Split),
        n_briefs,
    };
    info!(
        posts = report.n_posts,
        changed = report.n_stories_changed,
        created = report.n_created,
        merged = report.n_merged,
        split = report.n_split,
        briefs = report.n_briefs,
        loaded_ms,
        chain_ms,
        stored_ms,
        briefs_ms,
        "stories updated"
    );
    Ok(report)
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

//! `GET /`: the stories worth a reader's time, newest and most-sourced first.
//!
//! Listed: stories with a brief, or with at least two posts (a lone post is a lead, not a
//! story yet). Order: the day of the last update (newest first), then independent origins,
//! then posts (most first), then the exact update time; so within a day the best-sourced
//! story leads, and a busy old story never buries today's.

use std::collections::HashMap;

use axum::extract::State;
use axum::response::Html;
use wiredesk_model::{Brief, Story};
use wiredesk_render::StoryListItem;

use crate::{AppError, AppState};

/// Stories with fewer posts and no brief are left off the list.
pub const MIN_POSTS: usize = 2;

pub async fn show(State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let stories = state.store.stories().await?;
    let briefs = state.store.briefs().await?;
    let items = list_items(stories, briefs);
    Ok(Html(wiredesk_render::html::stories_page(
        &state.site,
        &items,
    )))
}

/// Filters and orders stories for the front page, each with its latest brief's headline.
pub fn list_items(stories: Vec<Story>, briefs: Vec<Brief>) -> Vec<StoryListItem> {
    let mut headlines: HashMap<String, String> = briefs
        .into_iter()
        .map(|brief| (brief.story_id, brief.headline.text))
        .collect();
    let mut items: Vec<StoryListItem> = stories
        .into_iter()
        .filter_map(|story| {
            let headline = headlines.remove(&story.id);
            (headline.is_some() || story.posts.len() >= MIN_POSTS)
                .then_some(StoryListItem { story, headline })
        })
        .collect();
    items.sort_by(|a, b| {
        let (a, b) = (&a.story, &b.story);
        b.updated_at
            .date_naive()
            .cmp(&a.updated_at.date_naive())
            .then(b.origins.len().cmp(&a.origins.len()))
            .then(b.posts.len().cmp(&a.posts.len()))
            .then(b.updated_at.cmp(&a.updated_at))
            .then(a.id.cmp(&b.id))
    });
    items
}

//! `GET /`: the stories worth a reader's time, newest and most-sourced first.
//!
//! Listed: stories with a brief, or with at least two posts (a lone post is a lead, not a
//! story yet). Order: the day of the last update (newest first), then independent origins,
//! then posts (most first), then the exact update time; so within a day the best-sourced
//! story leads, and a busy old story never buries today's.

use std::collections::HashMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;
use wiredesk_model::{Brief, Story};
use wiredesk_render::StoryListItem;
use wiredesk_store::StoryCursor;

use crate::{AppError, AppState};

/// Stories with fewer posts and no brief are left off the list.
pub const MIN_POSTS: usize = 2;

/// Stories read for one page of the list (before filtering out lone posts without a brief).
pub const PAGE_SIZE: u64 = 100;

#[derive(Debug, Deserialize)]
pub struct PageQuery {
    before: Option<String>,
}

/// A page of the list: the [`PAGE_SIZE`] most recently updated stories after the cursor, in the
/// list's order, with a link to the next page when there may be more. One store query for the
/// page and one brief lookup per story, whatever the number of stories stored.
pub async fn show(
    State(state): State<AppState>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Html<String>, AppError> {
    let Query(query) = query.map_err(|rejection| AppError::BadRequest(rejection.body_text()))?;
    let cursor =
        match query.before.as_deref() {
            None => None,
            Some(token) => Some(StoryCursor::decode(token).ok_or_else(|| {
                AppError::BadRequest(format!("before: {token:?} is not a cursor"))
            })?),
        };
    let stories = state.store.stories_page(PAGE_SIZE, cursor.as_ref()).await?;
    let next = (stories.len() as u64 == PAGE_SIZE)
        .then(|| stories.last())
        .flatten()
        .map(|last| {
            state
                .site
                .url(&format!("/?before={}", StoryCursor::after(last).encode()))
        });
    let mut briefs = Vec::new();
    for story in &stories {
        briefs.extend(state.store.brief(&story.id).await?);
    }
    let items = list_items(stories, briefs);
    Ok(Html(wiredesk_render::html::stories_page_with_next(
        &state.site,
        &items,
        next.as_deref(),
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

//! `GET /search?q=`: full-text search over posts (the store's FTS), each hit linked to the
//! story that contains it, when one does. A blank query shows the empty search page.

use std::collections::HashMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;
use wiredesk_render::SearchResult;
use wiredesk_store::{PostQuery, StoredPost};

use crate::{AppError, AppState};

/// At most this many hits are shown.
pub const MAX_HITS: u64 = 50;
/// Longer queries are refused (400): nobody types them, and they cost the FTS.
pub const MAX_QUERY_CHARS: usize = 200;
/// Snippets are cut at this many characters.
const SNIPPET_CHARS: usize = 280;

#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
}

pub async fn show(
    State(state): State<AppState>,
    query: Result<Query<SearchQuery>, QueryRejection>,
) -> Result<Html<String>, AppError> {
    let Query(SearchQuery { q }) =
        query.map_err(|rejection| AppError::BadRequest(rejection.body_text()))?;
    let q = q.trim();
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(AppError::BadRequest(format!(
            "search query longer than {MAX_QUERY_CHARS} characters"
        )));
    }
    let results = if q.is_empty() {
        Vec::new()
    } else {
        let posts = state
            .store
            .posts(&PostQuery {
                text: Some(q.to_string()),
                limit: Some(MAX_HITS),
                ..PostQuery::default()
            })
            .await?;
        // The hits' stories in one indexed query, not a load of every story.
        let references: Vec<String> = posts.iter().map(|post| post.post.reference()).collect();
        let story_of_post: HashMap<String, String> =
            state.store.stories_of_posts(&references).await?;
        posts
            .iter()
            .map(|post| search_result(post, &story_of_post))
            .collect()
    };
    Ok(Html(wiredesk_render::html::search_page(
        &state.site,
        q,
        &results,
    )))
}

fn search_result(stored: &StoredPost, story_of_post: &HashMap<String, String>) -> SearchResult {
    let post = &stored.post;
    let reference = post.reference();
    let url = post.url.clone().unwrap_or_else(|| reference.clone());
    let title = post
        .title
        .clone()
        .filter(|title| !title.trim().is_empty())
        .unwrap_or_else(|| reference.clone());
    SearchResult {
        url,
        title,
        snippet: snippet(&post.text),
        published_at: post.published_at,
        story_id: story_of_post.get(&reference.to_lowercase()).cloned(),
    }
}

/// The text's first characters on one line, cut at a character boundary with an ellipsis.
fn snippet(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(SNIPPET_CHARS) {
        Some((cut, _)) => format!("{}…", flat[..cut].trim_end()),
        None => flat,
    }
}

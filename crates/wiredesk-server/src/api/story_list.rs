//! `GET /api/stories`: the stories, most recently updated first, with their latest headlines,
//! a page at a time. Unlike the front page, single-post stories are listed too: scripts filter
//! for themselves.
//!
//! Paging: `limit` (default 100, at most 1000) stories after the cursor `before` names (the
//! token of the last story of the previous page). When the page is full, a
//! `Link: <…/api/stories?limit=N&before=TOKEN>; rel="next"` header gives the next page. The body
//! stays a plain array. One store query per page plus one brief lookup per story listed: the
//! cost follows the page, not the number of stories stored.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use serde::Deserialize;
use wiredesk_store::StoryCursor;

use super::StorySummary;
use crate::{AppError, AppState};

/// Stories per page when `limit` is left out.
pub const DEFAULT_LIMIT: u64 = 100;
/// The most stories one page may ask for.
pub const MAX_LIMIT: u64 = 1000;

#[derive(Debug, Deserialize)]
pub struct PageQuery {
    limit: Option<u64>,
    before: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<(HeaderMap, Json<Vec<StorySummary>>), AppError> {
    let Query(query) = query.map_err(|rejection| AppError::BadRequest(rejection.body_text()))?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(AppError::BadRequest(format!(
            "limit must be between 1 and {MAX_LIMIT}"
        )));
    }
    let cursor = match query.before.as_deref() {
        None => None,
        Some(token) => Some(StoryCursor::decode(token).ok_or_else(|| {
            AppError::BadRequest(format!("before: {token:?} is not a cursor this API gave"))
        })?),
    };
    let stories = state.store.stories_page(limit, cursor.as_ref()).await?;
    let mut summaries = Vec::with_capacity(stories.len());
    for story in &stories {
        let brief = state.store.brief(&story.id).await?;
        summaries.push(StorySummary::new(story, brief.as_ref()));
    }
    let mut headers = HeaderMap::new();
    if stories.len() as u64 == limit
        && let Some(last) = stories.last()
    {
        let next = state.site.url(&format!(
            "/api/stories?limit={limit}&before={}",
            StoryCursor::after(last).encode()
        ));
        if let Ok(value) = HeaderValue::from_str(&format!("<{next}>; rel=\"next\"")) {
            headers.insert(header::LINK, value);
        }
    }
    Ok((headers, Json(summaries)))
}

//! `GET /feed.json` and `GET /story/{id}/feed.json`: briefs as a JSON Feed (1.1).

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::response::IntoResponse;

use crate::feeds::{site_entries, story_entries, story_path};
use crate::layers::content_type;
use crate::{AppError, AppState};

const JSON_FEED: &str = "application/feed+json; charset=utf-8";

pub async fn site(State(state): State<AppState>) -> Result<impl IntoResponse, AppError> {
    let entries = site_entries(&state).await?;
    let self_url = state.site.url("/feed.json");
    Ok((
        content_type(JSON_FEED),
        wiredesk_render::feeds::json_feed(&state.site, &entries, &self_url),
    ))
}

pub async fn story(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<impl IntoResponse, AppError> {
    let Path(id) = id.map_err(|rejection| AppError::BadRequest(rejection.body_text()))?;
    let entries = story_entries(&state, &id).await?;
    let self_url = state.site.url(&story_path(&id, "/feed.json"));
    Ok((
        content_type(JSON_FEED),
        wiredesk_render::feeds::json_feed(&state.site, &entries, &self_url),
    ))
}

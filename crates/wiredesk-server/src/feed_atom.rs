//! `GET /feed.atom` and `GET /story/{id}/feed.atom`: briefs as an Atom feed.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::response::IntoResponse;

use crate::feeds::{site_entries, story_entries, story_path};
use crate::layers::content_type;
use crate::{AppError, AppState};

const ATOM: &str = "application/atom+xml; charset=utf-8";

pub async fn site(State(state): State<AppState>) -> Result<impl IntoResponse, AppError> {
    let entries = site_entries(&state).await?;
    let self_url = state.site.url("/feed.atom");
    Ok((
        content_type(ATOM),
        wiredesk_render::feeds::atom(&state.site, &entries, &self_url),
    ))
}

pub async fn story(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<impl IntoResponse, AppError> {
    let Path(id) = id.map_err(|rejection| AppError::BadRequest(rejection.body_text()))?;
    let entries = story_entries(&state, &id).await?;
    let self_url = state.site.url(&story_path(&id, "/feed.atom"));
    Ok((
        content_type(ATOM),
        wiredesk_render::feeds::atom(&state.site, &entries, &self_url),
    ))
}

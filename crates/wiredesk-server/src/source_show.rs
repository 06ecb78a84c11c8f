//! `GET /source/{key}`: one source's health, last error and trust profile. The key is
//! percent-encoded in the path, since feed keys are URLs (`/source/https%3A%2F%2Fexample.org%2Ffeed`).

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::response::Html;

use crate::{AppError, AppState};

pub async fn show(
    State(state): State<AppState>,
    key: Result<Path<String>, PathRejection>,
) -> Result<Html<String>, AppError> {
    let Path(key) = key.map_err(|rejection| AppError::BadRequest(rejection.body_text()))?;
    let source = state
        .store
        .source(&key)
        .await?
        .ok_or(AppError::SourceNotFound { key })?;
    Ok(Html(wiredesk_render::html::source_page(
        &state.site,
        &source,
    )))
}

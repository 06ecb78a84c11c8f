//! `POST /api/sources/{key}/pause` and `/resume`: stops or restarts polling a source. The key
//! is percent-encoded in the path (feed keys are URLs). Needs the write token.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;

use super::{SourceView, require_token};
use crate::{AppError, AppState};

pub async fn pause(
    state: State<AppState>,
    headers: HeaderMap,
    key: Result<Path<String>, PathRejection>,
) -> Result<Json<SourceView>, AppError> {
    set_paused(state, headers, key, true).await
}

pub async fn resume(
    state: State<AppState>,
    headers: HeaderMap,
    key: Result<Path<String>, PathRejection>,
) -> Result<Json<SourceView>, AppError> {
    set_paused(state, headers, key, false).await
}

async fn set_paused(
    State(state): State<AppState>,
    headers: HeaderMap,
    key: Result<Path<String>, PathRejection>,
    paused: bool,
) -> Result<Json<SourceView>, AppError> {
    require_token(&state, &headers)?;
    let Path(key) = key.map_err(|rejection| AppError::BadRequest(rejection.body_text()))?;
    let source = state.store.set_paused(&key, paused).await?;
    tracing::info!(source = %source.key, paused, "source paused or resumed over the API");
    Ok(Json(SourceView::new(source)))
}

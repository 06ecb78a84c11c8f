//! `GET /api/sources`: every configured source with its fetch health.

use axum::Json;
use axum::extract::State;

use super::SourceView;
use crate::{AppError, AppState};

pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<SourceView>>, AppError> {
    let sources = state.store.sources().await?;
    Ok(Json(sources.into_iter().map(SourceView::new).collect()))
}

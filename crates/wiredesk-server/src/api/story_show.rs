//! `GET /api/stories/{id}`: the story as the analysis left it (origins, slots, ledger history),
//! in the model's own JSON shape.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use wiredesk_model::Story;

use crate::{AppError, AppState};

pub async fn show(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Story>, AppError> {
    let Path(id) = id.map_err(|rejection| AppError::BadRequest(rejection.body_text()))?;
    let story = state
        .store
        .story(&id)
        .await?
        .ok_or(AppError::StoryNotFound { id })?;
    Ok(Json(story))
}

//! `GET /api/stories/{id}/brief/versions`: every version of the story's brief, oldest first,
//! as summaries; fetch one in full with `/api/stories/{id}/brief?version=N`.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};

use super::BriefVersionSummary;
use crate::{AppError, AppState};

pub async fn list(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Vec<BriefVersionSummary>>, AppError> {
    let Path(id) = id.map_err(|rejection| AppError::BadRequest(rejection.body_text()))?;
    if state.store.story(&id).await?.is_none() {
        return Err(AppError::StoryNotFound { id });
    }
    let mut versions = state.store.brief_versions(&id).await?;
    versions.sort_by_key(|brief| brief.version);
    Ok(Json(
        versions.iter().map(BriefVersionSummary::new).collect(),
    ))
}

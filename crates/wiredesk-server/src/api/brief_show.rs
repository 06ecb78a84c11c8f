//! `GET /api/stories/{id}/brief`: the latest brief, or `?version=N`, in the same JSON shape as
//! `wiredesk brief show --format json`.

use axum::Json;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use wiredesk_model::Brief;

use crate::story_show::{VersionQuery, pick_version};
use crate::{AppError, AppState};

pub async fn show(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    query: Result<Query<VersionQuery>, QueryRejection>,
) -> Result<Json<Brief>, AppError> {
    let Path(id) = id.map_err(|rejection| AppError::BadRequest(rejection.body_text()))?;
    let Query(query) = query.map_err(|rejection| AppError::BadRequest(rejection.body_text()))?;
    if state.store.story(&id).await?.is_none() {
        return Err(AppError::StoryNotFound { id });
    }
    let versions = state.store.brief_versions(&id).await?;
    let brief = pick_version(&id, &versions, query.version)?
        .cloned()
        .ok_or(AppError::BriefNotFound { story_id: id })?;
    Ok(Json(brief))
}

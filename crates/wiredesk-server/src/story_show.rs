//! `GET /story/{id}`: the story page (brief, ledger, origin graph, timeline, provenance,
//! revision log). `?version=N` shows an earlier version of the brief; the revision log always
//! lists every version.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::response::Html;
use serde::Deserialize;
use wiredesk_model::Brief;

use crate::{AppError, AppState};

#[derive(Debug, Deserialize)]
pub struct VersionQuery {
    pub version: Option<u32>,
}

pub async fn show(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    query: Result<Query<VersionQuery>, QueryRejection>,
) -> Result<Html<String>, AppError> {
    let Path(id) = id.map_err(|rejection| AppError::BadRequest(rejection.body_text()))?;
    let Query(query) = query.map_err(|rejection| AppError::BadRequest(rejection.body_text()))?;
    let story = state
        .store
        .story(&id)
        .await?
        .ok_or_else(|| AppError::StoryNotFound { id: id.clone() })?;
    let versions = state.store.brief_versions(&id).await?;
    let shown = pick_version(&id, &versions, query.version)?;
    Ok(Html(wiredesk_render::html::story_page(
        &state.site,
        &story,
        shown,
        &versions,
    )))
}

/// The version asked for, or the latest one (`None` when the story has no brief yet).
pub fn pick_version<'a>(
    story_id: &str,
    versions: &'a [Brief],
    version: Option<u32>,
) -> Result<Option<&'a Brief>, AppError> {
    match version {
        None => Ok(versions.iter().max_by_key(|brief| brief.version)),
        Some(version) => versions
            .iter()
            .find(|brief| brief.version == version)
            .map(Some)
            .ok_or_else(|| AppError::BriefVersionNotFound {
                story_id: story_id.to_string(),
                version,
            }),
    }
}

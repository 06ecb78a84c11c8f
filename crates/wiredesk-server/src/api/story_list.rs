//! `GET /api/stories`: every story, most recently updated first, with its latest headline.
//! Unlike the front page, single-post stories are listed too: scripts filter for themselves.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;

use super::StorySummary;
use crate::{AppError, AppState};

pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<StorySummary>>, AppError> {
    let stories = state.store.stories().await?;
    let briefs: HashMap<String, _> = state
        .store
        .briefs()
        .await?
        .into_iter()
        .map(|brief| (brief.story_id.clone(), brief))
        .collect();
    Ok(Json(
        stories
            .iter()
            .map(|story| StorySummary::new(story, briefs.get(&story.id)))
            .collect(),
    ))
}

//! `GET /sources`: every configured source with its health.

use axum::extract::State;
use axum::response::Html;

use crate::{AppError, AppState};

pub async fn show(State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let sources = state.store.sources().await?;
    Ok(Html(wiredesk_render::html::sources_page(
        &state.site,
        &sources,
    )))
}

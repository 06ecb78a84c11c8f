//! The web server: one axum router for the web UI, feeds, JSON API, `/metrics` and `/healthz`.
//! The only crate that knows HTTP.
//!
//! One file per action (`story_list.rs`, `story_show.rs`, `feed_atom.rs`, `api/source_add.rs`…);
//! every handler returns `Result<_, AppError>` and leaves the error page to one middleware that
//! answers HTML on browser routes and JSON under `/api`. Pages and feeds come from
//! `wiredesk-render`; this crate only loads data from the [`Store`] and sets HTTP things
//! (status, content type, security headers, the write token).

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use wiredesk_render::Site;
use wiredesk_store::Store;

mod api;
mod error;
mod feed_atom;
mod feed_json;
mod feeds;
mod health;
mod layers;
mod metrics;
mod metrics_show;
mod openapi;
mod search;
mod source_list;
mod source_show;
mod story_list;
mod story_show;

pub use error::AppError;
pub use metrics::Metrics;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub site: Site,
    /// The token write endpoints ask for (`Authorization: Bearer <token>`); `None` disables writes.
    pub write_token: Option<String>,
    pub metrics: Arc<Metrics>,
    /// The daily language-model request budget, when `[analysis]` is on (`/metrics` shows what
    /// is left of it).
    pub analysis_budget: Option<u64>,
}

/// The whole site: web UI, feeds, JSON API, OpenAPI description, metrics and health check.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(story_list::show))
        .route("/story/{id}", get(story_show::show))
        .route("/story/{id}/feed.atom", get(feed_atom::story))
        .route("/story/{id}/feed.json", get(feed_json::story))
        .route("/sources", get(source_list::show))
        .route("/source/{key}", get(source_show::show))
        .route("/search", get(search::show))
        .route("/feed.atom", get(feed_atom::site))
        .route("/feed.json", get(feed_json::site))
        .route("/api/stories", get(api::story_list::list))
        .route("/api/stories/{id}", get(api::story_show::show))
        .route("/api/stories/{id}/brief", get(api::brief_show::show))
        .route(
            "/api/stories/{id}/brief/versions",
            get(api::brief_versions::list),
        )
        .route(
            "/api/sources",
            get(api::source_list::list).post(api::source_add::add),
        )
        .route("/api/sources/{key}/pause", post(api::source_pause::pause))
        .route("/api/sources/{key}/resume", post(api::source_pause::resume))
        .route("/openapi.json", get(openapi::show))
        .route("/metrics", get(metrics_show::show))
        .route("/healthz", get(health::show))
        .fallback(layers::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            layers::render_errors,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.metrics.clone(),
            layers::count_requests,
        ))
        .layer(axum::middleware::from_fn(layers::security_headers))
        .with_state(state)
}

/// Serves [`router`] on `listener` until `shutdown` resolves, then lets requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    if let Ok(address) = listener.local_addr() {
        tracing::info!(address = %address, "serving");
    }
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}

#[cfg(test)]
mod tests;

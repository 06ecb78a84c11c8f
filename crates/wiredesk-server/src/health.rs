//! `GET /healthz`: 200 "ok" when the store answers a query, 503 otherwise (for load balancers
//! and `wiredesk check`; no HTML, no JSON).

use axum::extract::State;
use axum::http::StatusCode;

use crate::AppState;

pub async fn show(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.store.sources().await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(error) => {
            tracing::warn!(error = %error, "health check: store did not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "store unavailable")
        }
    }
}

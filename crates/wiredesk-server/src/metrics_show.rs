//! `GET /metrics`: request counters and durations, plus store gauges read on each scrape.
//!
//! A failing store does not fail the scrape: `wiredesk_store_up` drops to 0 and the request
//! metrics still go out, so the outage itself is visible in Prometheus.

use axum::extract::State;
use axum::response::IntoResponse;

use crate::AppState;
use crate::layers::content_type;
use crate::metrics::StoreGauges;

pub async fn show(State(state): State<AppState>) -> impl IntoResponse {
    let gauges = match store_gauges(&state).await {
        Ok(gauges) => Some(gauges),
        Err(error) => {
            tracing::warn!(error = %error, "metrics: store did not answer");
            None
        }
    };
    (
        content_type("text/plain; version=0.0.4; charset=utf-8"),
        state.metrics.render(gauges),
    )
}

async fn store_gauges(state: &AppState) -> wiredesk_store::Result<StoreGauges> {
    let stories = state.store.story_count().await?;
    let briefs = state.store.brief_count().await?;
    let sources = state.store.sources().await?;
    let now = chrono::Utc::now();
    let leases = state.store.leases().await?;
    let leases_held = leases.iter().filter(|row| row.lease.until > now).count() as u64;
    Ok(StoreGauges {
        leases_held,
        leases_expired: leases.len() as u64 - leases_held,
        stories,
        briefs,
        sources: sources.len() as u64,
        sources_paused: sources.iter().filter(|source| source.paused).count() as u64,
        counters: state.store.counters().await?,
        today: chrono::Utc::now().format("%Y-%m-%d").to_string(),
        analysis_budget: state.analysis_budget,
    })
}

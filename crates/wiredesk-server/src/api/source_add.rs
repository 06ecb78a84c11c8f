//! `POST /api/sources`: adds a source (or updates the spec of an existing one), given the
//! `SourceSpec` JSON shape: `{"kind":"telegram","channel":"x"}` or
//! `{"kind":"feed","url":"https://…","name":"…"}`. Needs the write token.
//!
//! The spec is checked here, without IO: a channel name Telegram could hold, an http(s) feed URL
//! with a host. Whether the source answers is the fetcher's business, on its first poll.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use wiredesk_model::{SourceKind, SourceSpec};

use super::{SourceView, require_token};
use crate::{AppError, AppState};

/// Longest name accepted for a source.
const MAX_NAME_CHARS: usize = 200;

pub async fn add(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<SourceView>), AppError> {
    require_token(&state, &headers)?;
    let spec: SourceSpec = serde_json::from_slice(&body)
        .map_err(|error| AppError::BadRequest(format!("invalid source spec: {error}")))?;
    let spec = check_spec(spec)?;
    let existed = state.store.source(&spec.kind.key()).await?.is_some();
    let source = state.store.upsert_source(&spec).await?;
    tracing::info!(source = %source.key, kind = source.spec.kind.kind_name(), "source added over the API");
    let status = if existed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(SourceView::new(source))))
}

/// Trims and checks a spec; every refusal says what is wrong.
pub fn check_spec(mut spec: SourceSpec) -> Result<SourceSpec, AppError> {
    spec.kind = match spec.kind {
        SourceKind::Telegram { channel } => {
            let channel = channel.trim().trim_start_matches('@').to_string();
            if !is_channel_name(&channel) {
                return Err(AppError::BadRequest(format!(
                    "invalid telegram channel {channel:?}: expected 4 to 32 letters, digits or underscores, starting with a letter"
                )));
            }
            SourceKind::Telegram { channel }
        }
        SourceKind::Feed { url } => {
            let url = url.trim().to_string();
            let parsed = url::Url::parse(&url).map_err(|error| {
                AppError::BadRequest(format!("invalid feed url {url:?}: {error}"))
            })?;
            if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
                return Err(AppError::BadRequest(format!(
                    "invalid feed url {url:?}: expected an http or https url with a host"
                )));
            }
            SourceKind::Feed { url }
        }
    };
    if let Some(name) = spec.name.take() {
        let name = name.trim().to_string();
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(AppError::BadRequest(format!(
                "source name longer than {MAX_NAME_CHARS} characters"
            )));
        }
        spec.name = (!name.is_empty()).then_some(name);
    }
    if spec.interval_secs == Some(0) {
        return Err(AppError::BadRequest(
            "interval_secs must be at least 1".to_string(),
        ));
    }
    Ok(spec)
}

fn is_channel_name(name: &str) -> bool {
    (4..=32).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

//! Middleware every response goes through: security headers, request metrics, and error pages
//! (HTML for browser routes, JSON under `/api`), plus the fallback for unknown routes.

use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::error::ErrorInfo;
use crate::{AppError, AppState, Metrics};

/// No scripts, no external anything: pages are plain server-rendered HTML with inline styles,
/// and the origin graph is inline SVG.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// Counts requests by route template (never the raw path, so labels stay few) and status.
pub async fn count_requests(
    State(metrics): State<Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let method = request.method().clone();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.observe(
        &route,
        method.as_str(),
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

/// Turns an [`ErrorInfo`] response (or axum's bare 405) into an HTML page, or a JSON object
/// under `/api`.
pub async fn render_errors(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let is_api = is_api_path(request.uri().path());
    let response = next.run(request).await;
    let info = match response.extensions().get::<ErrorInfo>() {
        Some(info) => info.clone(),
        // axum answers a wrong method itself, with an empty body and the `Allow` header.
        None if response.status() == StatusCode::METHOD_NOT_ALLOWED => ErrorInfo {
            status: StatusCode::METHOD_NOT_ALLOWED,
            message: "method not allowed".to_string(),
        },
        None => return response,
    };
    let mut rendered = if is_api {
        Json(serde_json::json!({
            "error": info.message,
            "status": info.status.as_u16(),
        }))
        .into_response()
    } else {
        Html(wiredesk_render::html::error_page(
            &state.site,
            info.status.as_u16(),
            &info.message,
        ))
        .into_response()
    };
    *rendered.status_mut() = info.status;
    // Keep headers the handler set for the error (`WWW-Authenticate`), not its content type.
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            rendered.headers_mut().insert(name.clone(), value.clone());
        }
    }
    rendered
}

fn is_api_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

pub async fn not_found() -> AppError {
    AppError::RouteNotFound
}

/// `Content-Type` for responses whose type axum does not set itself.
pub fn content_type(value: &'static str) -> [(HeaderName, HeaderValue); 1] {
    [(header::CONTENT_TYPE, HeaderValue::from_static(value))]
}

//! What a handler can fail with, and the status each failure answers.
//!
//! Bad input and missing things are answered and not logged; store failures are logged with
//! their cause and shown to the client only as "internal error". The response carries an
//! [`ErrorInfo`] extension and a plain-text body; `layers::render_errors` turns it into an HTML
//! page on browser routes and a JSON object under `/api`, so handlers never decide the format.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use wiredesk_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("no such story {id:?}")]
    StoryNotFound { id: String },
    #[error("story {story_id:?} has no brief")]
    BriefNotFound { story_id: String },
    #[error("story {story_id:?} has no brief version {version}")]
    BriefVersionNotFound { story_id: String, version: u32 },
    #[error("no such source {key:?}")]
    SourceNotFound { key: String },
    #[error("no such page")]
    RouteNotFound,
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("missing or wrong token: send Authorization: Bearer <token>")]
    Unauthorized,
    #[error("writes are disabled: set server.write_token")]
    WritesDisabled,
    #[error("store failed: {0}")]
    Store(#[from] StoreError),
}

/// The status and client-facing message of an error response, for `layers::render_errors`.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub status: StatusCode,
    pub message: String,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::StoryNotFound { .. }
            | AppError::BriefNotFound { .. }
            | AppError::BriefVersionNotFound { .. }
            | AppError::SourceNotFound { .. }
            | AppError::RouteNotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::WritesDisabled => StatusCode::FORBIDDEN,
            AppError::Store(StoreError::NoSuchSource { .. }) => StatusCode::NOT_FOUND,
            AppError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the client is told: the error itself, except internal failures, which stay hidden.
    fn public_message(&self) -> String {
        match self {
            AppError::Store(StoreError::NoSuchSource { key }) => {
                AppError::SourceNotFound { key: key.clone() }.to_string()
            }
            AppError::Store(_) => "internal error".to_string(),
            other => other.to_string(),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let message = self.public_message();
        let mut response = (status, message.clone()).into_response();
        if matches!(self, AppError::Unauthorized) {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
            .extensions_mut()
            .insert(ErrorInfo { status, message });
        response
    }
}

//! `GET /openapi.json`: the OpenAPI 3.1 description of the JSON API, `docs/openapi.json`
//! compiled in, so the file in the repository and the one served never differ.

use axum::response::IntoResponse;

use crate::layers::content_type;

pub const OPENAPI_JSON: &str = include_str!("../../../docs/openapi.json");

pub async fn show() -> impl IntoResponse {
    (content_type("application/json"), OPENAPI_JSON)
}

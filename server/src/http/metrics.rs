//! `/metrics` for Prometheus, behind `--metrics-token` when one is set (on `--metrics-addr`
//! instead of the main address when that is). Every answer is counted and timed at the edge
//! (`http::edge`).

use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new().route("/metrics", get(scrape))
}

/// `/metrics`: the text format, for the token when one is set.
pub async fn scrape(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = state.metrics_token.as_deref() {
        let given =
            headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
        let matches = given.is_some_and(|g| subtle::ConstantTimeEq::ct_eq(g.as_bytes(), token.as_bytes()).into());
        if !matches {
            return crate::error::AppError::unauthorized("send the metrics token: Authorization: Bearer <token>")
                .into_response();
        }
    }
    let content_type = HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8");
    let headers = [(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, HeaderValue::from_static("no-store"))];
    (headers, state.metrics.encode(!state.cache.database_unavailable(), state.store.pool_stats())).into_response()
}

//! For load balancers and orchestrators: `/healthz` says the process answers (it never touches
//! the database), `/readyz` whether the database answers too, within a second. Neither is cached.

use crate::error::{AppError, ErrorCode};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use std::time::Duration;

/// How long `/readyz` waits for the database: an orchestrator's probe should not time out first.
const READY_WITHIN: Duration = Duration::from_millis(800);

pub fn routes() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz))
}

async fn healthz() -> Response {
    no_store("ok\n".into_response())
}

async fn readyz(State(state): State<AppState>) -> Response {
    let answer = match tokio::time::timeout(READY_WITHIN, state.store.ping()).await {
        Ok(true) => Json(serde_json::json!({ "status": "ready" })).into_response(),
        Ok(false) => AppError::new(ErrorCode::Unavailable, "the database does not answer").into_response(),
        Err(_) => AppError::new(
            ErrorCode::Unavailable,
            format!("the database did not answer within {} ms", READY_WITHIN.as_millis()),
        )
        .into_response(),
    };
    no_store(answer)
}

fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

//! The edge every request passes through, outermost: its id and log line (`trace`), a body that
//! says it is too large refused (`body_limit`), its security headers (`headers`), and its count
//! and time in the metrics. One layer rather than one each: every layer costs every request a
//! boxed future and copies of the services inside it (docs/BENCHMARKS.md §1a).

use super::{body_limit, headers::Secured, trace::Traced};
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;
use tracing::Instrument;

pub async fn edge(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let traced = Traced::begin(&mut request);
    let secured = Secured::begin(&mut request);
    let (kind, started) = (crate::metrics::kind(request.uri().path()), Instant::now());
    let mut response = match body_limit::refusal(&state, &request) {
        Some(refused) => refused,
        None => next.run(request).instrument(traced.span()).await,
    };
    state.metrics.record(kind, response.status(), started);
    secured.finish(&state, &mut response);
    traced.finish(&mut response);
    response
}

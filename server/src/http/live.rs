//! `/events`: a Server-Sent Events stream that says "changed" whenever what the public sees
//! changes (on this instance or, through PostgreSQL, on another). Open public pages listen with
//! public/live.js and fetch themselves again; the page is complete without it.

use crate::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::time::Duration;

/// A comment line this often keeps proxies from closing a quiet stream.
const KEEP_ALIVE: Duration = Duration::from_secs(20);
/// How long a browser waits before reconnecting after the stream drops.
const RETRY: Duration = Duration::from_secs(5);

pub fn routes() -> Router<AppState> {
    Router::new().route("/events", get(events))
}

async fn events(State(state): State<AppState>) -> impl IntoResponse {
    let changes = state.store.changes().subscribe();
    let closing = state.closing.subscribe();
    let first = Event::default().event("hello").retry(RETRY).data(state.store.changes().current().to_string());
    let stream =
        futures_util::stream::unfold((Some(first), changes, closing), |(first, mut changes, mut closing)| async move {
            if let Some(first) = first {
                return Some((Ok::<_, Infallible>(first), (None, changes, closing)));
            }
            if *closing.borrow() {
                return None;
            }
            tokio::select! {
                changed = changes.changed() => changed.ok()?,
                _ = closing.changed() => return None,
            }
            let generation = *changes.borrow_and_update();
            Some((Ok(Event::default().event("change").data(generation.to_string())), (None, changes, closing)))
        });
    // Counted in the metrics while the stream is open.
    let open = state.metrics.live_stream();
    let stream = futures_util::StreamExt::map(stream, move |event| {
        let _counted = &open;
        event
    });
    // Never stored by a cache or CDN: each reader needs its own stream; and a proxy such as nginx
    // should pass each event on at once rather than buffer them.
    let headers = [(header::CACHE_CONTROL, "no-store"), (header::HeaderName::from_static("x-accel-buffering"), "no")];
    (headers, Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)))
}

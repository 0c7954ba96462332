//! `/events`: a Server-Sent Events stream that says "changed" whenever what the public sees
//! changes (on this instance or, through PostgreSQL, on another). Open public pages listen with
//! public/live.js and fetch themselves again; the page is complete without it.
//!
//! The change says within how long: each page waits a random part of that before it fetches, so
//! that thousands of open pages come back spread over a moment sized to their number
//! ([`spread`]) rather than all in the same millisecond.

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
/// Page fetches per second a change's wave is spread to, at most.
const WAVE_RATE: u64 = 4_000;
/// The widest spread, however many pages are open.
const MAX_SPREAD_MS: u64 = 15_000;

pub fn routes() -> Router<AppState> {
    Router::new().route("/events", get(events))
}

async fn events(State(state): State<AppState>) -> impl IntoResponse {
    let changes = state.store.changes().subscribe();
    let closing = state.closing.subscribe();
    let first = Event::default().event("hello").retry(RETRY).data(state.store.changes().current().to_string());
    let listening = (Some(first), changes, closing, state.metrics.clone());
    let stream = futures_util::stream::unfold(listening, |(first, mut changes, mut closing, metrics)| async move {
        if let Some(first) = first {
            return Some((Ok::<_, Infallible>(first), (None, changes, closing, metrics)));
        }
        if *closing.borrow() {
            return None;
        }
        tokio::select! {
            changed = changes.changed() => changed.ok()?,
            _ = closing.changed() => return None,
        }
        let generation = *changes.borrow_and_update();
        let data = format!(r#"{{"generation":{generation},"within_ms":{}}}"#, spread(metrics.live_streams()));
        Some((Ok(Event::default().event("change").data(data)), (None, changes, closing, metrics)))
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

/// Within how many milliseconds the open pages fetch themselves again after a change: at most
/// [`WAVE_RATE`] fetches a second, and never more than [`MAX_SPREAD_MS`].
fn spread(open: u64) -> u64 {
    (open * 1000 / WAVE_RATE).min(MAX_SPREAD_MS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_spread_grows_with_the_open_pages_up_to_its_cap() {
        assert_eq!(super::spread(1), 0, "one page fetches at once");
        assert_eq!(super::spread(400), 100);
        assert_eq!(super::spread(10_000), 2_500);
        assert_eq!(super::spread(1_000_000), super::MAX_SPREAD_MS);
    }
}

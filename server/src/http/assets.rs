//! Static files: the stylesheet, the live-update script and the favicons from memory, the admin
//! console's client bundle from disk.

use crate::cache::{Entry, Policy};
use crate::site::{LIVE_SCRIPT, STYLESHEET};
use crate::state::AppState;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::routing::get;
use axum::Router;
use std::path::Path;
use std::sync::Arc;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The small files every public page loads, kept in memory compressed (gzip and brotli) with a
/// strong ETag, like the pages themselves: (address, file in the site folder, content type, caching).
const SMALL_FILES: &[(&str, &str, &str, &str)] = &[
    ("/pkg/beacon.css", STYLESHEET, "text/css; charset=utf-8", VERSIONED),
    ("/live.js", LIVE_SCRIPT, "text/javascript; charset=utf-8", VERSIONED),
    ("/favicon.svg", "favicon.svg", "image/svg+xml", DAILY),
    // For browsers, feed readers and bots that ask for it by name without reading the page.
    ("/favicon.ico", "favicon.ico", "image/x-icon", DAILY),
];
/// Pages link these with `?v=<content hash>`: a new version has a new address.
const VERSIONED: &str = "public, max-age=31536000, immutable";
const DAILY: &str = "public, max-age=86400";

pub fn routes(site_root: &Path) -> Router<AppState> {
    let revalidate =
        SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    // The console's bundle: a release build leaves gzip copies beside it (scripts/build).
    let bundle = ServeDir::new(site_root.join("pkg")).precompressed_gzip();
    let mut router = Router::new().nest_service("/pkg", bundle).layer(revalidate);
    for (address, file, content_type, cache_control) in SMALL_FILES {
        let Ok(bytes) = std::fs::read(site_root.join(file)) else {
            tracing::warn!(file = %site_root.join(file).display(), "a site file is missing; {address} will answer 404");
            continue;
        };
        let policy = Policy { content_type, cache_control, cors: false };
        let entry = Arc::new(Entry::render(0, &policy, bytes));
        router = router.route(address, get(move |request: HeaderMap| async move { entry.response(&request, false) }));
    }
    router
}

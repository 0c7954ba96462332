//! Static files: the stylesheet, the live-update script and the favicon from memory, the admin
//! console's client bundle from disk.

use super::AppState;
use crate::cache::{Entry, Policy};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::routing::get;
use axum::Router;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

const STYLESHEET: &str = "pkg/beacon.css";
/// Keeps an open public page current (see public/live.js).
const LIVE_SCRIPT: &str = "live.js";

/// The site folder: the one given, else `site` beside the build's `target/<profile>/` (where
/// scripts/build puts it), else `target/site` under the working directory.
pub fn find_site_root(given: Option<&Path>) -> Result<PathBuf, String> {
    let candidates: Vec<PathBuf> = match given {
        Some(p) => vec![p.to_path_buf()],
        None => {
            let beside_exe = std::env::current_exe().ok().and_then(|exe| Some(exe.parent()?.parent()?.join("site")));
            beside_exe.into_iter().chain([PathBuf::from("target/site")]).collect()
        }
    };
    candidates
        .iter()
        .find(|root| root.join(STYLESHEET).is_file())
        .cloned()
        .ok_or_else(|| candidates.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" or "))
}

/// The stylesheet's URL, versioned (see [`versioned`]).
pub fn stylesheet_href(site_root: &Path) -> String {
    versioned(site_root, STYLESHEET)
}

/// The live-update script's URL, versioned (see [`versioned`]).
pub fn live_script_href(site_root: &Path) -> String {
    versioned(site_root, LIVE_SCRIPT)
}

/// A site file's URL with a version drawn from its content, so browsers may cache it for long.
fn versioned(site_root: &Path, file: &str) -> String {
    let bytes = std::fs::read(site_root.join(file)).unwrap_or_default();
    // FNV-1a: stable across builds and platforms, enough to tell versions apart.
    let hash = bytes.iter().fold(0xcbf29ce484222325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100000001b3));
    format!("/{file}?v={:08x}", hash as u32)
}

/// The small files every public page loads, kept in memory compressed (gzip and brotli) with a
/// strong ETag, like the pages themselves: (address, file in the site folder, content type, caching).
const SMALL_FILES: &[(&str, &str, &str, &str)] = &[
    ("/pkg/beacon.css", STYLESHEET, "text/css; charset=utf-8", VERSIONED),
    ("/live.js", LIVE_SCRIPT, "text/javascript; charset=utf-8", VERSIONED),
    ("/favicon.svg", "favicon.svg", "image/svg+xml", DAILY),
    ("/robots.txt", "robots.txt", "text/plain; charset=utf-8", DAILY),
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

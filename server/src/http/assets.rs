//! Static files: the stylesheet, the admin console's client bundle, the favicon.

use super::AppState;
use axum::http::{header, HeaderValue};
use axum::Router;
use std::path::{Path, PathBuf};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

const STYLESHEET: &str = "pkg/beacon.css";

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

/// The stylesheet's URL with a version drawn from its content, so browsers may cache it for long.
pub fn stylesheet_href(site_root: &Path) -> String {
    let bytes = std::fs::read(site_root.join(STYLESHEET)).unwrap_or_default();
    // FNV-1a: stable across builds and platforms, enough to tell versions apart.
    let hash = bytes.iter().fold(0xcbf29ce484222325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100000001b3));
    format!("/{STYLESHEET}?v={:08x}", hash as u32)
}

pub fn routes(site_root: &Path) -> Router<AppState> {
    let revalidate =
        SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    Router::new()
        .nest_service("/pkg", ServeDir::new(site_root.join("pkg")))
        .route_service("/favicon.svg", ServeFile::new(site_root.join("favicon.svg")))
        .route_service("/robots.txt", ServeFile::new(site_root.join("robots.txt")))
        .layer(revalidate)
}

//! The page's own look: its brand colour as a stylesheet, its uploaded logo and favicon. Pages link
//! each by an address that names its version (`?v=`), so all may be cached for long; an image is
//! read from the database once per version and answered from memory after.

use crate::cache::{Entry, Policy};
use crate::error::AppError;
use crate::state::AppState;
use app::domain::settings::Image;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

/// Pages link these with a version in the address: a new version has a new address.
const VERSIONED: &str = "public, max-age=31536000, immutable";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/brand.css", get(stylesheet))
        .route("/brand/logo", get(|state: State<AppState>, headers: HeaderMap| image(state, headers, Image::Logo)))
        .route(
            "/brand/favicon",
            get(|state: State<AppState>, headers: HeaderMap| image(state, headers, Image::Favicon)),
        )
}

/// The page's brand colour as a stylesheet (see [`crate::page::brand_css`]). No colour: not found.
async fn stylesheet(State(state): State<AppState>, headers: HeaderMap) -> Response {
    static BRAND: Policy = Policy { content_type: "text/css; charset=utf-8", cache_control: VERSIONED, cors: false };
    super::cached(&state, &headers, "/brand.css", &BRAND, |state| async move {
        let colour = state.page.settings().brand_color.clone();
        colour.map(|c| crate::page::brand_css(&c)).ok_or_else(|| AppError::not_found("brand colour"))
    })
    .await
}

/// The uploaded logo or favicon, as the settings now name it.
async fn image(State(state): State<AppState>, headers: HeaderMap, kind: Image) -> Response {
    state.page.fresh().await;
    let settings = state.page.settings();
    let wanted = match kind {
        Image::Logo => settings.logo.clone(),
        Image::Favicon => settings.favicon.clone(),
    };
    let Some(hash) = wanted else { return AppError::not_found(kind.as_str()).into_response() };
    if let Some(entry) = state.page.image(kind, &hash) {
        return entry.response(&headers, false);
    }
    let stored = match state.store.page_image(kind).await {
        Ok(Some(stored)) if stored.hash == hash => stored,
        Ok(_) => return AppError::not_found(kind.as_str()).into_response(),
        Err(e) => return AppError::from(e).into_response(),
    };
    let policy = match stored.content_type.as_str() {
        "image/png" => &PNG,
        "image/x-icon" => &ICO,
        _ => &SVG,
    };
    let entry = match tokio::task::spawn_blocking(move || Entry::render(0, policy, stored.bytes)).await {
        Ok(entry) => Arc::new(entry),
        Err(_) => return AppError::internal().into_response(),
    };
    state.page.keep_image(kind, hash, entry.clone());
    entry.response(&headers, false)
}

static PNG: Policy = Policy { content_type: "image/png", cache_control: VERSIONED, cors: false };
static ICO: Policy = Policy { content_type: "image/x-icon", cache_control: VERSIONED, cors: false };
static SVG: Policy = Policy { content_type: "image/svg+xml", cache_control: VERSIONED, cors: false };

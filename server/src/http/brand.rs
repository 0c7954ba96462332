//! The page's own look: its brand colour as a stylesheet, its uploaded logo and favicon. Pages link
//! each by an address that names its version (`?v=`), so all may be cached for long; all are
//! answered from the public cache.

use crate::cache::Policy;
use crate::error::AppError;
use crate::state::AppState;
use app::domain::settings::Image;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

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

/// The uploaded logo or favicon, as the settings now name it: from the public cache, like every
/// public answer (rendered again after a change, kept in the snapshot, served while the database
/// is away).
async fn image(State(state): State<AppState>, headers: HeaderMap, kind: Image) -> Response {
    let key = format!("/brand/{}", kind.as_str());
    let render = || {
        let state = state.clone();
        async move {
            let stored = state.store.page_image(kind).await?.ok_or_else(|| AppError::not_found(kind.as_str()))?;
            let policy = match stored.content_type.as_str() {
                "image/png" => &PNG,
                "image/x-icon" => &ICO,
                _ => &SVG,
            };
            Ok((stored.bytes, policy))
        }
    };
    state.cache.answer_labelled(&headers, key, render, |e| e.into_response()).await
}

static PNG: Policy = Policy { content_type: "image/png", cache_control: VERSIONED, cors: false };
static ICO: Policy = Policy { content_type: "image/x-icon", cache_control: VERSIONED, cors: false };
static SVG: Policy = Policy { content_type: "image/svg+xml", cache_control: VERSIONED, cors: false };

//! The HTTP edge: assembles one router from the public site, its subscribe pages, feeds, APIs, badges, the live
//! stream, the admin console, static files and the health checks; then, around every answer, the
//! edge (`edge`: its request id and log line, security headers and metrics).

mod admin;
pub mod assets;
mod badge;
pub mod body_limit;
mod brand;
mod component;
mod edge;
pub mod headers;
mod health;
mod history;
pub mod language;
pub mod live;
mod metrics;
mod public;
mod rate_limit;
mod sitemap;
mod subscribe;
pub mod trace;
mod uptime;

use crate::cache::{Key, Policy};
use crate::error::{self, AppError};
use crate::state::AppState;
use axum::http::HeaderMap;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::Response;
use axum::Router;
use std::path::Path;

/// A text answer from the public cache under `policy`, rendered by `render` when needed; errors
/// in the site's look. The pages, badges and sitemap all answer through it.
pub(crate) async fn cached<F, Fut>(
    state: &AppState,
    headers: &HeaderMap,
    key: impl Into<Key>,
    policy: &'static Policy,
    render: F,
) -> Response
where
    F: FnOnce(AppState) -> Fut,
    Fut: std::future::Future<Output = Result<String, AppError>> + Send + 'static,
{
    let key = language::spoken_key(state, key);
    let render = || {
        let rendering = render(state.clone());
        async move { rendering.await.map(String::into_bytes) }
    };
    state.cache.answer(headers, key, policy, render, |e| error::page(&state.site(), &e)).await
}

pub fn router(state: AppState, site_root: &Path) -> Router {
    let metrics_here = !state.metrics_elsewhere;
    visitor_routes(&state, site_root)
        .merge(live::routes())
        .merge(admin::routes(&state))
        .merge(health::routes())
        .merge(if metrics_here { metrics::routes() } else { Router::new() })
        .fallback(public::not_found)
        .layer(tower_http::limit::RequestBodyLimitLayer::new(body_limit::MAX_BODY))
        .layer(from_fn_with_state(state.clone(), edge::edge))
        .with_state(state)
}

/// The routes that need no session: the pages, the subscribe form, feeds, the APIs (v1 checks its
/// token itself), badges and static files. The static mirror renders its files through these.
pub fn visitor_routes(state: &AppState, site_root: &Path) -> Router<AppState> {
    // What is written in the visitor's language (`language`); the APIs and files are not.
    let spoken = Router::new()
        .merge(public::routes())
        .merge(history::routes())
        .merge(component::routes())
        .merge(subscribe::routes(state))
        .merge(crate::feeds::routes())
        .merge(badge::routes())
        .layer(from_fn(language::remember));
    Router::new()
        .merge(spoken)
        .merge(crate::api::routes(state))
        .merge(sitemap::routes())
        .merge(assets::routes(site_root))
        .merge(brand::routes())
}

/// Only `/metrics`, for `--metrics-addr`.
pub fn metrics_router(state: AppState) -> Router {
    metrics::routes().with_state(state)
}

//! The HTTP edge: assembles one router from the public site, feeds, APIs, badges, the live
//! stream, the admin console and static files.

mod admin;
pub mod assets;
mod badge;
pub mod body_limit;
pub mod live;
mod public;

use crate::state::AppState;
use axum::Router;
use std::path::Path;

pub fn router(state: AppState, site_root: &Path) -> Router {
    Router::new()
        .merge(public::routes())
        .merge(crate::feeds::routes())
        .merge(crate::api::routes(&state))
        .merge(badge::routes())
        .merge(live::routes())
        .merge(admin::routes(&state))
        .merge(assets::routes(site_root))
        .fallback(public::not_found)
        .layer(tower_http::limit::RequestBodyLimitLayer::new(body_limit::MAX_BODY))
        .layer(axum::middleware::from_fn(body_limit::refuse_large_bodies))
        .with_state(state)
}

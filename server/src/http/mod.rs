//! The HTTP edge: one router for the public site, the admin console and static files.

pub mod assets;
mod badge;
mod error;
pub mod etag;
mod public;

pub use error::HttpError;
pub(crate) use public::error_page;

use crate::config::ServeArgs;
use crate::store::Store;
use app::pages::public::Site;
use axum::extract::FromRef;
use axum::response::Redirect;
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::path::Path;
use std::sync::Arc;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub site: Arc<Site>,
    pub leptos: LeptosOptions,
    /// Where visitors reach the page, without a trailing slash: the base of absolute links.
    pub public_url: Arc<str>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> LeptosOptions {
        state.leptos.clone()
    }
}

impl AppState {
    pub fn new(store: Store, args: &ServeArgs, site_root: &Path) -> AppState {
        let site = Site {
            title: args.title.clone(),
            tz: args.timezone,
            stylesheet: assets::stylesheet_href(site_root),
        };
        let leptos = LeptosOptions::builder()
            .output_name("beacon")
            .site_root(site_root.to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .site_addr(args.addr)
            .env(leptos::config::Env::PROD)
            .build();
        AppState {
            store,
            site: Arc::new(site),
            leptos,
            public_url: args.public_url().into(),
        }
    }
}

pub fn router(state: AppState, site_root: &Path) -> Router {
    let admin_routes = generate_route_list(app::pages::admin::App);
    let shell = {
        let options = state.leptos.clone();
        let stylesheet = state.site.stylesheet.clone();
        move || app::pages::admin::shell(options.clone(), stylesheet.clone())
    };
    Router::new()
        .merge(public::routes())
        .merge(crate::feeds::routes())
        .merge(crate::api::routes())
        .merge(badge::routes())
        .route("/admin", get(|| async { Redirect::to("/admin/login") }))
        .leptos_routes(&state, admin_routes, shell)
        .merge(assets::routes(site_root))
        .fallback(public::not_found)
        .with_state(state)
}

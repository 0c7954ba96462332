//! The HTTP edge: one router for the public site, the admin console and static files.

mod admin;
pub mod assets;
mod badge;
mod error;
pub mod live;
mod public;

pub use error::{HttpError, DATABASE_UNAVAILABLE};
pub(crate) use public::error_page;

use crate::auth::AuthSettings;
use crate::cache::{Cache, Probe};
use crate::config::ServeArgs;
use crate::store::Store;
use app::pages::public::Site;
use axum::extract::FromRef;
use axum::Router;
use leptos::config::LeptosOptions;
use std::path::Path;
use std::sync::Arc;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub site: Arc<Site>,
    pub leptos: LeptosOptions,
    pub auth: AuthSettings,
    /// Where visitors reach the page, without a trailing slash: the base of absolute links.
    pub public_url: Arc<str>,
    /// Every public answer, rendered once per change.
    pub cache: Cache,
    /// Ends the live-update streams at shutdown.
    pub closing: live::Closing,
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
            live_script: assets::live_script_href(site_root),
        };
        let leptos = LeptosOptions::builder()
            .output_name("beacon")
            .site_root(site_root.to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .site_addr(args.addr)
            .env(leptos::config::Env::PROD)
            .build();
        let public_url = args.public_url();
        let auth = AuthSettings::new(
            chrono::Duration::hours(args.session_lifetime_hours.into()),
            chrono::Duration::minutes(args.session_idle_minutes.into()),
            public_url.starts_with("https://"),
        );
        let probe: Probe = {
            let store = store.clone();
            Arc::new(move || {
                let store = store.clone();
                Box::pin(async move { store.ping().await })
            })
        };
        let cache = Cache::new(store.changes().clone(), probe);
        AppState {
            store,
            site: Arc::new(site),
            leptos,
            auth,
            public_url: public_url.into(),
            cache,
            closing: live::Closing::default(),
        }
    }
}

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
        .with_state(state)
}

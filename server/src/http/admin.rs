//! The admin console's routes: Leptos pages and server functions behind the session guard, the
//! sign-in forms, all behind the same-origin check; and the backend its server functions call.

use super::AppState;
use crate::auth::csrf::{origin_of, same_origin, TrustedOrigins};
use crate::auth::guard::require_user;
use crate::auth::sessions::DbSessionStore;
use crate::store::Store;
use app::domain::User;
use app::pages::admin::backend::ssr::{AdminBackend, Backend};
use app::pages::admin::backend::Dashboard;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use leptos::prelude::{provide_context, ServerFnError};
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use std::sync::Arc;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub fn routes(state: &AppState) -> Router<AppState> {
    let pages = generate_route_list(app::pages::admin::App);
    let shell = {
        let options = state.leptos.clone();
        let stylesheet = state.site.stylesheet.clone();
        move || app::pages::admin::shell(options.clone(), stylesheet.clone())
    };
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.store.clone()))
        .with_name("beacon_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.auth.secure)
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(state.auth.idle.num_seconds())));
    let trusted = TrustedOrigins(Arc::new(origin_of(&state.public_url).into_iter().collect()));
    Router::new()
        .leptos_routes_with_context(state, pages, context(state), shell)
        .route("/admin/fn/{*name}", post(server_fn))
        .merge(crate::auth::routes::routes())
        .layer(from_fn_with_state(state.clone(), require_user))
        .layer(sessions)
        .layer(from_fn_with_state(trusted, same_origin))
}

fn context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let backend = Backend(Arc::new(StoreBackend { store: state.store.clone() }));
    move || provide_context(backend.clone())
}

async fn server_fn(State(state): State<AppState>, req: Request<Body>) -> Response {
    handle_server_fns_with_context(context(&state), req).await.into_response()
}

/// The console's backend over the store.
struct StoreBackend {
    store: Store,
}

fn failed(e: crate::store::StoreError) -> ServerFnError {
    let e = super::HttpError::from(e);
    ServerFnError::new(match e {
        super::HttpError::Unavailable => "The database is unavailable right now. Try again in a moment.".to_string(),
        other => other.to_string(),
    })
}

#[async_trait::async_trait]
impl AdminBackend for StoreBackend {
    async fn dashboard(&self, user: User) -> Result<Dashboard, ServerFnError> {
        Ok(Dashboard {
            user,
            open: self.store.open_incidents().await.map_err(failed)?,
            maintenance: self.store.current_maintenance().await.map_err(failed)?,
            groups: self.store.list_groups().await.map_err(failed)?,
            components: self.store.list_components().await.map_err(failed)?,
        })
    }
}

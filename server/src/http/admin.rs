//! The admin console's routes: Leptos pages and server functions behind the session guard, the
//! sign-in forms, all behind the same-origin check; the ports its server functions call, and the
//! session that keeps a refused plain form post for the page it returns to.

use crate::auth::csrf::{origin_of, same_origin, TrustedOrigins};
use crate::auth::guard::require_user;
use crate::auth::sessions::DbSessionStore;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::Actor;
use app::domain::User;
use app::pages::admin::accounts::ssr::AccountsBackend;
use app::pages::admin::components::ssr::ComponentsBackend;
use app::pages::admin::dashboard::ssr::DashboardBackend;
use app::pages::admin::forms::ssr::{FormMemory, PageZone, Port};
use app::pages::admin::forms::FailedForm;
use app::pages::admin::incidents::actions::ssr::IncidentsBackend;
use app::pages::admin::maintenance::ssr::MaintenanceBackend;
use app::pages::admin::notice::Notice;
use app::pages::admin::settings::ssr::SettingsBackend;
use app::pages::admin::subscribers::ssr::SubscribersBackend;
use app::pages::admin::tokens::ssr::TokensBackend;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{from_fn_with_state, map_response};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::provide_context;
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use std::sync::Arc;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

#[path = "admin_accounts.rs"]
mod accounts;
#[path = "admin_backend.rs"]
mod backend;
#[path = "admin_settings.rs"]
mod settings;
#[path = "admin_subscribers.rs"]
mod subscribers;
#[path = "admin_tokens.rs"]
mod tokens;

pub fn routes(state: &AppState) -> Router<AppState> {
    let pages = generate_route_list(app::pages::admin::App);
    let shell = {
        let options = state.leptos.clone();
        let stylesheet = state.site().stylesheet.clone();
        move || app::pages::admin::shell(options.clone(), stylesheet.clone())
    };
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.store.clone()))
        .with_name(crate::auth::SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.auth.secure)
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(state.auth.idle.num_seconds())));
    let trusted = TrustedOrigins(Arc::new(origin_of(&state.public_url).into_iter().collect()));
    Router::new()
        .leptos_routes_with_context(state, pages, context(state), shell)
        .route("/admin/fn/{*name}", post(server_fn))
        .route("/admin/subscribers.csv", get(subscribers::export))
        .route("/admin/settings/image", post(settings::save_image))
        .merge(crate::auth::routes::routes())
        .layer(map_response(with_error_status))
        .layer(map_response(valid_html))
        .layer(from_fn_with_state(state.clone(), require_user))
        .layer(sessions)
        .layer(from_fn_with_state(trusted, same_origin))
}

/// The ports the console's pages call, for each request.
fn context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let backend = Arc::new(backend::StoreBackend { store: state.store.clone(), page: state.page.clone() });
    let accounts = accounts::StoreAccounts { store: state.store.clone() };
    let tokens = tokens::StoreTokens { store: state.store.clone() };
    let (dashboard, incidents): (Arc<dyn DashboardBackend>, Arc<dyn IncidentsBackend>) =
        (backend.clone(), backend.clone());
    let (components, maintenance): (Arc<dyn ComponentsBackend>, Arc<dyn MaintenanceBackend>) =
        (backend.clone(), backend);
    let accounts: Arc<dyn AccountsBackend> = Arc::new(accounts);
    let tokens: Arc<dyn TokensBackend> = Arc::new(tokens);
    let settings: Arc<dyn SettingsBackend> = Arc::new(settings::StoreSettings { store: state.store.clone() });
    let subscribers: Arc<dyn SubscribersBackend> = Arc::new(subscribers::StoreSubscribers { state: state.clone() });
    let memory: Arc<dyn FormMemory> = Arc::new(SessionMemory);
    let page = state.page.clone();
    move || {
        provide_context(PageZone(page.tz()));
        provide_context(Port(dashboard.clone()));
        provide_context(Port(incidents.clone()));
        provide_context(Port(components.clone()));
        provide_context(Port(maintenance.clone()));
        provide_context(Port(accounts.clone()));
        provide_context(Port(tokens.clone()));
        provide_context(Port(subscribers.clone()));
        provide_context(Port(settings.clone()));
        provide_context(Port(memory.clone()));
    }
}

/// Calls of server functions the console does not have (the others have their own routes).
async fn server_fn(State(state): State<AppState>, req: Request<Body>) -> Response {
    handle_server_fns_with_context(context(&state), req).await.into_response()
}

/// The console's pages with Leptos's `<!>` markers written as valid comments (see
/// `app::pages::markers`). Pages render whole before they are sent, so nothing streams.
async fn valid_html(response: Response) -> Response {
    let is_html = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 16 << 20).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "the page could not be read").into_response();
    };
    let html = app::pages::markers::valid_markers(&String::from_utf8_lossy(&bytes));
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(html))
}

/// The framework answers every refused server function with a 500; the answer takes the status
/// of the [`AppError`] it carries instead (a plain form post's redirect back to the form stays).
async fn with_error_status(response: Response) -> Response {
    let refused = response.status() == StatusCode::INTERNAL_SERVER_ERROR
        && response.headers().contains_key(SERVER_FN_ERROR_HEADER);
    if !refused {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
        return (parts, Body::empty()).into_response();
    };
    if let Ok(e) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = e.status_code();
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Where a refused plain form post waits for the page it returns to.
const FAILED_FORM: &str = "failed_form";
/// Where what a successful plain form post said waits for the page it redirects to.
const NOTICE: &str = "notice";

pub(super) fn actor(user: &User) -> Actor {
    Actor::User { id: user.id, email: user.email.clone() }
}

pub(super) async fn session() -> Option<tower_sessions::Session> {
    leptos_axum::extract::<tower_sessions::Session>().await.ok()
}

/// Keeps a refused plain form post in the session, for one page view.
struct SessionMemory;

#[async_trait::async_trait]
impl FormMemory for SessionMemory {
    async fn remember(&self, failed: FailedForm) {
        if let Some(s) = session().await {
            let _ = s.insert(FAILED_FORM, failed).await;
        }
    }

    async fn take(&self, prefix: &str) -> Option<FailedForm> {
        let session = session().await?;
        let failed = session.get::<FailedForm>(FAILED_FORM).await.ok()??;
        if !failed.form.starts_with(prefix) {
            return None;
        }
        let _ = session.remove::<FailedForm>(FAILED_FORM).await;
        Some(failed)
    }

    async fn announce(&self, notice: Notice) {
        if let Some(s) = session().await {
            let _ = s.insert(NOTICE, notice).await;
        }
    }

    async fn take_notice(&self) -> Option<Notice> {
        // Read before it is removed: removing nothing would still write the session.
        let session = session().await?;
        let notice = session.get::<Notice>(NOTICE).await.ok()??;
        let _ = session.remove::<Notice>(NOTICE).await;
        Some(notice)
    }
}

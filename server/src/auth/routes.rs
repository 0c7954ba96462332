//! Signing in and out, and creating the first admin: plain form posts that work without
//! JavaScript, answered with redirects (errors travel as a short code the page explains).

use super::guard::{safe_next, sign_in};
use super::{password, throttle};
use crate::state::AppState;
use crate::store::{Actor, NewUser};
use app::domain::Role;
use axum::extract::rejection::FormRejection;
use axum::extract::{ConnectInfo, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Form, Router};
use chrono::Utc;
use serde::Deserialize;
use std::convert::Infallible;
use std::net::SocketAddr;
use tower_sessions::Session;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/login", post(login))
        .route("/admin/logout", post(logout))
        .route("/admin/setup/{token}", post(setup))
}

/// The client's address, when the server knows it.
pub struct ClientAddr(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(ClientAddr(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string())))
    }
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

fn back_to_login(error: &str, next: Option<&str>, extra: &str) -> Response {
    let next = next.map(|n| format!("&next={}", super::guard::encode_path(safe_next(Some(n))))).unwrap_or_default();
    Redirect::to(&format!("/admin/login?error={error}{extra}{next}")).into_response()
}

fn unavailable(e: impl std::fmt::Display) -> Response {
    tracing::error!(cause = %e, "sign-in failed");
    Redirect::to("/admin/login?error=unavailable").into_response()
}

async fn login(
    State(state): State<AppState>,
    session: Session,
    ClientAddr(addr): ClientAddr,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return back_to_login("invalid", None, "");
    };
    let next = form.next.as_deref();
    let now = Utc::now();
    let mut keys = vec![throttle::account_key(&form.email)];
    keys.extend(addr.as_deref().map(throttle::address_key));
    match throttle::wait_due(&state.store, &keys, now).await {
        Ok(Some(wait)) => return back_to_login("throttled", next, &format!("&wait={}", wait.num_seconds().max(1))),
        Ok(None) => {}
        Err(e) => return unavailable(e),
    }
    let found = match state.store.find_user_by_email(&form.email).await {
        Ok(found) => found,
        Err(e) => return unavailable(e),
    };
    let (user, hash) = found.map_or((None, None), |(u, h)| (Some(u), Some(h)));
    let matches = password::verify_async(form.password, hash).await;
    let email = form.email.trim().to_lowercase();
    match user {
        Some(user) if matches && !user.disabled => {
            if let Err(e) = sign_in(&session, &user).await {
                return unavailable(e);
            }
            let _ = state.store.clear_login_failures(&throttle::account_key(&email)).await;
            let _ = state.store.audit_login(&email, Some(user.id), "login", addr.as_deref()).await;
            Redirect::to(safe_next(next)).into_response()
        }
        Some(user) if matches => {
            let _ = state.store.audit_login(&email, Some(user.id), "login_refused_disabled", addr.as_deref()).await;
            back_to_login("disabled", next, "")
        }
        user => {
            if let Err(e) = throttle::record_failure(&state.store, &keys, now).await {
                return unavailable(e);
            }
            let _ = state.store.audit_login(&email, user.map(|u| u.id), "login_failed", addr.as_deref()).await;
            back_to_login("invalid", next, "")
        }
    }
}

async fn logout(session: Session) -> Response {
    let _ = session.flush().await;
    Redirect::to("/admin/login?signed_out=1").into_response()
}

#[derive(Deserialize)]
pub struct SetupForm {
    email: String,
    display_name: String,
    password: String,
}

/// Creates the first admin with the one-time setup token the server logged at start.
async fn setup(
    State(state): State<AppState>,
    Path(token): Path<String>,
    session: Session,
    form: Result<Form<SetupForm>, FormRejection>,
) -> Response {
    let back = |error: &str| {
        Redirect::to(&format!("/admin/setup/{}?error={error}", super::guard::encode_path(&token))).into_response()
    };
    if !state.auth.setup_token_matches(&token) {
        return Redirect::to("/admin/login?error=setup_used").into_response();
    }
    let Ok(Form(form)) = form else {
        return back("missing");
    };
    if password::check_strength(&form.password).is_err() {
        return back("weak_password");
    }
    if !form.email.contains('@') {
        return back("bad_email");
    }
    match state.store.count_users().await {
        Ok(0) => {}
        Ok(_) => {
            state.auth.end_setup();
            return Redirect::to("/admin/login?error=setup_used").into_response();
        }
        Err(e) => return unavailable(e),
    }
    let hash = match password::hash_async(form.password).await {
        Ok(h) => h,
        Err(e) => return unavailable(e),
    };
    let new = NewUser { email: form.email, display_name: form.display_name, role: Role::Admin, password_hash: hash };
    let id = match state.store.create_user(&Actor::System, new).await {
        Ok(id) => id,
        Err(crate::store::StoreError::Invalid { field, .. }) => {
            return back(if field == "email" { "bad_email" } else { "bad_name" })
        }
        Err(e) => return unavailable(e),
    };
    state.auth.end_setup();
    match state.store.get_user(id).await {
        Ok(Some(user)) => {
            if let Err(e) = sign_in(&session, &user).await {
                return unavailable(e);
            }
            tracing::info!(email = %user.email, "first admin created; the setup link is now dead");
            Redirect::to("/admin").into_response()
        }
        Ok(None) => Redirect::to("/admin/login").into_response(),
        Err(e) => unavailable(e),
    }
}

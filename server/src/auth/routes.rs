//! Signing in and out, and creating the first admin: plain form posts that work without
//! JavaScript, answered with redirects (a refusal travels as a [`SignInProblem`]'s code, which
//! the page turns back into its message).

use super::guard::{safe_next, sign_in};
use super::{password, throttle};
use crate::error::{AppError, ErrorCode};
use crate::state::AppState;
use crate::store::{Actor, NewUser};
use app::domain::{validate, Role};
use app::pages::admin::login::SignInProblem;
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

fn back_to_login(problem: SignInProblem, next: Option<&str>, extra: &str) -> Response {
    let next = next.map(|n| format!("&next={}", super::guard::encode_path(safe_next(Some(n))))).unwrap_or_default();
    Redirect::to(&format!("/admin/login?error={}{extra}{next}", problem.code())).into_response()
}

fn unavailable(e: impl std::fmt::Display) -> Response {
    tracing::error!(cause = %e, "sign-in failed");
    back_to_login(SignInProblem::Unavailable, None, "")
}

async fn login(
    State(state): State<AppState>,
    session: Session,
    ClientAddr(addr): ClientAddr,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return back_to_login(SignInProblem::Invalid, None, "");
    };
    let next = form.next.as_deref();
    let now = Utc::now();
    // An address that cannot be an account's is refused like a wrong password, without a lookup
    // (a NUL, say, that PostgreSQL could not even compare).
    let email = validate::email("email", &form.email).ok();
    let mut keys: Vec<String> = email.iter().map(|e| throttle::account_key(e)).collect();
    keys.extend(addr.as_deref().map(throttle::address_key));
    match throttle::attempt(&state.store, &keys, now).await {
        Ok(Some(wait)) => {
            let wait = format!("&wait={}", wait.num_seconds().max(1));
            return back_to_login(SignInProblem::Throttled, next, &wait);
        }
        Ok(None) => {}
        Err(e) => return unavailable(e),
    }
    let Some(email) = email else {
        return back_to_login(SignInProblem::Invalid, next, "");
    };
    let found = match state.store.find_user_by_email(&email).await {
        Ok(found) => found,
        Err(e) => return unavailable(e),
    };
    let (user, hash) = found.map_or((None, None), |(u, h)| (Some(u), Some(h)));
    let Ok(matches) = password::verify_async(form.password, hash).await else {
        return busy(&state);
    };
    match user {
        Some(user) if matches && !user.disabled => {
            if let Err(e) = sign_in(&session, &user).await {
                return unavailable(e);
            }
            let _ = throttle::succeeded(&state.store, &keys).await;
            let _ = state.store.audit_login(&email, Some(user.id), "login", addr.as_deref()).await;
            Redirect::to(safe_next(next)).into_response()
        }
        Some(user) if matches => {
            let _ = state.store.audit_login(&email, Some(user.id), "login_refused_disabled", addr.as_deref()).await;
            back_to_login(SignInProblem::Disabled, next, "")
        }
        user => {
            let _ = state.store.audit_login(&email, user.map(|u| u.id), "login_failed", addr.as_deref()).await;
            back_to_login(SignInProblem::Invalid, next, "")
        }
    }
}

/// Too many sign-ins are being checked at once: 503, to be tried again in a few seconds.
fn busy(state: &AppState) -> Response {
    let e = AppError::new(ErrorCode::Unavailable, "Too many sign-ins at once. Try again in a few seconds.");
    let mut response = crate::error::page(&state.site(), &e);
    response.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from_static("2"));
    response
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
    let back = |problem: SignInProblem| {
        let token = super::guard::encode_path(&token);
        Redirect::to(&format!("/admin/setup/{token}?error={}", problem.code())).into_response()
    };
    if !state.auth.setup_token_matches(&token) {
        return back_to_login(SignInProblem::SetupUsed, None, "");
    }
    let Ok(Form(form)) = form else {
        return back(SignInProblem::Missing);
    };
    if validate::password("password", &form.password).is_err() {
        return back(SignInProblem::WeakPassword);
    }
    if validate::email("email", &form.email).is_err() {
        return back(SignInProblem::BadEmail);
    }
    match state.store.count_users().await {
        Ok(0) => {}
        Ok(_) => {
            state.auth.end_setup();
            return back_to_login(SignInProblem::SetupUsed, None, "");
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
            return back(if field == "email" { SignInProblem::BadEmail } else { SignInProblem::BadName })
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

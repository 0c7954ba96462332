//! Who is signed in: the session holds the user's id and sign-in time; every admin request is
//! checked against the database (a disabled account, an expired lifetime or a password changed
//! since signing in ends the session).

use crate::error::AppError;
use crate::state::AppState;
use app::domain::User;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use tower_sessions::Session;

const USER_ID: &str = "user_id";
const SIGNED_IN_AT: &str = "signed_in_at";
/// The same in milliseconds, to tell a session from a password change made in the same second.
const SIGNED_IN_MS: &str = "signed_in_ms";

/// Admin addresses anyone may open: signing in and the first-admin setup.
fn is_open(path: &str) -> bool {
    path == "/admin/login" || path.starts_with("/admin/setup/")
}

/// Starts a signed-in session for `user` under a new session id (no fixation).
pub async fn sign_in(session: &Session, user: &User) -> Result<(), tower_sessions::session::Error> {
    session.cycle_id().await?;
    session.insert(USER_ID, user.id).await?;
    session.insert(SIGNED_IN_AT, Utc::now().timestamp()).await?;
    session.insert(SIGNED_IN_MS, Utc::now().timestamp_millis()).await?;
    Ok(())
}

/// Keeps this session valid after its own user changed the password (which ends the others).
pub async fn renew(session: &Session) -> Result<(), tower_sessions::session::Error> {
    session.insert(SIGNED_IN_MS, Utc::now().timestamp_millis()).await
}

/// The signed-in user, if the session has one that is still valid; the cause when the database
/// cannot tell.
pub async fn current_user(state: &AppState, session: &Session) -> Result<Option<User>, String> {
    let user_id: Option<i64> = session.get(USER_ID).await.map_err(|e| e.to_string())?;
    let signed_in_at: Option<i64> = session.get(SIGNED_IN_AT).await.map_err(|e| e.to_string())?;
    let (Some(user_id), Some(signed_in_at)) = (user_id, signed_in_at) else {
        return Ok(None);
    };
    let too_old = Utc::now().timestamp() - signed_in_at > state.auth.lifetime.num_seconds();
    let user = if too_old { None } else { state.store.get_user(user_id).await.map_err(|e| e.to_string())? };
    // A password changed since this session signed in ends it.
    let signed_in_ms: i64 = session.get(SIGNED_IN_MS).await.map_err(|e| e.to_string())?.unwrap_or(signed_in_at * 1000);
    let user = match user {
        Some(u) if signed_in_ms < state.store.sessions_valid_after(u.id).await.map_err(|e| e.to_string())? => None,
        other => other,
    };
    match user.filter(|u| !u.disabled) {
        Some(user) => Ok(Some(user)),
        None => {
            let _ = session.flush().await;
            Ok(None)
        }
    }
}

/// Lets through requests with a valid session (adding the `User` to the request), or sends the
/// visitor to sign in (pages) or answers 401 (server functions).
pub async fn require_user(State(state): State<AppState>, session: Session, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if is_open(&path) {
        return next.run(req).await;
    }
    match current_user(&state, &session).await {
        Ok(Some(user)) => {
            req.extensions_mut().insert(user);
            next.run(req).await
        }
        // A form posted without JavaScript is a page the browser shows: to sign-in, then back.
        Ok(None) if path.starts_with("/admin/fn/") && accepts_html(&req) => {
            Redirect::to(&format!("/admin/login?next={}", encode_path(form_page(&req)))).into_response()
        }
        Ok(None) if path.starts_with("/admin/fn/") => {
            crate::error::server_fn_refusal(&AppError::unauthorized("Sign in first: your session has ended."))
        }
        Ok(None) => Redirect::to(&format!("/admin/login?next={}", encode_path(&path))).into_response(),
        Err(cause) => database_unavailable(&state, &path, &cause),
    }
}

/// While the database cannot be reached the console says so with a 503: a page in the site's
/// look, or the message alone for server functions.
fn database_unavailable(state: &AppState, path: &str, cause: &str) -> Response {
    tracing::error!(%cause, "cannot check the session: the database is unavailable");
    if path.starts_with("/admin/fn/") {
        return crate::error::server_fn_refusal(&AppError::unavailable());
    }
    let message = "The admin console cannot reach its database right now. Try again in a moment; \
                   the public page keeps showing its last good copy meanwhile.";
    let html = app::pages::public::render_error(&state.site(), "Database unavailable", message);
    let headers = [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")];
    (StatusCode::SERVICE_UNAVAILABLE, headers, html).into_response()
}

/// Percent-encodes a path for a query value.
pub fn encode_path(path: &str) -> String {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    const KEPT: &percent_encoding::AsciiSet =
        &NON_ALPHANUMERIC.remove(b'/').remove(b'-').remove(b'_').remove(b'.').remove(b'~');
    utf8_percent_encode(path, KEPT).to_string()
}

/// Whether the request is a plain form post (JavaScript off), whose answer the browser shows.
fn accepts_html(req: &Request) -> bool {
    req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"))
}

/// The console page a plain form post came from (its `Referer`'s path), or the dashboard.
fn form_page(req: &Request) -> &str {
    let referer = req.headers().get(header::REFERER).and_then(|v| v.to_str().ok());
    let path = referer.and_then(|r| r.split_once("://")).and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]));
    safe_next(path)
}

/// Where to go after signing in: only an admin page of this site, never elsewhere.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if n.starts_with("/admin")
                && !n.starts_with("//")
                && !n.contains("://")
                && !n.contains('\\')
                && !n.chars().any(char::is_control) =>
        {
            n
        }
        _ => "/admin",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_never_leaves_the_admin() {
        assert_eq!(safe_next(Some("/admin/incidents")), "/admin/incidents");
        assert_eq!(safe_next(Some("https://evil.example/admin")), "/admin");
        assert_eq!(safe_next(Some("//evil.example")), "/admin");
        assert_eq!(safe_next(Some("/history")), "/admin");
        assert_eq!(safe_next(None), "/admin");
        assert_eq!(safe_next(Some("/admin\r\nSet-Cookie: x=1")), "/admin", "a header split");
        assert_eq!(safe_next(Some("/admin/\u{7}")), "/admin", "a control character");
        assert_eq!(encode_path("/admin/a b?c"), "/admin/a%20b%3Fc");
        assert_eq!(encode_path("/admin/é"), "/admin/%C3%A9");
    }
}

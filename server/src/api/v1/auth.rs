//! Who calls the write API: a Bearer token from the console or `beacon token add`, checked on
//! every call against the role its route needs.

use crate::error::AppError;
use crate::store::{Actor, Store};
use app::domain::{ApiToken, Role};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Utc;

/// What a route needs of its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone (the API's own description).
    Public,
    /// Any valid token: editor or admin.
    Editor,
    /// An admin token.
    Admin,
}

/// The token a call came with, for the audit log and for finer checks in a handler.
#[derive(Debug, Clone)]
pub struct Caller {
    pub token: ApiToken,
}

impl Caller {
    pub fn actor(&self) -> Actor {
        Actor::Token { id: self.token.id, name: self.token.name.clone() }
    }

    pub fn require_admin(&self, what: &str) -> Result<(), AppError> {
        match (self.token.acts_as(), self.token.role) {
            (Some(Role::Admin), _) => Ok(()),
            (_, Role::Admin) => Err(AppError::forbidden(format!(
                "{what} needs an admin token; the token '{}' was made by someone who is no longer an admin, \
                 so it acts as an editor's",
                self.token.name
            ))),
            _ => Err(AppError::forbidden(format!(
                "{what} needs an admin token; this token '{}' is an editor's",
                self.token.name
            ))),
        }
    }
}

/// Lets the call through with its [`Caller`] when its token may use the route.
pub async fn authenticate(State((store, access)): State<(Store, Access)>, mut req: Request, next: Next) -> Response {
    match caller(&store, access, req.headers()).await {
        Ok(caller) => {
            req.extensions_mut().insert(caller);
            next.run(req).await
        }
        Err(e) => e.into_response(),
    }
}

async fn caller(store: &Store, access: Access, headers: &HeaderMap) -> Result<Caller, AppError> {
    let secret = bearer(headers)?;
    let now = Utc::now();
    let Some(token) = store.find_token(secret).await? else {
        return Err(AppError::unauthorized("the token is not valid; create one in the admin console under API tokens"));
    };
    if token.revoked_at.is_some() {
        return Err(AppError::unauthorized(format!("the token '{}' has been revoked", token.name)));
    }
    if token.acts_as().is_none() {
        return Err(AppError::unauthorized(format!(
            "the token '{}' was made by an account that is now disabled; create a new one",
            token.name
        )));
    }
    if !token.is_usable(now) {
        return Err(AppError::unauthorized(format!("the token '{}' has expired", token.name)));
    }
    let caller = Caller { token };
    if access == Access::Admin {
        caller.require_admin("This call")?;
    }
    if let Err(e) = store.touch_token(&caller.token, now).await {
        tracing::warn!(cause = %e, token = caller.token.id, "cannot record a token's last use");
    }
    Ok(caller)
}

/// The secret of `Authorization: Bearer <secret>`.
fn bearer(headers: &HeaderMap) -> Result<&str, AppError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(AppError::unauthorized("send a token: Authorization: Bearer <token>"));
    };
    let value = value.to_str().map_err(|_| AppError::unauthorized("the Authorization header is not readable"))?;
    match value.split_once(' ') {
        Some((scheme, secret)) if scheme.eq_ignore_ascii_case("bearer") && !secret.trim().is_empty() => {
            Ok(secret.trim())
        }
        _ => Err(AppError::unauthorized("use the Bearer scheme: Authorization: Bearer <token>")),
    }
}

//! The server side of the console's forms: who is signed in, the ports through which the pages
//! reach the server crate, reading form values, and the shape of a write (a refused plain post
//! keeps what was typed for the page it returns to).

use super::FailedForm;
use crate::domain::{Role, UnknownName, User};
use crate::error::AppError;
use crate::pages::admin::notice::Notice;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use std::future::Future;
use std::sync::Arc;

/// A part of the server a console page calls (`Port<dyn IncidentsBackend>`, …); the server crate
/// provides each as context.
pub struct Port<T: ?Sized>(pub Arc<T>);

impl<T: ?Sized> Clone for Port<T> {
    fn clone(&self) -> Self {
        Port(self.0.clone())
    }
}

pub fn port<T: ?Sized + Send + Sync + 'static>() -> Result<Arc<T>, AppError> {
    use_context::<Port<T>>().map(|p| p.0).ok_or_else(AppError::internal)
}

/// Where refused plain posts wait for the page they return to (the session).
#[async_trait::async_trait]
pub trait FormMemory: Send + Sync + 'static {
    async fn remember(&self, failed: FailedForm);
    /// The kept post of a form whose name starts with `prefix` (any form when empty), removed as
    /// it is read: it is shown once.
    async fn take(&self, prefix: &str) -> Option<FailedForm>;
    /// Keeps what a plain post's write said for the page it redirects to.
    async fn announce(&self, notice: Notice);
    /// That notice, removed as it is read.
    async fn take_notice(&self) -> Option<Notice>;
}

/// The refused plain post kept for a form whose name starts with `prefix`.
pub async fn take_failed(prefix: &str) -> Option<FailedForm> {
    port::<dyn FormMemory>().ok()?.take(prefix).await
}

/// The page's time zone, which the server provides to the console as context.
#[derive(Clone, Copy)]
pub struct PageZone(pub chrono_tz::Tz);

/// The page's time zone (UTC if none was provided).
pub fn zone() -> chrono_tz::Tz {
    use_context::<PageZone>().map_or(chrono_tz::Tz::UTC, |z| z.0)
}

/// The signed-in user (every console request passed the session guard, which put it there).
pub async fn signed_in() -> Result<User, AppError> {
    let axum::Extension(user) = leptos_axum::extract::<axum::Extension<User>>()
        .await
        .map_err(|_| AppError::unauthorized("Sign in first: your session has ended."))?;
    Ok(user)
}

/// Refuses (403) what only admins may do.
pub fn require_admin(user: &User) -> Result<(), AppError> {
    match user.role {
        Role::Admin => Ok(()),
        _ => Err(AppError::forbidden("Only admins may do this; ask an admin.")),
    }
}

/// The signed-in user if an admin; otherwise a 403.
pub async fn admin() -> Result<User, AppError> {
    let user = signed_in().await?;
    require_admin(&user)?;
    Ok(user)
}

/// A name from one of the domain's vocabularies (a status, an impact, a role).
pub fn vocabulary<T: std::str::FromStr<Err = UnknownName>>(field: &'static str, value: &str) -> Result<T, AppError> {
    value.parse().map_err(|e: UnknownName| AppError::invalid(field, e.to_string()))
}

/// A `datetime-local` value ("2026-11-21T09:30") read in the page's zone; empty means none.
pub fn local_time(
    field: &'static str,
    value: Option<&str>,
    tz: chrono_tz::Tz,
) -> Result<Option<DateTime<Utc>>, AppError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => {
            crate::time::parse_datetime_local(v, tz, tz.name()).map(Some).map_err(|m| AppError::invalid(field, m))
        }
    }
}

/// Whether this call is a plain form post (JavaScript off), which is answered with a redirect.
async fn is_plain_form_post() -> bool {
    leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .ok()
        .and_then(|h| h.get("accept").and_then(|v| v.to_str().ok()).map(|a| a.contains("text/html")))
        .unwrap_or(false)
}

/// Runs a form's write; when it fails on a plain form post, keeps what was typed for the page,
/// which the answer redirects back to.
pub async fn keeping_input<T>(
    form: &str,
    values: Vec<(&str, Option<String>)>,
    write: impl Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let result = write.await;
    if let Err(error) = &result {
        if is_plain_form_post().await {
            if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
                options.set_status(axum::http::StatusCode::FOUND);
            }
            if let Ok(memory) = port::<dyn FormMemory>() {
                let values = values.into_iter().filter_map(|(k, v)| Some((k.to_string(), v?))).collect();
                memory.remember(FailedForm { form: form.to_string(), values, error: error.clone() }).await;
            }
        }
    }
    result
}

/// The shape of a console write: `write` runs for the signed-in user with the page's port `B`;
/// a refused plain post keeps `values` for the page; a success goes on to `to` and says so (see
/// [`Notice`], which a plain post keeps in the session for that page).
pub async fn save<B, T, Fut>(
    form: &str,
    values: Vec<(&str, Option<String>)>,
    to: &str,
    write: impl FnOnce(User, Arc<B>) -> Fut,
) -> Result<Notice, AppError>
where
    B: ?Sized + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>>,
{
    save_saying(Notice::of(form, to), form, values, to, write).await
}

/// [`save`] saying `notice` rather than the form's own words.
pub async fn save_saying<B, T, Fut>(
    notice: Notice,
    form: &str,
    values: Vec<(&str, Option<String>)>,
    to: &str,
    write: impl FnOnce(User, Arc<B>) -> Fut,
) -> Result<Notice, AppError>
where
    B: ?Sized + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>>,
{
    let user = signed_in().await?;
    let backend = port::<B>()?;
    keeping_input(form, values, write(user, backend)).await?;
    Ok(done(notice, to).await)
}

/// After a successful write: keeps the notice for a plain post's next page, and redirects to `to`.
pub async fn done(notice: Notice, to: &str) -> Notice {
    if is_plain_form_post().await {
        if let Ok(memory) = port::<dyn FormMemory>() {
            memory.announce(notice.clone()).await;
        }
    }
    leptos_axum::redirect(to);
    notice
}

/// [`save`] for what only admins may do: anyone else is refused (403) before anything is read.
pub async fn save_as_admin<B, T, Fut>(
    form: &str,
    values: Vec<(&str, Option<String>)>,
    to: &str,
    write: impl FnOnce(User, Arc<B>) -> Fut,
) -> Result<Notice, AppError>
where
    B: ?Sized + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>>,
{
    admin().await?;
    save(form, values, to, write).await
}

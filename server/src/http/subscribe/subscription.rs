//! The pages behind signed links: confirm, manage, unsubscribe. A link that is expired or was
//! tampered with changes nothing and answers a 4xx page. A GET never unsubscribes (mail scanners
//! fetch links); the unsubscribe POST needs no cookie and no `Origin`, as an RFC 8058 one-click
//! POST from a mail provider has neither.

use super::{chooser_rows, manage_path, read_choice, Fields};
use crate::error;
use crate::http::language::Speaking;
use crate::notify::links::{CheckError, LinkError, Links, Purpose};
use crate::notify::payload::paths;
use crate::state::AppState;
use crate::store::{Actor, StoreError};
use app::domain::Subscriber;
use app::pages::public::{
    render_confirmed, render_error, render_manage, render_unsubscribe, render_unsubscribed, Choice, Manage,
};
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::Utc;

/// The pages whose POST must come from this site.
pub(super) fn checked_routes() -> Router<AppState> {
    Router::new()
        .route("/subscribe/confirm/{token}", get(confirm))
        .route("/subscribe/manage/{token}", get(manage).post(save))
}

/// Open to a POST from anywhere: the link is the permission.
pub(super) fn open_routes() -> Router<AppState> {
    Router::new().route("/subscribe/unsubscribe/{token}", get(unsubscribe_page).post(unsubscribe))
}

fn html(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

/// A refused link, in words that say what to do.
fn refused(state: &AppState, e: CheckError) -> Response {
    let site = state.site();
    let page = |heading: &str, text: &str| render_error(&site, &site.lang.t(heading), &site.lang.t(text));
    match e {
        CheckError::Link(LinkError::Expired) => html(StatusCode::GONE, page("link-expired", "link-expired-text")),
        CheckError::Link(LinkError::Invalid) => html(StatusCode::NOT_FOUND, page("link-invalid", "link-invalid-text")),
        CheckError::Store(e) => error::page(&state.site(), &e.into()),
    }
}

/// The subscriber a link is for, once checked.
async fn subscriber(state: &AppState, token: &str, purpose: Purpose) -> Result<Subscriber, Response> {
    let id = state.links.verify(token, purpose, Utc::now()).await.map_err(|e| refused(state, e))?;
    match state.store.get_subscriber(id).await {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err(refused(state, CheckError::Link(LinkError::Invalid))),
        Err(e) => Err(error::page(&state.site(), &e.into())),
    }
}

async fn confirm(Speaking(state): Speaking, Path(token): Path<String>) -> Response {
    let now = Utc::now();
    let id = match state.links.verify(&token, Purpose::Confirm, now).await {
        Ok(id) => id,
        Err(e) => return refused(&state, e),
    };
    // Confirming twice is fine: the second time changes nothing.
    match state.store.confirm_subscriber(&Actor::Subscriber, id).await {
        Ok(true) => {}
        Ok(false) => return refused(&state, CheckError::Link(LinkError::Invalid)),
        Err(e) => return error::page(&state.site(), &e.into()),
    }
    match manage_path(&state, id, now).await {
        Ok(path) => html(StatusCode::OK, render_confirmed(&state.site(), &path)),
        Err(e) => error::page(&state.site(), &e),
    }
}

async fn manage(Speaking(state): Speaking, Path(token): Path<String>) -> Response {
    let subscriber = match subscriber(&state, &token, Purpose::Manage).await {
        Ok(s) => s,
        Err(response) => return response,
    };
    show_manage(&state, &token, &subscriber, None, false, StatusCode::OK).await
}

async fn show_manage(
    state: &AppState,
    token: &str,
    s: &Subscriber,
    sent: Option<(Choice, app::error::AppError)>,
    saved: bool,
    status: StatusCode,
) -> Response {
    let rows = match chooser_rows(state).await {
        Ok(rows) => rows,
        Err(e) => return error::page(&state.site(), &e),
    };
    let (choice, error) = match sent {
        Some((choice, e)) => (choice, Some(e)),
        None => (Choice::showing(&rows, s.components.as_deref()), None),
    };
    let manage = Manage {
        kind: s.kind,
        target: s.target.clone(),
        unconfirmed: s.confirmed_at.is_none(),
        choice,
        path: paths::manage(token),
        unsubscribe_path: paths::unsubscribe(token),
        saved,
        error,
    };
    html(status, render_manage(&state.site(), &manage, &rows))
}

async fn save(Speaking(state): Speaking, Path(token): Path<String>, body: Bytes) -> Response {
    let subscriber = match subscriber(&state, &token, Purpose::Manage).await {
        Ok(s) => s,
        Err(response) => return response,
    };
    let rows = match chooser_rows(&state).await {
        Ok(rows) => rows,
        Err(e) => return error::page(&state.site(), &e),
    };
    let (choice, components) = read_choice(&Fields::parse(&body), &rows);
    let result = match components {
        Ok(components) => state
            .store
            .set_subscriber_components(&Actor::Subscriber, subscriber.id, components)
            .await
            .map_err(Into::into),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => {
            let Ok(Some(updated)) = state.store.get_subscriber(subscriber.id).await else {
                return refused(&state, CheckError::Link(LinkError::Invalid));
            };
            show_manage(&state, &token, &updated, None, true, StatusCode::OK).await
        }
        Err(e) if e.field.is_some() => {
            let status = e.status_code();
            show_manage(&state, &token, &subscriber, Some((choice, e)), false, status).await
        }
        Err(e) => error::page(&state.site(), &e),
    }
}

/// Where an unsubscribe link stands: its subscriber, gone already, or refused.
async fn unsubscribe_target(state: &AppState, token: &str) -> Result<Option<i64>, Response> {
    let link = Links::parse(token, Purpose::Manage).map_err(|e| refused(state, CheckError::Link(e)))?;
    let nonce = match state.store.subscriber_link_nonce(link.subscriber_id).await {
        Ok(Some(nonce)) => nonce,
        // A used link (or one for a subscriber removed otherwise): nothing left to do.
        Ok(None) => return Ok(None),
        Err(e) => return Err(error::page(&state.site(), &e.into())),
    };
    state.links.check(&link, Some(&nonce), Utc::now()).await.map_err(|e| refused(state, e))?;
    Ok(Some(link.subscriber_id))
}

async fn unsubscribe_page(Speaking(state): Speaking, Path(token): Path<String>) -> Response {
    let id = match unsubscribe_target(&state, &token).await {
        Ok(Some(id)) => id,
        Ok(None) => return html(StatusCode::OK, render_unsubscribed(&state.site(), true)),
        Err(response) => return response,
    };
    match state.store.get_subscriber(id).await {
        Ok(Some(s)) => {
            html(StatusCode::OK, render_unsubscribe(&state.site(), s.kind, &s.target, &paths::unsubscribe(&token)))
        }
        Ok(None) => html(StatusCode::OK, render_unsubscribed(&state.site(), true)),
        Err(e) => error::page(&state.site(), &e.into()),
    }
}

/// The button's POST or a mail provider's one-click POST (`List-Unsubscribe=One-Click`; the body
/// is not needed: the signed link says everything).
async fn unsubscribe(Speaking(state): Speaking, Path(token): Path<String>) -> Response {
    let id = match unsubscribe_target(&state, &token).await {
        Ok(Some(id)) => id,
        Ok(None) => return html(StatusCode::OK, render_unsubscribed(&state.site(), true)),
        Err(response) => return response,
    };
    match state.store.delete_subscriber(&Actor::Subscriber, id).await {
        Ok(()) => html(StatusCode::OK, render_unsubscribed(&state.site(), false)),
        // Two posts at once: the other one removed it.
        Err(StoreError::NotFound(_)) => html(StatusCode::OK, render_unsubscribed(&state.site(), true)),
        Err(e) => error::page(&state.site(), &e.into()),
    }
}

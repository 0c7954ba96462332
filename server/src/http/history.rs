//! `/history`: incidents and maintenance, newest first, a page at a time, of the whole page or of
//! one component. Every page has a path address (`/history/components/3/after/…`), so that a
//! static mirror holds each as a file; the query forms (`?after=`, the filter form's
//! `?component=`) only lead to those addresses.

use super::language::Speaking;
use super::public::page;
use crate::error::{self, AppError};
use crate::state::AppState;
use crate::store::EntryCursor;
use app::pages::public::{choices, render_history, HistoryData};
use app::paths;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

/// Entries per history page.
const HISTORY_PAGE: i64 = 25;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/history", get(history))
        .route("/history/after/{cursor}", get(older))
        .route("/history/components/{id}", get(of_component))
        .route("/history/components/{id}/after/{cursor}", get(older_of_component))
}

#[derive(Deserialize)]
struct HistoryQuery {
    after: Option<String>,
    /// The filter form's choice: a component's id, or empty for every component.
    component: Option<String>,
}

fn invalid_history_link() -> AppError {
    AppError::malformed("This history link is not valid; start again from the first page.")
        .say("refuse-history-link", &[])
}

fn parse_cursor(s: &str) -> Result<EntryCursor, AppError> {
    s.parse().map_err(|()| invalid_history_link())
}

/// A component's id from an address or the form; anything else names no component.
fn parse_component(s: &str) -> Result<i64, AppError> {
    s.parse().map_err(|_| AppError::not_found("component"))
}

/// The first page. The filter form's `?component=` leads to that component's history (see
/// other), the older `?after=` links to their page's path for good.
async fn history(
    Speaking(state): Speaking,
    query: Result<Query<HistoryQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Response {
    let Ok(Query(query)) = query else {
        return error::page(&state.site(), &invalid_history_link());
    };
    let after = match query.after.as_deref().map(parse_cursor).transpose() {
        Ok(after) => after,
        Err(e) => return error::page(&state.site(), &e),
    };
    let component = match query.component.as_deref().filter(|c| !c.is_empty()).map(parse_component).transpose() {
        Ok(component) => component,
        Err(e) => return error::page(&state.site(), &e),
    };
    match (query.component.is_some(), after) {
        (false, None) => history_page(state, headers, None, None).await,
        (false, Some(cursor)) => Redirect::permanent(&paths::history_after(None, cursor)).into_response(),
        (true, None) => Redirect::to(&paths::history(component)).into_response(),
        (true, Some(cursor)) => Redirect::to(&paths::history_after(component, cursor)).into_response(),
    }
}

async fn older(Speaking(state): Speaking, Path(cursor): Path<String>, headers: HeaderMap) -> Response {
    match parse_cursor(&cursor) {
        Ok(cursor) => history_page(state, headers, None, Some(cursor)).await,
        Err(e) => error::page(&state.site(), &e),
    }
}

async fn of_component(Speaking(state): Speaking, Path(id): Path<String>, headers: HeaderMap) -> Response {
    match parse_component(&id) {
        Ok(id) => history_page(state, headers, Some(id), None).await,
        Err(e) => error::page(&state.site(), &e),
    }
}

async fn older_of_component(
    Speaking(state): Speaking,
    Path((id, cursor)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    match (parse_component(&id), parse_cursor(&cursor)) {
        (Ok(id), Ok(cursor)) => history_page(state, headers, Some(id), Some(cursor)).await,
        (Err(e), _) | (_, Err(e)) => error::page(&state.site(), &e),
    }
}

/// A page of the history of `component` (or of the whole page); a hidden or unknown component
/// has none.
async fn history_page(
    state: AppState,
    headers: HeaderMap,
    component: Option<i64>,
    after: Option<EntryCursor>,
) -> Response {
    let key = match after {
        None => paths::history(component),
        Some(cursor) => paths::history_after(component, cursor),
    };
    page(&state, &headers, key, move |state| async move {
        let groups = state.store.list_groups().await?;
        let components = state.store.list_components().await?;
        let shown = match component {
            None => None,
            Some(id) => Some(
                components
                    .iter()
                    .find(|c| c.id == id && c.visible)
                    .map(|c| (c.id, c.name.clone()))
                    .ok_or(AppError::not_found("component"))?,
            ),
        };
        let (entries, next) = state.store.history_entries(component, after, HISTORY_PAGE).await?;
        let data = HistoryData {
            entries,
            older: next.map(|cursor| paths::history_after(component, cursor)),
            is_continuation: after.is_some(),
            components: choices(&groups, &components),
            component: shown,
        };
        Ok(render_history(&state.site(), &data))
    })
    .await
}

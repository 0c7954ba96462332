//! `/components/{id}` and its older pages `/components/{id}/after/{cursor}` (path addresses, so
//! that the static mirror holds each as a file), through the public cache like every page. An
//! unknown or hidden component, or a cursor that is not one, is the site's 404 or 400 page.

use super::public::page;
use super::uptime;
use crate::error::{self, AppError};
use crate::state::AppState;
use crate::store::EventCursor;
use app::pages::public::{render_component, ComponentData};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use chrono::Utc;

/// Incidents and maintenance windows per page.
const EVENTS_PAGE: i64 = 20;

pub fn routes() -> Router<AppState> {
    Router::new().route("/components/{id}", get(first_page)).route("/components/{id}/after/{cursor}", get(older_page))
}

fn after(id: i64, cursor: EventCursor) -> String {
    format!("/components/{id}/after/{cursor}")
}

async fn first_page(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    match id.parse::<i64>() {
        Ok(id) => component_page(state, headers, id, None).await,
        Err(_) => error::page(&state.site, &AppError::not_found("component")),
    }
}

async fn older_page(
    State(state): State<AppState>,
    Path((id, cursor)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return error::page(&state.site, &AppError::not_found("component"));
    };
    match cursor.parse::<EventCursor>() {
        Ok(cursor) => component_page(state, headers, id, Some(cursor)).await,
        Err(()) => error::page(
            &state.site,
            &AppError::malformed("This link to older incidents is not valid; start again from the component's page."),
        ),
    }
}

async fn component_page(state: AppState, headers: HeaderMap, id: i64, cursor: Option<EventCursor>) -> Response {
    let key = match cursor {
        None => format!("/components/{id}"),
        Some(c) => after(id, c),
    };
    page(&state, &headers, key, move |state| async move {
        let store = &state.store;
        let component = store.get_component(id).await?.filter(|c| c.visible).ok_or(AppError::not_found("component"))?;
        let group = match component.group_id {
            Some(g) => store.list_groups().await?.into_iter().find(|x| x.id == g).map(|x| x.name),
            None => None,
        };
        let (bars, months) = match (cursor, component.show_uptime) {
            (None, true) => {
                let u = uptime::of_component(store, state.site.tz, Utc::now(), &component).await?;
                (Some(u.bars), u.months)
            }
            _ => (None, Vec::new()),
        };
        let (events, next) = store.component_events(id, cursor, EVENTS_PAGE).await?;
        let data = ComponentData {
            component,
            group,
            bars,
            months,
            events,
            older: next.map(|c| after(id, c)),
            is_continuation: cursor.is_some(),
        };
        Ok(render_component(&state.site, &data))
    })
    .await
}

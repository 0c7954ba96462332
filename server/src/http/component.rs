//! `/components/{id}`, through the public cache like every page; the rest of its incidents and
//! maintenance are in its history (`/history/components/{id}`). An unknown or hidden component is
//! the site's 404 page.

use super::language::Speaking;
use super::public::page;
use super::uptime;
use crate::error::{self, AppError};
use crate::state::AppState;
use app::pages::public::{render_component, ComponentData};
use axum::extract::Path;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use chrono::Utc;

/// Incidents and maintenance windows the page lists (its history has them all).
const EVENTS: i64 = 10;

pub fn routes() -> Router<AppState> {
    Router::new().route("/components/{id}", get(first_page))
}

async fn first_page(Speaking(state): Speaking, Path(id): Path<String>, headers: HeaderMap) -> Response {
    match id.parse::<i64>() {
        Ok(id) => component_page(state, headers, id).await,
        Err(_) => error::page(&state.site(), &AppError::not_found("component")),
    }
}

async fn component_page(state: AppState, headers: HeaderMap, id: i64) -> Response {
    page(&state, &headers, format!("/components/{id}"), move |state| async move {
        let store = &state.store;
        let component = store.get_component(id).await?.filter(|c| c.visible).ok_or(AppError::not_found("component"))?;
        let group = match component.group_id {
            Some(g) => store.list_groups().await?.into_iter().find(|x| x.id == g).map(|x| x.name),
            None => None,
        };
        let (bars, months) = match component.show_uptime {
            true => {
                let u = uptime::of_component(store, state.site().tz, Utc::now(), &component).await?;
                (Some(u.bars), u.months)
            }
            false => (None, Vec::new()),
        };
        let (events, next) = store.history_entries(Some(id), None, EVENTS).await?;
        let data = ComponentData { component, group, bars, months, events, more: next.is_some() };
        Ok(render_component(&state.site(), &data))
    })
    .await
}

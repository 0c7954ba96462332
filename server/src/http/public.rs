//! The public pages: read the store, render, answer. Nothing a visitor types gives a 500.

use crate::cache::{Policy, CACHE_CONTROL};
use crate::error::{self, AppError};
use crate::state::AppState;
use crate::store::HistoryCursor;
use app::domain::{board, Overall};
use app::pages::public::{render_history, render_home, render_incident, HistoryData, HomeData};
use app::time::{group_by_day, recent_days, start_of_day};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{Days, Utc};
use serde::Deserialize;

/// Days of past incidents on the home page.
const PAST_DAYS: u32 = 7;
/// Incidents per history page.
const HISTORY_PAGE: i64 = 25;

static PAGE: Policy = Policy { content_type: "text/html; charset=utf-8", cache_control: CACHE_CONTROL, cors: false };

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/incidents/{id}", get(incident))
        .route("/history", get(history))
        .route("/history/after/{cursor}", get(older_history))
        .merge(super::component::routes())
}

/// A page from the cache, rendered by `render` when needed; errors in the site's look.
pub(super) async fn page<F, Fut>(
    state: &AppState,
    headers: &HeaderMap,
    key: impl Into<crate::cache::Key>,
    render: F,
) -> Response
where
    F: FnOnce(AppState) -> Fut,
    Fut: std::future::Future<Output = Result<String, AppError>> + Send + 'static,
{
    let render = || {
        let fut = render(state.clone());
        async move { fut.await.map(String::into_bytes) }
    };
    state.cache.answer(headers, key, &PAGE, render, |e| error::page(&state.site, &e)).await
}

pub async fn not_found(State(state): State<AppState>) -> Response {
    error::page(&state.site, &AppError::not_found("page"))
}

async fn home(State(state): State<AppState>, headers: HeaderMap) -> Response {
    page(&state, &headers, "/", home_html).await
}

async fn home_html(state: AppState) -> Result<String, AppError> {
    let (store, tz) = (&state.store, state.site.tz);
    let now = Utc::now();
    let groups = store.list_groups().await?;
    let components = store.list_components().await?;
    let open = store.open_incidents().await?;
    let maintenance = store.current_maintenance().await?;
    let days = recent_days(now, tz, PAST_DAYS);
    let (Some(first), Some(today)) = (days.last(), days.first()) else {
        return Err(AppError::internal());
    };
    let tomorrow = today.checked_add_days(Days::new(1)).unwrap_or(*today);
    let recent = store.incidents_started_between(start_of_day(*first, tz), start_of_day(tomorrow, tz)).await?;
    let overall = Overall::of(&components, &open);
    let data = HomeData {
        overall,
        board: board(&groups, &components),
        open,
        maintenance,
        days: group_by_day(&days, recent, tz, |i| i.started_at),
        uptime: super::uptime::showcased(store, tz, now, &components).await?,
    };
    Ok(render_home(&state.site, &data))
}

async fn incident(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return imported_incident(&state, &id).await;
    };
    page(&state, &headers, format!("/incidents/{id}"), move |state| async move {
        let incident = state.store.get_incident(id).await?.ok_or(AppError::not_found("incident"))?;
        Ok(render_incident(&state.site, &incident))
    })
    .await
}

/// An old Statuspage link (`/incidents/p0qjfl1dbc1w`) to an imported incident: a permanent
/// redirect to its page here; anything else is not found.
async fn imported_incident(state: &AppState, statuspage_id: &str) -> Response {
    let plausible = (1..=64).contains(&statuspage_id.len()) && statuspage_id.chars().all(|c| c.is_ascii_alphanumeric());
    let found = match plausible {
        true => state.store.incident_for_statuspage_id(statuspage_id).await,
        false => Ok(None),
    };
    match found {
        Ok(Some(id)) => axum::response::Redirect::permanent(&format!("/incidents/{id}")).into_response(),
        Ok(None) => error::page(&state.site, &AppError::not_found("incident")),
        Err(e) => error::page(&state.site, &e.into()),
    }
}

#[derive(Deserialize)]
struct HistoryQuery {
    after: Option<String>,
}

/// The address of the history page after `cursor`: a path, so that a static mirror holds every
/// page as a file.
fn history_after(cursor: HistoryCursor) -> String {
    format!("/history/after/{cursor}")
}

fn invalid_history_link() -> AppError {
    AppError::malformed("This history link is not valid; start again from the first page.")
}

/// The first page; the older `?after=` links lead to their page's path for good.
async fn history(
    State(state): State<AppState>,
    query: Result<Query<HistoryQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Response {
    match query.map(|q| q.0.after) {
        Ok(None) => history_page(state, headers, None).await,
        Ok(Some(s)) => match s.parse::<HistoryCursor>() {
            Ok(cursor) => axum::response::Redirect::permanent(&history_after(cursor)).into_response(),
            Err(()) => error::page(&state.site, &invalid_history_link()),
        },
        Err(_) => error::page(&state.site, &invalid_history_link()),
    }
}

async fn older_history(State(state): State<AppState>, Path(cursor): Path<String>, headers: HeaderMap) -> Response {
    match cursor.parse::<HistoryCursor>() {
        Ok(cursor) => history_page(state, headers, Some(cursor)).await,
        Err(()) => error::page(&state.site, &invalid_history_link()),
    }
}

async fn history_page(state: AppState, headers: HeaderMap, after: Option<HistoryCursor>) -> Response {
    let key: crate::cache::Key = match after {
        None => "/history".into(),
        Some(cursor) => history_after(cursor).into(),
    };
    page(&state, &headers, key, move |state| async move {
        let (incidents, next) = state.store.history_page(after, HISTORY_PAGE).await?;
        let data = HistoryData { incidents, older: next.map(history_after), is_continuation: after.is_some() };
        Ok(render_history(&state.site, &data))
    })
    .await
}

//! The public pages: read the store, render, answer. Nothing a visitor types gives a 500. The
//! history's pages are in `history.rs`.

use super::language::Speaking;
use crate::cache::{Policy, CACHE_CONTROL};
use crate::error::{self, AppError};
use crate::state::AppState;
use app::domain::{board, MaintenanceStatus, Overall};
use app::pages::public::{render_home, render_incident, render_maintenance, render_widget, HomeData, WidgetData};
use app::paths;
use app::time::{group_by_day, recent_days, start_of_day};
use axum::extract::Path;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{Days, Utc};

/// Days of past incidents on the home page.
const PAST_DAYS: u32 = 7;

static PAGE: Policy = Policy { content_type: "text/html; charset=utf-8", cache_control: CACHE_CONTROL, cors: false };

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/incidents/{id}", get(incident))
        .route("/maintenance/{id}", get(maintenance))
        .route("/embed", get(embed))
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
    super::cached(state, headers, key, &PAGE, render).await
}

pub async fn not_found(Speaking(state): Speaking) -> Response {
    error::page(&state.site(), &AppError::not_found("page"))
}

async fn home(Speaking(state): Speaking, headers: HeaderMap) -> Response {
    page(&state, &headers, "/", home_html).await
}

async fn home_html(state: AppState) -> Result<String, AppError> {
    let (store, tz) = (&state.store, state.site().tz);
    let now = Utc::now();
    let days = recent_days(now, tz, PAST_DAYS);
    let (Some(first), Some(today)) = (days.last(), days.first()) else {
        return Err(AppError::internal());
    };
    let tomorrow = today.checked_add_days(Days::new(1)).unwrap_or(*today);
    // Every read at once, each on a connection of its own: a large page is drawn sooner.
    let (from, to) = (start_of_day(*first, tz), start_of_day(tomorrow, tz));
    let (groups, components, open, maintenance, recent, uptime) = tokio::try_join!(
        store.list_groups(),
        store.list_components(),
        store.open_incidents(),
        store.current_maintenance(),
        store.incidents_started_between(from, to),
        super::uptime::Showcased::load(store, tz, now),
    )?;
    let overall = Overall::of(&components, &open);
    let data = HomeData {
        overall,
        board: board(&groups, &components),
        open,
        maintenance,
        days: group_by_day(&days, recent, tz, |i| i.started_at),
        uptime: uptime.bars(&components),
    };
    Ok(render_home(&state.site(), &data))
}

/// The status for other sites' iframes (see `http::headers`: the one page that may be framed).
async fn embed(Speaking(state): Speaking, headers: HeaderMap) -> Response {
    page(&state, &headers, "/embed", |state| async move {
        let components = state.store.list_components().await?;
        let open = state.store.open_incidents().await?;
        let mut active_maintenance = state.store.current_maintenance().await?;
        active_maintenance.retain(|m| m.status == MaintenanceStatus::InProgress);
        let data = WidgetData {
            overall: Overall::of(&components, &open),
            open,
            active_maintenance,
            public_url: state.public_url.to_string(),
        };
        Ok(render_widget(&state.site(), &data))
    })
    .await
}

async fn incident(Speaking(state): Speaking, Path(given): Path<String>, headers: HeaderMap) -> Response {
    let Ok(id) = given.parse::<i64>() else {
        return imported_incident(&state, &given).await;
    };
    let answer = page(&state, &headers, paths::incident(id), move |state| async move {
        let incident = state.store.get_incident(id).await?.ok_or(AppError::not_found("incident"))?;
        Ok(render_incident(&state.site(), &incident))
    })
    .await;
    // A Statuspage id may be all digits: one that is no incident here may be an imported one's.
    match answer.status() {
        axum::http::StatusCode::NOT_FOUND => imported_incident(&state, &given).await,
        _ => answer,
    }
}

/// An old Statuspage link (`/incidents/p0qjfl1dbc1w`) to an imported incident: a permanent
/// redirect to its page here; anything else is not found. Beacon's own ids come first: an
/// all-digit Statuspage id that is also an incident's id here leads to that incident.
async fn imported_incident(state: &AppState, statuspage_id: &str) -> Response {
    let plausible = (1..=64).contains(&statuspage_id.len()) && statuspage_id.chars().all(|c| c.is_ascii_alphanumeric());
    let found = match plausible {
        true => state.store.incident_for_statuspage_id(statuspage_id).await,
        false => Ok(None),
    };
    match found {
        Ok(Some(id)) => axum::response::Redirect::permanent(&paths::incident(id)).into_response(),
        Ok(None) => error::page(&state.site(), &AppError::not_found("incident")),
        Err(e) => error::page(&state.site(), &e.into()),
    }
}

/// Any window, scheduled, in progress or completed; an id that is not a number is no page.
async fn maintenance(Speaking(state): Speaking, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return error::page(&state.site(), &AppError::not_found("maintenance"));
    };
    page(&state, &headers, paths::maintenance(id), move |state| async move {
        let m = state.store.get_maintenance(id).await?.ok_or(AppError::not_found("maintenance"))?;
        Ok(render_maintenance(&state.site(), &m))
    })
    .await
}

//! The read API v2, compatible with Atlassian Statuspage's public `/api/v2/*.json`: the tools that
//! read Statuspage (exporters, Home Assistant, chat bots) read Beacon unchanged.

pub(crate) mod shapes;

use crate::cache::{Key, Policy, CACHE_CONTROL};
use crate::error::AppError;
use crate::state::AppState;
use app::domain::MaintenanceStatus;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Serialize;
use shapes::{ComponentJson, IncidentJson, PageJson, PageView, StatusJson};

static JSON: Policy =
    Policy { content_type: "application/json; charset=utf-8", cache_control: CACHE_CONTROL, cors: true };

/// Incidents in `incidents.json`, maintenance in `scheduled-maintenances.json`.
const RECENT: i64 = 50;
/// At most this many open incidents or current maintenance are listed.
const CURRENT: i64 = 200;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v2/summary.json", get(summary))
        .route("/api/v2/status.json", get(status))
        .route("/api/v2/components.json", get(components))
        .route("/api/v2/incidents.json", get(incidents))
        .route("/api/v2/incidents/unresolved.json", get(unresolved))
        .route("/api/v2/incidents/{file}", get(incident))
        .route("/api/v2/scheduled-maintenances.json", get(maintenances))
        .route("/api/v2/scheduled-maintenances/upcoming.json", get(upcoming))
        .route("/api/v2/scheduled-maintenances/active.json", get(active))
        .route("/api/v2/{*rest}", get(unknown))
}

/// Every answer is `{"page": …}` plus what the route lists, in Statuspage's order.
#[derive(Serialize)]
struct Body {
    page: PageJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    components: Option<Vec<ComponentJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    incidents: Option<Vec<IncidentJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scheduled_maintenances: Option<Vec<IncidentJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    incident: Option<IncidentJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<StatusJson>,
}

impl Body {
    fn new(view: &PageView) -> Body {
        Body {
            page: view.page(),
            components: None,
            incidents: None,
            scheduled_maintenances: None,
            incident: None,
            status: None,
        }
    }
}

async fn load(state: &AppState) -> Result<PageView, AppError> {
    Ok(PageView::load(&state.store, &state.site().title, &state.public_url, state.site().tz).await?)
}

async fn summary(State(state): State<AppState>, headers: HeaderMap) -> Response {
    cached(&state, &headers, "/api/v2/summary.json", |state| async move {
        let view = load(&state).await?;
        let open = state.store.open_incidents().await?;
        let current = state
            .store
            .maintenance_with_status(
                &[MaintenanceStatus::Scheduled, MaintenanceStatus::InProgress, MaintenanceStatus::Verifying],
                CURRENT,
            )
            .await?;
        Ok(Body {
            components: Some(view.components()),
            incidents: Some(open.iter().map(|i| view.incident(i)).collect()),
            scheduled_maintenances: Some(current.iter().map(|m| view.maintenance(m)).collect()),
            status: Some(view.status(&open)),
            ..Body::new(&view)
        })
    })
    .await
}

async fn status(State(state): State<AppState>, headers: HeaderMap) -> Response {
    cached(&state, &headers, "/api/v2/status.json", |state| async move {
        let view = load(&state).await?;
        let open = state.store.open_incidents().await?;
        Ok(Body { status: Some(view.status(&open)), ..Body::new(&view) })
    })
    .await
}

async fn components(State(state): State<AppState>, headers: HeaderMap) -> Response {
    cached(&state, &headers, "/api/v2/components.json", |state| async move {
        let view = load(&state).await?;
        Ok(Body { components: Some(view.components()), ..Body::new(&view) })
    })
    .await
}

async fn incidents(State(state): State<AppState>, headers: HeaderMap) -> Response {
    cached(&state, &headers, "/api/v2/incidents.json", |state| async move {
        let view = load(&state).await?;
        let recent = state.store.recent_incidents(RECENT).await?;
        Ok(Body { incidents: Some(recent.iter().map(|i| view.incident(i)).collect()), ..Body::new(&view) })
    })
    .await
}

async fn unresolved(State(state): State<AppState>, headers: HeaderMap) -> Response {
    cached(&state, &headers, "/api/v2/incidents/unresolved.json", |state| async move {
        let view = load(&state).await?;
        let open = state.store.open_incidents().await?;
        Ok(Body { incidents: Some(open.iter().map(|i| view.incident(i)).collect()), ..Body::new(&view) })
    })
    .await
}

/// `/api/v2/incidents/12.json`, or `m3.json` for a maintenance (Statuspage serves both here).
async fn incident(State(state): State<AppState>, Path(file): Path<String>, headers: HeaderMap) -> Response {
    let not_found = || error(AppError::not_found("incident"));
    let Some(id) = file.strip_suffix(".json") else { return not_found() };
    let maintenance = id.starts_with('m');
    let Ok(id) = id.strip_prefix('m').unwrap_or(id).parse::<i64>() else { return not_found() };
    let key =
        if maintenance { format!("/api/v2/incidents/m{id}.json") } else { format!("/api/v2/incidents/{id}.json") };
    cached(&state, &headers, key, move |state| async move {
        let not_found = || AppError::not_found("incident");
        let view = load(&state).await?;
        let incident = if maintenance {
            let m = state.store.get_maintenance(id).await?.ok_or_else(not_found)?;
            view.maintenance(&m)
        } else {
            let i = state.store.get_incident(id).await?.ok_or_else(not_found)?;
            view.incident(&i)
        };
        Ok(Body { incident: Some(incident), ..Body::new(&view) })
    })
    .await
}

async fn maintenances(State(state): State<AppState>, headers: HeaderMap) -> Response {
    cached(&state, &headers, "/api/v2/scheduled-maintenances.json", |state| async move {
        let view = load(&state).await?;
        let recent = state.store.recent_maintenance(RECENT).await?;
        Ok(Body {
            scheduled_maintenances: Some(recent.iter().map(|m| view.maintenance(m)).collect()),
            ..Body::new(&view)
        })
    })
    .await
}

async fn upcoming(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let key = "/api/v2/scheduled-maintenances/upcoming.json";
    cached(&state, &headers, key, |state| maintenance_in(state, &[MaintenanceStatus::Scheduled])).await
}

async fn active(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let key = "/api/v2/scheduled-maintenances/active.json";
    let statuses = &[MaintenanceStatus::InProgress, MaintenanceStatus::Verifying];
    cached(&state, &headers, key, |state| maintenance_in(state, statuses)).await
}

async fn maintenance_in(state: AppState, statuses: &'static [MaintenanceStatus]) -> Result<Body, AppError> {
    let view = load(&state).await?;
    let list = state.store.maintenance_with_status(statuses, CURRENT).await?;
    Ok(Body { scheduled_maintenances: Some(list.iter().map(|m| view.maintenance(m)).collect()), ..Body::new(&view) })
}

async fn unknown() -> Response {
    error(AppError::not_found("API route"))
}

/// An answer from the cache, made by `body` when needed.
async fn cached<F, Fut>(state: &AppState, headers: &HeaderMap, key: impl Into<Key>, body: F) -> Response
where
    F: FnOnce(AppState) -> Fut,
    Fut: std::future::Future<Output = Result<Body, AppError>> + Send + 'static,
{
    let render = || {
        let body = body(state.clone());
        async move {
            serde_json::to_vec(&body.await?).map_err(|e| {
                tracing::error!(%e, "API answer could not be serialised");
                AppError::internal()
            })
        }
    };
    state.cache.answer(headers, key, &JSON, render, error).await
}

/// `{"error": {"code": "not_found", "message": "incident not found"}}` with the code's status.
fn error(e: AppError) -> Response {
    ([(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"), (header::CACHE_CONTROL, "no-store")], e).into_response()
}

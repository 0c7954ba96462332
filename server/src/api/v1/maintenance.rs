//! Scheduled maintenance: announce a window, post its updates.

use super::auth::Caller;
use super::error::{title_as_name, Body, Ids};
use super::shapes::{MaintenanceList, MaintenanceOut, MaintenanceUpdateIn, NewMaintenanceIn};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::NewMaintenance;
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};

/// Windows in the list: the latest scheduled.
const LISTED: i64 = 50;

async fn answer(state: &AppState, id: i64) -> Result<Json<MaintenanceOut>, AppError> {
    let m = state.store.get_maintenance(id).await?.ok_or_else(|| AppError::not_found("maintenance"))?;
    Ok(Json(m.into()))
}

pub async fn list(State(state): State<AppState>) -> Result<Json<MaintenanceList>, AppError> {
    let windows = state.store.recent_maintenance(LISTED).await?;
    Ok(Json(MaintenanceList { maintenance: windows.into_iter().map(MaintenanceOut::from).collect() }))
}

pub async fn get(State(state): State<AppState>, Ids(id): Ids<i64>) -> Result<Json<MaintenanceOut>, AppError> {
    answer(&state, id).await
}

pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Body(m): Body<NewMaintenanceIn>,
) -> Result<(StatusCode, Json<MaintenanceOut>), AppError> {
    let new = NewMaintenance {
        notify: m.deliver_notifications,
        title: m.name,
        body: m.body,
        scheduled_for: m.scheduled_for,
        scheduled_until: m.scheduled_until,
        auto_start: m.auto_start,
        auto_complete: m.auto_complete,
        components: m.components.into_iter().map(|c| c.0).collect(),
    };
    let id = state.store.create_maintenance(&caller.actor(), new).await.map_err(title_as_name)?;
    Ok((StatusCode::CREATED, answer(&state, id).await?))
}

pub async fn post_update(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Ids(id): Ids<i64>,
    Body(u): Body<MaintenanceUpdateIn>,
) -> Result<(StatusCode, Json<MaintenanceOut>), AppError> {
    state.store.post_maintenance_update(&caller.actor(), id, u.status, &u.body, None, u.deliver_notifications).await?;
    Ok((StatusCode::CREATED, answer(&state, id).await?))
}

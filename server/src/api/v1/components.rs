//! Components and their groups. Editors may set a component's status; everything else about the
//! page's structure needs an admin token.

use super::auth::Caller;
use super::error::{Body, Ids};
use super::input::Whole;
use super::shapes::{
    ComponentList, ComponentOut, ComponentPatch, GroupIn, GroupList, GroupOut, GroupPatch, NewComponentIn,
};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::{NewComponent, NewGroup};
use app::domain::ComponentStatus;
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};

pub async fn list(State(state): State<AppState>) -> Result<Json<ComponentList>, AppError> {
    let components = state.store.list_components().await?;
    Ok(Json(ComponentList { components: components.into_iter().map(ComponentOut::from).collect() }))
}

pub async fn get(State(state): State<AppState>, Ids(id): Ids<i64>) -> Result<Json<ComponentOut>, AppError> {
    Ok(Json(one(&state, id).await?))
}

async fn one(state: &AppState, id: i64) -> Result<ComponentOut, AppError> {
    let component = state.store.get_component(id).await?.ok_or_else(|| AppError::not_found("component"))?;
    Ok(component.into())
}

pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Body(c): Body<NewComponentIn>,
) -> Result<(StatusCode, Json<ComponentOut>), AppError> {
    let new = NewComponent {
        name: c.name,
        description: c.description,
        group_id: c.group_id.map(|g| g.0),
        position: c.position.0,
        status: c.status.unwrap_or(ComponentStatus::Operational),
        visible: c.visible,
        only_show_if_degraded: c.only_show_if_degraded,
        show_uptime: c.show_uptime,
    };
    let id = state.store.create_component(&caller.actor(), new).await?;
    Ok((StatusCode::CREATED, Json(one(&state, id).await?)))
}

/// Changes what the patch names, details and status together in one write.
pub async fn patch(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Ids(id): Ids<i64>,
    Body(p): Body<ComponentPatch>,
) -> Result<Json<ComponentOut>, AppError> {
    if p.edits_details() {
        caller.require_admin("Changing a component's details (anything but its status)")?;
    }
    let current = state.store.get_component(id).await?.ok_or_else(|| AppError::not_found("component"))?;
    let status = p.status.filter(|s| *s != current.status);
    let details = p.edits_details().then(|| {
        let new = NewComponent {
            name: p.name.unwrap_or(current.name),
            description: p.description.or(current.description),
            group_id: p.group_id.map_or(current.group_id, |Whole(g)| (g != 0).then_some(g)),
            position: p.position.map_or(current.position, |p| p.0),
            status: current.status,
            visible: p.visible.unwrap_or(current.visible),
            only_show_if_degraded: p.only_show_if_degraded.unwrap_or(current.only_show_if_degraded),
            show_uptime: p.show_uptime.unwrap_or(current.show_uptime),
        };
        (new, p.version.map(|v| v.0))
    });
    if details.is_some() || status.is_some() {
        state.store.edit_component(&caller.actor(), id, details, status).await?;
    }
    Ok(Json(one(&state, id).await?))
}

pub async fn delete(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Ids(id): Ids<i64>,
) -> Result<StatusCode, AppError> {
    state.store.delete_component(&caller.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn groups(State(state): State<AppState>) -> Result<Json<GroupList>, AppError> {
    let groups = state.store.list_groups().await?;
    Ok(Json(GroupList { groups: groups.into_iter().map(GroupOut::from).collect() }))
}

async fn group(state: &AppState, id: i64) -> Result<GroupOut, AppError> {
    let groups = state.store.list_groups().await?;
    let group = groups.into_iter().find(|g| g.id == id).ok_or_else(|| AppError::not_found("group"))?;
    Ok(group.into())
}

pub async fn create_group(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Body(g): Body<GroupIn>,
) -> Result<(StatusCode, Json<GroupOut>), AppError> {
    let new = NewGroup { name: g.name, description: g.description, position: g.position.0 };
    let id = state.store.create_group(&caller.actor(), new).await?;
    Ok((StatusCode::CREATED, Json(group(&state, id).await?)))
}

pub async fn patch_group(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Ids(id): Ids<i64>,
    Body(p): Body<GroupPatch>,
) -> Result<Json<GroupOut>, AppError> {
    let current = group(&state, id).await?;
    let new = NewGroup {
        name: p.name.unwrap_or(current.name),
        description: p.description.or(current.description),
        position: p.position.map_or(current.position, |p| p.0),
    };
    state.store.update_group(&caller.actor(), id, new, p.version.map(|v| v.0)).await?;
    Ok(Json(group(&state, id).await?))
}

pub async fn delete_group(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Ids(id): Ids<i64>,
) -> Result<StatusCode, AppError> {
    state.store.delete_group(&caller.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

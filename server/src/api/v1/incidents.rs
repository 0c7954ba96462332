//! Incidents: open one, post, edit and delete updates, resolve, and write the postmortem.
//! Answers carry the whole incident, with the `version` to send back on the next change.

use super::auth::Caller;
use super::error::{title_as_name, Body, Ids};
use super::shapes::{
    ComponentStatusIn, IncidentList, IncidentOut, IncidentPatch, NewIncidentIn, NewUpdateIn, PostmortemIn, PublishIn,
    ResolveIn, UpdateEditIn,
};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::{HistoryCursor, IncidentEdit, NewIncident, NewUpdate, StatusChange};
use app::domain::{Incident, IncidentStatus};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use schemars::JsonSchema;
use serde::Deserialize;

/// Incidents per page of the list, unless `limit` asks for fewer.
const PAGE: i64 = 25;
const RESOLVED: &str = "This incident has been resolved.";

fn changes(components: &[ComponentStatusIn]) -> Vec<StatusChange> {
    components.iter().map(|c| StatusChange { component_id: c.id.0, status: c.status }).collect()
}

async fn incident(state: &AppState, id: i64) -> Result<Incident, AppError> {
    state.store.get_incident(id).await?.ok_or_else(|| AppError::not_found("incident"))
}

async fn answer(state: &AppState, id: i64) -> Result<Json<IncidentOut>, AppError> {
    Ok(Json(IncidentOut::new(incident(state, id).await?, &state.public_url)))
}

/// The list's query: which incidents, and where the page starts.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// `open` lists only unresolved incidents (all of them, on one page).
    #[schemars(schema_with = "open_only")]
    pub state: Option<String>,
    /// The `next` of the previous page.
    #[schemars(regex(pattern = r"^-?[0-9]{1,18}\.-?[0-9]{1,18}$"))]
    pub before: Option<String>,
    /// 1 to 100; default 25.
    #[schemars(range(min = 1, max = 100))]
    pub limit: Option<i64>,
}

fn open_only(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "string", "enum": ["open"]})
}

/// A `next` cursor as the list writes it: two numbers of at most 18 digits (so that each fits
/// an i64), as the document's pattern says.
fn cursor(s: &str) -> Option<HistoryCursor> {
    let number = |n: &str| {
        let digits = n.strip_prefix('-').unwrap_or(n);
        (1..=18).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
    };
    let (t, id) = s.split_once('.')?;
    if !(number(t) && number(id)) {
        return None;
    }
    s.parse().ok()
}

pub async fn list(
    State(state): State<AppState>,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<IncidentList>, AppError> {
    let Query(q) = query.map_err(|e| AppError::invalid("query", e.body_text()))?;
    let limit = q.limit.unwrap_or(PAGE);
    if !(1..=100).contains(&limit) {
        return Err(AppError::invalid("limit", "limit must lie between 1 and 100"));
    }
    let before = match q.before.as_deref() {
        Some(b) => Some(cursor(b).ok_or_else(|| AppError::invalid("before", "not a cursor from `next`"))?),
        None => None,
    };
    let url = &state.public_url;
    let (incidents, next) = match q.state.as_deref() {
        Some("open") => (state.store.open_incidents().await?, None),
        Some(other) => return Err(AppError::invalid("state", format!("unknown state '{other}' (expected open)"))),
        None => state.store.history_page(before, limit).await?,
    };
    let incidents = incidents.into_iter().map(|i| IncidentOut::new(i, url)).collect();
    Ok(Json(IncidentList { incidents, next: next.map(|c| c.to_string()) }))
}

pub async fn get(State(state): State<AppState>, Ids(id): Ids<i64>) -> Result<Json<IncidentOut>, AppError> {
    answer(&state, id).await
}

pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Body(new): Body<NewIncidentIn>,
) -> Result<(StatusCode, Json<IncidentOut>), AppError> {
    let new = NewIncident {
        notify: new.deliver_notifications,
        title: new.name,
        impact: new.impact,
        status: new.status,
        body: new.body,
        started_at: new.started_at,
        display_at: new.display_at,
        changes: changes(&new.components),
    };
    let id = state.store.create_incident(&caller.actor(), new).await.map_err(title_as_name)?;
    Ok((StatusCode::CREATED, answer(&state, id).await?))
}

pub async fn delete(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Ids(id): Ids<i64>,
) -> Result<StatusCode, AppError> {
    state.store.delete_incident(&caller.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn post_update(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Ids(id): Ids<i64>,
    Body(u): Body<NewUpdateIn>,
) -> Result<(StatusCode, Json<IncidentOut>), AppError> {
    let update = NewUpdate {
        notify: u.deliver_notifications,
        status: u.status,
        body: u.body,
        display_at: u.display_at,
        changes: changes(&u.components),
        expected_version: u.version.map(|v| v.0),
    };
    state.store.post_update(&caller.actor(), id, update).await?;
    Ok((StatusCode::CREATED, answer(&state, id).await?))
}

/// The update `update_id` of incident `id`, or 404 when it belongs to another incident.
async fn own_update(state: &AppState, id: i64, update_id: i64) -> Result<(), AppError> {
    if incident(state, id).await?.updates.iter().any(|u| u.id == update_id) {
        return Ok(());
    }
    Err(AppError::not_found("update"))
}

pub async fn edit_update(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Ids((id, update_id)): Ids<(i64, i64)>,
    Body(e): Body<UpdateEditIn>,
) -> Result<Json<IncidentOut>, AppError> {
    own_update(&state, id, update_id).await?;
    state.store.edit_update(&caller.actor(), update_id, &e.body, e.display_at, e.version.0).await?;
    answer(&state, id).await
}

pub async fn delete_update(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Ids((id, update_id)): Ids<(i64, i64)>,
) -> Result<Json<IncidentOut>, AppError> {
    own_update(&state, id, update_id).await?;
    state.store.delete_update(&caller.actor(), update_id).await?;
    answer(&state, id).await
}

/// Posts a resolving update and, unless asked not to, sets the affected components back to
/// operational in the same write. The body may be empty (`{}`) or absent.
pub async fn resolve(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Ids(id): Ids<i64>,
    body: axum::body::Bytes,
) -> Result<Json<IncidentOut>, AppError> {
    let r: ResolveIn =
        if body.iter().all(u8::is_ascii_whitespace) { ResolveIn::default() } else { super::error::parse(&body)? };
    let explicit: Vec<_> = r.components.iter().map(|c| (c.id.0, c.status)).collect();
    let pairs = if r.restore_components.unwrap_or(true) {
        let components = state.store.list_components().await?;
        app::domain::affected::restoring(&incident(&state, id).await?, &components, &explicit)
    } else {
        explicit
    };
    let update = NewUpdate {
        notify: r.deliver_notifications.unwrap_or(true),
        status: IncidentStatus::Resolved,
        body: r.body.unwrap_or_else(|| RESOLVED.to_string()),
        display_at: r.display_at,
        changes: pairs.into_iter().map(|(component_id, status)| StatusChange { component_id, status }).collect(),
        expected_version: r.version.map(|v| v.0),
    };
    state.store.post_update(&caller.actor(), id, update).await?;
    answer(&state, id).await
}

pub async fn put_postmortem(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Ids(id): Ids<i64>,
    Body(p): Body<PostmortemIn>,
) -> Result<Json<IncidentOut>, AppError> {
    state.store.save_postmortem(&caller.actor(), id, &p.body, None, p.version.map(|v| v.0)).await?;
    answer(&state, id).await
}

async fn set_published(
    state: &AppState,
    caller: &Caller,
    id: i64,
    publish: bool,
    published_at: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<Json<IncidentOut>, AppError> {
    let Some(postmortem) = incident(state, id).await?.postmortem else {
        // The incident is there; its state does not allow this yet.
        return Err(AppError::conflict("the incident has no postmortem yet; save one with PUT first"));
    };
    state.store.save_postmortem_at(&caller.actor(), id, &postmortem.body, Some(publish), published_at, None).await?;
    answer(state, id).await
}

/// Publishes the postmortem, at `published_at` when the optional body gives one.
pub async fn publish_postmortem(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Ids(id): Ids<i64>,
    body: axum::body::Bytes,
) -> Result<Json<IncidentOut>, AppError> {
    let p: PublishIn =
        if body.iter().all(u8::is_ascii_whitespace) { PublishIn::default() } else { super::error::parse(&body)? };
    set_published(&state, &caller, id, true, p.published_at).await
}

pub async fn unpublish_postmortem(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Ids(id): Ids<i64>,
) -> Result<Json<IncidentOut>, AppError> {
    set_published(&state, &caller, id, false, None).await
}

/// Changes the title, impact, start or components of an incident; `version` is required.
pub async fn patch(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Ids(id): Ids<i64>,
    Body(p): Body<IncidentPatch>,
) -> Result<Json<IncidentOut>, AppError> {
    let edit = IncidentEdit {
        title: p.name,
        impact: p.impact,
        started_at: p.started_at,
        components: p.components.map(|list| list.into_iter().map(|c| c.0).collect()),
    };
    state.store.edit_incident(&caller.actor(), id, edit, p.version.0).await.map_err(title_as_name)?;
    answer(&state, id).await
}

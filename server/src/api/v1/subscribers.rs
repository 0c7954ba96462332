//! Subscribers (admin tokens only): list and search them, add one (a webhook's signing secret is
//! answered this once), read one with its delivery log, remove one.

use super::auth::Caller;
use super::error::{Body, Ids};
use super::shapes::{NewSubscriberIn, SubscriberCreated, SubscriberDetail, SubscriberList, SubscriberOut};
use crate::error::AppError;
use crate::notify::staff;
use crate::state::AppState;
use crate::store::{Subscribed, SubscriberFilter};
use app::domain::SubscriberKind;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use schemars::JsonSchema;
use serde::Deserialize;

/// Subscribers per page of the list, unless `limit` asks for fewer.
const PAGE: i64 = 25;
/// Delivery attempts shown with a subscriber.
const LOGGED: i64 = 50;

/// The list's query: which subscribers, and where the page starts.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Only subscribers of this kind.
    #[schemars(schema_with = "kinds")]
    pub kind: Option<String>,
    /// Part of the address, in any case.
    #[schemars(length(max = 200))]
    pub search: Option<String>,
    /// The `next` of the previous page.
    #[schemars(regex(pattern = r"^[0-9]{1,18}$"))]
    pub before: Option<String>,
    /// 1 to 100; default 25.
    #[schemars(range(min = 1, max = 100))]
    pub limit: Option<i64>,
}

fn kinds(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let names: Vec<&str> = SubscriberKind::ALL.iter().map(|k| k.as_str()).collect();
    schemars::json_schema!({"type": "string", "enum": names})
}

pub async fn list(
    State(state): State<AppState>,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<SubscriberList>, AppError> {
    let Query(q) = query.map_err(|e| AppError::invalid("query", e.body_text()))?;
    let limit = q.limit.unwrap_or(PAGE);
    if !(1..=100).contains(&limit) {
        return Err(AppError::invalid("limit", "limit must lie between 1 and 100"));
    }
    let kind = match q.kind.as_deref() {
        Some(k) => Some(k.parse().map_err(|e: app::domain::UnknownName| AppError::invalid("kind", e.to_string()))?),
        None => None,
    };
    let before_id = match q.before.as_deref() {
        Some(b) if (1..=18).contains(&b.len()) && b.bytes().all(|c| c.is_ascii_digit()) => b.parse().ok(),
        Some(_) => return Err(AppError::invalid("before", "not a cursor from `next`")),
        None => None,
    };
    if q.search.as_ref().is_some_and(|s| s.chars().count() > 200) {
        return Err(AppError::invalid("search", "search for at most 200 characters"));
    }
    let filter = SubscriberFilter { kind, search: q.search, before_id, limit: limit + 1 };
    let mut found = state.store.list_subscribers(&filter).await?;
    let more = found.len() as i64 > limit;
    found.truncate(limit as usize);
    let next = more.then(|| found.last().map(|s| s.id.to_string())).flatten();
    Ok(Json(SubscriberList { subscribers: found.into_iter().map(SubscriberOut::from).collect(), next }))
}

pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Body(new): Body<NewSubscriberIn>,
) -> Result<(StatusCode, Json<SubscriberCreated>), AppError> {
    let (wanted, other) = match new.kind {
        SubscriberKind::Email => (("email", new.email), ("url", new.url)),
        _ => (("url", new.url), ("email", new.email)),
    };
    if other.1.is_some() {
        let message = format!("a {} subscriber is given by `{}`, not `{}`", new.kind, wanted.0, other.0);
        return Err(AppError::invalid(other.0, message));
    }
    let Some(address) = wanted.1 else {
        return Err(AppError::invalid(wanted.0, format!("a {} subscriber needs `{}`", new.kind, wanted.0)));
    };
    let components = new.components.map(|ids| ids.into_iter().map(|c| c.0).collect());
    match staff::add(&state, &caller.actor(), new.kind, &address, components, new.confirmed).await? {
        Subscribed::New { subscriber, secret } => {
            Ok((StatusCode::CREATED, Json(SubscriberCreated { subscriber: subscriber.into(), secret })))
        }
        Subscribed::Existing(existing) => Err(staff::already(&existing)),
    }
}

pub async fn get(State(state): State<AppState>, Ids(id): Ids<i64>) -> Result<Json<SubscriberDetail>, AppError> {
    let subscriber = state.store.get_subscriber(id).await?.ok_or_else(|| AppError::not_found("subscriber"))?;
    let deliveries = state.store.delivery_log(id, LOGGED).await?;
    Ok(Json(SubscriberDetail {
        subscriber: subscriber.into(),
        deliveries: deliveries.into_iter().map(Into::into).collect(),
    }))
}

pub async fn delete(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Ids(id): Ids<i64>,
) -> Result<StatusCode, AppError> {
    state.store.delete_subscriber(&caller.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

//! `/subscribe`: the public form and what its POST answers. Per request, never cached; the POSTs
//! must come from a page of this site (except the one-click unsubscribe, see `subscription.rs`),
//! and are limited per address and per client.

mod subscription;

use super::language::Speaking;
use super::rate_limit::{RateLimit, Window};
use crate::auth::csrf::{is_same_site, origin_of, TrustedOrigins};
use crate::auth::routes::ClientAddr;
use crate::error::{self, AppError};
use crate::notify::payload::paths;
use crate::state::AppState;
use crate::store::{Actor, NewSubscriber, Subscribed};
use app::domain::SubscriberKind;
use app::pages::public::{
    choices, render_check_inbox, render_hook_subscribed, render_subscribe, Choice, ChoiceRow, Feeds, HookSubscribed,
    SubscribeForm,
};
use axum::body::Bytes;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{from_fn_with_state, map_response, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use chrono::{DateTime, Duration, Utc};
use std::sync::Arc;

/// The limits on `POST /subscribe` (in memory, per instance: see `rate_limit`).
pub struct Limits {
    /// Per address subscribed: a stranger cannot fill someone's inbox with confirmations.
    pub address: RateLimit,
    /// Per client address: one client cannot subscribe address after address.
    pub client: RateLimit,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            address: RateLimit::new(Window { max: 5, per: Duration::hours(1) }),
            client: RateLimit::new(Window { max: 20, per: Duration::minutes(10) }),
        }
    }
}

pub fn routes(state: &AppState) -> Router<AppState> {
    let checked = Router::new()
        .route("/subscribe", get(form).post(subscribe))
        .merge(subscription::checked_routes())
        .route_layer(from_fn_with_state(state.clone(), same_site));
    checked
        .merge(subscription::open_routes())
        .layer(Extension(Arc::new(Limits::default())))
        .layer(map_response(no_store))
}

/// Per visitor, and the token pages carry a key to a subscription: kept by nobody.
async fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A plain form post from another site is refused (browsers send `Origin` with form posts).
async fn same_site(Speaking(state): Speaking, request: Request, next: Next) -> Response {
    let safe = request.method().is_safe();
    let trusted = TrustedOrigins(Arc::new(origin_of(&state.public_url).into_iter().collect()));
    if safe || is_same_site(&request, &trusted) {
        return next.run(request).await;
    }
    let e =
        AppError::forbidden("This form was sent from another site. Open the subscribe page here and send it again.");
    error::page(&state.site(), &e)
}

/// The fields of a form post, each name possibly repeated (`component=1&component=2`).
pub(super) struct Fields(Vec<(String, String)>);

impl Fields {
    pub(super) fn parse(body: &[u8]) -> Fields {
        Fields(url::form_urlencoded::parse(body).into_owned().collect())
    }

    fn one(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// The chooser as sent, and the components it stands for (`None`: the whole page), groups
/// expanded to their members.
pub(super) fn read_choice(fields: &Fields, rows: &[ChoiceRow]) -> (Choice, Result<Option<Vec<i64>>, AppError>) {
    let invalid = |m: String| AppError::invalid("components", m);
    let ids = |name: &str| -> Result<Vec<i64>, AppError> {
        let not_id =
            |v: &str| invalid(format!("'{v}' is not a {name} id")).say("refuse-not-id", &[("value", v.into())]);
        fields.all(name).map(|v| v.trim().parse().map_err(|_| not_id(v))).collect()
    };
    let (groups, components) = match (ids("group"), ids("component")) {
        (Ok(g), Ok(c)) => (g, c),
        (Err(e), _) | (_, Err(e)) => return (Choice::default(), Err(e)),
    };
    let whole_page = match fields.one("scope") {
        Some("some") => false,
        Some("all") => true,
        _ => groups.is_empty() && components.is_empty(),
    };
    let choice = Choice { whole_page, groups: groups.clone(), components: components.clone() };
    if whole_page {
        return (choice, Ok(None));
    }
    let mut chosen = Vec::new();
    for group in &groups {
        let members = rows.iter().find_map(|r| match r {
            ChoiceRow::Group { id, members, .. } if id == group => Some(members),
            _ => None,
        });
        let Some(members) = members else {
            let e = invalid(format!("group {group} does not exist"));
            return (choice, Err(e.say("refuse-group-unknown", &[("id", group.to_string())])));
        };
        chosen.extend(members.iter().map(|(id, _)| *id));
    }
    let known = |id: i64| {
        rows.iter().any(|r| match r {
            ChoiceRow::Single(c, _) => *c == id,
            ChoiceRow::Group { members, .. } => members.iter().any(|(m, _)| *m == id),
        })
    };
    for id in components {
        if !known(id) {
            let e = invalid(format!("component {id} does not exist"));
            return (choice, Err(e.say("refuse-component-unknown", &[("id", id.to_string())])));
        }
        chosen.push(id);
    }
    chosen.sort_unstable();
    chosen.dedup();
    if chosen.is_empty() {
        let e = invalid("choose at least one component, or the whole page".into());
        return (choice, Err(e.say("refuse-components", &[])));
    }
    (choice, Ok(Some(chosen)))
}

pub(super) async fn chooser_rows(state: &AppState) -> Result<Vec<ChoiceRow>, AppError> {
    Ok(choices(&state.store.list_groups().await?, &state.store.list_components().await?))
}

/// A 429 page that says when to try again.
fn too_many(state: &AppState, until: DateTime<Utc>, now: DateTime<Utc>) -> Response {
    let site = state.site();
    let wait = (until - now).num_seconds().max(1);
    let when = app::time::format_time(until, site.tz);
    let minutes = (wait + 59) / 60;
    let e = AppError::rate_limited(format!(
        "Too many subscription requests. Try again after {when} (in about {minutes} minute{}).",
        if minutes == 1 { "" } else { "s" }
    ))
    .say("refuse-too-many", &[("when", site.lang.time(until, site.tz)), ("minutes", minutes.to_string())]);
    let mut response = error::page(&site, &e);
    if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}

async fn form(Speaking(state): Speaking) -> Response {
    let kind = if state.email_enabled { SubscriberKind::Email } else { SubscriberKind::Webhook };
    let blank = SubscribeForm {
        email_enabled: state.email_enabled,
        kind,
        email: String::new(),
        url: String::new(),
        choice: Choice { whole_page: true, ..Choice::default() },
        error: None,
    };
    show_form(&state, blank, StatusCode::OK).await
}

async fn show_form(state: &AppState, form: SubscribeForm, status: StatusCode) -> Response {
    let rows = match chooser_rows(state).await {
        Ok(rows) => rows,
        Err(e) => return error::page(&state.site(), &e),
    };
    let feeds = Feeds::new(state.public_url.to_string(), &rows);
    let html = render_subscribe(&state.site(), &form, &rows, &feeds);
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

async fn subscribe(
    Speaking(state): Speaking,
    Extension(limits): Extension<Arc<Limits>>,
    ClientAddr(client): ClientAddr,
    body: Bytes,
) -> Response {
    let now = Utc::now();
    if let Some(client) = &client {
        if let Err(until) = limits.client.attempt(client, now) {
            return too_many(&state, until, now);
        }
    }
    let fields = Fields::parse(&body);
    let raw_kind = fields.one("kind").unwrap_or_default();
    let kind = raw_kind.parse::<SubscriberKind>().ok().filter(|k| state.email_enabled || *k != SubscriberKind::Email);
    let rows = match chooser_rows(&state).await {
        Ok(rows) => rows,
        Err(e) => return error::page(&state.site(), &e),
    };
    let (choice, components) = read_choice(&fields, &rows);
    let mut form = SubscribeForm {
        email_enabled: state.email_enabled,
        kind: kind.unwrap_or(if state.email_enabled { SubscriberKind::Email } else { SubscriberKind::Webhook }),
        email: fields.one("email").unwrap_or_default().to_string(),
        url: fields.one("url").unwrap_or_default().to_string(),
        choice,
        error: None,
    };
    let Some(kind) = kind else {
        let message = if raw_kind == "email" {
            "Email subscriptions are not offered here (this page sends no mail); choose a webhook or chat URL."
        } else {
            "Choose how to be told: email, webhook, Slack, Discord or Microsoft Teams."
        };
        let id = if raw_kind == "email" { "refuse-no-email" } else { "refuse-kind" };
        form.error = Some(AppError::invalid("kind", message).say(id, &[]));
        return show_form(&state, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let raw = if kind == SubscriberKind::Email { &form.email } else { &form.url };
    let checked = match components {
        Ok(components) => state.destinations.check_target(kind, raw).await.map(|target| (target, components)),
        Err(e) => Err(e),
    };
    let (target, components) = match checked {
        Ok(ok) => ok,
        Err(e) => return refused(&state, form, e).await,
    };
    if let Err(until) = limits.address.attempt(&format!("{kind}:{target}"), now) {
        return too_many(&state, until, now);
    }
    let new = NewSubscriber { kind, target: target.clone(), components, confirmed: false };
    let subscribed = match state.store.subscribe(&Actor::Subscriber, new, true).await {
        Ok(s) => s,
        Err(e) => return refused(&state, form, e.into()).await,
    };
    let html = match subscribed {
        // The same page for a new, an unconfirmed and a confirmed address: the store has queued
        // the right mail, and nobody learns from here whether an address is subscribed.
        _ if kind == SubscriberKind::Email => render_check_inbox(&state.site(), &target),
        // A URL is not personal data (and whoever has it can post to it anyway): saying that it
        // is subscribed already tells nothing about a person. Its secret and link are not shown again.
        Subscribed::Existing(_) => render_hook_subscribed(
            &state.site(),
            &HookSubscribed { kind, url: target, secret: None, manage_url: None, existing: true },
        ),
        Subscribed::New { subscriber, secret } => {
            let manage_url = match manage_path(&state, subscriber.id, now).await {
                Ok(path) => format!("{}{path}", state.public_url),
                Err(e) => return error::page(&state.site(), &e),
            };
            let hook = HookSubscribed { kind, url: target, secret, manage_url: Some(manage_url), existing: false };
            render_hook_subscribed(&state.site(), &hook)
        }
    };
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

/// A field error shows the form again as it was sent; anything else is an error page.
async fn refused(state: &AppState, mut form: SubscribeForm, e: AppError) -> Response {
    if e.field.is_none() {
        return error::page(&state.site(), &e);
    }
    let status = StatusCode::from_u16(e.status_code().as_u16()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    form.error = Some(e);
    show_form(state, form, status).await
}

/// The path of a subscriber's manage page.
pub(super) async fn manage_path(state: &AppState, id: i64, now: DateTime<Utc>) -> Result<String, AppError> {
    let nonce = state.store.subscriber_link_nonce(id).await?.ok_or(AppError::not_found("subscriber"))?;
    let token = state.links.sign(crate::notify::links::Purpose::Manage, id, &nonce, now).await?;
    Ok(paths::manage(&token))
}

//! The write API v1: components, groups, incidents and their updates, postmortems, maintenance,
//! for scripts and alerting with a Bearer token. One table, [`operations`], is both the router
//! and the OpenAPI document, so the two cannot drift apart.

mod auth;
mod components;
pub mod error;
mod incidents;
mod input;
mod maintenance;
mod openapi;
mod page;
mod shapes;
mod subscribers;

pub use auth::Access;

use crate::error::{AppError, ErrorCode};
use crate::state::AppState;
use app::domain::settings::Image;
use axum::handler::Handler;
use axum::http::Method;
use axum::middleware::from_fn_with_state;
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::Router;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::DeserializeOwned;
use shapes::*;

type SchemaFn = fn(&mut SchemaGenerator) -> Schema;
/// Reads a request body as the operation's body type, keeping only the verdict.
pub type BodyReader = fn(&[u8]) -> Result<(), AppError>;

/// One route of the API: what the router serves and what the document says about it.
pub struct Operation {
    pub method: Method,
    pub path: &'static str,
    pub summary: &'static str,
    pub description: Option<&'static str>,
    pub tag: &'static str,
    pub access: Access,
    pub request: Option<SchemaFn>,
    /// The reader ([`error::parse`]) of the body type that `request` describes, so that the fuzz
    /// target in `fuzz/` reaches every body the API accepts from this table.
    pub read_body: Option<BodyReader>,
    /// Whether a call must send the body (false: it may be absent or empty).
    pub body_required: bool,
    pub query: Option<SchemaFn>,
    /// The success status and its body's schema (none for 204).
    pub success: (u16, Option<SchemaFn>),
    route: MethodRouter<AppState>,
}

fn op<H, T>(method: Method, path: &'static str, tag: &'static str, summary: &'static str, handler: H) -> Operation
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let filter = MethodFilter::try_from(method.clone()).expect("the API uses standard methods");
    Operation {
        method,
        path,
        summary,
        description: None,
        tag,
        access: Access::Editor,
        request: None,
        read_body: None,
        body_required: true,
        query: None,
        success: (200, None),
        route: on(filter, handler),
    }
}

impl Operation {
    fn admin(self) -> Self {
        Operation { access: Access::Admin, ..self }
    }
    fn public(self) -> Self {
        Operation { access: Access::Public, ..self }
    }
    fn describe(self, text: &'static str) -> Self {
        Operation { description: Some(text), ..self }
    }
    fn body<B: JsonSchema + DeserializeOwned>(self) -> Self {
        Operation {
            request: Some(|g| g.subschema_for::<B>()),
            read_body: Some(|bytes| error::parse::<B>(bytes).map(drop)),
            ..self
        }
    }
    fn optional_body<B: JsonSchema + DeserializeOwned>(self) -> Self {
        Operation { body_required: false, ..self.body::<B>() }
    }
    fn query<Q: JsonSchema>(self) -> Self {
        Operation { query: Some(|g| g.root_schema_for::<Q>()), ..self }
    }
    fn answers<R: JsonSchema>(self, status: u16) -> Self {
        Operation { success: (status, Some(|g| g.subschema_for::<R>())), ..self }
    }
    fn empty(self) -> Self {
        Operation { success: (204, None), ..self }
    }
}

/// Every route of the API.
pub fn operations() -> Vec<Operation> {
    use Method as M;
    let (c, g, i, m, s) = ("Components", "Groups", "Incidents", "Maintenance", "Subscribers");
    vec![
        op(M::GET, "/api/v1/openapi.json", "API", "This document", openapi::serve).public(),
        op(M::GET, "/api/v1/page", "Page", "Read the page's settings", page::get).admin().answers::<page::PageOut>(200),
        op(M::PATCH, "/api/v1/page", "Page", "Change the page's settings", page::patch)
            .admin()
            .describe(
                "Only the fields given change; an empty `brand_color` or `support_url` removes it. Every \
                 instance shows the new settings within a second. A new `time_zone` counts the uptime days \
                 again in it. A `brand_color` too light for the header's white text is refused (422).",
            )
            .body::<page::PagePatch>()
            .answers::<page::PageOut>(200),
        image_op(M::PUT, Image::Logo),
        image_op(M::DELETE, Image::Logo),
        image_op(M::PUT, Image::Favicon),
        image_op(M::DELETE, Image::Favicon),
        op(M::GET, "/api/v1/components", c, "List all components, hidden ones too", components::list)
            .answers::<ComponentList>(200),
        op(M::POST, "/api/v1/components", c, "Add a component", components::create)
            .admin()
            .body::<NewComponentIn>()
            .answers::<ComponentOut>(201),
        op(M::GET, "/api/v1/components/{id}", c, "Read a component", components::get).answers::<ComponentOut>(200),
        op(M::PATCH, "/api/v1/components/{id}", c, "Change a component's status or details", components::patch)
            .describe(
                "Only the fields given change. Any token may change `status`; the other fields need an admin token.",
            )
            .body::<ComponentPatch>()
            .answers::<ComponentOut>(200),
        op(M::DELETE, "/api/v1/components/{id}", c, "Delete a component", components::delete)
            .admin()
            .describe("Refused (409) when an incident or maintenance mentions it: hide it instead (`visible: false`).")
            .empty(),
        op(M::GET, "/api/v1/groups", g, "List the component groups", components::groups).answers::<GroupList>(200),
        op(M::POST, "/api/v1/groups", g, "Add a group", components::create_group)
            .admin()
            .body::<GroupIn>()
            .answers::<GroupOut>(201),
        op(M::PATCH, "/api/v1/groups/{id}", g, "Change a group", components::patch_group)
            .admin()
            .body::<GroupPatch>()
            .answers::<GroupOut>(200),
        op(M::DELETE, "/api/v1/groups/{id}", g, "Delete a group", components::delete_group)
            .admin()
            .describe("Its components stay, outside any group.")
            .empty(),
        op(M::GET, "/api/v1/incidents", i, "List incidents, newest first", incidents::list)
            .query::<incidents::ListQuery>()
            .answers::<IncidentList>(200),
        op(M::POST, "/api/v1/incidents", i, "Open an incident with its first update", incidents::create)
            .body::<NewIncidentIn>()
            .answers::<IncidentOut>(201),
        op(M::GET, "/api/v1/incidents/{id}", i, "Read an incident", incidents::get).answers::<IncidentOut>(200),
        op(
            M::PATCH,
            "/api/v1/incidents/{id}",
            i,
            "Change an incident's title, impact, start or components",
            incidents::patch,
        )
        .describe(
            "Only the fields given change; `version` is required (a stale one is refused with 409). \
                 `components` replaces the list of components the incident concerns; their statuses and the \
                 status changes its updates made stay as they are.",
        )
        .body::<IncidentPatch>()
        .answers::<IncidentOut>(200),
        op(M::DELETE, "/api/v1/incidents/{id}", i, "Delete an incident", incidents::delete).admin().empty(),
        op(M::POST, "/api/v1/incidents/{id}/updates", i, "Post an update", incidents::post_update)
            .describe("The incident takes the update's status; the components named take theirs.")
            .body::<NewUpdateIn>()
            .answers::<IncidentOut>(201),
        op(
            M::PATCH,
            "/api/v1/incidents/{id}/updates/{update_id}",
            i,
            "Correct an update's text or time",
            incidents::edit_update,
        )
        .body::<UpdateEditIn>()
        .answers::<IncidentOut>(200),
        op(M::DELETE, "/api/v1/incidents/{id}/updates/{update_id}", i, "Delete an update", incidents::delete_update)
            .describe("The incident's only update cannot be deleted; delete the incident instead.")
            .answers::<IncidentOut>(200),
        op(M::POST, "/api/v1/incidents/{id}/resolve", i, "Resolve an incident", incidents::resolve)
            .describe(
                "Posts a resolving update and sets the affected components back to operational. The body is \
                 optional; `display_at` backdates the resolution.",
            )
            .optional_body::<ResolveIn>()
            .answers::<IncidentOut>(200),
        op(M::PUT, "/api/v1/incidents/{id}/postmortem", i, "Save the postmortem", incidents::put_postmortem)
            .describe("Saves the text; a published postmortem stays published, a draft stays a draft.")
            .body::<PostmortemIn>()
            .answers::<IncidentOut>(200),
        op(
            M::POST,
            "/api/v1/incidents/{id}/postmortem/publish",
            i,
            "Publish the postmortem",
            incidents::publish_postmortem,
        )
        .describe("The body is optional; `published_at` gives the publication time readers are shown (default now).")
        .optional_body::<PublishIn>()
        .answers::<IncidentOut>(200),
        op(
            M::POST,
            "/api/v1/incidents/{id}/postmortem/unpublish",
            i,
            "Withdraw the postmortem",
            incidents::unpublish_postmortem,
        )
        .answers::<IncidentOut>(200),
        op(M::GET, "/api/v1/maintenance", m, "List maintenance, latest window first", maintenance::list)
            .answers::<MaintenanceList>(200),
        op(M::POST, "/api/v1/maintenance", m, "Schedule maintenance", maintenance::create)
            .body::<NewMaintenanceIn>()
            .answers::<MaintenanceOut>(201),
        op(M::GET, "/api/v1/maintenance/{id}", m, "Read a maintenance window", maintenance::get)
            .answers::<MaintenanceOut>(200),
        op(M::POST, "/api/v1/maintenance/{id}/updates", m, "Post a maintenance update", maintenance::post_update)
            .describe("Moves the maintenance to the update's status; its components follow.")
            .body::<MaintenanceUpdateIn>()
            .answers::<MaintenanceOut>(201),
        op(M::GET, "/api/v1/subscribers", s, "List subscribers, newest first", subscribers::list)
            .admin()
            .query::<subscribers::ListQuery>()
            .answers::<SubscriberList>(200),
        op(M::POST, "/api/v1/subscribers", s, "Add a subscriber", subscribers::create)
            .admin()
            .describe(
                "An email subscriber (`email`) is sent a confirmation mail and told nothing until it follows \
                 the link, unless `confirmed` is true (staff vouch for the address; nothing is sent). Without \
                 SMTP configured (`--smtp-url`) only confirmed email subscribers can be added; others are \
                 refused (422, field `kind`). Every other kind takes a public http(s) `url`. A new webhook's \
                 signing `secret` is in this answer only. An address subscribed already is refused (409) \
                 naming its field.",
            )
            .body::<NewSubscriberIn>()
            .answers::<SubscriberCreated>(201),
        op(M::GET, "/api/v1/subscribers/{id}", s, "Read a subscriber and its delivery log", subscribers::get)
            .admin()
            .answers::<SubscriberDetail>(200),
        op(M::DELETE, "/api/v1/subscribers/{id}", s, "Remove a subscriber", subscribers::delete)
            .admin()
            .describe("Its pending deliveries and its delivery log go with it.")
            .empty(),
    ]
}

/// Uploading (`PUT`, the body is the file) or removing (`DELETE`) the page's logo or favicon.
fn image_op(method: Method, kind: Image) -> Operation {
    use axum::extract::State;
    use axum::Extension;
    let (path, put, delete) = match kind {
        Image::Logo => ("/api/v1/page/logo", "Upload the page's logo", "Remove the page's logo"),
        Image::Favicon => ("/api/v1/page/favicon", "Upload the page's favicon", "Remove the page's favicon"),
    };
    let operation = match method {
        Method::PUT => {
            op(method, path, "Page", put, move |State(s), Extension(c), h, b| page::put_image(s, c, h, b, kind))
                .describe(
                    "The body is the image file itself, at most 256 KB for the logo and 64 KB for the favicon: PNG \
                 (`Content-Type: image/png`), SVG (`image/svg+xml`) or, for the favicon, ICO (`image/x-icon`). An \
                 SVG that could run or fetch anything (scripts, event handlers, links outside itself) is refused \
                 (422). Pages link it by an address that changes with it.",
                )
        }
        _ => op(method, path, "Page", delete, move |State(s), Extension(c)| page::delete_image(s, c, kind)),
    };
    operation.admin().answers::<page::PageOut>(200)
}

pub fn routes(state: &AppState) -> Router<AppState> {
    let api = operations().into_iter().fold(Router::new(), |router, op| {
        let route = match op.access {
            Access::Public => op.route,
            access => op.route.layer(from_fn_with_state((state.store.clone(), access), auth::authenticate)),
        };
        router.route(op.path, route)
    });
    api.route("/api/v1", axum::routing::any(unknown)).route("/api/v1/{*rest}", axum::routing::any(unknown))
}

async fn unknown() -> AppError {
    AppError::new(ErrorCode::NotFound, "no such API route; the routes are listed at /api/v1/openapi.json")
}

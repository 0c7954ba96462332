//! What the write API reads and answers. Request types refuse unknown fields, so that a typo is
//! an error naming it rather than a silently ignored value; their JSON Schemas are the OpenAPI
//! document's.

use super::input::{self, Whole};
use app::domain::{
    Component, ComponentGroup, ComponentStatus, DeliveryAttempt, DeliveryState, Impact, Incident, IncidentStatus,
    IncidentUpdate, Maintenance, MaintenanceStatus, NotificationKind, Subscriber, SubscriberKind, SubscriberState,
};
use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

// ---- answers

#[derive(Serialize, JsonSchema)]
pub struct ComponentOut {
    pub id: i64,
    pub name: String,
    pub description: Option<String>,
    pub group_id: Option<i64>,
    pub position: i64,
    pub status: ComponentStatus,
    pub visible: bool,
    pub only_show_if_degraded: bool,
    pub show_uptime: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The version of its details (not its status): send it back with a PATCH of details to have a
    /// stale change refused (409).
    pub version: i64,
}

impl From<Component> for ComponentOut {
    fn from(c: Component) -> ComponentOut {
        ComponentOut {
            id: c.id,
            name: c.name,
            description: c.description,
            group_id: c.group_id,
            position: c.position,
            status: c.status,
            visible: c.visible,
            only_show_if_degraded: c.only_show_if_degraded,
            show_uptime: c.show_uptime,
            created_at: c.created_at,
            updated_at: c.updated_at,
            version: c.version,
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct ComponentList {
    pub components: Vec<ComponentOut>,
}

#[derive(Serialize, JsonSchema)]
pub struct GroupOut {
    pub id: i64,
    pub name: String,
    pub description: Option<String>,
    pub position: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Send it back with a PATCH to have a stale change refused (409).
    pub version: i64,
}

impl From<ComponentGroup> for GroupOut {
    fn from(g: ComponentGroup) -> GroupOut {
        GroupOut {
            id: g.id,
            name: g.name,
            description: g.description,
            position: g.position,
            created_at: g.created_at,
            updated_at: g.updated_at,
            version: g.version,
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct GroupList {
    pub groups: Vec<GroupOut>,
}

#[derive(Serialize, JsonSchema)]
pub struct ComponentRef {
    pub id: i64,
    pub name: String,
}

#[derive(Serialize, JsonSchema)]
pub struct ComponentChangeOut {
    pub id: i64,
    pub name: String,
    pub old_status: ComponentStatus,
    pub new_status: ComponentStatus,
}

#[derive(Serialize, JsonSchema)]
pub struct UpdateOut {
    pub id: i64,
    pub status: IncidentStatus,
    /// Markdown.
    pub body: String,
    pub display_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Send it back when editing the update; a stale one is refused with 409.
    pub version: i64,
    pub component_changes: Vec<ComponentChangeOut>,
}

impl From<IncidentUpdate> for UpdateOut {
    fn from(u: IncidentUpdate) -> UpdateOut {
        UpdateOut {
            id: u.id,
            status: u.status,
            body: u.body,
            display_at: u.display_at,
            created_at: u.created_at,
            updated_at: u.updated_at,
            version: u.version,
            component_changes: u
                .changes
                .into_iter()
                .map(|c| ComponentChangeOut {
                    id: c.component_id,
                    name: c.component_name,
                    old_status: c.old_status,
                    new_status: c.new_status,
                })
                .collect(),
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct PostmortemOut {
    /// Markdown.
    pub body: String,
    /// Null while it is a draft.
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    /// Send it back when saving; a stale one is refused with 409.
    pub version: i64,
}

#[derive(Serialize, JsonSchema)]
pub struct IncidentOut {
    pub id: i64,
    pub name: String,
    pub status: IncidentStatus,
    pub impact: Impact,
    pub started_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Send it back when posting an update to refuse it (409) if someone else posted first.
    pub version: i64,
    /// The public page of the incident.
    pub url: String,
    pub components: Vec<ComponentRef>,
    /// Newest first.
    pub updates: Vec<UpdateOut>,
    pub postmortem: Option<PostmortemOut>,
}

impl IncidentOut {
    pub fn new(i: Incident, public_url: &str) -> IncidentOut {
        IncidentOut {
            url: format!("{public_url}{}", app::paths::incident(i.id)),
            id: i.id,
            name: i.title,
            status: i.status,
            impact: i.impact,
            started_at: i.started_at,
            resolved_at: i.resolved_at,
            created_at: i.created_at,
            updated_at: i.updated_at,
            version: i.version,
            components: i.affected.into_iter().map(|a| ComponentRef { id: a.component_id, name: a.name }).collect(),
            updates: i.updates.into_iter().rev().map(UpdateOut::from).collect(),
            postmortem: i.postmortem.map(|p| PostmortemOut {
                body: p.body,
                published_at: p.published_at,
                updated_at: p.updated_at,
                version: p.version,
            }),
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct IncidentList {
    /// Newest first.
    pub incidents: Vec<IncidentOut>,
    /// Pass as `before` to read the next (older) page; null on the last page.
    pub next: Option<String>,
}

#[derive(Serialize, JsonSchema)]
pub struct MaintenanceUpdateOut {
    pub id: i64,
    pub status: MaintenanceStatus,
    pub body: String,
    pub display_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize, JsonSchema)]
pub struct MaintenanceOut {
    pub id: i64,
    pub name: String,
    pub status: MaintenanceStatus,
    pub scheduled_for: DateTime<Utc>,
    pub scheduled_until: DateTime<Utc>,
    pub auto_start: bool,
    pub auto_complete: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub components: Vec<ComponentRef>,
    /// Newest first.
    pub updates: Vec<MaintenanceUpdateOut>,
}

impl From<Maintenance> for MaintenanceOut {
    fn from(m: Maintenance) -> MaintenanceOut {
        MaintenanceOut {
            id: m.id,
            name: m.title,
            status: m.status,
            scheduled_for: m.scheduled_for,
            scheduled_until: m.scheduled_until,
            auto_start: m.auto_start,
            auto_complete: m.auto_complete,
            created_at: m.created_at,
            updated_at: m.updated_at,
            components: m.affected.into_iter().map(|a| ComponentRef { id: a.component_id, name: a.name }).collect(),
            updates: m
                .updates
                .into_iter()
                .rev()
                .map(|u| MaintenanceUpdateOut {
                    id: u.id,
                    status: u.status,
                    body: u.body,
                    display_at: u.display_at,
                    created_at: u.created_at,
                })
                .collect(),
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct MaintenanceList {
    /// Latest window first.
    pub maintenance: Vec<MaintenanceOut>,
}

// ---- requests

fn yes() -> bool {
    true
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewComponentIn {
    /// Unique on the page.
    #[schemars(schema_with = "input::name")]
    pub name: String,
    #[serde(default)]
    #[schemars(schema_with = "input::description")]
    pub description: Option<String>,
    pub group_id: Option<Whole>,
    #[serde(default)]
    pub position: Whole,
    /// Default: operational.
    pub status: Option<ComponentStatus>,
    #[serde(default = "yes")]
    pub visible: bool,
    #[serde(default)]
    pub only_show_if_degraded: bool,
    #[serde(default = "yes")]
    pub show_uptime: bool,
}

/// Only the fields given change. Changing anything but `status` needs an admin token.
#[derive(Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ComponentPatch {
    pub status: Option<ComponentStatus>,
    #[serde(default)]
    #[schemars(schema_with = "input::name_or_null")]
    pub name: Option<String>,
    /// An empty string removes the description.
    #[serde(default)]
    #[schemars(schema_with = "input::description")]
    pub description: Option<String>,
    /// 0 takes the component out of its group.
    pub group_id: Option<Whole>,
    pub position: Option<Whole>,
    pub visible: Option<bool>,
    pub only_show_if_degraded: Option<bool>,
    pub show_uptime: Option<bool>,
    /// The component's `version` as last read: a change of details made since is not overwritten
    /// (409). Not needed for a status change.
    pub version: Option<Whole>,
}

impl ComponentPatch {
    /// Whether the patch changes more than the status.
    pub fn edits_details(&self) -> bool {
        self.name.is_some()
            || self.description.is_some()
            || self.group_id.is_some()
            || self.position.is_some()
            || self.visible.is_some()
            || self.only_show_if_degraded.is_some()
            || self.show_uptime.is_some()
    }
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupIn {
    #[schemars(schema_with = "input::name")]
    pub name: String,
    #[serde(default)]
    #[schemars(schema_with = "input::description")]
    pub description: Option<String>,
    #[serde(default)]
    pub position: Whole,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupPatch {
    #[serde(default)]
    #[schemars(schema_with = "input::name_or_null")]
    pub name: Option<String>,
    #[serde(default)]
    #[schemars(schema_with = "input::description")]
    pub description: Option<String>,
    pub position: Option<Whole>,
    /// The group's `version` as last read: a change made since is not overwritten (409).
    pub version: Option<Whole>,
}

/// A component's new status, set by an incident update.
#[derive(Deserialize, JsonSchema, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub struct ComponentStatusIn {
    pub id: Whole,
    pub status: ComponentStatus,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewIncidentIn {
    #[schemars(schema_with = "input::title")]
    pub name: String,
    pub status: IncidentStatus,
    pub impact: Impact,
    /// Markdown of the first update.
    #[schemars(schema_with = "input::markdown")]
    pub body: String,
    /// When it began (default: now); may lie before the first update, for backfilling.
    pub started_at: Option<DateTime<Utc>>,
    /// When the first update is shown to have been posted (default: `started_at`).
    pub display_at: Option<DateTime<Utc>>,
    /// The components it affects and the status each takes.
    #[serde(default)]
    pub components: Vec<ComponentStatusIn>,
    /// Tell subscribers of it (default true); false posts it quietly. Statuspage's name.
    #[serde(default = "yes")]
    pub deliver_notifications: bool,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUpdateIn {
    pub status: IncidentStatus,
    /// Markdown.
    #[schemars(schema_with = "input::markdown")]
    pub body: String,
    /// Default: now.
    pub display_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub components: Vec<ComponentStatusIn>,
    /// The incident's `version` as last read: the update is refused (409) if it changed since.
    pub version: Option<Whole>,
    /// Tell subscribers of it (default true); false posts it quietly. Statuspage's name.
    #[serde(default = "yes")]
    pub deliver_notifications: bool,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateEditIn {
    /// Markdown.
    #[schemars(schema_with = "input::markdown")]
    pub body: String,
    pub display_at: Option<DateTime<Utc>>,
    /// The update's `version` as last read (required): a stale edit is refused with 409.
    pub version: Whole,
}

#[derive(Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ResolveIn {
    /// Markdown of the resolving update. Default: "This incident has been resolved."
    #[serde(default)]
    #[schemars(schema_with = "input::markdown_or_null")]
    pub body: Option<String>,
    /// Set every affected component that is not operational back to operational (default true).
    pub restore_components: Option<bool>,
    /// Explicit component statuses; these win over `restore_components`.
    #[serde(default)]
    pub components: Vec<ComponentStatusIn>,
    pub version: Option<Whole>,
    /// Tell subscribers of it (default true); false resolves it quietly. Statuspage's name.
    pub deliver_notifications: Option<bool>,
    /// When the resolving update is shown to have been posted (default: now), for backfilling.
    pub display_at: Option<DateTime<Utc>>,
}

/// The body of a publish, optional: when the postmortem is shown to have been published.
#[derive(Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct PublishIn {
    /// Default: when it was first published, else now. A backfilled postmortem's real date;
    /// given for one published already, it corrects that date.
    pub published_at: Option<DateTime<Utc>>,
}

/// A change of an incident's details: only the fields given change.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentPatch {
    #[serde(default)]
    #[schemars(schema_with = "input::title_or_null")]
    pub name: Option<String>,
    pub impact: Option<Impact>,
    /// When it began; may lie before the first update, for backfilling.
    pub started_at: Option<DateTime<Utc>>,
    /// The ids of every component it concerns (replacing the list). Their statuses, and the
    /// status changes its updates made, stay as they are.
    pub components: Option<Vec<Whole>>,
    /// The incident's `version` as last read (required): a stale change is refused with 409.
    pub version: Whole,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostmortemIn {
    /// Markdown.
    #[schemars(schema_with = "input::markdown")]
    pub body: String,
    /// The postmortem's `version` as last read: a stale save is refused with 409.
    pub version: Option<Whole>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMaintenanceIn {
    #[schemars(schema_with = "input::title")]
    pub name: String,
    /// Markdown of the first update.
    #[schemars(schema_with = "input::markdown")]
    pub body: String,
    pub scheduled_for: DateTime<Utc>,
    pub scheduled_until: DateTime<Utc>,
    /// Move to in_progress at `scheduled_for` by itself (default true).
    #[serde(default = "yes")]
    pub auto_start: bool,
    /// Move to completed at `scheduled_until` by itself (default true).
    #[serde(default = "yes")]
    pub auto_complete: bool,
    /// Ids of the components under maintenance.
    #[serde(default)]
    pub components: Vec<Whole>,
    /// Tell subscribers of it (default true); false posts it quietly. Statuspage's name.
    #[serde(default = "yes")]
    pub deliver_notifications: bool,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MaintenanceUpdateIn {
    pub status: MaintenanceStatus,
    /// Markdown.
    #[schemars(schema_with = "input::markdown")]
    pub body: String,
    /// Tell subscribers of it (default true); false posts it quietly. Statuspage's name.
    #[serde(default = "yes")]
    pub deliver_notifications: bool,
}

// ---- subscribers

#[derive(Serialize, JsonSchema)]
pub struct SubscriberOut {
    pub id: i64,
    pub kind: SubscriberKind,
    /// The address of an email subscriber.
    pub email: Option<String>,
    /// Where deliveries to any other kind are posted.
    pub url: Option<String>,
    /// The components it hears of; null for the whole page.
    pub components: Option<Vec<i64>>,
    pub state: SubscriberState,
    /// Null while an email subscriber has not followed its confirmation link.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Since when deliveries are stopped after failing again and again.
    pub quarantined_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Subscriber> for SubscriberOut {
    fn from(s: Subscriber) -> SubscriberOut {
        let (email, url) = if s.kind == SubscriberKind::Email {
            (Some(s.target.clone()), None)
        } else {
            (None, Some(s.target.clone()))
        };
        SubscriberOut {
            id: s.id,
            kind: s.kind,
            email,
            url,
            state: s.state(),
            components: s.components,
            confirmed_at: s.confirmed_at,
            quarantined_at: s.quarantined_at,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

#[derive(Serialize, JsonSchema)]
pub struct SubscriberList {
    /// Newest first.
    pub subscribers: Vec<SubscriberOut>,
    /// Pass as `before` to read the next (older) page; null on the last page.
    pub next: Option<String>,
}

/// A subscriber just added.
#[derive(Serialize, JsonSchema)]
pub struct SubscriberCreated {
    #[serde(flatten)]
    pub subscriber: SubscriberOut,
    /// A webhook's signing secret (Standard Webhooks, `whsec_…`), in this answer only: it is
    /// never shown again. Null for other kinds.
    pub secret: Option<String>,
}

#[derive(Serialize, JsonSchema)]
pub struct DeliveryOut {
    pub at: DateTime<Utc>,
    pub event: NotificationKind,
    /// The incident's or maintenance's title, when there is one.
    pub subject: Option<String>,
    /// 1 for the first try.
    pub attempt: i64,
    pub ok: bool,
    /// The HTTP status or SMTP reply code, when there was one.
    pub code: Option<i64>,
    pub detail: String,
    /// Where the delivery stands now.
    pub state: DeliveryState,
}

impl From<DeliveryAttempt> for DeliveryOut {
    fn from(d: DeliveryAttempt) -> DeliveryOut {
        DeliveryOut {
            at: d.at,
            event: d.event,
            subject: d.subject,
            attempt: d.attempt,
            ok: d.ok,
            code: d.code,
            detail: d.detail,
            state: d.state,
        }
    }
}

/// A subscriber with its delivery log.
#[derive(Serialize, JsonSchema)]
pub struct SubscriberDetail {
    #[serde(flatten)]
    pub subscriber: SubscriberOut,
    /// The latest delivery attempts, newest first.
    pub deliveries: Vec<DeliveryOut>,
}

/// A subscriber to add. `email` for kind `email`, `url` for every other kind.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSubscriberIn {
    pub kind: SubscriberKind,
    /// The address, for kind `email`.
    pub email: Option<String>,
    /// An http(s) URL on the public internet, for the other kinds.
    pub url: Option<String>,
    /// Ids of the components it hears of; absent or null for the whole page.
    pub components: Option<Vec<Whole>>,
    /// Email only: true adds the address as confirmed (staff vouch for it) and sends nothing;
    /// false (the default) sends it a confirmation mail first.
    #[serde(default)]
    pub confirmed: bool,
}

//! The entities of a status page as the pages, feeds and APIs read them. All times are UTC.

use super::status::{ComponentStatus, Impact, IncidentStatus, MaintenanceStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentGroup {
    pub id: i64,
    pub name: String,
    pub description: Option<String>,
    pub position: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Bumped by every change of its details; an edit naming an older version is refused.
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    pub id: i64,
    pub group_id: Option<i64>,
    pub name: String,
    pub description: Option<String>,
    pub position: i64,
    pub status: ComponentStatus,
    /// Hidden components are kept (their history matters) but not shown.
    pub visible: bool,
    /// Shown on the public page only while not operational.
    pub only_show_if_degraded: bool,
    pub show_uptime: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Bumped by every change of its details (not of its status, which incidents change all the
    /// time); an edit naming an older version is refused.
    pub version: i64,
}

impl Component {
    /// Whether the public page lists this component right now.
    pub fn is_listed(&self) -> bool {
        self.visible && (!self.only_show_if_degraded || self.status != ComponentStatus::Operational)
    }
}

/// A component's status change made by an incident update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentChange {
    pub component_id: i64,
    pub component_name: String,
    pub old_status: ComponentStatus,
    pub new_status: ComponentStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentUpdate {
    pub id: i64,
    pub incident_id: i64,
    pub status: IncidentStatus,
    /// Markdown.
    pub body: String,
    /// When the update is shown to have happened (editable, for backfilling).
    pub display_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Bumped by every edit; an edit naming an older version is refused.
    pub version: i64,
    pub changes: Vec<ComponentChange>,
    /// Whether subscribers were told of it.
    pub notify: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Postmortem {
    pub incident_id: i64,
    /// Markdown.
    pub body: String,
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    /// Bumped by every save; a save naming an older version is refused.
    pub version: i64,
}

/// A component an incident or maintenance affected, with its group for the "affected" sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AffectedComponent {
    pub component_id: i64,
    pub name: String,
    pub group: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    pub id: i64,
    pub title: String,
    pub impact: Impact,
    pub status: IncidentStatus,
    pub started_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Bumped by every change; a save naming an older version is refused.
    pub version: i64,
    /// Oldest first.
    pub updates: Vec<IncidentUpdate>,
    /// In page order: by group position, then component position.
    pub affected: Vec<AffectedComponent>,
    pub postmortem: Option<Postmortem>,
}

impl Incident {
    pub fn published_postmortem(&self) -> Option<&Postmortem> {
        self.postmortem.as_ref().filter(|p| p.published_at.is_some())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MaintenanceUpdate {
    pub id: i64,
    pub maintenance_id: i64,
    pub status: MaintenanceStatus,
    pub body: String,
    pub display_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    /// Whether subscribers were told of it.
    pub notify: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Maintenance {
    pub id: i64,
    pub title: String,
    pub status: MaintenanceStatus,
    pub scheduled_for: DateTime<Utc>,
    pub scheduled_until: DateTime<Utc>,
    /// Move to in_progress at `scheduled_for` by itself.
    pub auto_start: bool,
    /// Move to completed at `scheduled_until` by itself.
    pub auto_complete: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Oldest first.
    pub updates: Vec<MaintenanceUpdate>,
    pub affected: Vec<AffectedComponent>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: super::status::Role,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
}

/// A prepared incident to open in one step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentTemplate {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub body: String,
    pub status: super::status::IncidentStatus,
    pub impact: super::status::Impact,
    pub components: Vec<(i64, super::status::ComponentStatus)>,
}

/// A token for the write API, as the console lists it; its secret is shown once, at creation,
/// and only its hash is kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub role: super::status::Role,
    /// The secret's first characters, so that a person can tell tokens apart.
    pub prefix: String,
    pub created_by: Option<String>,
    /// The role its creator holds now (none for a token made on the command line).
    pub creator_role: Option<super::status::Role>,
    /// Whether its creator's account is disabled now.
    pub creator_disabled: bool,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

impl ApiToken {
    /// What the token may do now: never more than the person who made it may (an admin's token
    /// made by someone who is an editor now acts as an editor's), and nothing once that person's
    /// account is disabled. Tokens made on the command line belong to no one and keep their role.
    pub fn acts_as(&self) -> Option<super::status::Role> {
        use super::status::Role;
        if self.creator_disabled {
            return None;
        }
        Some(match (self.role, self.creator_role) {
            (Role::Admin, Some(Role::Editor)) => Role::Editor,
            (role, _) => role,
        })
    }

    /// Whether a call with this token is accepted at `now`.
    pub fn is_usable(&self, now: DateTime<Utc>) -> bool {
        self.state(now) == TokenState::Active
    }

    /// Whether revoking it would change anything (a suspended token would work again).
    pub fn revocable(&self, now: DateTime<Utc>) -> bool {
        matches!(self.state(now), TokenState::Active | TokenState::Suspended)
    }

    pub fn state(&self, now: DateTime<Utc>) -> TokenState {
        match (self.revoked_at, self.expires_at) {
            (Some(at), _) => TokenState::Revoked(at),
            (None, Some(e)) if e <= now => TokenState::Expired,
            _ if self.acts_as().is_none() => TokenState::Suspended,
            _ => TokenState::Active,
        }
    }
}

/// Whether a token is accepted, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenState {
    Active,
    Revoked(DateTime<Utc>),
    Expired,
    /// Its creator's account is disabled; it works again if the account is enabled.
    Suspended,
}

impl TokenState {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenState::Active => "active",
            TokenState::Revoked(_) => "revoked",
            TokenState::Expired => "expired",
            TokenState::Suspended => "suspended",
        }
    }
}

/// Someone or something told of incidents and maintenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subscriber {
    pub id: i64,
    pub kind: super::status::SubscriberKind,
    /// The email address, or the URL deliveries are posted to.
    pub target: String,
    /// The components chosen; `None` for the whole page.
    pub components: Option<Vec<i64>>,
    /// Email: when the confirmation link was followed (nothing is sent before).
    pub confirmed_at: Option<DateTime<Utc>>,
    /// When deliveries kept failing and were stopped until staff enable it again.
    pub quarantined_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Subscriber {
    /// Whether notifications are delivered to it now.
    pub fn is_active(&self) -> bool {
        self.confirmed_at.is_some() && self.quarantined_at.is_none()
    }

    /// Quarantine shows first: it is what staff must act on.
    pub fn state(&self) -> super::status::SubscriberState {
        use super::status::SubscriberState;
        match (self.quarantined_at, self.confirmed_at) {
            (Some(_), _) => SubscriberState::Quarantined,
            (None, None) => SubscriberState::Unconfirmed,
            (None, Some(_)) => SubscriberState::Active,
        }
    }
}

/// One attempt to deliver one notification to one subscriber, as the delivery log shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryAttempt {
    pub delivery_id: i64,
    pub at: DateTime<Utc>,
    pub event: super::status::NotificationKind,
    /// What the notification was about (an incident's or maintenance's title), when known.
    pub subject: Option<String>,
    pub attempt: i64,
    pub ok: bool,
    /// The HTTP status or SMTP reply code, when there was one.
    pub code: Option<i64>,
    /// What the receiver answered, or why it could not be reached.
    pub detail: String,
    /// Where the delivery stands now (a failed attempt may be retried).
    pub state: super::status::DeliveryState,
}

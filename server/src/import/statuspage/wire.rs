//! Statuspage's JSON as its public API v2 and manage API (v1) write it; only the fields Beacon
//! keeps, every other one ignored. A refused value names its path, e.g.
//! `incidents[3].incident_updates[0].status` (serde_path_to_error).

use app::domain::{ComponentStatus, Impact, IncidentStatus, MaintenanceStatus};
use chrono::{DateTime, Utc};
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use std::str::FromStr;

/// Any JSON file or answer: each holds some of these keys (`incidents/{id}.json` may also be a
/// bare incident).
#[derive(Debug, Default, Deserialize)]
pub struct Root {
    pub page: Option<Page>,
    pub components: Option<Vec<Component>>,
    pub incidents: Option<Vec<Incident>>,
    pub scheduled_maintenances: Option<Vec<Incident>>,
    pub incident: Option<Incident>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Page {
    pub id: Option<String>,
    pub name: Option<String>,
    pub time_zone: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Component {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub position: Option<i64>,
    pub status: Option<Name<ComponentStatus>>,
    pub group_id: Option<String>,
    pub group: Option<bool>,
    pub only_show_if_degraded: Option<bool>,
    pub showcase: Option<bool>,
    pub created_at: Option<Time>,
}

/// A row of the manage API's `/component-groups`.
#[derive(Debug, Deserialize)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub position: Option<i64>,
    pub components: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub struct Incident {
    pub id: String,
    pub name: String,
    pub status: Name<AnyStatus>,
    pub impact: Option<Name<AnyImpact>>,
    pub created_at: Time,
    pub updated_at: Option<Time>,
    pub started_at: Option<Time>,
    pub resolved_at: Option<Time>,
    pub scheduled_for: Option<Time>,
    pub scheduled_until: Option<Time>,
    pub scheduled_auto_in_progress: Option<bool>,
    pub scheduled_auto_completed: Option<bool>,
    pub incident_updates: Option<Vec<Update>>,
    pub components: Option<Vec<Ref>>,
    pub postmortem_body: Option<String>,
    pub postmortem_published_at: Option<Time>,
    pub postmortem_body_last_updated_at: Option<Time>,
}

#[derive(Debug, Deserialize)]
pub struct Ref {
    pub id: String,
}

#[derive(Debug, Deserialize)]
pub struct Update {
    pub id: String,
    pub status: Name<AnyStatus>,
    pub body: Option<String>,
    pub created_at: Time,
    pub updated_at: Option<Time>,
    pub display_at: Option<Time>,
    pub affected_components: Option<Vec<Affected>>,
    pub deliver_notifications: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub struct Affected {
    pub code: String,
    pub old_status: Option<Name<ComponentStatus>>,
    pub new_status: Name<ComponentStatus>,
}

/// A time as Statuspage writes it (ISO 8601 with an offset), kept in UTC.
#[derive(Debug, Clone, Copy)]
pub struct Time(pub DateTime<Utc>);

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Time, D::Error> {
        let s = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&s)
            .map(|t| Time(t.with_timezone(&Utc)))
            .map_err(|_| D::Error::custom(format!("\"{s}\" is not an ISO 8601 time such as 2024-05-01T12:00:00Z")))
    }
}

/// A name from a closed set, refused with the set's names.
#[derive(Debug, Clone, Copy)]
pub struct Name<T>(pub T);

impl<'de, T> Deserialize<'de> for Name<T>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Name<T>, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map(Name).map_err(D::Error::custom)
    }
}

/// An incident's or update's status: Statuspage keeps incidents and maintenance in one list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AnyStatus {
    Incident(IncidentStatus),
    /// An incident whose postmortem is published; as an update's status, the postmortem itself.
    Postmortem,
    Maintenance(MaintenanceStatus),
}

impl FromStr for AnyStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<AnyStatus, String> {
        if s == "postmortem" {
            return Ok(AnyStatus::Postmortem);
        }
        s.parse().map(AnyStatus::Incident).or_else(|_| s.parse().map(AnyStatus::Maintenance)).map_err(
            |_: app::domain::UnknownName| {
                format!(
                    "unknown status \"{s}\" (expected one of: investigating, identified, monitoring, resolved, \
                     postmortem, scheduled, in_progress, verifying, completed)"
                )
            },
        )
    }
}

/// An impact; Statuspage's maintenance has `maintenance`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AnyImpact {
    Incident(Impact),
    Maintenance,
}

impl FromStr for AnyImpact {
    type Err = String;
    fn from_str(s: &str) -> Result<AnyImpact, String> {
        match s {
            "maintenance" => Ok(AnyImpact::Maintenance),
            _ => s.parse().map(AnyImpact::Incident).map_err(|_: app::domain::UnknownName| {
                format!("unknown impact \"{s}\" (expected one of: none, minor, major, critical, maintenance)")
            }),
        }
    }
}

/// Parses `text` as JSON into `T`; the error is "path: reason" (or "not JSON: …").
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    from_value(value, "")
}

/// Reads `value` into `T`; paths in errors start with `prefix`.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value, prefix: &str) -> Result<T, String> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let path = match (prefix, path.as_str()) {
            (p, ".") => p.to_string(),
            ("", rest) => rest.to_string(),
            (p, rest) if rest.starts_with('[') => format!("{p}{rest}"),
            (p, rest) => format!("{p}.{rest}"),
        };
        let reason = e.into_inner().to_string();
        if path.is_empty() {
            reason
        } else {
            format!("{path}: {reason}")
        }
    })
}

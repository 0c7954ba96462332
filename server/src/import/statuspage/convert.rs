//! Statuspage's objects, as read from files or the manage API, checked and turned into what the
//! store writes. Every refusal is one line naming where: `incidents.json: incidents[3].name: …`.

use super::wire::{self, AnyImpact, AnyStatus};
use crate::store::{
    SpChange, SpComponent, SpGroup, SpIncident, SpMaintenance, SpMaintenanceUpdate, SpPage, SpPostmortem, SpUpdate,
    StatuspageImport,
};
use app::domain::validate::{self, TITLE_MAX};
use app::domain::{ComponentStatus, Impact, IncidentStatus};
use std::collections::{HashMap, HashSet};

/// Where an object was read: a file (or request) and the path inside it.
#[derive(Debug, Clone)]
pub struct At {
    pub source: String,
    pub path: String,
}

impl At {
    pub fn new(source: &str, path: impl Into<String>) -> At {
        At { source: source.to_string(), path: path.into() }
    }

    fn field(&self, name: &str) -> At {
        let path = if self.path.is_empty() { name.to_string() } else { format!("{}.{name}", self.path) };
        At { source: self.source.clone(), path }
    }

    fn index(&self, name: &str, i: usize) -> At {
        self.field(&format!("{name}[{i}]"))
    }

    /// The one line a refusal prints.
    pub fn refuse(&self, message: impl std::fmt::Display) -> String {
        if self.path.is_empty() {
            format!("{}: {message}", self.source)
        } else {
            format!("{}: {}: {message}", self.source, self.path)
        }
    }
}

/// Everything read from a page, before it is checked.
#[derive(Default)]
pub struct Collected {
    pub source: String,
    pub page: wire::Page,
    pub groups: Vec<(At, wire::Group)>,
    pub components: Vec<(At, wire::Component)>,
    /// Incidents and maintenance alike (Statuspage lists both as incidents); a later entry with
    /// the same id replaces an earlier one.
    pub incidents: Vec<(At, wire::Incident)>,
}

fn text(at: &At, field: &'static str, value: &str, max: usize) -> Result<String, String> {
    validate::line(field, value, max).map_err(|e| at.field(field).refuse(e.message))
}

fn body(at: &At, value: Option<&str>) -> Result<String, String> {
    validate::body("body", value.unwrap_or_default()).map_err(|e| at.field("body").refuse(e.message))
}

/// The page's id, and the name and zone a new database takes (both checked as the settings are).
fn page(c: &Collected) -> Result<SpPage, String> {
    let at = At::new(&c.source, "page");
    let name = c.page.name.as_deref().map(|n| text(&at, "name", n, app::domain::settings::NAME_MAX)).transpose()?;
    let zone = c.page.time_zone.as_deref().map(|z| {
        app::domain::settings::time_zone(z)
            .map(|tz| tz.name().to_string())
            .map_err(|e| at.field("time_zone").refuse(e.message))
    });
    Ok(SpPage { id: c.page.id.clone(), name, time_zone: zone.transpose()? })
}

pub fn convert(c: Collected) -> Result<StatuspageImport, String> {
    let page = page(&c)?;
    let mut out = StatuspageImport { source: c.source.clone(), page, ..StatuspageImport::default() };
    let mut member_of: HashMap<String, String> = HashMap::new();
    for (at, g) in &c.groups {
        let (name, description) =
            validate::name_and_description(&g.name, &g.description).map_err(|e| at.field(e.field).refuse(e.message))?;
        for m in g.components.iter().flatten() {
            member_of.insert(m.clone(), g.id.clone());
        }
        out.groups.push(SpGroup { id: g.id.clone(), name, description, position: g.position.unwrap_or_default() });
    }
    // The public API lists groups among the components, marked `group: true`.
    for (at, comp) in c.components.iter().filter(|(_, c)| c.group == Some(true)) {
        if out.groups.iter().any(|g| g.id == comp.id) {
            continue;
        }
        let (name, description) = validate::name_and_description(&comp.name, &comp.description)
            .map_err(|e| at.field(e.field).refuse(e.message))?;
        out.groups.push(SpGroup {
            id: comp.id.clone(),
            name,
            description,
            position: comp.position.unwrap_or_default(),
        });
    }
    let group_ids: HashSet<&str> = out.groups.iter().map(|g| g.id.as_str()).collect();
    let mut seen = HashSet::new();
    for (at, comp) in c.components.iter().filter(|(_, c)| c.group != Some(true)) {
        if !seen.insert(comp.id.clone()) {
            continue;
        }
        let (name, description) = validate::name_and_description(&comp.name, &comp.description)
            .map_err(|e| at.field(e.field).refuse(e.message))?;
        let group = comp.group_id.clone().or_else(|| member_of.get(&comp.id).cloned());
        if let Some(g) = group.as_deref().filter(|g| !group_ids.contains(g)) {
            return Err(at.field("group_id").refuse(format!("group \"{g}\" is not among the page's groups")));
        }
        out.components.push(SpComponent {
            id: comp.id.clone(),
            name,
            description,
            position: comp.position.unwrap_or_default(),
            status: comp.status.map_or(ComponentStatus::Operational, |s| s.0),
            group,
            only_show_if_degraded: comp.only_show_if_degraded.unwrap_or(false),
            show_uptime: comp.showcase.unwrap_or(true),
            created_at: comp.created_at.map(|t| t.0),
        });
    }
    let known: HashSet<String> = out.components.iter().map(|c| c.id.clone()).collect();
    let component = |at: At, id: &str| {
        if known.contains(id) {
            Ok(id.to_string())
        } else {
            Err(at.refuse(format!("component \"{id}\" is not among the page's components")))
        }
    };
    // The last entry for an id wins (a detailed incidents/{id}.json over the list).
    let mut order: Vec<&str> = Vec::new();
    let mut latest: HashMap<&str, &(At, wire::Incident)> = HashMap::new();
    for entry in &c.incidents {
        if latest.insert(entry.1.id.as_str(), entry).is_none() {
            order.push(entry.1.id.as_str());
        }
    }
    for id in order {
        let (at, i) = latest[id];
        let components = i
            .components
            .iter()
            .flatten()
            .enumerate()
            .map(|(n, r)| component(at.index("components", n).field("id"), &r.id))
            .collect::<Result<Vec<_>, _>>()?;
        match i.status.0 {
            AnyStatus::Maintenance(status) => {
                out.maintenances.push(maintenance(at, i, status, components)?);
            }
            _ => out.incidents.push(incident(at, i, components, &component)?),
        }
    }
    Ok(out)
}

fn incident(
    at: &At,
    i: &wire::Incident,
    components: Vec<String>,
    component: &impl Fn(At, &str) -> Result<String, String>,
) -> Result<SpIncident, String> {
    let title = text(at, "name", &i.name, TITLE_MAX)?;
    let impact = match i.impact.map(|n| n.0) {
        Some(AnyImpact::Incident(impact)) => impact,
        Some(AnyImpact::Maintenance) | None => Impact::None,
    };
    let mut updates = Vec::new();
    let mut postmortem = None;
    for (n, u) in i.incident_updates.iter().flatten().enumerate() {
        let at = at.index("incident_updates", n);
        let display_at = u.display_at.unwrap_or(u.created_at).0;
        let status = match u.status.0 {
            AnyStatus::Incident(s) => s,
            // Statuspage shows a published postmortem as an update; Beacon keeps it as the postmortem.
            AnyStatus::Postmortem => {
                let body = body(&at, u.body.as_deref())?;
                postmortem = Some(SpPostmortem { body, published_at: Some(display_at), updated_at: display_at });
                continue;
            }
            AnyStatus::Maintenance(s) => {
                return Err(at.field("status").refuse(format!(
                    "\"{}\" is a maintenance status, but the incident's status \"{}\" is not",
                    s.as_str(),
                    status_name(i.status.0)
                )))
            }
        };
        let changes = u
            .affected_components
            .iter()
            .flatten()
            .enumerate()
            .map(|(k, a)| {
                let code = component(at.index("affected_components", k).field("code"), &a.code)?;
                let old_status = a.old_status.map_or(ComponentStatus::Operational, |s| s.0);
                Ok(SpChange { component: code, old_status, new_status: a.new_status.0 })
            })
            .collect::<Result<Vec<_>, String>>()?;
        updates.push(SpUpdate {
            id: u.id.clone(),
            status,
            body: body(&at, u.body.as_deref())?,
            display_at,
            created_at: u.created_at.0,
            updated_at: u.updated_at.unwrap_or(u.created_at).0,
            notify: u.deliver_notifications.unwrap_or(true),
            changes,
        });
    }
    if let Some(text) = i.postmortem_body.as_deref().filter(|b| !b.trim().is_empty()) {
        let body = validate::body("postmortem_body", text).map_err(|e| at.field(e.field).refuse(e.message))?;
        let published_at = i.postmortem_published_at.map(|t| t.0);
        let updated_at = i.postmortem_body_last_updated_at.or(i.postmortem_published_at).unwrap_or(i.created_at).0;
        postmortem = Some(SpPostmortem { body, published_at, updated_at });
    }
    updates.sort_by_key(|u| (u.display_at, u.created_at));
    let Some(latest) = updates.last() else {
        return Err(at.field("incident_updates").refuse("an incident needs at least one update"));
    };
    let status = latest.status;
    let resolved_at = (status == IncidentStatus::Resolved).then(|| i.resolved_at.map_or(latest.display_at, |t| t.0));
    Ok(SpIncident {
        id: i.id.clone(),
        title,
        impact,
        created_at: i.created_at.0,
        updated_at: i.updated_at.unwrap_or(i.created_at).0,
        started_at: i.started_at.unwrap_or(i.created_at).0,
        resolved_at,
        status,
        components,
        updates,
        postmortem,
    })
}

fn status_name(s: AnyStatus) -> &'static str {
    match s {
        AnyStatus::Incident(s) => s.as_str(),
        AnyStatus::Postmortem => "postmortem",
        AnyStatus::Maintenance(s) => s.as_str(),
    }
}

fn maintenance(
    at: &At,
    i: &wire::Incident,
    status: app::domain::MaintenanceStatus,
    components: Vec<String>,
) -> Result<SpMaintenance, String> {
    let title = text(at, "name", &i.name, TITLE_MAX)?;
    let scheduled_for =
        i.scheduled_for.ok_or_else(|| at.field("scheduled_for").refuse("a maintenance needs its start"))?.0;
    let scheduled_until =
        i.scheduled_until.ok_or_else(|| at.field("scheduled_until").refuse("a maintenance needs its end"))?.0;
    if scheduled_until <= scheduled_for {
        return Err(at.field("scheduled_until").refuse("the window must end after it starts"));
    }
    let mut updates = Vec::new();
    for (n, u) in i.incident_updates.iter().flatten().enumerate() {
        let at = at.index("incident_updates", n);
        let AnyStatus::Maintenance(status) = u.status.0 else {
            return Err(at.field("status").refuse(format!(
                "\"{}\" is not a maintenance status (expected one of: scheduled, in_progress, verifying, completed)",
                status_name(u.status.0)
            )));
        };
        updates.push(SpMaintenanceUpdate {
            id: u.id.clone(),
            status,
            body: body(&at, u.body.as_deref())?,
            display_at: u.display_at.unwrap_or(u.created_at).0,
            created_at: u.created_at.0,
            updated_at: u.updated_at.unwrap_or(u.created_at).0,
            notify: u.deliver_notifications.unwrap_or(true),
        });
    }
    updates.sort_by_key(|u| (u.display_at, u.created_at));
    Ok(SpMaintenance {
        id: i.id.clone(),
        title,
        status,
        scheduled_for,
        scheduled_until,
        auto_start: i.scheduled_auto_in_progress.unwrap_or(true),
        auto_complete: i.scheduled_auto_completed.unwrap_or(true),
        created_at: i.created_at.0,
        updated_at: i.updated_at.unwrap_or(i.created_at).0,
        components,
        updates,
    })
}

//! Statuspage's v2 JSON shapes, field for field, from the domain. Ids are strings and unique across
//! kinds: components and incidents by their number, groups `g…`, maintenance `m…` and its updates
//! `mu…`. Times are ISO 8601 in the page's zone with its offset.

use crate::store::{PageInfo, Store, StoreError};
use app::domain::{
    Component, ComponentGroup, ComponentStatus, Incident, IncidentStatus, IncidentUpdate, Maintenance, Overall,
};
use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct PageJson {
    pub id: String,
    pub name: String,
    pub url: String,
    pub time_zone: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize)]
pub struct StatusJson {
    pub indicator: &'static str,
    pub description: &'static str,
}

#[derive(Debug, Serialize)]
pub struct ComponentJson {
    pub id: String,
    pub name: String,
    pub status: &'static str,
    pub created_at: String,
    pub updated_at: String,
    pub position: i64,
    pub description: Option<String>,
    pub showcase: bool,
    pub start_date: Option<String>,
    pub group_id: Option<String>,
    pub page_id: String,
    pub group: bool,
    pub only_show_if_degraded: bool,
    /// The members' ids, on group rows only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<String>>,
}

#[derive(Debug, Serialize)]
pub struct IncidentJson {
    pub id: String,
    pub name: String,
    pub status: &'static str,
    pub created_at: String,
    pub updated_at: String,
    pub monitoring_at: Option<String>,
    pub resolved_at: Option<String>,
    pub impact: &'static str,
    pub shortlink: String,
    pub started_at: String,
    pub page_id: String,
    /// Newest first.
    pub incident_updates: Vec<UpdateJson>,
    pub components: Vec<ComponentJson>,
    /// On maintenance only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_for: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheduled_until: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct UpdateJson {
    pub id: String,
    pub status: &'static str,
    /// Markdown, as written.
    pub body: String,
    pub incident_id: String,
    pub created_at: String,
    pub updated_at: String,
    pub display_at: String,
    pub affected_components: Vec<AffectedJson>,
    pub deliver_notifications: bool,
}

#[derive(Debug, Serialize)]
pub struct AffectedJson {
    pub code: String,
    pub name: String,
    pub old_status: &'static str,
    pub new_status: &'static str,
}

/// The page as the API shows it: its identity and its visible components, against which
/// incidents are rendered.
pub struct PageView {
    pub info: PageInfo,
    pub name: String,
    pub public_url: String,
    pub tz: Tz,
    pub groups: Vec<ComponentGroup>,
    /// Visible components only, in page order.
    pub components: Vec<Component>,
}

impl PageView {
    /// The page as it stands now: its identity, groups and visible components.
    pub async fn load(store: &Store, name: &str, public_url: &str, tz: Tz) -> Result<PageView, StoreError> {
        let info = store.page_info().await?;
        let groups = store.list_groups().await?;
        let mut components = store.list_components().await?;
        components.retain(|c| c.visible);
        Ok(PageView { info, name: name.to_string(), public_url: public_url.to_string(), tz, groups, components })
    }

    pub fn time(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.tz).to_rfc3339_opts(SecondsFormat::Millis, false)
    }

    pub fn page(&self) -> PageJson {
        PageJson {
            id: self.info.id.clone(),
            name: self.name.clone(),
            url: self.public_url.clone(),
            time_zone: self.tz.name().to_string(),
            updated_at: self.time(self.info.updated_at),
        }
    }

    /// The indicator and banner text, from the one rule in [`Overall`].
    pub fn status(&self, open: &[Incident]) -> StatusJson {
        let overall = Overall::of(&self.components, open);
        StatusJson { indicator: overall.indicator.as_str(), description: overall.description() }
    }

    /// Groups (with their members' ids) and components in page order, each group followed by
    /// its members. A group without a visible member is left out.
    pub fn components(&self) -> Vec<ComponentJson> {
        let mut rows: Vec<(i64, u8, Vec<ComponentJson>)> = Vec::new();
        for g in &self.groups {
            let members: Vec<&Component> = self.components.iter().filter(|c| c.group_id == Some(g.id)).collect();
            if members.is_empty() {
                continue;
            }
            let mut block = vec![self.group(g, &members)];
            block.extend(members.iter().map(|c| self.component(c)));
            rows.push((g.position, 0, block));
        }
        for c in self.components.iter().filter(|c| self.group_of(c).is_none()) {
            rows.push((c.position, 1, vec![self.component(c)]));
        }
        rows.sort_by_key(|(position, kind, _)| (*position, *kind));
        rows.into_iter().flat_map(|(_, _, block)| block).collect()
    }

    fn group_of(&self, c: &Component) -> Option<&ComponentGroup> {
        let id = c.group_id?;
        self.groups.iter().find(|g| g.id == id)
    }

    fn group(&self, g: &ComponentGroup, members: &[&Component]) -> ComponentJson {
        let updated = members.iter().map(|c| c.updated_at).fold(g.updated_at, DateTime::max);
        ComponentJson {
            id: format!("g{}", g.id),
            name: g.name.clone(),
            status: ComponentStatus::worst(members.iter().map(|c| c.status)).as_str(),
            created_at: self.time(g.created_at),
            updated_at: self.time(updated),
            position: g.position,
            description: g.description.clone(),
            showcase: false,
            start_date: None,
            group_id: None,
            page_id: self.info.id.clone(),
            group: true,
            only_show_if_degraded: false,
            components: Some(members.iter().map(|c| c.id.to_string()).collect()),
        }
    }

    pub fn component(&self, c: &Component) -> ComponentJson {
        ComponentJson {
            id: c.id.to_string(),
            name: c.name.clone(),
            status: c.status.as_str(),
            created_at: self.time(c.created_at),
            updated_at: self.time(c.updated_at),
            position: c.position,
            description: c.description.clone(),
            showcase: c.show_uptime,
            start_date: Some(c.created_at.with_timezone(&self.tz).format("%Y-%m-%d").to_string()),
            group_id: self.group_of(c).map(|g| format!("g{}", g.id)),
            page_id: self.info.id.clone(),
            group: false,
            only_show_if_degraded: c.only_show_if_degraded,
            components: None,
        }
    }

    /// The visible components among `ids`, as they are now.
    fn affected(&self, ids: impl IntoIterator<Item = i64>) -> Vec<ComponentJson> {
        ids.into_iter()
            .filter_map(|id| self.components.iter().find(|c| c.id == id))
            .map(|c| self.component(c))
            .collect()
    }

    /// Dates are the incident's shown dates (`app::domain::dates`): `created_at` is a backfilled
    /// incident's start, as Statuspage's backfill has it, `updated_at` its last shown change.
    pub fn incident(&self, i: &Incident) -> IncidentJson {
        let updates = i.updates.iter().rev().map(|u| self.update(u)).collect();
        let dates = i.shown_dates();
        IncidentJson {
            id: i.id.to_string(),
            name: i.title.clone(),
            status: status_name(i),
            created_at: self.time(dates.opened),
            updated_at: self.time(dates.last_changed),
            monitoring_at: monitoring_at(&i.updates).map(|t| self.time(t)),
            resolved_at: dates.resolved.map(|t| self.time(t)),
            impact: i.impact.as_str(),
            shortlink: format!("{}{}", self.public_url, app::paths::incident(i.id)),
            started_at: self.time(i.started_at),
            page_id: self.info.id.clone(),
            incident_updates: updates,
            components: self.affected(i.affected.iter().map(|a| a.component_id)),
            scheduled_for: None,
            scheduled_until: None,
        }
    }

    fn update(&self, u: &IncidentUpdate) -> UpdateJson {
        let visible = |id: i64| self.components.iter().any(|c| c.id == id);
        let (created_at, updated_at) = u.shown_times();
        UpdateJson {
            id: u.id.to_string(),
            status: u.status.as_str(),
            body: u.body.clone(),
            incident_id: u.incident_id.to_string(),
            created_at: self.time(created_at),
            updated_at: self.time(updated_at),
            display_at: self.time(u.display_at),
            affected_components: u
                .changes
                .iter()
                .filter(|c| visible(c.component_id))
                .map(|c| AffectedJson {
                    code: c.component_id.to_string(),
                    name: c.component_name.clone(),
                    old_status: c.old_status.as_str(),
                    new_status: c.new_status.as_str(),
                })
                .collect(),
            deliver_notifications: u.notify,
        }
    }

    /// Maintenance is an incident with impact `maintenance` and a window, as on Statuspage.
    pub fn maintenance(&self, m: &Maintenance) -> IncidentJson {
        let id = format!("m{}", m.id);
        let dates = m.shown_dates();
        let updates = m
            .updates
            .iter()
            .rev()
            .map(|u| UpdateJson {
                id: format!("mu{}", u.id),
                status: u.status.as_str(),
                body: u.body.clone(),
                incident_id: id.clone(),
                created_at: self.time(u.display_at),
                updated_at: self.time(u.display_at),
                display_at: self.time(u.display_at),
                affected_components: Vec::new(),
                deliver_notifications: u.notify,
            })
            .collect();
        IncidentJson {
            id,
            name: m.title.clone(),
            status: m.status.as_str(),
            created_at: self.time(dates.opened),
            updated_at: self.time(dates.last_changed),
            monitoring_at: None,
            resolved_at: dates.resolved.map(|t| self.time(t)),
            impact: "maintenance",
            shortlink: format!("{}{}", self.public_url, app::paths::maintenance(m.id)),
            started_at: self.time(m.scheduled_for),
            page_id: self.info.id.clone(),
            incident_updates: updates,
            components: self.affected(m.affected.iter().map(|a| a.component_id)),
            scheduled_for: Some(self.time(m.scheduled_for)),
            scheduled_until: Some(self.time(m.scheduled_until)),
        }
    }
}

/// An incident's status in Statuspage's words: `postmortem` once a resolved incident's
/// postmortem is published (it stays resolved here, so the lists of open incidents leave it out).
fn status_name(i: &Incident) -> &'static str {
    if i.status == IncidentStatus::Resolved && i.published_postmortem().is_some() {
        return "postmortem";
    }
    i.status.as_str()
}

/// When the incident last entered monitoring (it may have stepped back since), if ever.
fn monitoring_at(updates_oldest_first: &[IncidentUpdate]) -> Option<DateTime<Utc>> {
    let mut previous = None;
    let mut entered = None;
    for u in updates_oldest_first {
        if u.status == IncidentStatus::Monitoring && previous != Some(IncidentStatus::Monitoring) {
            entered = Some(u.display_at);
        }
        previous = Some(u.status);
    }
    entered
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};
    use IncidentStatus::*;

    fn updates(statuses: &[IncidentStatus]) -> Vec<IncidentUpdate> {
        let t0 = Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap();
        statuses
            .iter()
            .enumerate()
            .map(|(n, s)| IncidentUpdate {
                id: n as i64,
                incident_id: 1,
                status: *s,
                body: String::new(),
                display_at: t0 + Duration::minutes(n as i64),
                created_at: t0,
                updated_at: t0,
                version: 1,
                changes: Vec::new(),
                notify: true,
            })
            .collect()
    }

    #[test]
    fn monitoring_at_is_when_monitoring_last_began() {
        let t0 = Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap();
        assert_eq!(monitoring_at(&updates(&[Investigating, Identified])), None);
        let u = updates(&[Investigating, Monitoring, Monitoring, Resolved]);
        assert_eq!(monitoring_at(&u), Some(t0 + Duration::minutes(1)));
        let u = updates(&[Monitoring, Identified, Monitoring, Monitoring]);
        assert_eq!(monitoring_at(&u), Some(t0 + Duration::minutes(2)));
    }
}

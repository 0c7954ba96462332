//! The page's overall status: derived, never stored. The banner and the API's `status.indicator`
//! both come from here.

use super::model::{Component, Incident};
use super::status::{ComponentStatus, Impact};
use serde::{Deserialize, Serialize};

/// Statuspage's indicator: `none`, `minor`, `major`, `critical`.
pub type Indicator = Impact;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overall {
    pub indicator: Indicator,
    /// Nothing is broken but something is under maintenance.
    pub maintenance: bool,
}

impl Overall {
    /// The page's status: the components visitors can see and the incidents still open. The one
    /// place that decides what counts; page, badge and API call it.
    pub fn of(components: &[Component], incidents: &[Incident]) -> Overall {
        Overall::compute(
            components.iter().filter(|c| c.visible).map(|c| c.status),
            incidents.iter().filter(|i| i.status.is_open()).map(|i| i.impact),
        )
    }

    /// Worst of what the components show and what the open incidents declare.
    pub fn compute(
        component_statuses: impl IntoIterator<Item = ComponentStatus>,
        open_incident_impacts: impl IntoIterator<Item = Impact>,
    ) -> Overall {
        let worst = ComponentStatus::worst(component_statuses);
        let from_components = match worst {
            ComponentStatus::Operational | ComponentStatus::UnderMaintenance => Impact::None,
            ComponentStatus::DegradedPerformance => Impact::Minor,
            ComponentStatus::PartialOutage => Impact::Major,
            ComponentStatus::MajorOutage => Impact::Critical,
        };
        let from_incidents = open_incident_impacts.into_iter().max().unwrap_or(Impact::None);
        let indicator = from_components.max(from_incidents);
        Overall { indicator, maintenance: indicator == Impact::None && worst == ComponentStatus::UnderMaintenance }
    }

    /// The banner text, e.g. "Partial System Outage".
    pub fn description(self) -> &'static str {
        match self.indicator {
            Impact::None if self.maintenance => "Service Under Maintenance",
            Impact::None => "All Systems Operational",
            Impact::Minor => "Minor Service Outage",
            Impact::Major => "Partial System Outage",
            Impact::Critical => "Major System Outage",
        }
    }

    /// The CSS modifier of the banner (same palette as component statuses).
    pub fn css(self) -> &'static str {
        match self.indicator {
            Impact::None if self.maintenance => "maint",
            Impact::None => "ok",
            Impact::Minor => "minor",
            Impact::Major => "major",
            Impact::Critical => "critical",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ComponentStatus::*;

    #[test]
    fn all_operational_and_no_incident_is_all_systems_operational() {
        let o = Overall::compute([Operational, Operational], []);
        assert_eq!(o.indicator, Impact::None);
        assert_eq!(o.description(), "All Systems Operational");
        assert_eq!(Overall::compute([], []).description(), "All Systems Operational");
    }

    #[test]
    fn worst_component_sets_the_banner() {
        assert_eq!(Overall::compute([Operational, DegradedPerformance], []).description(), "Minor Service Outage");
        assert_eq!(Overall::compute([DegradedPerformance, PartialOutage], []).description(), "Partial System Outage");
        assert_eq!(Overall::compute([PartialOutage, MajorOutage], []).description(), "Major System Outage");
        assert_eq!(Overall::compute([MajorOutage], []).indicator, Impact::Critical);
    }

    #[test]
    fn an_open_incident_raises_the_banner_above_its_components() {
        let o = Overall::compute([Operational], [Impact::Major]);
        assert_eq!(o.indicator, Impact::Major);
        assert_eq!(o.description(), "Partial System Outage");
        // An impact-less incident does not raise it.
        assert_eq!(Overall::compute([Operational], [Impact::None]).indicator, Impact::None);
        // The component can still be worse than the incident says.
        assert_eq!(Overall::compute([MajorOutage], [Impact::Minor]).indicator, Impact::Critical);
    }

    #[test]
    fn maintenance_shows_only_when_nothing_is_broken() {
        let o = Overall::compute([Operational, UnderMaintenance], []);
        assert_eq!((o.indicator, o.description()), (Impact::None, "Service Under Maintenance"));
        let o = Overall::compute([UnderMaintenance, DegradedPerformance], []);
        assert_eq!(o.description(), "Minor Service Outage");
        let o = Overall::compute([UnderMaintenance], [Impact::Minor]);
        assert_eq!(o.description(), "Minor Service Outage");
    }

    #[test]
    fn hidden_components_and_resolved_incidents_do_not_count() {
        use crate::domain::status::IncidentStatus;
        use chrono::Utc;
        let now = Utc::now();
        let component = |status, visible| Component {
            id: 1,
            group_id: None,
            name: "API".into(),
            description: None,
            position: 0,
            status,
            visible,
            only_show_if_degraded: false,
            show_uptime: true,
            created_at: now,
            updated_at: now,
            version: 1,
        };
        let incident = |status| Incident {
            id: 1,
            title: "Down".into(),
            impact: Impact::Critical,
            status,
            started_at: now,
            resolved_at: None,
            created_at: now,
            updated_at: now,
            version: 1,
            updates: vec![],
            affected: vec![],
            postmortem: None,
        };
        let hidden_outage = [component(Operational, true), component(MajorOutage, false)];
        assert_eq!(Overall::of(&hidden_outage, &[]).indicator, Impact::None);
        let resolved = [incident(IncidentStatus::Resolved)];
        assert_eq!(Overall::of(&hidden_outage, &resolved).indicator, Impact::None);
        let open = [incident(IncidentStatus::Investigating)];
        assert_eq!(Overall::of(&hidden_outage, &open).indicator, Impact::Critical);
    }
}

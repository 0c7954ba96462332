//! The words for the domain's statuses in a language: message ids made from each status's stored
//! name (`component-status-partial_outage`), so that every status has one id in every file.

use super::Lang;
use crate::domain::{ComponentStatus, Impact, IncidentStatus, MaintenanceStatus, Overall};

impl Lang {
    pub fn component_status(self, s: ComponentStatus) -> String {
        self.t(&format!("component-status-{}", s.as_str()))
    }

    pub fn incident_status(self, s: IncidentStatus) -> String {
        self.t(&format!("incident-status-{}", s.as_str()))
    }

    pub fn maintenance_status(self, s: MaintenanceStatus) -> String {
        self.t(&format!("maintenance-status-{}", s.as_str()))
    }

    /// "Minor impact".
    pub fn impact(self, i: Impact) -> String {
        self.t(&format!("impact-{}", i.as_str()))
    }

    /// The page's status in a sentence: "All Systems Operational".
    pub fn overall(self, o: Overall) -> String {
        self.t(&format!("overall-{}", overall_key(o)))
    }

    /// A trail's label: the status when it changed, "Update" when it did not.
    pub fn step<S>(self, changed: Option<S>, name: impl Fn(Lang, S) -> String) -> String {
        match changed {
            Some(s) => name(self, s),
            None => self.t("update-label"),
        }
    }
}

fn overall_key(o: Overall) -> &'static str {
    match o.indicator {
        Impact::None if o.maintenance => "maintenance",
        Impact::None => "operational",
        i => i.as_str(),
    }
}

/// Every id the functions above make (the tests check each is in every file).
#[cfg(test)]
pub fn ids() -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    ids.extend(ComponentStatus::ALL.iter().map(|s| format!("component-status-{}", s.as_str())));
    ids.extend(IncidentStatus::ALL.iter().map(|s| format!("incident-status-{}", s.as_str())));
    ids.extend(MaintenanceStatus::ALL.iter().map(|s| format!("maintenance-status-{}", s.as_str())));
    ids.extend(Impact::ALL.iter().map(|i| format!("impact-{}", i.as_str())));
    for maintenance in [false, true] {
        for indicator in Impact::ALL {
            ids.push(format!("overall-{}", overall_key(Overall { indicator: *indicator, maintenance })));
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

//! How an update trail is labelled: the status when it changed, "Update" when it did not.

use super::model::{IncidentUpdate, MaintenanceUpdate};
use super::status::{IncidentStatus, MaintenanceStatus};

/// The label of each status in a trail given oldest first: the status's name when it differs from
/// the previous one (always for the first), otherwise "Update".
pub fn labels_by<S: Copy + PartialEq>(
    statuses_oldest_first: impl IntoIterator<Item = S>,
    name: impl Fn(S) -> &'static str,
) -> Vec<&'static str> {
    steps(statuses_oldest_first).into_iter().map(|s| s.map_or("Update", &name)).collect()
}

/// Each status of a trail given oldest first when it differs from the previous one (always the
/// first), `None` when it does not: what a label says, in any language.
pub fn steps<S: Copy + PartialEq>(statuses_oldest_first: impl IntoIterator<Item = S>) -> Vec<Option<S>> {
    let mut previous = None;
    statuses_oldest_first
        .into_iter()
        .map(|status| {
            let step = (previous != Some(status)).then_some(status);
            previous = Some(status);
            step
        })
        .collect()
}

/// An incident's updates newest first, each with its label.
pub fn newest_first(updates_oldest_first: &[IncidentUpdate]) -> Vec<(&'static str, &IncidentUpdate)> {
    let labels = labels_by(updates_oldest_first.iter().map(|u| u.status), |s| s.label());
    labels.into_iter().zip(updates_oldest_first).rev().collect()
}

/// An incident's updates newest first, each with its step (see [`steps`]).
pub fn incident_steps(updates_oldest_first: &[IncidentUpdate]) -> Vec<(Option<IncidentStatus>, &IncidentUpdate)> {
    steps(updates_oldest_first.iter().map(|u| u.status)).into_iter().zip(updates_oldest_first).rev().collect()
}

/// A maintenance's updates newest first, each with its label.
pub fn maintenance_newest_first(updates_oldest_first: &[MaintenanceUpdate]) -> Vec<(&'static str, &MaintenanceUpdate)> {
    let labels = labels_by(updates_oldest_first.iter().map(|u| u.status), |s| s.label());
    labels.into_iter().zip(updates_oldest_first).rev().collect()
}

/// A maintenance's updates newest first, each with its step (see [`steps`]).
pub fn maintenance_steps(
    updates_oldest_first: &[MaintenanceUpdate],
) -> Vec<(Option<MaintenanceStatus>, &MaintenanceUpdate)> {
    steps(updates_oldest_first.iter().map(|u| u.status)).into_iter().zip(updates_oldest_first).rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use IncidentStatus::*;

    fn labels(statuses: impl IntoIterator<Item = IncidentStatus>) -> Vec<&'static str> {
        labels_by(statuses, IncidentStatus::label)
    }

    #[test]
    fn a_repeated_status_reads_update() {
        assert_eq!(
            labels([Investigating, Investigating, Identified, Monitoring, Monitoring, Resolved]),
            ["Investigating", "Update", "Identified", "Monitoring", "Update", "Resolved"]
        );
    }

    #[test]
    fn stepping_back_shows_the_status_again() {
        assert_eq!(
            labels([Investigating, Identified, Monitoring, Identified, Resolved]),
            ["Investigating", "Identified", "Monitoring", "Identified", "Resolved"]
        );
    }

    #[test]
    fn the_first_update_always_carries_its_status() {
        assert_eq!(labels([Monitoring]), ["Monitoring"]);
        assert!(labels([]).is_empty());
    }
}

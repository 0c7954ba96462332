//! The public dates of an incident or a maintenance: the times its steps are *shown* at, never
//! the moment they were written into Beacon (a backfilled incident from 2019 written today still
//! reads 2019). The page, the feeds, API v2 and the webhooks all take their dates from here; the
//! store keeps `shown_updated_at` (the last change, for ordering the feeds) with [`last_change`].

use super::model::{Incident, IncidentUpdate, Maintenance};
use super::status::IncidentStatus;
use chrono::{DateTime, Utc};

/// What a reader is told of when something happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShownDates {
    /// When it was first posted: its first update's shown time.
    pub first_posted: DateTime<Utc>,
    /// When it was opened, as Statuspage's `created_at` says: its start when that lies before its
    /// first update (a backfilled incident), else its first update.
    pub opened: DateTime<Utc>,
    /// When it last changed: its latest update's shown time, or its published postmortem's
    /// publication time when that is later.
    pub last_changed: DateTime<Utc>,
    /// When it was resolved (completed, for maintenance): the resolving update's shown time.
    pub resolved: Option<DateTime<Utc>>,
}

/// The last change of an incident or maintenance from its latest update's shown time and its
/// published postmortem's time; `fallback` when it has neither (an incident keeps one update,
/// so only a damaged row has none). The store's `shown_updated_at` column is this value.
pub fn last_change(
    latest_update: Option<DateTime<Utc>>,
    postmortem_published: Option<DateTime<Utc>>,
    fallback: DateTime<Utc>,
) -> DateTime<Utc> {
    match (latest_update, postmortem_published) {
        (Some(u), Some(p)) => u.max(p),
        (Some(t), None) | (None, Some(t)) => t,
        (None, None) => fallback,
    }
}

impl Incident {
    /// The incident's public dates (its updates are held oldest first, by shown time).
    pub fn shown_dates(&self) -> ShownDates {
        let first_posted = self.updates.first().map_or(self.started_at, |u| u.display_at);
        let latest = self.updates.last();
        let published = self.published_postmortem().and_then(|p| p.published_at);
        // The status is the latest update's, so a resolved incident's latest update resolved it.
        let resolved = match latest {
            Some(u) if self.status == IncidentStatus::Resolved => Some(u.display_at),
            Some(_) => None,
            None => self.resolved_at,
        };
        ShownDates {
            first_posted,
            opened: self.started_at.min(first_posted),
            last_changed: last_change(latest.map(|u| u.display_at), published, self.started_at),
            resolved,
        }
    }
}

impl Maintenance {
    /// The maintenance's public dates (its updates are held oldest first, by shown time).
    pub fn shown_dates(&self) -> ShownDates {
        use super::status::MaintenanceStatus;
        let first_posted = self.updates.first().map_or(self.created_at, |u| u.display_at);
        let latest = self.updates.last();
        let resolved = (self.status == MaintenanceStatus::Completed).then(|| {
            self.updates
                .iter()
                .rev()
                .find(|u| u.status == MaintenanceStatus::Completed)
                .map_or(last_change(latest.map(|u| u.display_at), None, self.created_at), |u| u.display_at)
        });
        ShownDates {
            first_posted,
            opened: first_posted,
            last_changed: last_change(latest.map(|u| u.display_at), None, self.created_at),
            resolved,
        }
    }
}

impl IncidentUpdate {
    /// An update's own `created_at` and `updated_at` as readers are told them: its shown time,
    /// and the time of its last correction if it was edited after it was written.
    pub fn shown_times(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let edited = self.version > 1 && self.updated_at > self.display_at;
        (self.display_at, if edited { self.updated_at } else { self.display_at })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Impact, Postmortem};
    use chrono::{Duration, TimeZone};

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2019, 3, day, 12, 0, 0).unwrap()
    }

    fn update(n: i64, status: IncidentStatus, shown: DateTime<Utc>) -> IncidentUpdate {
        let written = Utc.with_ymd_and_hms(2026, 12, 5, 0, 0, 0).unwrap();
        IncidentUpdate {
            id: n,
            incident_id: 1,
            status,
            body: String::new(),
            display_at: shown,
            created_at: written,
            updated_at: written,
            version: 1,
            changes: Vec::new(),
            notify: false,
        }
    }

    fn backfilled() -> Incident {
        let written = Utc.with_ymd_and_hms(2026, 12, 5, 0, 0, 0).unwrap();
        Incident {
            id: 1,
            title: "Outage".into(),
            impact: Impact::Major,
            status: IncidentStatus::Resolved,
            started_at: at(1) - Duration::hours(2),
            resolved_at: Some(at(2)),
            created_at: written,
            updated_at: written,
            version: 3,
            updates: vec![update(1, IncidentStatus::Investigating, at(1)), update(2, IncidentStatus::Resolved, at(2))],
            affected: Vec::new(),
            postmortem: None,
        }
    }

    #[test]
    fn the_dates_are_the_shown_times_not_the_write_times() {
        let d = backfilled().shown_dates();
        assert_eq!(d.first_posted, at(1));
        assert_eq!(d.opened, at(1) - Duration::hours(2), "a backfilled start comes first");
        assert_eq!(d.last_changed, at(2));
        assert_eq!(d.resolved, Some(at(2)));
    }

    #[test]
    fn a_published_postmortem_is_the_last_change_a_draft_is_not() {
        let mut i = backfilled();
        let written = i.created_at;
        i.postmortem =
            Some(Postmortem { incident_id: 1, body: "x".into(), published_at: None, updated_at: written, version: 1 });
        assert_eq!(i.shown_dates().last_changed, at(2));
        i.postmortem.as_mut().unwrap().published_at = Some(at(9));
        assert_eq!(i.shown_dates().last_changed, at(9));
        assert_eq!(i.shown_dates().resolved, Some(at(2)));
    }

    #[test]
    fn an_open_incident_is_not_resolved_and_an_edited_update_says_when() {
        let mut i = backfilled();
        i.status = IncidentStatus::Monitoring;
        i.updates[1].status = IncidentStatus::Monitoring;
        assert_eq!(i.shown_dates().resolved, None);
        assert_eq!(i.updates[0].shown_times(), (at(1), at(1)));
        i.updates[0].version = 2;
        assert_eq!(i.updates[0].shown_times(), (at(1), i.updates[0].updated_at));
    }

    #[test]
    fn last_change_takes_the_later_time() {
        assert_eq!(last_change(Some(at(1)), Some(at(3)), at(9)), at(3));
        assert_eq!(last_change(Some(at(4)), Some(at(3)), at(9)), at(4));
        assert_eq!(last_change(None, None, at(9)), at(9));
    }
}

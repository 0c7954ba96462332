//! One line of the public history: an incident, listed at its start, or a maintenance window,
//! listed at the window's start.

use super::model::{Incident, Maintenance};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq)]
pub enum HistoryEntry {
    Incident(Incident),
    Maintenance(Maintenance),
}

impl HistoryEntry {
    /// The time the history lists it at, and the month it falls under.
    pub fn listed_at(&self) -> DateTime<Utc> {
        match self {
            HistoryEntry::Incident(i) => i.started_at,
            HistoryEntry::Maintenance(m) => m.scheduled_for,
        }
    }
}

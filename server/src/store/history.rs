//! The public history: incidents and maintenance windows in one newest-first order, of the whole
//! page or of one component, a page at a time. Each kind is read along its own index (incidents
//! by start, windows by start; for one component, the copies of those times that migration 0012
//! keeps beside each link), never more than a page and one of each, and the two are merged here.

use super::rows::{IncidentRow, MaintenanceRow};
use super::{ms, Result, Store};
use app::domain::HistoryEntry;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::QueryAs;
use sqlx::Any;
use std::cmp::{Ordering, Reverse};
use std::fmt;
use std::str::FromStr;

/// Which kind of entry a cursor stands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EntryKind {
    Incident,
    Maintenance,
}

/// A place in the history, just after which a page starts. The order: the time an entry is
/// listed at, newest first; at the same time incidents before maintenance; then higher ids first.
/// So every entry has one place, and a page boundary between equal times neither skips nor
/// repeats one.
///
/// Written `1717243200000.42` on an incident (as the history wrote its cursors when it listed
/// incidents alone, so those links still lead on from the same incident) and
/// `1717243200000.m7` on a maintenance (as API v2 names maintenance `m…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryCursor {
    pub listed_at_ms: i64,
    pub kind: EntryKind,
    pub id: i64,
}

impl EntryCursor {
    /// The place of `entry`.
    pub fn of(entry: &HistoryEntry) -> EntryCursor {
        let (kind, id) = match entry {
            HistoryEntry::Incident(i) => (EntryKind::Incident, i.id),
            HistoryEntry::Maintenance(m) => (EntryKind::Maintenance, m.id),
        };
        EntryCursor { listed_at_ms: ms(entry.listed_at()), kind, id }
    }

    /// Before every entry.
    const START: EntryCursor = EntryCursor { listed_at_ms: i64::MAX, kind: EntryKind::Incident, id: i64::MAX };

    /// The ids below which entries listed exactly at this cursor's time come after it: of
    /// incidents and of maintenance. Incidents at that time all come before a maintenance
    /// cursor, and maintenance at that time all after an incident cursor.
    fn id_bounds(self) -> (i64, i64) {
        match self.kind {
            EntryKind::Incident => (self.id, i64::MAX),
            EntryKind::Maintenance => (i64::MIN, self.id),
        }
    }

    fn key(self) -> (Reverse<i64>, EntryKind, Reverse<i64>) {
        (Reverse(self.listed_at_ms), self.kind, Reverse(self.id))
    }
}

/// Earlier in the history is less.
impl Ord for EntryCursor {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for EntryCursor {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for EntryCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            EntryKind::Incident => write!(f, "{}.{}", self.listed_at_ms, self.id),
            EntryKind::Maintenance => write!(f, "{}.m{}", self.listed_at_ms, self.id),
        }
    }
}

impl FromStr for EntryCursor {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let number = |n: &str| match n.strip_prefix('-').unwrap_or(n) {
            digits if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => n.parse::<i64>().ok(),
            _ => None,
        };
        let (at, id) = s.split_once('.').ok_or(())?;
        let (kind, id) = match id.strip_prefix('m') {
            Some(id) => (EntryKind::Maintenance, id),
            None => (EntryKind::Incident, id),
        };
        Ok(EntryCursor { listed_at_ms: number(at).ok_or(())?, kind, id: number(id).ok_or(())? })
    }
}

/// Incidents after a place: `$1` its time, `$2` the incident id bound, `$3` how many.
const INCIDENTS: &str = "SELECT {columns} FROM incidents WHERE started_at <= $1 AND (started_at < $1 OR id < $2) \
     ORDER BY started_at DESC, id DESC LIMIT $3";
/// The same for one component, `$4`.
const INCIDENTS_OF: &str = "SELECT {columns} FROM incidents WHERE id IN (SELECT incident_id FROM incident_components \
     WHERE component_id = $4 AND listed_at <= $1 AND (listed_at < $1 OR incident_id < $2) \
     ORDER BY listed_at DESC, incident_id DESC LIMIT $3)";
/// Maintenance after a place: `$1` its time, `$2` the maintenance id bound, `$3` how many.
const MAINTENANCE: &str = "SELECT {columns} FROM maintenances \
     WHERE scheduled_for <= $1 AND (scheduled_for < $1 OR id < $2) ORDER BY scheduled_for DESC, id DESC LIMIT $3";
/// The same for one component, `$4`.
const MAINTENANCE_OF: &str = "SELECT {columns} FROM maintenances WHERE id IN (SELECT maintenance_id \
     FROM maintenance_components WHERE component_id = $4 AND listed_at <= $1 \
     AND (listed_at < $1 OR maintenance_id < $2) ORDER BY listed_at DESC, maintenance_id DESC LIMIT $3)";

/// The statements a history page runs, with their columns: incidents, then maintenance.
pub(crate) fn statements(component: Option<i64>) -> [String; 2] {
    let (incidents, maintenance) = match component {
        None => (INCIDENTS, MAINTENANCE),
        Some(_) => (INCIDENTS_OF, MAINTENANCE_OF),
    };
    [incidents.replace("{columns}", IncidentRow::COLUMNS), maintenance.replace("{columns}", MaintenanceRow::COLUMNS)]
}

/// One of [`statements`] with its parameters.
fn bound<'q, O>(
    sql: &'q str,
    after: EntryCursor,
    id_below: i64,
    rows: i64,
    component: Option<i64>,
) -> QueryAs<'q, Any, O, AnyArguments<'q>>
where
    O: for<'r> sqlx::FromRow<'r, AnyRow>,
{
    let query = sqlx::query_as(sql).bind(after.listed_at_ms).bind(id_below).bind(rows);
    match component {
        Some(id) => query.bind(id),
        None => query,
    }
}

impl Store {
    /// One page of the history (of the component `component`, or of the whole page): at most
    /// `limit` entries after `after`, in history order, and the cursor of the next page if
    /// there is one.
    pub async fn history_entries(
        &self,
        component: Option<i64>,
        after: Option<EntryCursor>,
        limit: i64,
    ) -> Result<(Vec<HistoryEntry>, Option<EntryCursor>)> {
        let limit = limit.max(0);
        let after = after.unwrap_or(EntryCursor::START);
        let (incident_below, maintenance_below) = after.id_bounds();
        let [incidents, maintenance] = statements(component);
        let incidents: Vec<IncidentRow> =
            bound(&incidents, after, incident_below, limit + 1, component).fetch_all(&self.pool).await?;
        let maintenance: Vec<MaintenanceRow> =
            bound(&maintenance, after, maintenance_below, limit + 1, component).fetch_all(&self.pool).await?;
        let mut entries: Vec<HistoryEntry> = (self.complete(incidents).await?.into_iter().map(HistoryEntry::Incident))
            .chain(self.complete_maintenance(maintenance).await?.into_iter().map(HistoryEntry::Maintenance))
            .collect();
        entries.sort_by_key(EntryCursor::of);
        // Each kind brought at most one more than a page: the first `limit` of both are the
        // page, and anything beyond them means there is another.
        let more = entries.len() as i64 > limit;
        entries.truncate(limit as usize);
        let next = entries.last().filter(|_| more).map(EntryCursor::of);
        Ok((entries, next))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(listed_at_ms: i64, kind: EntryKind, id: i64) -> EntryCursor {
        EntryCursor { listed_at_ms, kind, id }
    }

    #[test]
    fn cursors_read_back_and_old_incident_cursors_mean_the_same_incident() {
        for c in [cursor(1717243200000, EntryKind::Incident, 42), cursor(-5, EntryKind::Maintenance, 7)] {
            assert_eq!(c.to_string().parse::<EntryCursor>(), Ok(c));
        }
        assert_eq!("1717243200000.42".parse(), Ok(cursor(1717243200000, EntryKind::Incident, 42)));
        assert_eq!("1717243200000.m7".parse(), Ok(cursor(1717243200000, EntryKind::Maintenance, 7)));
        for bad in [
            "",
            "1",
            "1.",
            ".1",
            "1.x",
            "x.1",
            "1.m",
            "1.mm2",
            "1.2.3",
            "+1.2",
            "1.+2",
            "1.m+2",
            "1. 2",
            "99999999999999999999.1",
        ] {
            assert_eq!(bad.parse::<EntryCursor>(), Err(()), "{bad:?}");
        }
    }

    #[test]
    fn the_order_is_newest_first_then_incidents_then_higher_ids() {
        let mut all = [
            cursor(5, EntryKind::Maintenance, 1),
            cursor(5, EntryKind::Incident, 1),
            cursor(9, EntryKind::Maintenance, 3),
            cursor(5, EntryKind::Incident, 2),
            cursor(5, EntryKind::Maintenance, 4),
        ];
        all.sort();
        assert_eq!(
            all,
            [
                cursor(9, EntryKind::Maintenance, 3),
                cursor(5, EntryKind::Incident, 2),
                cursor(5, EntryKind::Incident, 1),
                cursor(5, EntryKind::Maintenance, 4),
                cursor(5, EntryKind::Maintenance, 1),
            ]
        );
        assert!(EntryCursor::START < all[0]);
    }
}

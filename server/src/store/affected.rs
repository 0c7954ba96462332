//! What concerned components, for the uptime bars and the component pages: the incidents open on
//! a range of days (each with its components), and one component's incidents and maintenance
//! windows, newest first, a page at a time.

use super::rows::parse;
use super::{from_ms, ms, Result, Store};
use app::domain::{ComponentEvent, IncidentStatus};
use chrono::{DateTime, Utc};
use std::fmt;
use std::str::FromStr;

/// The most rows [`Store::incidents_open_between`] returns: the bars name the incidents of 90
/// days, whatever the history holds.
const DAY_INCIDENTS_LIMIT: i64 = 2000;

/// An incident as the days of the bars name it, once per component it concerned.
#[derive(Debug, Clone, PartialEq)]
pub struct DayIncident {
    pub incident_id: i64,
    pub component_id: i64,
    pub title: String,
    pub started_at: DateTime<Utc>,
    /// `None` while it is open.
    pub resolved_at: Option<DateTime<Utc>>,
}

/// Where a page of a component's incidents and maintenance starts: just older than this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventCursor {
    pub at_ms: i64,
    /// `i` for an incident, `m` for a maintenance window.
    pub kind: char,
    pub id: i64,
}

impl fmt::Display for EventCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}{}", self.at_ms, self.kind, self.id)
    }
}

impl FromStr for EventCursor {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let (at, rest) = s.split_once('.').ok_or(())?;
        let kind = rest.chars().next().filter(|k| matches!(k, 'i' | 'm')).ok_or(())?;
        let id = rest[1..].parse().map_err(|_| ())?;
        Ok(EventCursor { at_ms: at.parse().map_err(|_| ())?, kind, id })
    }
}

#[derive(sqlx::FromRow)]
struct EventRow {
    kind: String,
    id: i64,
    title: String,
    impact: Option<String>,
    status: String,
    at: i64,
    until_at: Option<i64>,
}

impl EventRow {
    fn into_domain(self) -> Result<ComponentEvent> {
        let until = self.until_at.map(from_ms).transpose()?;
        Ok(match (self.kind.as_str(), self.impact) {
            ("i", Some(impact)) => ComponentEvent::Incident {
                id: self.id,
                title: self.title,
                impact: parse(&impact)?,
                status: parse(&self.status)?,
                started_at: from_ms(self.at)?,
                resolved_at: until,
            },
            _ => ComponentEvent::Maintenance {
                id: self.id,
                title: self.title,
                status: parse(&self.status)?,
                scheduled_for: from_ms(self.at)?,
                scheduled_until: until.unwrap_or(from_ms(self.at)?),
            },
        })
    }

    fn cursor(&self) -> EventCursor {
        EventCursor { at_ms: self.at, kind: if self.kind == "i" { 'i' } else { 'm' }, id: self.id }
    }
}

impl Store {
    /// Incidents open at some time in `[from, to)`, each once per component it concerned (of one
    /// component, or all): those that began then, ended then, or are still open. Oldest first.
    pub async fn incidents_open_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        component: Option<i64>,
    ) -> Result<Vec<DayIncident>> {
        let open: Vec<String> =
            IncidentStatus::ALL.iter().filter(|s| s.is_open()).map(|s| format!("'{}'", s.as_str())).collect();
        let of = "AND (ic.component_id = $4 OR $4 = 0)";
        // Three branches, each along an index of its own (start, end, open).
        let sql = format!(
            "SELECT i.id, ic.component_id, i.title, i.started_at, i.resolved_at \
             FROM incidents i JOIN incident_components ic ON ic.incident_id = i.id WHERE {} {of} \
             UNION SELECT i.id, ic.component_id, i.title, i.started_at, i.resolved_at \
             FROM incidents i JOIN incident_components ic ON ic.incident_id = i.id WHERE {} {of} \
             UNION SELECT i.id, ic.component_id, i.title, i.started_at, i.resolved_at \
             FROM incidents i JOIN incident_components ic ON ic.incident_id = i.id WHERE {} {of} \
             ORDER BY 4, 1 LIMIT $3",
            "i.started_at >= $1 AND i.started_at < $2",
            "i.resolved_at >= $1 AND i.started_at < $1",
            format_args!("i.status IN ({}) AND i.started_at < $1", open.join(", ")),
        );
        let rows: Vec<(i64, i64, String, i64, Option<i64>)> = sqlx::query_as(&sql)
            .bind(ms(from))
            .bind(ms(to))
            .bind(DAY_INCIDENTS_LIMIT)
            .bind(component.unwrap_or(0))
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|(incident_id, component_id, title, started, resolved)| {
                Ok(DayIncident {
                    incident_id,
                    component_id,
                    title,
                    started_at: from_ms(started)?,
                    resolved_at: resolved.map(from_ms).transpose()?,
                })
            })
            .collect()
    }

    /// One page of the incidents and maintenance windows that concerned a component, newest
    /// first (incidents by start, windows by their scheduled start), and the next page's cursor.
    pub async fn component_events(
        &self,
        component_id: i64,
        after: Option<EventCursor>,
        limit: i64,
    ) -> Result<(Vec<ComponentEvent>, Option<EventCursor>)> {
        let after = after.unwrap_or(EventCursor { at_ms: i64::MAX, kind: 'z', id: i64::MAX });
        let sql = "SELECT kind, id, title, impact, status, at, until_at FROM ( \
             SELECT 'i' AS kind, i.id, i.title, i.impact, i.status, i.started_at AS at, i.resolved_at AS until_at \
             FROM incident_components ic JOIN incidents i ON i.id = ic.incident_id WHERE ic.component_id = $1 \
             UNION ALL \
             SELECT 'm' AS kind, m.id, m.title, NULL AS impact, m.status, m.scheduled_for AS at, m.scheduled_until AS until_at \
             FROM maintenance_components mc JOIN maintenances m ON m.id = mc.maintenance_id WHERE mc.component_id = $1 \
             ) e WHERE at < $2 OR (at = $2 AND (kind < $3 OR (kind = $3 AND id < $4))) \
             ORDER BY at DESC, kind DESC, id DESC LIMIT $5";
        let mut rows: Vec<EventRow> = sqlx::query_as(sql)
            .bind(component_id)
            .bind(after.at_ms)
            .bind(after.kind.to_string())
            .bind(after.id)
            .bind(limit + 1)
            .fetch_all(&self.pool)
            .await?;
        let more = rows.len() as i64 > limit;
        rows.truncate(limit.max(0) as usize);
        let next = more.then(|| rows.last().map(EventRow::cursor)).flatten();
        let events = rows.into_iter().map(EventRow::into_domain).collect::<Result<_>>()?;
        Ok((events, next))
    }
}

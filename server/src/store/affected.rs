//! What concerned components, for the uptime bars and the component pages: the incidents open on
//! a range of days, each with its components.

use super::{from_ms, ms, Result, Store};
use app::domain::IncidentStatus;
use chrono::{DateTime, Utc};

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
}

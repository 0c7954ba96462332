//! What concerned components, for the uptime bars and the component pages: the incidents open on
//! a range of days, each with its components.

use super::packed::{self, number, optional};
use super::{from_ms, ms, Result, Store};
use app::domain::IncidentStatus;
use chrono::{DateTime, Utc};

/// The most rows [`Store::incidents_open_between`] returns: the bars name the incidents of 90
/// days, whatever the history holds; past it, the newest are kept.
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
        self.newest_open_between(from, to, component, DAY_INCIDENTS_LIMIT).await
    }

    /// [`Store::incidents_open_between`], the newest `limit` rows of them.
    pub(crate) async fn newest_open_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        component: Option<i64>,
        limit: i64,
    ) -> Result<Vec<DayIncident>> {
        let open: Vec<String> =
            IncidentStatus::ALL.iter().filter(|s| s.is_open()).map(|s| format!("'{}'", s.as_str())).collect();
        let of = "AND (ic.component_id = $6 OR $6 = 0)";
        let pair = "SELECT i.id AS id, ic.component_id AS component_id, i.started_at AS started_at, \
                    i.resolved_at AS resolved_at, i.title AS title \
                    FROM incidents i JOIN incident_components ic ON ic.incident_id = i.id";
        // Three branches, each along an index of its own (start, end, open), read packed. The
        // newest rows are chosen outside the union: ordered inside it, SQLite merges the branches
        // along the start index and so reads every incident that began before `from` (4x the
        // time at 100,000 incidents).
        let rest = format!(
            "FROM (SELECT * FROM ({pair} WHERE {} {of} UNION {pair} WHERE {} {of} UNION {pair} WHERE {} {of}) u \
             ORDER BY 3 DESC, 1 DESC, 2 LIMIT $5) t",
            "i.started_at >= $3 AND i.started_at < $4",
            "i.resolved_at >= $3 AND i.started_at < $3",
            format_args!("i.status IN ({}) AND i.started_at < $3", open.join(", ")),
        );
        let columns = ["t.id", "t.component_id", "t.started_at", "t.resolved_at", "t.title"];
        let sql = packed::select(&columns, &rest, "t.started_at, t.id, t.component_id");
        let all = packed::query(&sql)
            .bind(ms(from))
            .bind(ms(to))
            .bind(limit)
            .bind(component.unwrap_or(0))
            .fetch_one(&self.pool)
            .await?;
        packed::rows(&all, columns.len())
            .map(|c| {
                let c = c?;
                Ok(DayIncident {
                    incident_id: number(c[0])?,
                    component_id: number(c[1])?,
                    started_at: from_ms(number(c[2])?)?,
                    resolved_at: optional(c[3]).map(|at| from_ms(number(at)?)).transpose()?,
                    title: c[4].to_string(),
                })
            })
            .collect()
    }
}

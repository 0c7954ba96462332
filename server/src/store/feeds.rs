//! Reads for the machines: the feeds, the Statuspage-compatible API and the badges. Every list is
//! bounded and walks an index, so a request costs the same however long the history grows.

use super::rows::{IncidentRow, MaintenanceRow};
use super::{from_ms, Result, Store, StoreError};
use app::domain::{Incident, Maintenance, MaintenanceStatus};
use chrono::{DateTime, Utc};

/// Who the page is, for the API's `page` object and the feeds' ids.
#[derive(Debug, Clone, PartialEq)]
pub struct PageInfo {
    /// Generated once by the migration that created it; never changes.
    pub id: String,
    pub created_at: DateTime<Utc>,
    /// The latest change of any component, group, incident or maintenance (or `created_at`).
    pub updated_at: DateTime<Utc>,
}

impl Store {
    pub async fn page_info(&self) -> Result<PageInfo> {
        let row: Option<(String, i64)> =
            sqlx::query_as("SELECT page_id, created_at FROM page_identity WHERE singleton = 1")
                .fetch_optional(&self.pool)
                .await?;
        let (id, created_at) = row.ok_or_else(|| StoreError::Corrupt("the page identity row is missing".into()))?;
        // Each MAX reads one end of an index (components and groups are the page's setup, not
        // its history, and stay small).
        let latest: (Option<i64>, Option<i64>, Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT (SELECT MAX(updated_at) FROM incidents), (SELECT MAX(updated_at) FROM maintenances), \
             (SELECT MAX(updated_at) FROM components), (SELECT MAX(updated_at) FROM component_groups)",
        )
        .fetch_one(&self.pool)
        .await?;
        let updated_at = [latest.0, latest.1, latest.2, latest.3].into_iter().flatten().fold(created_at, i64::max);
        Ok(PageInfo { id, created_at: from_ms(created_at)?, updated_at: from_ms(updated_at)? })
    }

    /// The incidents changed most recently as readers are told it (their shown last change, not
    /// the write time), newest change first.
    pub async fn incidents_by_change(&self, limit: i64) -> Result<Vec<Incident>> {
        let sql =
            format!("SELECT {} FROM incidents ORDER BY shown_updated_at DESC, id DESC LIMIT $1", IncidentRow::COLUMNS);
        let rows: Vec<IncidentRow> = sqlx::query_as(&sql).bind(limit).fetch_all(&self.pool).await?;
        self.complete(rows).await
    }

    /// The maintenance changed most recently as readers are told it, newest change first.
    pub async fn maintenance_by_change(&self, limit: i64) -> Result<Vec<Maintenance>> {
        let sql = format!(
            "SELECT {} FROM maintenances ORDER BY shown_updated_at DESC, id DESC LIMIT $1",
            MaintenanceRow::COLUMNS
        );
        let rows: Vec<MaintenanceRow> = sqlx::query_as(&sql).bind(limit).fetch_all(&self.pool).await?;
        self.complete_maintenance(rows).await
    }

    /// The `limit` incidents opened last that affected a component, newest change first. The
    /// window is taken along the (component, incident) index; only its few rows are sorted.
    pub async fn component_incidents(&self, component_id: i64, limit: i64) -> Result<Vec<Incident>> {
        let sql = format!(
            "SELECT {} FROM incidents WHERE id IN \
             (SELECT incident_id FROM incident_components WHERE component_id = $1 \
              ORDER BY incident_id DESC LIMIT $2) \
             ORDER BY shown_updated_at DESC, id DESC",
            IncidentRow::COLUMNS
        );
        let rows: Vec<IncidentRow> = sqlx::query_as(&sql).bind(component_id).bind(limit).fetch_all(&self.pool).await?;
        self.complete(rows).await
    }

    /// The incidents that started last, newest first.
    pub async fn recent_incidents(&self, limit: i64) -> Result<Vec<Incident>> {
        Ok(self.history_page(None, limit).await?.0)
    }

    /// The maintenance scheduled last, latest window first.
    pub async fn recent_maintenance(&self, limit: i64) -> Result<Vec<Maintenance>> {
        let sql = format!(
            "SELECT {} FROM maintenances ORDER BY scheduled_for DESC, id DESC LIMIT $1",
            MaintenanceRow::COLUMNS
        );
        let rows: Vec<MaintenanceRow> = sqlx::query_as(&sql).bind(limit).fetch_all(&self.pool).await?;
        self.complete_maintenance(rows).await
    }

    /// Maintenance in one of `statuses`, soonest first.
    pub async fn maintenance_with_status(
        &self,
        statuses: &[MaintenanceStatus],
        limit: i64,
    ) -> Result<Vec<Maintenance>> {
        if statuses.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {} FROM maintenances WHERE status IN ({}) ORDER BY scheduled_for, id LIMIT ${}",
            MaintenanceRow::COLUMNS,
            super::placeholders(1, statuses.len()),
            statuses.len() + 1
        );
        let query = statuses.iter().fold(sqlx::query_as::<_, MaintenanceRow>(&sql), |q, s| q.bind(s.as_str()));
        let rows = query.bind(limit).fetch_all(&self.pool).await?;
        self.complete_maintenance(rows).await
    }
}

/// The pages the sitemap lists by id range, with their shown last change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    Incidents,
    Maintenance,
}

impl Listed {
    fn table(self) -> &'static str {
        match self {
            Listed::Incidents => "incidents",
            Listed::Maintenance => "maintenances",
        }
    }
}

impl Store {
    /// The highest id of `kind`, if any: one end of the primary key.
    pub async fn last_id(&self, kind: Listed) -> Result<Option<i64>> {
        let sql = format!("SELECT MAX(id) FROM {}", kind.table());
        Ok(sqlx::query_scalar(&sql).fetch_one(&self.pool).await?)
    }

    /// The ids of `kind` in `from..to` with their shown last change, by id: a range of the
    /// primary key.
    pub async fn ids_with_change(&self, kind: Listed, from: i64, to: i64) -> Result<Vec<(i64, DateTime<Utc>)>> {
        let sql = format!("SELECT id, shown_updated_at FROM {} WHERE id >= $1 AND id < $2 ORDER BY id", kind.table());
        let rows: Vec<(i64, i64)> = sqlx::query_as(&sql).bind(from).bind(to).fetch_all(&self.pool).await?;
        rows.into_iter().map(|(id, at)| Ok((id, from_ms(at)?))).collect()
    }
}

/// What tells whether an incident's or a maintenance's own page may have changed: its version
/// (moved on by every write of it) and last write time, by id. Read whole by the static mirror
/// once a pass (two narrow columns of two tables; not a public request).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Stamps {
    pub incidents: std::collections::HashMap<i64, (i64, i64)>,
    pub maintenance: std::collections::HashMap<i64, (i64, i64)>,
}

impl Store {
    pub async fn stamps(&self) -> Result<Stamps> {
        let incidents: Vec<(i64, i64, i64)> =
            sqlx::query_as("SELECT id, version, updated_at FROM incidents").fetch_all(&self.pool).await?;
        let maintenance: Vec<(i64, i64, i64)> =
            sqlx::query_as("SELECT id, version, updated_at FROM maintenances").fetch_all(&self.pool).await?;
        let by_id = |rows: Vec<(i64, i64, i64)>| rows.into_iter().map(|(id, v, at)| (id, (v, at))).collect();
        Ok(Stamps { incidents: by_id(incidents), maintenance: by_id(maintenance) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Actor, NewComponent, NewIncident, NewMaintenance, NewUpdate, StatusChange};
    use crate::store_test;
    use app::domain::{ComponentStatus, Impact, IncidentStatus};
    use chrono::Duration;

    async fn open(store: &Store, title: &str, components: &[i64]) -> i64 {
        let changes = components
            .iter()
            .map(|c| StatusChange { component_id: *c, status: ComponentStatus::DegradedPerformance })
            .collect();
        let new = NewIncident {
            notify: true,
            title: title.into(),
            impact: Impact::Minor,
            status: IncidentStatus::Investigating,
            body: "Looking.".into(),
            started_at: None,
            display_at: None,
            changes,
        };
        store.create_incident(&Actor::System, new).await.unwrap()
    }

    async fn reads(store: Store) {
        let a = Actor::System;
        let page = store.page_info().await.unwrap();
        assert_eq!(page.id.len(), 12);
        assert_eq!(store.page_info().await.unwrap().id, page.id, "stable");
        assert_eq!(page.updated_at, page.created_at, "nothing changed yet");

        let api = store.create_component(&a, NewComponent::named("API")).await.unwrap();
        let web = store.create_component(&a, NewComponent::named("Web")).await.unwrap();
        let first = open(&store, "first", &[api]).await;
        let second = open(&store, "second", &[web]).await;
        let third = open(&store, "third", &[api, web]).await;
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let update = NewUpdate {
            notify: true,
            status: IncidentStatus::Monitoring,
            body: "Better.".into(),
            display_at: None,
            changes: vec![],
            expected_version: None,
        };
        store.post_update(&a, first, update).await.unwrap();

        let ids = |list: Vec<Incident>| list.iter().map(|i| i.id).collect::<Vec<_>>();
        let by_change = store.incidents_by_change(10).await.unwrap();
        assert_eq!(by_change[0].id, first, "the last changed comes first");
        assert_eq!(by_change[0].updates.len(), 2, "updates are loaded");
        assert_eq!(ids(store.incidents_by_change(2).await.unwrap()).len(), 2);
        let page = store.page_info().await.unwrap();
        assert_eq!(page.updated_at, by_change[0].updated_at);

        let of_api = ids(store.component_incidents(api, 10).await.unwrap());
        assert_eq!(of_api, [first, third]);
        assert_eq!(ids(store.component_incidents(web, 10).await.unwrap()), [third, second]);
        // The window is the incidents opened last.
        assert_eq!(ids(store.component_incidents(api, 1).await.unwrap()), [third]);
        assert!(store.component_incidents(9999, 10).await.unwrap().is_empty());

        let start = Utc::now() + Duration::days(1);
        let mut ms = Vec::new();
        for n in 0..3 {
            let new = NewMaintenance {
                notify: true,
                title: format!("window {n}"),
                body: "Planned.".into(),
                scheduled_for: start + Duration::days(n),
                scheduled_until: start + Duration::days(n) + Duration::hours(1),
                auto_start: true,
                auto_complete: true,
                components: vec![api],
            };
            ms.push(store.create_maintenance(&a, new).await.unwrap());
        }
        // A later millisecond than the windows' creation, so that "changed last" is not a tie.
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        store.post_maintenance_update(&a, ms[1], MaintenanceStatus::Verifying, "Checking.", None, true).await.unwrap();
        let mids = |list: Vec<Maintenance>| list.iter().map(|m| m.id).collect::<Vec<_>>();
        assert_eq!(mids(store.maintenance_by_change(10).await.unwrap())[0], ms[1]);
        assert_eq!(mids(store.recent_maintenance(10).await.unwrap()), [ms[2], ms[1], ms[0]]);
        let scheduled = [MaintenanceStatus::Scheduled];
        assert_eq!(mids(store.maintenance_with_status(&scheduled, 10).await.unwrap()), [ms[0], ms[2]]);
        let active = [MaintenanceStatus::InProgress, MaintenanceStatus::Verifying];
        let active = store.maintenance_with_status(&active, 10).await.unwrap();
        assert_eq!(mids(active.clone()), [ms[1]]);
        assert_eq!(active[0].affected.len(), 1);
        assert!(store.maintenance_with_status(&[], 10).await.unwrap().is_empty());
    }

    store_test!(feed_and_api_reads, reads);
}

//! `shown_updated_at`: an incident's or maintenance's last change as readers are told it
//! (`app::domain::dates::last_change`), stored so that the feeds list newest change first along
//! an index. Every write that adds, edits or removes an update, publishes or withdraws a
//! postmortem, or changes a start calls [`refresh_shown_dates`] in its own transaction.

use super::{from_ms, ms, Result, StoreError};
use app::domain::dates::last_change;
use sqlx::{Any, Transaction};

/// Whose shown dates to refresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Incident(i64),
    Maintenance(i64),
}

/// Recomputes the stored last change of `of` from its updates (and published postmortem) inside
/// the write's transaction `tx`. Importers call it after writing an incident or maintenance too.
pub async fn refresh_shown_dates(tx: &mut Transaction<'_, Any>, of: Shown) -> Result<()> {
    let (latest, published, fallback, table, id): (Option<i64>, Option<i64>, Option<i64>, &str, i64) = match of {
        Shown::Incident(id) => {
            let (latest, published, started): (Option<i64>, Option<i64>, Option<i64>) = sqlx::query_as(
                "SELECT (SELECT MAX(display_at) FROM incident_updates WHERE incident_id = $1), \
                 (SELECT published_at FROM postmortems WHERE incident_id = $1), \
                 (SELECT started_at FROM incidents WHERE id = $1)",
            )
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
            (latest, published, started, "incidents", id)
        }
        Shown::Maintenance(id) => {
            let (latest, created): (Option<i64>, Option<i64>) = sqlx::query_as(
                "SELECT (SELECT MAX(display_at) FROM maintenance_updates WHERE maintenance_id = $1), \
                 (SELECT created_at FROM maintenances WHERE id = $1)",
            )
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
            (latest, None, created, "maintenances", id)
        }
    };
    let Some(fallback) = fallback else {
        return Err(StoreError::NotFound(if table == "incidents" { "incident" } else { "maintenance" }));
    };
    let time = |t: Option<i64>| t.map(from_ms).transpose();
    let shown = last_change(time(latest)?, time(published)?, from_ms(fallback)?);
    sqlx::query(&format!("UPDATE {table} SET shown_updated_at = $1 WHERE id = $2"))
        .bind(ms(shown))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Actor, NewIncident, NewMaintenance, NewUpdate, Store};
    use crate::store_test;
    use app::domain::{Impact, IncidentStatus, MaintenanceStatus};
    use chrono::{DateTime, Duration, TimeZone, Utc};

    fn t(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2019, 3, day, 12, 0, 0).unwrap()
    }

    /// The stored value and the domain rule agree after every kind of write.
    async fn agrees(store: &Store, id: i64) -> DateTime<Utc> {
        let stored: i64 = sqlx::query_scalar("SELECT shown_updated_at FROM incidents WHERE id = $1")
            .bind(id)
            .fetch_one(store.pool())
            .await
            .unwrap();
        let incident = store.get_incident(id).await.unwrap().unwrap();
        assert_eq!(from_ms(stored).unwrap(), incident.shown_dates().last_changed);
        incident.shown_dates().last_changed
    }

    async fn every_write_keeps_the_shown_last_change(store: Store) {
        let a = Actor::System;
        let new = NewIncident {
            title: "Backfilled".into(),
            impact: Impact::Minor,
            status: IncidentStatus::Investigating,
            body: "x".into(),
            started_at: Some(t(1)),
            display_at: Some(t(1)),
            changes: vec![],
            notify: false,
        };
        let id = store.create_incident(&a, new).await.unwrap();
        assert_eq!(agrees(&store, id).await, t(1));
        let update = |at| NewUpdate {
            status: IncidentStatus::Resolved,
            body: "y".into(),
            display_at: Some(at),
            changes: vec![],
            expected_version: None,
            notify: false,
        };
        let u = store.post_update(&a, id, update(t(3))).await.unwrap();
        assert_eq!(agrees(&store, id).await, t(3));
        let version = store.get_incident(id).await.unwrap().unwrap().updates[1].version;
        store.edit_update(&a, u, "y", Some(t(2)), version).await.unwrap();
        assert_eq!(agrees(&store, id).await, t(2));
        store.save_postmortem_at(&a, id, "pm", Some(true), Some(t(9)), None).await.unwrap();
        assert_eq!(agrees(&store, id).await, t(9));
        store.save_postmortem(&a, id, "pm", Some(false), None).await.unwrap();
        assert_eq!(agrees(&store, id).await, t(2), "a withdrawn postmortem is no change");
        store.delete_update(&a, u).await.unwrap();
        assert_eq!(agrees(&store, id).await, t(1));

        // An incident written later but shown earlier comes after it in the feeds.
        let older = NewIncident { title: "Older".into(), display_at: Some(t(1) - Duration::days(1)), ..new_clone() };
        let older = store.create_incident(&a, older).await.unwrap();
        let order: Vec<i64> = store.incidents_by_change(10).await.unwrap().iter().map(|i| i.id).collect();
        assert_eq!(order, [id, older]);

        let window = NewMaintenance {
            title: "Window".into(),
            body: "z".into(),
            scheduled_for: t(20),
            scheduled_until: t(21),
            auto_start: false,
            auto_complete: false,
            components: vec![],
            notify: false,
        };
        let m = store.create_maintenance(&a, window).await.unwrap();
        store.post_maintenance_update(&a, m, MaintenanceStatus::InProgress, "go", Some(t(20)), false).await.unwrap();
        let stored: i64 = sqlx::query_scalar("SELECT shown_updated_at FROM maintenances WHERE id = $1")
            .bind(m)
            .fetch_one(store.pool())
            .await
            .unwrap();
        let maintenance = store.get_maintenance(m).await.unwrap().unwrap();
        assert_eq!(from_ms(stored).unwrap(), maintenance.shown_dates().last_changed);
    }

    fn new_clone() -> NewIncident {
        NewIncident {
            title: String::new(),
            impact: Impact::None,
            status: IncidentStatus::Investigating,
            body: "x".into(),
            started_at: Some(t(1) - Duration::days(1)),
            display_at: None,
            changes: vec![],
            notify: false,
        }
    }

    store_test!(shown_last_change, every_write_keeps_the_shown_last_change);
}

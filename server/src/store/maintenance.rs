//! Scheduled maintenance and its updates.

use super::audit::{record, Actor};
use super::components::{change_status, ChangeSource};
use super::outbox::{self, Subject};
use super::rows::{AffectedRow, MaintenanceRow, MaintenanceUpdateRow};
use super::shown::{refresh_shown_dates, Shown};
use super::{fetch_by_ids, ms, on_missing_component, placeholders, Result, Store, StoreError};
use app::domain::validate::{self, TITLE_MAX};
use app::domain::{ComponentStatus, Maintenance, MaintenanceStatus, NotificationKind};
use chrono::{DateTime, Utc};
use serde_json::json;
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct NewMaintenance {
    pub title: String,
    /// Markdown of the first update.
    pub body: String,
    pub scheduled_for: DateTime<Utc>,
    pub scheduled_until: DateTime<Utc>,
    pub auto_start: bool,
    pub auto_complete: bool,
    pub components: Vec<i64>,
    /// Tell subscribers that it is scheduled.
    pub notify: bool,
}

impl Store {
    pub async fn create_maintenance(&self, actor: &Actor, new: NewMaintenance) -> Result<i64> {
        let title = validate::line("title", &new.title, TITLE_MAX)?;
        let body = validate::body("body", &new.body)?;
        if new.scheduled_until <= new.scheduled_for {
            return Err(StoreError::invalid("scheduled_until", "the window must end after it starts"));
        }
        let now = ms(Utc::now());
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO maintenances (title, status, scheduled_for, scheduled_until, auto_start, auto_complete, created_at, updated_at) \
             VALUES ($1, 'scheduled', $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(&title)
        .bind(ms(new.scheduled_for))
        .bind(ms(new.scheduled_until))
        .bind(i64::from(new.auto_start))
        .bind(i64::from(new.auto_complete))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        for component_id in &new.components {
            sqlx::query("INSERT INTO maintenance_components (maintenance_id, component_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(id)
                .bind(component_id)
                .execute(&mut *tx)
                .await
                .map_err(|e| on_missing_component(e, *component_id))?;
        }
        let update_id: i64 = sqlx::query_scalar(
            "INSERT INTO maintenance_updates (maintenance_id, status, body, display_at, created_by, created_at, updated_at, notify) \
             VALUES ($1, 'scheduled', $2, $3, $4, $3, $3, $5) RETURNING id",
        )
        .bind(id)
        .bind(&body)
        .bind(now)
        .bind(actor.user_id())
        .bind(i64::from(new.notify))
        .fetch_one(&mut *tx)
        .await?;
        refresh_shown_dates(&mut tx, Shown::Maintenance(id)).await?;
        if new.notify {
            tell(&mut tx, id, update_id, MaintenanceStatus::Scheduled, true).await?;
        }
        let after = json!({"title": title, "scheduled_for": new.scheduled_for, "scheduled_until": new.scheduled_until,
                           "components": new.components});
        record(&mut tx, actor, "create", "maintenance", Some(id), None, Some(after)).await?;
        self.commit_public(tx).await?;
        Ok(id)
    }

    /// Posts an update and moves the maintenance to its status; `notify` tells subscribers.
    pub async fn post_maintenance_update(
        &self,
        actor: &Actor,
        id: i64,
        status: MaintenanceStatus,
        body: &str,
        display_at: Option<DateTime<Utc>>,
        notify: bool,
    ) -> Result<i64> {
        let body = validate::body("body", body)?;
        let now = ms(Utc::now());
        let mut tx = self.write_tx().await?;
        let before: Option<String> = sqlx::query_scalar("SELECT status FROM maintenances WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(before) = before else {
            return Err(StoreError::NotFound("maintenance"));
        };
        let before_status: MaintenanceStatus = super::rows::parse(&before)?;
        let update_id: i64 = sqlx::query_scalar(
            "INSERT INTO maintenance_updates (maintenance_id, status, body, display_at, created_by, created_at, updated_at, notify) \
             VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id",
        )
        .bind(id)
        .bind(status.as_str())
        .bind(&body)
        .bind(display_at.map_or(now, ms))
        .bind(actor.user_id())
        .bind(now)
        .bind(i64::from(notify))
        .fetch_one(&mut *tx)
        .await?;
        if notify {
            tell(&mut tx, id, update_id, status, false).await?;
        }
        sqlx::query("UPDATE maintenances SET status = $1, updated_at = $2, version = version + 1 WHERE id = $3")
            .bind(status.as_str())
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        set_component_statuses(&mut tx, id, before_status, status).await?;
        refresh_shown_dates(&mut tx, Shown::Maintenance(id)).await?;
        record(
            &mut tx,
            actor,
            "post_update",
            "maintenance",
            Some(id),
            Some(json!({"status": before})),
            Some(json!({"status": status})),
        )
        .await?;
        self.commit_public(tx).await?;
        Ok(update_id)
    }

    /// Moves due maintenance along by itself: scheduled → in progress at its start (when
    /// `auto_start`), in progress or verifying → completed at its end (when `auto_complete`).
    /// Each move happens once even with several instances running this: the status change is
    /// conditional, and only the instance whose change lands posts the update.
    pub async fn advance_due_maintenance(&self, now: DateTime<Utc>) -> Result<usize> {
        let due: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, status FROM maintenances WHERE              (status = 'scheduled' AND auto_start = 1 AND scheduled_for <= $1) OR              (status IN ('in_progress', 'verifying') AND auto_complete = 1 AND scheduled_until <= $1)              ORDER BY scheduled_for LIMIT 100",
        )
        .bind(ms(now))
        .fetch_all(&self.pool)
        .await?;
        let mut moved = 0;
        for (id, status) in due {
            let before: MaintenanceStatus = super::rows::parse(&status)?;
            let (after, body) = if before == MaintenanceStatus::Scheduled {
                (MaintenanceStatus::InProgress, "The scheduled maintenance has started.")
            } else {
                (MaintenanceStatus::Completed, "The scheduled maintenance has been completed.")
            };
            let mut tx = self.write_tx().await?;
            let changed = sqlx::query(
                "UPDATE maintenances SET status = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND status = $4",
            )
            .bind(after.as_str())
            .bind(ms(now))
            .bind(id)
            .bind(before.as_str())
            .execute(&mut *tx)
            .await?;
            if changed.rows_affected() != 1 {
                continue; // another instance got there first
            }
            let update_id: i64 = sqlx::query_scalar(
                "INSERT INTO maintenance_updates (maintenance_id, status, body, display_at, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $4, $4) RETURNING id",
            )
            .bind(id)
            .bind(after.as_str())
            .bind(body)
            .bind(ms(now))
            .fetch_one(&mut *tx)
            .await?;
            tell(&mut tx, id, update_id, after, false).await?;
            set_component_statuses(&mut tx, id, before, after).await?;
            refresh_shown_dates(&mut tx, Shown::Maintenance(id)).await?;
            record(
                &mut tx,
                &Actor::System,
                "post_update",
                "maintenance",
                Some(id),
                Some(json!({"status": before})),
                Some(json!({"status": after})),
            )
            .await?;
            self.commit_public(tx).await?;
            moved += 1;
        }
        Ok(moved)
    }

    pub async fn get_maintenance(&self, id: i64) -> Result<Option<Maintenance>> {
        let sql = format!("SELECT {} FROM maintenances WHERE id = $1", MaintenanceRow::COLUMNS);
        let row: Option<MaintenanceRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?;
        Ok(self.complete_maintenance(row.into_iter().collect()).await?.pop())
    }

    /// Maintenance not yet completed, soonest first.
    pub async fn current_maintenance(&self) -> Result<Vec<Maintenance>> {
        let sql = format!(
            "SELECT {} FROM maintenances WHERE status <> 'completed' ORDER BY scheduled_for, id LIMIT $1",
            MaintenanceRow::COLUMNS
        );
        let rows: Vec<MaintenanceRow> =
            sqlx::query_as(&sql).bind(super::incidents::LIST_LIMIT).fetch_all(&self.pool).await?;
        self.complete_maintenance(rows).await
    }

    pub(super) async fn complete_maintenance(&self, rows: Vec<MaintenanceRow>) -> Result<Vec<Maintenance>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let list = placeholders(1, ids.len());
        let sql = format!(
            "SELECT id, maintenance_id, status, body, display_at, created_at, notify FROM maintenance_updates \
             WHERE maintenance_id IN ({list}) ORDER BY display_at, id"
        );
        let updates: Vec<MaintenanceUpdateRow> = fetch_by_ids(&self.pool, &sql, &ids).await?;
        let sql = format!(
            "SELECT mc.maintenance_id AS owner_id, c.id AS component_id, c.name, g.name AS group_name \
             FROM maintenance_components mc JOIN components c ON c.id = mc.component_id \
             LEFT JOIN component_groups g ON g.id = c.group_id WHERE mc.maintenance_id IN ({list}) \
             ORDER BY COALESCE(g.position, c.position), COALESCE(g.id, 0), c.position, c.id"
        );
        let affected: Vec<AffectedRow> = fetch_by_ids(&self.pool, &sql, &ids).await?;
        let mut list: Vec<Maintenance> = rows.into_iter().map(MaintenanceRow::into_domain).collect::<Result<_>>()?;
        let index: HashMap<i64, usize> = list.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
        for u in updates {
            let i = index[&u.maintenance_id];
            list[i].updates.push(u.into_domain()?);
        }
        for a in affected {
            list[index[&a.owner_id]].affected.push(a.into_domain());
        }
        Ok(list)
    }
}

/// Queues the notification of a maintenance update: scheduled (when it is created), started,
/// completed, or another update.
async fn tell(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: i64,
    update_id: i64,
    status: MaintenanceStatus,
    created: bool,
) -> Result<()> {
    let kind = match status {
        MaintenanceStatus::Scheduled if created => NotificationKind::MaintenanceScheduled,
        MaintenanceStatus::InProgress => NotificationKind::MaintenanceStarted,
        MaintenanceStatus::Completed => NotificationKind::MaintenanceCompleted,
        _ => NotificationKind::MaintenanceUpdated,
    };
    let components = outbox::maintenance_components(tx, id).await?;
    let subject = Subject::Maintenance { id, update_id: Some(update_id) };
    outbox::enqueue(tx, kind, subject, &components, None).await
}

/// During the window the maintenance's components show "under maintenance"; when it completes
/// they go back to operational (unless something else, like an incident, changed them since).
async fn set_component_statuses(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    maintenance_id: i64,
    before: MaintenanceStatus,
    after: MaintenanceStatus,
) -> Result<()> {
    let active = |s: MaintenanceStatus| matches!(s, MaintenanceStatus::InProgress | MaintenanceStatus::Verifying);
    let (from, to) = match (active(before), active(after), after) {
        (false, true, _) => (None, ComponentStatus::UnderMaintenance),
        (true, false, MaintenanceStatus::Completed) => {
            (Some(ComponentStatus::UnderMaintenance), ComponentStatus::Operational)
        }
        _ => return Ok(()),
    };
    let components: Vec<i64> =
        sqlx::query_scalar("SELECT component_id FROM maintenance_components WHERE maintenance_id = $1")
            .bind(maintenance_id)
            .fetch_all(&mut **tx)
            .await?;
    let source = ChangeSource { incident_update_id: None, maintenance_id: Some(maintenance_id) };
    for component_id in components {
        let current: String = sqlx::query_scalar("SELECT status FROM components WHERE id = $1")
            .bind(component_id)
            .fetch_one(&mut **tx)
            .await?;
        let current: ComponentStatus = super::rows::parse(&current)?;
        // Never hide an outage behind maintenance, nor undo a status someone set since.
        let applies = match from {
            None => current == ComponentStatus::Operational,
            Some(expected) => current == expected,
        };
        if applies {
            change_status(tx, component_id, to, Utc::now(), source).await?;
        }
    }
    Ok(())
}

//! Components, their groups, and the one place a component's status changes (with its history).

use super::audit::{record, Actor};
use super::outbox::{enqueue, Subject};
use super::rows::{parse, ComponentRow, GroupRow};
use super::{ms, on_missing_group, on_unique, Result, Store, StoreError};
use app::domain::{validate, Component, ComponentGroup, ComponentStatus, NotificationKind};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::{Any, Transaction};

#[derive(Debug, Clone)]
pub struct NewGroup {
    pub name: String,
    pub description: Option<String>,
    pub position: i64,
}

#[derive(Debug, Clone)]
pub struct NewComponent {
    pub name: String,
    pub description: Option<String>,
    pub group_id: Option<i64>,
    pub position: i64,
    pub status: ComponentStatus,
    pub visible: bool,
    pub only_show_if_degraded: bool,
    pub show_uptime: bool,
}

impl NewComponent {
    /// A visible, operational component.
    pub fn named(name: impl Into<String>) -> NewComponent {
        NewComponent {
            name: name.into(),
            description: None,
            group_id: None,
            position: 0,
            status: ComponentStatus::Operational,
            visible: true,
            only_show_if_degraded: false,
            show_uptime: true,
        }
    }
}

/// What caused a status change, for the history.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ChangeSource {
    pub incident_update_id: Option<i64>,
    pub maintenance_id: Option<i64>,
}

/// Sets a component's status inside `tx` and records the change in its history (and its uptime,
/// from `at` on: a backdated change counts from its own day); returns the status it had. A
/// component that does not exist is a field error on `components`.
pub(crate) async fn change_status(
    tx: &mut Transaction<'_, Any>,
    component_id: i64,
    new_status: ComponentStatus,
    at: DateTime<Utc>,
    source: ChangeSource,
) -> Result<ComponentStatus> {
    let old: Option<String> = sqlx::query_scalar("SELECT status FROM components WHERE id = $1")
        .bind(component_id)
        .fetch_optional(&mut **tx)
        .await?;
    let old: ComponentStatus = match old {
        Some(s) => parse(&s)?,
        None => return Err(StoreError::invalid("components", format!("component {component_id} does not exist"))),
    };
    if old != new_status {
        sqlx::query("UPDATE components SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(new_status.as_str())
            .bind(ms(Utc::now()))
            .bind(component_id)
            .execute(&mut **tx)
            .await?;
        sqlx::query(
            "INSERT INTO component_status_history (component_id, old_status, new_status, changed_at, incident_update_id, maintenance_id) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(component_id)
        .bind(old.as_str())
        .bind(new_status.as_str())
        .bind(ms(at))
        .bind(source.incident_update_id)
        .bind(source.maintenance_id)
        .execute(&mut **tx)
        .await?;
        super::uptime::refresh(tx, component_id, at).await?;
    }
    Ok(old)
}

impl Store {
    pub async fn create_group(&self, actor: &Actor, g: NewGroup) -> Result<i64> {
        let (name, description) = validate::name_and_description(&g.name, &g.description)?;
        let g = NewGroup { name, description, ..g };
        let now = ms(Utc::now());
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO component_groups (name, description, position, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(&g.name)
        .bind(&g.description)
        .bind(g.position)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| on_unique(e, "name", format!("a group named '{}' already exists", g.name)))?;
        let after = json!({"name": g.name, "description": g.description, "position": g.position});
        record(&mut tx, actor, "create", "component_group", Some(id), None, Some(after)).await?;
        self.commit_public(tx).await?;
        Ok(id)
    }

    pub async fn create_component(&self, actor: &Actor, c: NewComponent) -> Result<i64> {
        self.create_component_since(actor, c, Utc::now()).await
    }

    /// [`Store::create_component`] for a component that has existed since `since` (the sample
    /// data's): its uptime has data from then on, in the status it is created with.
    pub(crate) async fn create_component_since(
        &self,
        actor: &Actor,
        c: NewComponent,
        since: DateTime<Utc>,
    ) -> Result<i64> {
        let (name, description) = validate::name_and_description(&c.name, &c.description)?;
        let c = NewComponent { name, description, ..c };
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO components (group_id, name, description, position, status, visible, only_show_if_degraded, show_uptime, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        )
        .bind(c.group_id)
        .bind(&c.name)
        .bind(&c.description)
        .bind(c.position)
        .bind(c.status.as_str())
        .bind(i64::from(c.visible))
        .bind(i64::from(c.only_show_if_degraded))
        .bind(i64::from(c.show_uptime))
        .bind(ms(since))
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| on_missing_group(e, c.group_id, &c.name))?;
        sqlx::query("INSERT INTO component_status_history (component_id, old_status, new_status, changed_at) VALUES ($1, NULL, $2, $3)")
            .bind(id)
            .bind(c.status.as_str())
            .bind(ms(since))
            .execute(&mut *tx)
            .await?;
        super::uptime::refresh(&mut tx, id, since).await?;
        let after = json!({"name": c.name, "group_id": c.group_id, "status": c.status, "position": c.position});
        record(&mut tx, actor, "create", "component", Some(id), None, Some(after)).await?;
        self.commit_public(tx).await?;
        Ok(id)
    }

    /// Sets a component's status directly (not through an incident).
    pub async fn set_component_status(&self, actor: &Actor, id: i64, status: ComponentStatus) -> Result<()> {
        self.edit_component(actor, id, None, Some(status)).await
    }

    /// All groups in page order.
    pub async fn list_groups(&self) -> Result<Vec<ComponentGroup>> {
        let sql = format!("SELECT {} FROM component_groups ORDER BY position, id", GroupRow::COLUMNS);
        let rows: Vec<GroupRow> = sqlx::query_as(&sql).fetch_all(&self.pool).await?;
        rows.into_iter().map(GroupRow::into_domain).collect()
    }

    /// All components in page order.
    /// Every component, in the page's order: read packed (`store::packed`), as every render of
    /// `/` reads them all.
    pub async fn list_components(&self) -> Result<Vec<Component>> {
        let columns: Vec<&str> = ComponentRow::COLUMNS.split(", ").collect();
        let sql = super::packed::select(&columns, "FROM components", "position, id");
        let all = super::packed::query(&sql).fetch_one(&self.pool).await?;
        super::packed::rows(&all, columns.len()).map(|c| ComponentRow::from_packed(&c?)?.into_domain()).collect()
    }

    pub async fn get_component(&self, id: i64) -> Result<Option<Component>> {
        let sql = format!("SELECT {} FROM components WHERE id = $1", ComponentRow::COLUMNS);
        let row: Option<ComponentRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?;
        row.map(ComponentRow::into_domain).transpose()
    }

    /// A component's status changes, oldest first.
    pub async fn component_history(
        &self,
        id: i64,
    ) -> Result<Vec<(Option<ComponentStatus>, ComponentStatus, DateTime<Utc>)>> {
        let rows: Vec<(Option<String>, String, i64)> = sqlx::query_as(
            "SELECT old_status, new_status, changed_at FROM component_status_history WHERE component_id = $1 ORDER BY changed_at, id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(old, new, at)| Ok((old.as_deref().map(parse).transpose()?, parse(&new)?, super::from_ms(at)?)))
            .collect()
    }
}

/// Sets a component's status directly (not through an incident) inside `tx`, with its history and
/// audit entry.
pub(crate) async fn set_status(
    tx: &mut Transaction<'_, Any>,
    actor: &Actor,
    id: i64,
    status: ComponentStatus,
) -> Result<()> {
    let old = change_status(tx, id, status, Utc::now(), ChangeSource::default()).await.map_err(|e| match e {
        StoreError::Invalid { .. } => StoreError::NotFound("component"),
        e => e,
    })?;
    let (before, after) = (json!({"status": old}), json!({"status": status}));
    if old != status {
        let detail = json!({"old_status": old, "new_status": status});
        let (kind, subject) = (NotificationKind::ComponentUpdated, Subject::Component(id));
        enqueue(tx, kind, subject, &[id], Some(detail)).await?;
    }
    record(tx, actor, "set_status", "component", Some(id), Some(before), Some(after)).await
}

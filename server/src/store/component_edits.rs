//! Editing and removing components and groups. A component that appears in any incident or
//! maintenance is not deleted (that would rewrite history): it can be hidden instead.

use super::audit::{record, Actor};
use super::components::{NewComponent, NewGroup};
use super::{ms, on_missing_group, on_unique, Result, Store, StoreError};
use app::domain::validate;
use app::domain::ComponentStatus;
use chrono::Utc;
use serde_json::json;
use sqlx::{Any, Transaction};

/// Refuses an edit made on an older version of `name`'s details.
fn check_version(expected: Option<i64>, current: i64, name: &str) -> Result<()> {
    if expected.is_some_and(|v| v != current) {
        return Err(StoreError::Conflict(format!(
            "'{name}' was changed by someone else since you opened it; reload to see their change"
        )));
    }
    Ok(())
}

impl Store {
    /// Changes a component's name, description, group, position and visibility (its status
    /// changes through [`Store::set_component_status`] or incidents, which keep its history).
    /// `expected_version` is the component's `version` as the editor read it: a newer one refuses.
    pub async fn update_component(
        &self,
        actor: &Actor,
        id: i64,
        c: NewComponent,
        expected_version: Option<i64>,
    ) -> Result<()> {
        self.edit_component(actor, id, Some((c, expected_version)), None).await
    }

    /// Changes a component's details (see [`Store::update_component`]) and its status (see
    /// [`Store::set_component_status`]), either or both, in one write.
    pub async fn edit_component(
        &self,
        actor: &Actor,
        id: i64,
        details: Option<(NewComponent, Option<i64>)>,
        status: Option<ComponentStatus>,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        if let Some((c, expected_version)) = details {
            update_details(&mut tx, actor, id, c, expected_version).await?;
        }
        if let Some(status) = status {
            super::components::set_status(&mut tx, actor, id, status).await?;
        }
        self.commit_public(tx).await
    }

    /// Deletes a component that no incident or maintenance mentions.
    pub async fn delete_component(&self, actor: &Actor, id: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let name: Option<String> =
            sqlx::query_scalar("SELECT name FROM components WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
        let Some(name) = name else { return Err(StoreError::NotFound("component")) };
        let uses: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM incident_components WHERE component_id = $1) \
             + (SELECT COUNT(*) FROM maintenance_components WHERE component_id = $1)",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        if uses > 0 {
            return Err(StoreError::Conflict(format!(
                "'{name}' appears in {uses} incident(s) or maintenance window(s); deleting it would rewrite their history. \
                 Hide it instead (untick Visible)."
            )));
        }
        sqlx::query("DELETE FROM components WHERE id = $1").bind(id).execute(&mut *tx).await?;
        record(&mut tx, actor, "delete", "component", Some(id), Some(json!({"name": name})), None).await?;
        self.commit_public(tx).await?;
        Ok(())
    }

    /// `expected_version` is the group's `version` as the editor read it: a newer one refuses.
    pub async fn update_group(&self, actor: &Actor, id: i64, g: NewGroup, expected_version: Option<i64>) -> Result<()> {
        let (name, description) = validate::name_and_description(&g.name, &g.description)?;
        let mut tx = self.write_tx().await?;
        let before: Option<(String, i64, i64)> =
            sqlx::query_as("SELECT name, position, version FROM component_groups WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(before) = before else { return Err(StoreError::NotFound("group")) };
        check_version(expected_version, before.2, &before.0)?;
        sqlx::query(
            "UPDATE component_groups SET name = $1, description = $2, position = $3, updated_at = $4, \
             version = version + 1 WHERE id = $5",
        )
        .bind(&name)
        .bind(&description)
        .bind(g.position)
        .bind(ms(Utc::now()))
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(|e| on_unique(e, "name", format!("a group named '{name}' already exists")))?;
        let before = json!({"name": before.0, "position": before.1});
        let after = json!({"name": name, "description": description, "position": g.position});
        record(&mut tx, actor, "update", "component_group", Some(id), Some(before), Some(after)).await?;
        self.commit_public(tx).await?;
        Ok(())
    }

    /// Deletes a group; its components stay, ungrouped.
    pub async fn delete_group(&self, actor: &Actor, id: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let name: Option<String> = sqlx::query_scalar("SELECT name FROM component_groups WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(name) = name else { return Err(StoreError::NotFound("group")) };
        sqlx::query("UPDATE components SET group_id = NULL, updated_at = $1 WHERE group_id = $2")
            .bind(ms(Utc::now()))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM component_groups WHERE id = $1").bind(id).execute(&mut *tx).await?;
        record(&mut tx, actor, "delete", "component_group", Some(id), Some(json!({"name": name})), None).await?;
        self.commit_public(tx).await?;
        Ok(())
    }
}

/// A component's details as they were before an edit.
#[derive(sqlx::FromRow)]
struct Details {
    name: String,
    group_id: Option<i64>,
    position: i64,
    visible: i64,
    only_show_if_degraded: i64,
    show_uptime: i64,
    version: i64,
}

/// Changes a component's details inside `tx`, refusing a stale `expected_version`.
async fn update_details(
    tx: &mut Transaction<'_, Any>,
    actor: &Actor,
    id: i64,
    c: NewComponent,
    expected_version: Option<i64>,
) -> Result<()> {
    let (name, description) = validate::name_and_description(&c.name, &c.description)?;
    let sql = "SELECT name, group_id, position, visible, only_show_if_degraded, show_uptime, version \
               FROM components WHERE id = $1";
    let before: Option<Details> = sqlx::query_as(sql).bind(id).fetch_optional(&mut **tx).await?;
    let Some(before) = before else { return Err(StoreError::NotFound("component")) };
    check_version(expected_version, before.version, &before.name)?;
    sqlx::query(
        "UPDATE components SET name = $1, description = $2, group_id = $3, position = $4, visible = $5, \
         only_show_if_degraded = $6, show_uptime = $7, updated_at = $8, version = version + 1 WHERE id = $9",
    )
    .bind(&name)
    .bind(&description)
    .bind(c.group_id)
    .bind(c.position)
    .bind(i64::from(c.visible))
    .bind(i64::from(c.only_show_if_degraded))
    .bind(i64::from(c.show_uptime))
    .bind(ms(Utc::now()))
    .bind(id)
    .execute(&mut **tx)
    .await
    .map_err(|e| on_missing_group(e, c.group_id, &name))?;
    let before = json!({"name": before.name, "group_id": before.group_id, "position": before.position,
                        "visible": before.visible != 0, "only_show_if_degraded": before.only_show_if_degraded != 0,
                        "show_uptime": before.show_uptime != 0});
    let after = json!({"name": name, "group_id": c.group_id, "position": c.position, "visible": c.visible,
                       "only_show_if_degraded": c.only_show_if_degraded, "show_uptime": c.show_uptime});
    record(tx, actor, "update", "component", Some(id), Some(before), Some(after)).await?;
    Ok(())
}

//! Incident templates.

use super::audit::{record, Actor};
use super::rows::parse;
use super::{ms, on_unique, Result, Store, StoreError};
use app::domain::validate::{self, NAME_MAX, TITLE_MAX};
use app::domain::{ComponentStatus, IncidentTemplate};
use chrono::Utc;
use serde_json::json;

type Row = (i64, String, String, String, String, String, String);

fn from_row((id, name, title, body, status, impact, components): Row) -> Result<IncidentTemplate> {
    let pairs: Vec<(i64, String)> =
        serde_json::from_str(&components).map_err(|e| StoreError::Corrupt(format!("template components: {e}")))?;
    let components =
        pairs.into_iter().map(|(id, s)| Ok((id, parse::<ComponentStatus>(&s)?))).collect::<Result<Vec<_>>>()?;
    Ok(IncidentTemplate { id, name, title, body, status: parse(&status)?, impact: parse(&impact)?, components })
}

impl Store {
    pub async fn create_template(&self, actor: &Actor, t: IncidentTemplate) -> Result<i64> {
        let name = validate::line("template_name", &t.name, NAME_MAX)?;
        let title = validate::line("title", &t.title, TITLE_MAX)?;
        let body = validate::body("body", &t.body)?;
        let components: Vec<(i64, &str)> = t.components.iter().map(|(id, s)| (*id, s.as_str())).collect();
        let now = ms(Utc::now());
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO incident_templates (name, title, body, status, impact, components, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(&name)
        .bind(&title)
        .bind(&body)
        .bind(t.status.as_str())
        .bind(t.impact.as_str())
        .bind(json!(components).to_string())
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| on_unique(e, "template_name", format!("a template named '{name}' already exists")))?;
        record(
            &mut tx,
            actor,
            "create",
            "incident_template",
            Some(id),
            None,
            Some(json!({"name": name, "title": title})),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// All templates by name.
    pub async fn list_templates(&self) -> Result<Vec<IncidentTemplate>> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, name, title, body, status, impact, components FROM incident_templates ORDER BY name LIMIT 500",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(from_row).collect()
    }

    pub async fn delete_template(&self, actor: &Actor, id: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let name: Option<String> = sqlx::query_scalar("SELECT name FROM incident_templates WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(name) = name else { return Err(StoreError::NotFound("template")) };
        sqlx::query("DELETE FROM incident_templates WHERE id = $1").bind(id).execute(&mut *tx).await?;
        record(&mut tx, actor, "delete", "incident_template", Some(id), Some(json!({"name": name})), None).await?;
        tx.commit().await?;
        Ok(())
    }
}

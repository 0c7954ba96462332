//! Incidents, their updates (with the component changes they make) and postmortems.

use super::audit::{record, Actor};
use super::components::{change_status, ChangeSource};
use super::outbox::{self, Subject};
use super::rows::{AffectedRow, ChangeRow, IncidentRow, PostmortemRow, UpdateRow};
use super::shown::{refresh_shown_dates, Shown};
use super::{fetch_by_ids, ms, on_missing_component, packed, placeholders, Result, Store, StoreError};
use app::domain::validate::{self, TITLE_MAX};
use app::domain::{ComponentStatus, Impact, Incident, IncidentStatus, NotificationKind};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::{Any, Transaction};
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

/// Set a component to a status as part of an update.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatusChange {
    pub component_id: i64,
    pub status: ComponentStatus,
}

#[derive(Debug, Clone)]
pub struct NewIncident {
    pub title: String,
    pub impact: Impact,
    pub status: IncidentStatus,
    /// Markdown of the first update.
    pub body: String,
    /// When it began; may lie before the first update (backfilling). Default: now.
    pub started_at: Option<DateTime<Utc>>,
    /// When the first update is shown to have been posted. Default: `started_at`.
    pub display_at: Option<DateTime<Utc>>,
    pub changes: Vec<StatusChange>,
    /// Tell subscribers (on by default, as on Statuspage).
    pub notify: bool,
}

#[derive(Debug, Clone)]
pub struct NewUpdate {
    pub status: IncidentStatus,
    pub body: String,
    /// Default: now.
    pub display_at: Option<DateTime<Utc>>,
    pub changes: Vec<StatusChange>,
    /// The incident version the writer saw; a newer stored version refuses the update.
    pub expected_version: Option<i64>,
    /// Tell subscribers.
    pub notify: bool,
}

/// A change of an incident's details; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IncidentEdit {
    pub title: Option<String>,
    pub impact: Option<Impact>,
    /// When it began; may lie before its first update (backfilling).
    pub started_at: Option<DateTime<Utc>>,
    /// The components it concerns, all of them (the affected list, not their statuses).
    pub components: Option<Vec<i64>>,
}

/// Where a page of the incident list (API v1's, newest first) starts: just older than this
/// incident. The public history, which lists maintenance too, has its own (`EntryCursor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryCursor {
    pub started_at_ms: i64,
    pub id: i64,
}

impl fmt::Display for HistoryCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.started_at_ms, self.id)
    }
}

impl FromStr for HistoryCursor {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let (t, id) = s.split_once('.').ok_or(())?;
        Ok(HistoryCursor { started_at_ms: t.parse().map_err(|_| ())?, id: id.parse().map_err(|_| ())? })
    }
}

/// The most incidents one public list shows; keeps every request's cost bounded.
pub const LIST_LIMIT: i64 = 200;

impl Store {
    /// Opens an incident with its first update and the component changes it makes.
    pub async fn create_incident(&self, actor: &Actor, new: NewIncident) -> Result<i64> {
        let title = validate::line("title", &new.title, TITLE_MAX)?;
        let body = validate::body("body", &new.body)?;
        let now = Utc::now();
        let started_at = new.started_at.unwrap_or(now);
        let display_at = new.display_at.unwrap_or(started_at);
        let resolved_at = (new.status == IncidentStatus::Resolved).then(|| ms(display_at));
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO incidents (title, impact, status, started_at, resolved_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(&title)
        .bind(new.impact.as_str())
        .bind(new.status.as_str())
        .bind(ms(started_at))
        .bind(resolved_at)
        .bind(ms(now))
        .fetch_one(&mut *tx)
        .await?;
        let update_id =
            insert_update(&mut tx, actor, id, new.status, &body, display_at, &new.changes, new.notify).await?;
        refresh_shown_dates(&mut tx, Shown::Incident(id)).await?;
        if new.notify {
            let components = outbox::incident_components(&mut tx, id).await?;
            let subject = Subject::Incident { id, update_id };
            outbox::enqueue(&mut tx, NotificationKind::IncidentCreated, subject, &components, None).await?;
        }
        let after = json!({"title": title, "impact": new.impact, "status": new.status, "update_id": update_id});
        record(&mut tx, actor, "create", "incident", Some(id), None, Some(after)).await?;
        self.commit_public(tx).await?;
        Ok(id)
    }

    /// Posts an update; the incident takes the status of its latest update by display time.
    pub async fn post_update(&self, actor: &Actor, incident_id: i64, new: NewUpdate) -> Result<i64> {
        let body = validate::body("body", &new.body)?;
        let display_at = new.display_at.unwrap_or_else(Utc::now);
        let mut tx = self.write_tx().await?;
        let before = lock_incident(&mut tx, incident_id, new.expected_version).await?;
        let update_id =
            insert_update(&mut tx, actor, incident_id, new.status, &body, display_at, &new.changes, new.notify).await?;
        let (status, resolved_at) = refresh_status(&mut tx, incident_id).await?;
        if new.notify {
            let components = outbox::incident_components(&mut tx, incident_id).await?;
            let subject = Subject::Incident { id: incident_id, update_id };
            outbox::enqueue(&mut tx, NotificationKind::IncidentUpdated, subject, &components, None).await?;
        }
        record(
            &mut tx,
            actor,
            "post_update",
            "incident",
            Some(incident_id),
            Some(json!({"status": before.status})),
            Some(json!({"status": status, "resolved_at": resolved_at, "update_id": update_id, "update_status": new.status})),
        )
        .await?;
        self.commit_public(tx).await?;
        Ok(update_id)
    }

    /// Saves the postmortem's text; `publish` publishes (Some(true)) or withdraws (Some(false)) it.
    pub async fn save_postmortem(
        &self,
        actor: &Actor,
        incident_id: i64,
        body: &str,
        publish: Option<bool>,
        expected_version: Option<i64>,
    ) -> Result<()> {
        self.save_postmortem_at(actor, incident_id, body, publish, None, expected_version).await
    }

    /// [`Store::save_postmortem`] with the publication time readers are shown: `published_at`
    /// (a backfilled postmortem's real date) when publishing, else the time it was first
    /// published, else now. Given while it stays published, it corrects that time.
    pub async fn save_postmortem_at(
        &self,
        actor: &Actor,
        incident_id: i64,
        body: &str,
        publish: Option<bool>,
        published_at: Option<DateTime<Utc>>,
        expected_version: Option<i64>,
    ) -> Result<()> {
        let body = validate::body("body", body)?;
        let now = ms(Utc::now());
        let mut tx = self.write_tx().await?;
        lock_incident(&mut tx, incident_id, None).await?;
        let before: Option<(String, Option<i64>, i64)> =
            sqlx::query_as("SELECT body, published_at, version FROM postmortems WHERE incident_id = $1")
                .bind(incident_id)
                .fetch_optional(&mut *tx)
                .await?;
        let current = before.as_ref().map_or(0, |b| b.2);
        if expected_version.is_some_and(|v| v != current) {
            return Err(StoreError::Conflict(
                "this postmortem was changed by someone else since you opened it; reload to see their change".into(),
            ));
        }
        let was = before.as_ref().and_then(|b| b.1);
        let given = published_at.map(ms);
        let published_at = match publish {
            Some(true) => given.or(was).or(Some(now)),
            Some(false) => None,
            None if was.is_some() => given.or(was),
            None if given.is_some() => {
                return Err(StoreError::invalid("published_at", "a draft has no publication time; publish it instead"))
            }
            None => None,
        };
        sqlx::query(
            "INSERT INTO postmortems (incident_id, body, published_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
             ON CONFLICT (incident_id) DO UPDATE SET body = excluded.body, published_at = excluded.published_at, \
             updated_at = excluded.updated_at, version = postmortems.version + 1",
        )
        .bind(incident_id)
        .bind(&body)
        .bind(published_at)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        refresh_shown_dates(&mut tx, Shown::Incident(incident_id)).await?;
        let before = before.map(|(body, published_at, _)| {
            json!({"body": body, "published": published_at.is_some(), "published_at": published_at})
        });
        let after = json!({"body": body, "published": published_at.is_some(), "published_at": published_at});
        record(&mut tx, actor, "save_postmortem", "incident", Some(incident_id), before, Some(after)).await?;
        self.commit_public(tx).await?;
        Ok(())
    }

    /// Changes an incident's title, impact, start and the components it concerns (only the fields
    /// given). Which components it concerns is not their status history: the status changes its
    /// updates made stand. `expected_version` is the incident's version as last read.
    pub async fn edit_incident(&self, actor: &Actor, id: i64, edit: IncidentEdit, expected_version: i64) -> Result<()> {
        let title = edit.title.as_deref().map(|t| validate::line("title", t, TITLE_MAX)).transpose()?;
        let mut tx = self.write_tx().await?;
        lock_incident(&mut tx, id, Some(expected_version)).await?;
        let sql = format!("SELECT {} FROM incidents WHERE id = $1", IncidentRow::COLUMNS);
        let row: Option<IncidentRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&mut *tx).await?;
        let before = row.ok_or(StoreError::NotFound("incident"))?.into_domain()?;
        let old_components: Vec<i64> = sqlx::query_scalar(
            "SELECT component_id FROM incident_components WHERE incident_id = $1 ORDER BY component_id",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        let title = title.unwrap_or_else(|| before.title.clone());
        let impact = edit.impact.unwrap_or(before.impact);
        let started_at = edit.started_at.unwrap_or(before.started_at);
        sqlx::query("UPDATE incidents SET title = $1, impact = $2, started_at = $3 WHERE id = $4")
            .bind(&title)
            .bind(impact.as_str())
            .bind(ms(started_at))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let mut components = old_components.clone();
        if let Some(wanted) = &edit.components {
            let mut wanted = wanted.clone();
            wanted.sort_unstable();
            wanted.dedup();
            sqlx::query("DELETE FROM incident_components WHERE incident_id = $1").bind(id).execute(&mut *tx).await?;
            for component_id in &wanted {
                sqlx::query("INSERT INTO incident_components (incident_id, component_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(component_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| on_missing_component(e, *component_id))?;
            }
            components = wanted;
        }
        refresh_shown_dates(&mut tx, Shown::Incident(id)).await?;
        let before = json!({"title": before.title, "impact": before.impact, "started_at": before.started_at,
                            "components": old_components});
        let after = json!({"title": title, "impact": impact, "started_at": started_at, "components": components});
        record(&mut tx, actor, "edit", "incident", Some(id), Some(before), Some(after)).await?;
        self.commit_public(tx).await?;
        Ok(())
    }

    /// Changes an update's text and shown time (its status and component changes stand); the
    /// incident takes the status of its latest update again. `expected_version` guards against a
    /// concurrent edit.
    pub async fn edit_update(
        &self,
        actor: &Actor,
        update_id: i64,
        body: &str,
        display_at: Option<DateTime<Utc>>,
        expected_version: i64,
    ) -> Result<()> {
        let body = validate::body("body", body)?;
        let mut tx = self.write_tx().await?;
        let row: Option<(i64, String, i64, i64)> =
            sqlx::query_as("SELECT incident_id, body, display_at, version FROM incident_updates WHERE id = $1")
                .bind(update_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((incident_id, old_body, old_display_at, version)) = row else {
            return Err(StoreError::NotFound("update"));
        };
        if version != expected_version {
            return Err(StoreError::Conflict(
                "this update was edited by someone else since you opened it; reload to see their change".into(),
            ));
        }
        let display_at = display_at.map_or(old_display_at, ms);
        sqlx::query("UPDATE incident_updates SET body = $1, display_at = $2, updated_at = $3, version = version + 1 WHERE id = $4")
            .bind(&body)
            .bind(display_at)
            .bind(ms(Utc::now()))
            .bind(update_id)
            .execute(&mut *tx)
            .await?;
        lock_incident(&mut tx, incident_id, None).await?;
        refresh_status(&mut tx, incident_id).await?;
        let before = json!({"body": old_body, "display_at": old_display_at});
        let after = json!({"body": body, "display_at": display_at});
        record(&mut tx, actor, "edit_update", "incident_update", Some(update_id), Some(before), Some(after)).await?;
        self.commit_public(tx).await?;
        Ok(())
    }

    /// Deletes an update (not the last one: an incident keeps at least one). The component
    /// changes it made stand; the incident takes the status of its latest remaining update.
    pub async fn delete_update(&self, actor: &Actor, update_id: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let row: Option<(i64, String, String)> =
            sqlx::query_as("SELECT incident_id, status, body FROM incident_updates WHERE id = $1")
                .bind(update_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((incident_id, status, body)) = row else { return Err(StoreError::NotFound("update")) };
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM incident_updates WHERE incident_id = $1")
            .bind(incident_id)
            .fetch_one(&mut *tx)
            .await?;
        if count <= 1 {
            return Err(StoreError::Conflict(
                "this is the incident's only update; an incident keeps at least one (delete the incident instead)"
                    .into(),
            ));
        }
        sqlx::query("UPDATE component_status_history SET incident_update_id = NULL WHERE incident_update_id = $1")
            .bind(update_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM incident_updates WHERE id = $1").bind(update_id).execute(&mut *tx).await?;
        lock_incident(&mut tx, incident_id, None).await?;
        refresh_status(&mut tx, incident_id).await?;
        let before = json!({"incident_id": incident_id, "status": status, "body": body});
        record(&mut tx, actor, "delete_update", "incident_update", Some(update_id), Some(before), None).await?;
        self.commit_public(tx).await?;
        Ok(())
    }

    /// Deletes an incident with its updates and postmortem. Component statuses and their history
    /// stay as they are: what the components went through remains true.
    pub async fn delete_incident(&self, actor: &Actor, id: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let title: Option<String> =
            sqlx::query_scalar("SELECT title FROM incidents WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
        let Some(title) = title else { return Err(StoreError::NotFound("incident")) };
        sqlx::query("DELETE FROM incidents WHERE id = $1").bind(id).execute(&mut *tx).await?;
        record(&mut tx, actor, "delete", "incident", Some(id), Some(json!({"title": title})), None).await?;
        self.commit_public(tx).await?;
        Ok(())
    }

    pub async fn get_incident(&self, id: i64) -> Result<Option<Incident>> {
        let sql = format!("SELECT {} FROM incidents WHERE id = $1", IncidentRow::COLUMNS);
        let row: Option<IncidentRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?;
        Ok(self.complete(row.into_iter().collect()).await?.pop())
    }

    /// Incidents not yet resolved, newest first.
    pub async fn open_incidents(&self) -> Result<Vec<Incident>> {
        let sql = format!(
            "SELECT {} FROM incidents WHERE status <> 'resolved' ORDER BY started_at DESC, id DESC LIMIT $1",
            IncidentRow::COLUMNS
        );
        let rows: Vec<IncidentRow> = sqlx::query_as(&sql).bind(LIST_LIMIT).fetch_all(&self.pool).await?;
        self.complete(rows).await
    }

    /// Incidents that started in `[from, to)`, newest first (at most [`LIST_LIMIT`]).
    pub async fn incidents_started_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Incident>> {
        let sql = format!(
            "SELECT {} FROM incidents WHERE started_at >= $1 AND started_at < $2 ORDER BY started_at DESC, id DESC LIMIT $3",
            IncidentRow::COLUMNS
        );
        let rows: Vec<IncidentRow> =
            sqlx::query_as(&sql).bind(ms(from)).bind(ms(to)).bind(LIST_LIMIT).fetch_all(&self.pool).await?;
        self.complete(rows).await
    }

    /// One page of all incidents, newest first, and the cursor of the next page if there is one.
    pub async fn history_page(
        &self,
        after: Option<HistoryCursor>,
        limit: i64,
    ) -> Result<(Vec<Incident>, Option<HistoryCursor>)> {
        let after = after.unwrap_or(HistoryCursor { started_at_ms: i64::MAX, id: i64::MAX });
        let sql = format!(
            "SELECT {} FROM incidents WHERE started_at < $1 OR (started_at = $1 AND id < $2) \
             ORDER BY started_at DESC, id DESC LIMIT $3",
            IncidentRow::COLUMNS
        );
        let mut rows: Vec<IncidentRow> =
            sqlx::query_as(&sql).bind(after.started_at_ms).bind(after.id).bind(limit + 1).fetch_all(&self.pool).await?;
        let more = rows.len() as i64 > limit;
        rows.truncate(limit.max(0) as usize);
        let incidents = self.complete(rows).await?;
        let next = more
            .then(|| incidents.last().map(|i| HistoryCursor { started_at_ms: ms(i.started_at), id: i.id }))
            .flatten();
        Ok((incidents, next))
    }

    /// Fills in updates, their changes, affected components and postmortems: four queries for
    /// the whole list, whatever its length.
    pub(super) async fn complete(&self, rows: Vec<IncidentRow>) -> Result<Vec<Incident>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let list = placeholders(1, ids.len());

        // Packed (`store::packed`): an open incident during a long outage has hundreds of updates,
        // read again for every page and notification that shows it.
        let columns: Vec<&str> = UpdateRow::COLUMNS.split(", ").collect();
        let rest = format!("FROM incident_updates WHERE incident_id IN ({})", placeholders(3, ids.len()));
        let sql = packed::select(&columns, &rest, "display_at, id");
        let all = ids.iter().fold(packed::query(&sql), |q, id| q.bind(*id)).fetch_one(&self.pool).await?;
        let updates: Vec<UpdateRow> =
            packed::rows(&all, columns.len()).map(|c| UpdateRow::from_packed(&c?)).collect::<Result<_>>()?;
        let sql = format!(
            "SELECT c.update_id, c.component_id, comp.name AS component_name, c.old_status, c.new_status \
             FROM incident_update_components c JOIN incident_updates u ON u.id = c.update_id \
             JOIN components comp ON comp.id = c.component_id WHERE u.incident_id IN ({list}) \
             ORDER BY comp.position, comp.id"
        );
        let changes: Vec<ChangeRow> = fetch_by_ids(&self.pool, &sql, &ids).await?;
        let sql = format!(
            "SELECT ic.incident_id AS owner_id, c.id AS component_id, c.name, g.name AS group_name \
             FROM incident_components ic JOIN components c ON c.id = ic.component_id \
             LEFT JOIN component_groups g ON g.id = c.group_id WHERE ic.incident_id IN ({list}) \
             ORDER BY COALESCE(g.position, c.position), COALESCE(g.id, 0), c.position, c.id"
        );
        let affected: Vec<AffectedRow> = fetch_by_ids(&self.pool, &sql, &ids).await?;
        let sql = format!(
            "SELECT incident_id, body, published_at, updated_at, version FROM postmortems WHERE incident_id IN ({list})"
        );
        let postmortems: Vec<PostmortemRow> = fetch_by_ids(&self.pool, &sql, &ids).await?;

        let mut changes_by_update: HashMap<i64, Vec<_>> = HashMap::new();
        for c in changes {
            changes_by_update.entry(c.update_id).or_default().push(c.into_domain()?);
        }
        let mut incidents: Vec<Incident> = rows.into_iter().map(IncidentRow::into_domain).collect::<Result<_>>()?;
        let index: HashMap<i64, usize> = incidents.iter().enumerate().map(|(i, inc)| (inc.id, i)).collect();
        for u in updates {
            let (incident, id) = (u.incident_id, u.id);
            let mut update = u.into_domain()?;
            update.changes = changes_by_update.remove(&id).unwrap_or_default();
            incidents[index[&incident]].updates.push(update);
        }
        for a in affected {
            incidents[index[&a.owner_id]].affected.push(a.into_domain());
        }
        for p in postmortems {
            let p = p.into_domain()?;
            let i = index[&p.incident_id];
            incidents[i].postmortem = Some(p);
        }
        Ok(incidents)
    }
}

struct Locked {
    status: String,
}

/// Reads the incident inside the transaction and checks the writer's version; bumps the version
/// so that a concurrent writer's check fails.
async fn lock_incident(tx: &mut Transaction<'_, Any>, id: i64, expected: Option<i64>) -> Result<Locked> {
    let row: Option<(String, i64)> = sqlx::query_as("SELECT status, version FROM incidents WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    let Some((status, version)) = row else {
        return Err(StoreError::NotFound("incident"));
    };
    if let Some(expected) = expected.filter(|e| *e != version) {
        return Err(StoreError::Conflict(format!(
            "this incident was changed by someone else since you opened it (your version {expected}, now {version}); reload to see their change"
        )));
    }
    sqlx::query("UPDATE incidents SET version = version + 1, updated_at = $1 WHERE id = $2")
        .bind(ms(Utc::now()))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(Locked { status })
}

/// Inserts an update and applies its component changes; returns its id.
#[allow(clippy::too_many_arguments)]
async fn insert_update(
    tx: &mut Transaction<'_, Any>,
    actor: &Actor,
    incident_id: i64,
    status: IncidentStatus,
    body: &str,
    display_at: DateTime<Utc>,
    changes: &[StatusChange],
    notify: bool,
) -> Result<i64> {
    let now = ms(Utc::now());
    let update_id: i64 = sqlx::query_scalar(
        "INSERT INTO incident_updates (incident_id, status, body, display_at, created_by, created_at, updated_at, notify) \
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id",
    )
    .bind(incident_id)
    .bind(status.as_str())
    .bind(body)
    .bind(ms(display_at))
    .bind(actor.user_id())
    .bind(now)
    .bind(i64::from(notify))
    .fetch_one(&mut **tx)
    .await?;
    let source = ChangeSource { incident_update_id: Some(update_id), maintenance_id: None };
    for change in changes {
        let old = change_status(tx, change.component_id, change.status, display_at, source).await?;
        sqlx::query(
            "INSERT INTO incident_update_components (update_id, component_id, old_status, new_status) VALUES ($1, $2, $3, $4)",
        )
        .bind(update_id)
        .bind(change.component_id)
        .bind(old.as_str())
        .bind(change.status.as_str())
        .execute(&mut **tx)
        .await
        .map_err(|e| super::on_unique(e, "components", format!("component {} is listed twice", change.component_id)))?;
        sqlx::query(
            "INSERT INTO incident_components (incident_id, component_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(incident_id)
        .bind(change.component_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(update_id)
}

/// Sets the incident's status (and resolved time) from its latest update by display time, and
/// its shown last change.
async fn refresh_status(tx: &mut Transaction<'_, Any>, incident_id: i64) -> Result<(IncidentStatus, Option<i64>)> {
    let (status, display_at): (String, i64) = sqlx::query_as(
        "SELECT status, display_at FROM incident_updates WHERE incident_id = $1 ORDER BY display_at DESC, id DESC LIMIT 1",
    )
    .bind(incident_id)
    .fetch_one(&mut **tx)
    .await?;
    let status: IncidentStatus = super::rows::parse(&status)?;
    let resolved_at = (status == IncidentStatus::Resolved).then_some(display_at);
    sqlx::query("UPDATE incidents SET status = $1, resolved_at = $2 WHERE id = $3")
        .bind(status.as_str())
        .bind(resolved_at)
        .bind(incident_id)
        .execute(&mut **tx)
        .await?;
    refresh_shown_dates(tx, Shown::Incident(incident_id)).await?;
    Ok((status, resolved_at))
}

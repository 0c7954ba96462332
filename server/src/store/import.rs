//! A Statuspage page written into Beacon in one transaction: what is new is created, what changed
//! on Statuspage since the last run is updated, the rest is left alone (keyed by Statuspage ids,
//! see migrations/*/0011_statuspage_ids.sql). The caller has validated everything; only the
//! database can refuse here.

use super::audit::{record, Actor};
use super::shown::{refresh_shown_dates, Shown};
use super::{ms, Result, Store};
use app::domain::{ComponentStatus, Impact, IncidentStatus, MaintenanceStatus};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::{Any, Transaction};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Default, Serialize)]
pub struct SpPage {
    pub id: Option<String>,
    pub name: Option<String>,
    pub time_zone: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpGroup {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub position: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpComponent {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub position: i64,
    pub status: ComponentStatus,
    /// The Statuspage id of its group.
    pub group: Option<String>,
    pub only_show_if_degraded: bool,
    pub show_uptime: bool,
    /// When it was created on Statuspage: its uptime counts from then. Not in the digest, so
    /// that pages imported before Beacon read it are not taken as changed.
    #[serde(skip)]
    pub created_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpChange {
    /// The Statuspage id of the component.
    pub component: String,
    pub old_status: ComponentStatus,
    pub new_status: ComponentStatus,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpUpdate {
    pub id: String,
    pub status: IncidentStatus,
    pub body: String,
    pub display_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub notify: bool,
    pub changes: Vec<SpChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpPostmortem {
    pub body: String,
    /// None: a draft.
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpIncident {
    pub id: String,
    pub title: String,
    pub impact: Impact,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub started_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// The status of its latest update (Beacon's rule).
    pub status: IncidentStatus,
    /// Statuspage ids of the components it affected.
    pub components: Vec<String>,
    /// Oldest first; at least one.
    pub updates: Vec<SpUpdate>,
    pub postmortem: Option<SpPostmortem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpMaintenanceUpdate {
    pub id: String,
    pub status: MaintenanceStatus,
    pub body: String,
    pub display_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub notify: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpMaintenance {
    pub id: String,
    pub title: String,
    pub status: MaintenanceStatus,
    pub scheduled_for: DateTime<Utc>,
    pub scheduled_until: DateTime<Utc>,
    pub auto_start: bool,
    pub auto_complete: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub components: Vec<String>,
    /// Oldest first.
    pub updates: Vec<SpMaintenanceUpdate>,
}

/// A whole Statuspage page, validated: every component a reference names is among `components`.
#[derive(Debug, Clone, Default)]
pub struct StatuspageImport {
    /// Where it was read from, for the audit log.
    pub source: String,
    pub page: SpPage,
    pub groups: Vec<SpGroup>,
    pub components: Vec<SpComponent>,
    pub incidents: Vec<SpIncident>,
    pub maintenances: Vec<SpMaintenance>,
}

/// How many objects of each kind a run created, updated or found unchanged.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportCounts {
    pub created: BTreeMap<&'static str, u64>,
    pub updated: BTreeMap<&'static str, u64>,
    pub unchanged: BTreeMap<&'static str, u64>,
    /// Whether the database held no page before this run.
    pub was_empty: bool,
}

impl ImportCounts {
    fn count(&mut self, kind: &'static str, outcome: Outcome) {
        let map = match outcome {
            Outcome::Created => &mut self.created,
            Outcome::Updated => &mut self.updated,
            Outcome::Unchanged => &mut self.unchanged,
        };
        *map.entry(kind).or_default() += 1;
    }

    pub fn changed_anything(&self) -> bool {
        !self.created.is_empty() || !self.updated.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    Created,
    Updated,
    Unchanged,
}

fn digest_of(value: &impl Serialize) -> String {
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
}

impl Store {
    /// The Beacon incident an imported Statuspage incident became, if it is still there.
    pub async fn incident_for_statuspage_id(&self, statuspage_id: &str) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT s.beacon_id FROM statuspage_ids s JOIN incidents i ON i.id = s.beacon_id \
             WHERE s.kind = 'incident' AND s.statuspage_id = $1",
        )
        .bind(statuspage_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Writes the page in one transaction with one audit entry; nothing when nothing changed.
    pub async fn import_statuspage(&self, actor: &Actor, page: &StatuspageImport) -> Result<ImportCounts> {
        let was_empty = self.is_empty().await?;
        let mut counts = ImportCounts { was_empty, ..ImportCounts::default() };
        let mut tx = self.write_tx().await?;
        let history_before: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM component_status_history").fetch_one(&mut *tx).await?;
        let mut ids = Ids::default();
        for g in &page.groups {
            let (id, outcome) = write_group(&mut tx, g).await?;
            ids.groups.insert(g.id.clone(), id);
            counts.count("groups", outcome);
        }
        for c in &page.components {
            let (id, outcome) = write_component(&mut tx, c, &ids, page).await?;
            ids.components.insert(c.id.clone(), id);
            counts.count("components", outcome);
        }
        for i in &page.incidents {
            counts.count("incidents", write_incident(&mut tx, actor, i, &ids).await?);
        }
        for m in &page.maintenances {
            counts.count("maintenance", write_maintenance(&mut tx, actor, m, &ids).await?);
        }
        if !counts.changed_anything() {
            tx.rollback().await?;
            return Ok(counts);
        }
        // A new database takes the Statuspage page's name and zone (counting the uptime days in it).
        if let (true, Some(name), Some(zone)) = (was_empty, &page.page.name, &page.page.time_zone) {
            let tz = zone
                .parse()
                .map_err(|_| super::StoreError::invalid("time_zone", format!("unknown time zone '{zone}'")))?;
            super::settings::import_identity(&mut tx, actor, name, tz).await?;
        }
        // Each component's uptime once, from the earliest change this run recorded for it.
        let changed: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT component_id, MIN(changed_at) FROM component_status_history WHERE id > $1 GROUP BY component_id",
        )
        .bind(history_before)
        .fetch_all(&mut *tx)
        .await?;
        for (component_id, from) in changed {
            super::uptime::refresh(&mut tx, component_id, super::from_ms(from)?).await?;
        }
        // A new database takes the Statuspage page's id, so API v2 readers see the same page.id.
        if let (true, Some(page_id)) = (was_empty, &page.page.id) {
            sqlx::query("UPDATE page_identity SET page_id = $1 WHERE singleton = 1")
                .bind(page_id)
                .execute(&mut *tx)
                .await?;
        }
        let after =
            json!({"source": page.source, "page": page.page, "created": counts.created, "updated": counts.updated});
        record(&mut tx, actor, "import_statuspage", "page", None, None, Some(after)).await?;
        self.commit_public(tx).await?;
        Ok(counts)
    }
}

#[derive(Default)]
struct Ids {
    groups: HashMap<String, i64>,
    components: HashMap<String, i64>,
}

impl Ids {
    fn component(&self, sp: &str) -> Result<i64> {
        // The caller checked every reference; a miss is a bug, not bad input.
        self.components
            .get(sp)
            .copied()
            .ok_or_else(|| super::StoreError::Corrupt(format!("component {sp} was not imported")))
    }
}

/// The Beacon id and stored digest of an imported object.
async fn mapped(tx: &mut Transaction<'_, Any>, kind: &str, sp: &str) -> Result<Option<(i64, String)>> {
    Ok(sqlx::query_as("SELECT beacon_id, digest FROM statuspage_ids WHERE kind = $1 AND statuspage_id = $2")
        .bind(kind)
        .bind(sp)
        .fetch_optional(&mut **tx)
        .await?)
}

async fn remember(tx: &mut Transaction<'_, Any>, kind: &str, sp: &str, id: i64, digest: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO statuspage_ids (kind, statuspage_id, beacon_id, digest) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (kind, statuspage_id) DO UPDATE SET beacon_id = excluded.beacon_id, digest = excluded.digest",
    )
    .bind(kind)
    .bind(sp)
    .bind(id)
    .bind(digest)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether the row an object was imported as still exists (staff may have deleted it since).
async fn exists(tx: &mut Transaction<'_, Any>, table: &str, id: i64) -> Result<bool> {
    let sql = format!("SELECT COUNT(*) FROM {table} WHERE id = $1");
    Ok(sqlx::query_scalar::<_, i64>(&sql).bind(id).fetch_one(&mut **tx).await? > 0)
}

/// `name`, or the first of "name (hint)", "name (2)", … that no other row of `table` has
/// (names are unique in Beacon; Statuspage repeats them across groups).
async fn free_name(
    tx: &mut Transaction<'_, Any>,
    table: &str,
    name: &str,
    own: Option<i64>,
    hint: Option<&str>,
) -> Result<String> {
    let sql = format!("SELECT id FROM {table} WHERE name = $1");
    let mut candidates = vec![name.to_string()];
    candidates.extend(hint.map(|h| format!("{name} ({h})")));
    candidates.extend((2..100).map(|n| format!("{name} ({n})")));
    for candidate in candidates {
        let holder: Option<i64> = sqlx::query_scalar(&sql).bind(&candidate).fetch_optional(&mut **tx).await?;
        if holder.is_none() || holder == own {
            return Ok(candidate);
        }
    }
    Ok(format!("{name} ({})", own.unwrap_or_default()))
}

async fn write_group(tx: &mut Transaction<'_, Any>, g: &SpGroup) -> Result<(i64, Outcome)> {
    let digest = digest_of(g);
    let now = ms(Utc::now());
    let known = mapped(tx, "group", &g.id).await?;
    if let Some((id, old)) = &known {
        if exists(tx, "component_groups", *id).await? {
            if *old == digest {
                return Ok((*id, Outcome::Unchanged));
            }
            let name = free_name(tx, "component_groups", &g.name, Some(*id), None).await?;
            sqlx::query(
                "UPDATE component_groups SET name = $1, description = $2, position = $3, updated_at = $4, \
                 version = version + 1 WHERE id = $5",
            )
            .bind(&name)
            .bind(&g.description)
            .bind(g.position)
            .bind(now)
            .bind(id)
            .execute(&mut **tx)
            .await?;
            remember(tx, "group", &g.id, *id, &digest).await?;
            return Ok((*id, Outcome::Updated));
        }
    }
    let name = free_name(tx, "component_groups", &g.name, None, None).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO component_groups (name, description, position, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(&name)
    .bind(&g.description)
    .bind(g.position)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    remember(tx, "group", &g.id, id, &digest).await?;
    Ok((id, Outcome::Created))
}

async fn write_component(
    tx: &mut Transaction<'_, Any>,
    c: &SpComponent,
    ids: &Ids,
    page: &StatuspageImport,
) -> Result<(i64, Outcome)> {
    let digest = digest_of(c);
    let now = ms(Utc::now());
    let group_id = c.group.as_ref().and_then(|g| ids.groups.get(g).copied());
    let hint = c.group.as_ref().and_then(|g| page.groups.iter().find(|x| &x.id == g)).map(|g| g.name.as_str());
    let known = mapped(tx, "component", &c.id).await?;
    if let Some((id, old)) = &known {
        if exists(tx, "components", *id).await? {
            if *old == digest {
                return Ok((*id, Outcome::Unchanged));
            }
            let name = free_name(tx, "components", &c.name, Some(*id), hint).await?;
            let before: String =
                sqlx::query_scalar("SELECT status FROM components WHERE id = $1").bind(id).fetch_one(&mut **tx).await?;
            sqlx::query(
                "UPDATE components SET name = $1, description = $2, position = $3, status = $4, group_id = $5, \
                 only_show_if_degraded = $6, show_uptime = $7, updated_at = $8, version = version + 1 WHERE id = $9",
            )
            .bind(&name)
            .bind(&c.description)
            .bind(c.position)
            .bind(c.status.as_str())
            .bind(group_id)
            .bind(i64::from(c.only_show_if_degraded))
            .bind(i64::from(c.show_uptime))
            .bind(now)
            .bind(id)
            .execute(&mut **tx)
            .await?;
            if before != c.status.as_str() {
                history(tx, *id, Some(&before), c.status, now, None).await?;
            }
            remember(tx, "component", &c.id, *id, &digest).await?;
            return Ok((*id, Outcome::Updated));
        }
    }
    let name = free_name(tx, "components", &c.name, None, hint).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO components (group_id, name, description, position, status, visible, only_show_if_degraded, \
         show_uptime, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $8) RETURNING id",
    )
    .bind(group_id)
    .bind(&name)
    .bind(&c.description)
    .bind(c.position)
    .bind(c.status.as_str())
    .bind(i64::from(c.only_show_if_degraded))
    .bind(i64::from(c.show_uptime))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    // Operational since it was created on Statuspage (as Statuspage counts its uptime), until the
    // changes its incidents made; a status it has now that none of them set counts from now.
    match c.created_at.map(ms).filter(|t| *t < now) {
        Some(created) if c.status != ComponentStatus::Operational => {
            history(tx, id, None, ComponentStatus::Operational, created, None).await?;
            history(tx, id, Some(ComponentStatus::Operational.as_str()), c.status, now, None).await?;
        }
        Some(created) => history(tx, id, None, c.status, created, None).await?,
        None => history(tx, id, None, c.status, now, None).await?,
    }
    remember(tx, "component", &c.id, id, &digest).await?;
    Ok((id, Outcome::Created))
}

async fn history(
    tx: &mut Transaction<'_, Any>,
    component_id: i64,
    old: Option<&str>,
    new: ComponentStatus,
    at: i64,
    update_id: Option<i64>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO component_status_history (component_id, old_status, new_status, changed_at, incident_update_id) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(component_id)
    .bind(old)
    .bind(new.as_str())
    .bind(at)
    .bind(update_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Creates or updates one incident with its updates, component changes and postmortem, every
/// date as Statuspage gives it. The one place imported incidents are written; its stored shown
/// dates are refreshed at the end, as every write does.
async fn write_incident(tx: &mut Transaction<'_, Any>, actor: &Actor, i: &SpIncident, ids: &Ids) -> Result<Outcome> {
    let digest = digest_of(i);
    let known = mapped(tx, "incident", &i.id).await?;
    let existing = match &known {
        Some((id, _)) if exists(tx, "incidents", *id).await? => Some(*id),
        _ => None,
    };
    if let (Some(_), Some((_, old))) = (existing, &known) {
        if *old == digest {
            return Ok(Outcome::Unchanged);
        }
    }
    let id = match existing {
        Some(id) => {
            sqlx::query(
                "UPDATE incidents SET title = $1, impact = $2, status = $3, started_at = $4, resolved_at = $5, \
                 created_at = $6, updated_at = $7, version = version + 1 WHERE id = $8",
            )
            .bind(&i.title)
            .bind(i.impact.as_str())
            .bind(i.status.as_str())
            .bind(ms(i.started_at))
            .bind(i.resolved_at.map(ms))
            .bind(ms(i.created_at))
            .bind(ms(i.updated_at))
            .bind(id)
            .execute(&mut **tx)
            .await?;
            id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO incidents (title, impact, status, started_at, resolved_at, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(&i.title)
            .bind(i.impact.as_str())
            .bind(i.status.as_str())
            .bind(ms(i.started_at))
            .bind(i.resolved_at.map(ms))
            .bind(ms(i.created_at))
            .bind(ms(i.updated_at))
            .fetch_one(&mut **tx)
            .await?
        }
    };
    for c in &i.components {
        affect(tx, "incident_components", "incident_id", id, ids.component(c)?).await?;
    }
    for u in &i.updates {
        write_update(tx, actor, id, u, ids).await?;
    }
    if let Some(p) = &i.postmortem {
        sqlx::query(
            "INSERT INTO postmortems (incident_id, body, published_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
             ON CONFLICT (incident_id) DO UPDATE SET body = excluded.body, published_at = excluded.published_at, \
             updated_at = excluded.updated_at, version = postmortems.version + 1",
        )
        .bind(id)
        .bind(&p.body)
        .bind(p.published_at.map(ms))
        .bind(ms(p.updated_at))
        .execute(&mut **tx)
        .await?;
    }
    refresh_shown_dates(tx, Shown::Incident(id)).await?;
    remember(tx, "incident", &i.id, id, &digest).await?;
    Ok(if existing.is_some() { Outcome::Updated } else { Outcome::Created })
}

async fn affect(tx: &mut Transaction<'_, Any>, table: &str, owner: &str, id: i64, component: i64) -> Result<()> {
    let sql = format!("INSERT INTO {table} ({owner}, component_id) VALUES ($1, $2) ON CONFLICT DO NOTHING");
    sqlx::query(&sql).bind(id).bind(component).execute(&mut **tx).await?;
    Ok(())
}

async fn write_update(
    tx: &mut Transaction<'_, Any>,
    actor: &Actor,
    incident_id: i64,
    u: &SpUpdate,
    ids: &Ids,
) -> Result<()> {
    let digest = digest_of(u);
    let known = match mapped(tx, "incident_update", &u.id).await? {
        Some((id, old)) if exists(tx, "incident_updates", id).await? => Some((id, old)),
        _ => None,
    };
    let update_id = match &known {
        Some((_, old)) if *old == digest => return Ok(()),
        Some((id, _)) => {
            sqlx::query(
                "UPDATE incident_updates SET status = $1, body = $2, display_at = $3, created_at = $4, updated_at = $5, \
                 notify = $6, version = version + 1 WHERE id = $7",
            )
            .bind(u.status.as_str())
            .bind(&u.body)
            .bind(ms(u.display_at))
            .bind(ms(u.created_at))
            .bind(ms(u.updated_at))
            .bind(i64::from(u.notify))
            .bind(id)
            .execute(&mut **tx)
            .await?;
            sqlx::query("DELETE FROM incident_update_components WHERE update_id = $1").bind(id).execute(&mut **tx).await?;
            *id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO incident_updates (incident_id, status, body, display_at, created_by, created_at, updated_at, notify) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(incident_id)
            .bind(u.status.as_str())
            .bind(&u.body)
            .bind(ms(u.display_at))
            .bind(actor.user_id())
            .bind(ms(u.created_at))
            .bind(ms(u.updated_at))
            .bind(i64::from(u.notify))
            .fetch_one(&mut **tx)
            .await?
        }
    };
    for change in &u.changes {
        let component = ids.component(&change.component)?;
        sqlx::query(
            "INSERT INTO incident_update_components (update_id, component_id, old_status, new_status) \
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(update_id)
        .bind(component)
        .bind(change.old_status.as_str())
        .bind(change.new_status.as_str())
        .execute(&mut **tx)
        .await?;
        affect(tx, "incident_components", "incident_id", incident_id, component).await?;
        // What the component went through, at the time it was shown; its current status comes
        // from the page's component list.
        if known.is_none() && change.old_status != change.new_status {
            let old = Some(change.old_status.as_str());
            history(tx, component, old, change.new_status, ms(u.display_at), Some(update_id)).await?;
        }
    }
    remember(tx, "incident_update", &u.id, update_id, &digest).await
}

async fn write_maintenance(
    tx: &mut Transaction<'_, Any>,
    actor: &Actor,
    m: &SpMaintenance,
    ids: &Ids,
) -> Result<Outcome> {
    let digest = digest_of(m);
    let existing = match mapped(tx, "maintenance", &m.id).await? {
        Some((id, old)) if exists(tx, "maintenances", id).await? => {
            if old == digest {
                return Ok(Outcome::Unchanged);
            }
            Some(id)
        }
        _ => None,
    };
    let id = match existing {
        Some(id) => {
            sqlx::query(
                "UPDATE maintenances SET title = $1, status = $2, scheduled_for = $3, scheduled_until = $4, \
                 auto_start = $5, auto_complete = $6, created_at = $7, updated_at = $8, version = version + 1 WHERE id = $9",
            )
            .bind(&m.title)
            .bind(m.status.as_str())
            .bind(ms(m.scheduled_for))
            .bind(ms(m.scheduled_until))
            .bind(i64::from(m.auto_start))
            .bind(i64::from(m.auto_complete))
            .bind(ms(m.created_at))
            .bind(ms(m.updated_at))
            .bind(id)
            .execute(&mut **tx)
            .await?;
            id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO maintenances (title, status, scheduled_for, scheduled_until, auto_start, auto_complete, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(&m.title)
            .bind(m.status.as_str())
            .bind(ms(m.scheduled_for))
            .bind(ms(m.scheduled_until))
            .bind(i64::from(m.auto_start))
            .bind(i64::from(m.auto_complete))
            .bind(ms(m.created_at))
            .bind(ms(m.updated_at))
            .fetch_one(&mut **tx)
            .await?
        }
    };
    for c in &m.components {
        affect(tx, "maintenance_components", "maintenance_id", id, ids.component(c)?).await?;
    }
    for u in &m.updates {
        let digest = digest_of(u);
        let known = match mapped(tx, "maintenance_update", &u.id).await? {
            Some((id, old)) if exists(tx, "maintenance_updates", id).await? => Some((id, old)),
            _ => None,
        };
        let update_id = match known {
            Some((_, old)) if old == digest => continue,
            Some((update_id, _)) => {
                sqlx::query(
                    "UPDATE maintenance_updates SET status = $1, body = $2, display_at = $3, created_at = $4, \
                     updated_at = $5, notify = $6 WHERE id = $7",
                )
                .bind(u.status.as_str())
                .bind(&u.body)
                .bind(ms(u.display_at))
                .bind(ms(u.created_at))
                .bind(ms(u.updated_at))
                .bind(i64::from(u.notify))
                .bind(update_id)
                .execute(&mut **tx)
                .await?;
                update_id
            }
            None => sqlx::query_scalar(
                "INSERT INTO maintenance_updates (maintenance_id, status, body, display_at, created_by, created_at, \
                     updated_at, notify) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(id)
            .bind(u.status.as_str())
            .bind(&u.body)
            .bind(ms(u.display_at))
            .bind(actor.user_id())
            .bind(ms(u.created_at))
            .bind(ms(u.updated_at))
            .bind(i64::from(u.notify))
            .fetch_one(&mut **tx)
            .await?,
        };
        remember(tx, "maintenance_update", &u.id, update_id, &digest).await?;
    }
    refresh_shown_dates(tx, Shown::Maintenance(id)).await?;
    remember(tx, "maintenance", &m.id, id, &digest).await?;
    Ok(if existing.is_some() { Outcome::Updated } else { Outcome::Created })
}

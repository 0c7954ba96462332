//! The audit log: every write records who did what, in the write's own transaction.

use super::{from_ms, ms, Result, Store};
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

/// Who makes a change.
#[derive(Debug, Clone, PartialEq)]
pub enum Actor {
    /// Beacon itself: background jobs, sample data.
    System,
    /// A visitor on the public subscribe pages, or following a signed link of a subscriber's.
    Subscriber,
    User {
        id: i64,
        email: String,
    },
    Token {
        id: i64,
        name: String,
    },
}

impl Actor {
    fn ids(&self) -> (Option<i64>, Option<i64>, String) {
        match self {
            Actor::System => (None, None, "system".into()),
            Actor::Subscriber => (None, None, "subscriber".into()),
            Actor::User { id, email } => (Some(*id), None, email.clone()),
            Actor::Token { id, name } => (None, Some(*id), format!("token {name}")),
        }
    }

    pub fn user_id(&self) -> Option<i64> {
        self.ids().0
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    at: i64,
    actor: String,
    action: String,
    entity_type: String,
    entity_id: Option<String>,
    before_json: Option<String>,
    after_json: Option<String>,
}

/// Records one change inside the transaction that makes it.
pub(crate) async fn record(
    tx: &mut Transaction<'_, Any>,
    actor: &Actor,
    action: &str,
    entity_type: &str,
    entity_id: Option<i64>,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<()> {
    let (user_id, token_id, label) = actor.ids();
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, token_id, actor, action, entity_type, entity_id, before_json, after_json) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(ms(Utc::now()))
    .bind(user_id)
    .bind(token_id)
    .bind(label)
    .bind(action)
    .bind(entity_type)
    .bind(entity_id.map(|id| id.to_string()))
    .bind(before.map(|v| v.to_string()))
    .bind(after.map(|v| v.to_string()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Exact-match filters of the audit log; `None` matches anything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub entity_type: Option<String>,
}

/// Where a page of the audit log starts: after the entry at `at` with `id` (newest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditCursor {
    pub at: DateTime<Utc>,
    pub id: i64,
}

impl AuditCursor {
    pub fn of(entry: &AuditEntry) -> AuditCursor {
        AuditCursor { at: entry.at, id: entry.id }
    }

    /// `<ms>_<id>`, as it travels in an address.
    pub fn encode(&self) -> String {
        format!("{}_{}", ms(self.at), self.id)
    }

    pub fn decode(s: &str) -> Option<AuditCursor> {
        let (at, id) = s.split_once('_')?;
        Some(AuditCursor { at: DateTime::from_timestamp_millis(at.parse().ok()?)?, id: id.parse().ok()? })
    }
}

fn entry(r: AuditRow) -> Result<AuditEntry> {
    let json = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    Ok(AuditEntry {
        id: r.id,
        at: from_ms(r.at)?,
        actor: r.actor,
        action: r.action,
        entity_type: r.entity_type,
        entity_id: r.entity_id,
        before: json(r.before_json),
        after: json(r.after_json),
    })
}

impl Store {
    /// Up to `limit` audit entries older than `before` (all when `None`) that match `filter`,
    /// newest first: a keyset page along the `audit_log (at DESC, id DESC)` index.
    pub async fn audit_page(
        &self,
        filter: &AuditFilter,
        before: Option<AuditCursor>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>> {
        let mut sql = String::from(
            "SELECT id, at, actor, action, entity_type, entity_id, before_json, after_json FROM audit_log WHERE 1 = 1",
        );
        let mut binds: Vec<String> = Vec::new();
        for (column, value) in
            [("actor", &filter.actor), ("action", &filter.action), ("entity_type", &filter.entity_type)]
        {
            if let Some(v) = value {
                binds.push(v.clone());
                sql.push_str(&format!(" AND {column} = ${}", binds.len()));
            }
        }
        let n = binds.len();
        if before.is_some() {
            sql.push_str(&format!(" AND (at < ${} OR (at = ${} AND id < ${}))", n + 1, n + 1, n + 2));
        }
        sql.push_str(&format!(" ORDER BY at DESC, id DESC LIMIT ${}", n + 1 + 2 * usize::from(before.is_some())));
        let mut query = binds.into_iter().fold(sqlx::query_as::<_, AuditRow>(&sql), |q, v| q.bind(v));
        if let Some(c) = before {
            query = query.bind(ms(c.at)).bind(c.id);
        }
        let rows = query.bind(limit).fetch_all(&self.pool).await?;
        rows.into_iter().map(entry).collect()
    }

    /// The actors, actions and entity types of the newest `recent` entries, each sorted: what the
    /// audit log's filters offer, found without reading the whole table.
    pub async fn audit_vocabulary(&self, recent: i64) -> Result<(Vec<String>, Vec<String>, Vec<String>)> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT DISTINCT actor, action, entity_type FROM \
             (SELECT actor, action, entity_type FROM audit_log ORDER BY at DESC, id DESC LIMIT $1) AS recent",
        )
        .bind(recent)
        .fetch_all(&self.pool)
        .await?;
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v.dedup();
            v
        };
        Ok((
            sorted(rows.iter().map(|r| r.0.clone()).collect()),
            sorted(rows.iter().map(|r| r.1.clone()).collect()),
            sorted(rows.iter().map(|r| r.2.clone()).collect()),
        ))
    }

    /// The newest audit entries, newest first.
    pub async fn recent_audit(&self, limit: i64) -> Result<Vec<AuditEntry>> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT id, at, actor, action, entity_type, entity_id, before_json, after_json \
             FROM audit_log ORDER BY at DESC, id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(entry).collect()
    }
}

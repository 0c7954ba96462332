//! The audit log: every write records who did what, in the write's own transaction.

use super::{from_ms, ms, Result, Store};
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

/// Who makes a change.
#[derive(Debug, Clone, PartialEq)]
pub enum Actor {
    /// Beacon itself: background jobs, sample data.
    System,
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

impl Store {
    /// The newest audit entries, newest first.
    pub async fn recent_audit(&self, limit: i64) -> Result<Vec<AuditEntry>> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT id, at, actor, action, entity_type, entity_id, before_json, after_json \
             FROM audit_log ORDER BY at DESC, id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
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
            })
            .collect()
    }
}

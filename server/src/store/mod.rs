//! The store: one set of queries (sqlx's Any driver, portable SQL, `$n` placeholders) over SQLite
//! or PostgreSQL. Only `connect` knows which engine it talks to.

mod affected;
mod audit;
mod changes;
mod component_edits;
mod components;
mod connect;
mod feeds;
mod history;
mod import;
mod incidents;
pub mod listen;
mod maintenance;
mod outbox;
mod packed;
mod rows;
mod sessions;
mod settings;
mod shown;
mod subscribers;
mod templates;
mod tokens;
mod uptime;
mod users;

pub use affected::DayIncident;
pub use audit::{Actor, AuditCursor, AuditEntry, AuditFilter};
pub use changes::Changes;
pub use components::{NewComponent, NewGroup};
pub use connect::{sqlite_folder, ConnectError, Engine};
pub use feeds::{Listed, PageInfo, Stamps};
pub use history::{EntryCursor, EntryKind};
pub use import::{
    ImportCounts, SpChange, SpComponent, SpGroup, SpIncident, SpMaintenance, SpMaintenanceUpdate, SpPage, SpPostmortem,
    SpUpdate, StatuspageImport,
};
pub use incidents::{HistoryCursor, IncidentEdit, NewIncident, NewUpdate, StatusChange};
pub use maintenance::NewMaintenance;
pub use outbox::{AttemptResult, Claimed, OutboxCounts, UnsentEvent};
pub use settings::StoredImage;
pub use shown::{refresh_shown_dates, Shown};
pub use subscribers::{KindCount, NewSubscriber, Subscribed, SubscriberFilter, SECRET_PREFIX};
pub use tokens::{NewToken, TOKEN_PREFIX};
pub(crate) use uptime::forget_zone;
pub use users::NewUser;

use chrono::{DateTime, Utc};
use sqlx::{AnyPool, Executor};
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
    /// Moves forward with every committed write the public can see; shared by every clone.
    changes: Arc<Changes>,
    /// Wakes this instance's delivery worker when a write queued a notification.
    outbox: Arc<tokio::sync::Notify>,
}

/// What can go wrong in a store call. Client-facing variants carry the field to name.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{message}")]
    Invalid { field: &'static str, message: String },
    #[error("{0}")]
    Conflict(String),
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl From<app::domain::validate::FieldError> for StoreError {
    fn from(e: app::domain::validate::FieldError) -> StoreError {
        StoreError::Invalid { field: e.field, message: e.message }
    }
}

impl StoreError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> StoreError {
        StoreError::Invalid { field, message: message.into() }
    }
}

impl Store {
    /// Connections the pool holds, and how many of them are idle.
    pub fn pool_stats(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Which engine this store talks to (for the few things SQL cannot say alike: the backup's
    /// reading of the schema and of id counters).
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// A transaction for a write. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`),
    /// waiting for another writer rather than failing when a read inside it turns into a write.
    pub(crate) async fn write_tx(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(match self.engine {
            Engine::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Engine::Postgres => self.pool.begin().await?,
        })
    }

    /// Commits a write that changes what the public sees, then signals it: the local generation
    /// moves on before this returns (so the writer's next request sees the change), and on
    /// PostgreSQL every other instance hears a `NOTIFY` sent inside the same transaction. Writes
    /// nobody outside the console sees (sessions, sign-in counters, accounts, templates, the
    /// audit log alone) commit with a plain `tx.commit()` and leave the public cache alone.
    pub(crate) async fn commit_public(&self, mut tx: sqlx::Transaction<'static, sqlx::Any>) -> Result<()> {
        if self.engine == Engine::Postgres {
            (&mut *tx).execute(self.changes.notify_sql().as_str()).await?;
        }
        tx.commit().await?;
        self.changes.bump();
        self.outbox.notify_one();
        Ok(())
    }

    /// The "content changed" signal of this store and its clones.
    pub fn changes(&self) -> &Arc<Changes> {
        &self.changes
    }

    /// Whether the database answers at all.
    pub async fn ping(&self) -> bool {
        sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&self.pool).await.is_ok()
    }

    /// Whether the database holds no page yet (no components, no incidents).
    pub async fn is_empty(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM components) + (SELECT COUNT(*) FROM incidents) \
             + (SELECT COUNT(*) FROM maintenances)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(n == 0)
    }
}

/// Stored form of a time: UTC milliseconds.
pub(crate) fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(crate) fn from_ms(ms: i64) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| StoreError::Corrupt(format!("time {ms} out of range")))
}

/// `$start, $start+1, …` for `n` values, for `IN (…)` lists.
pub(crate) fn placeholders(start: usize, n: usize) -> String {
    (start..start + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Rows of a query whose only parameters are `ids` (bound as `$1…$n`, see [`placeholders`]).
pub(crate) async fn fetch_by_ids<T>(pool: &AnyPool, sql: &str, ids: &[i64]) -> Result<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    let query = ids.iter().fold(sqlx::query_as::<_, T>(sql), |q, id| q.bind(*id));
    Ok(query.fetch_all(pool).await?)
}

/// A unique constraint that a user can hit, turned into a message naming the field.
pub(crate) fn on_unique(e: sqlx::Error, field: &'static str, message: impl Into<String>) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::invalid(field, message),
        _ => StoreError::Database(e),
    }
}

/// A reference to a component that does not exist, turned into a message naming the field.
pub(crate) fn on_missing_component(e: sqlx::Error, component_id: i64) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
            StoreError::invalid("components", format!("component {component_id} does not exist"))
        }
        _ => StoreError::Database(e),
    }
}

/// A reference to a group that does not exist, or a component name taken.
pub(crate) fn on_missing_group(e: sqlx::Error, group_id: Option<i64>, name: &str) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
            StoreError::invalid("group_id", format!("group {} does not exist", group_id.unwrap_or_default()))
        }
        _ => on_unique(e, "name", format!("a component named '{name}' already exists (names are unique on a page)")),
    }
}

#[cfg(test)]
mod accounts_tests;
#[cfg(test)]
mod changes_tests;
#[cfg(test)]
mod history_tests;
#[cfg(test)]
mod outbox_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod uptime_tests;

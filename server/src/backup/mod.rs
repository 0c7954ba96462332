//! Backup and restore: `beacon export` writes every table of the dataset to one JSON Lines file,
//! `beacon import beacon` restores such a file into an empty database of either engine. The
//! format is described in docs/EXPORT.md; this module holds the one list of what is in it.
//!
//! Tables are listed here by name, in an order that respects their foreign keys (a restore
//! inserts them in the file's order); their columns, primary keys and id counters are read from
//! the database's own schema (`schema.rs`), so a column added by a later migration is carried
//! without touching this code. A table in the schema that is in neither list stops the export
//! (and fails a test): nothing is left out silently.

mod export;
mod restore;
mod schema;
#[cfg(test)]
mod tests;

pub use export::{export, export_to_file};
pub use restore::{restore, restore_file};

use crate::config::{BeaconImportArgs, ExportArgs};
use crate::store::Store;
use crate::Fatal;

/// The first line's `format`.
pub const FORMAT: &str = "beacon-export";
/// The version of the format this Beacon writes; it reads this one and older ones.
pub const VERSION: i64 = 1;

/// What a backup holds, parents before children (foreign keys point up this list).
pub const EXPORTED: &[&str] = &[
    // Made once per database; a restore replaces the new database's own (see REPLACED).
    "page_identity",
    "signing_keys",
    "page_settings",
    "page_images",
    "users",
    "api_tokens",
    "component_groups",
    "components",
    "incidents",
    "incident_components",
    "incident_updates",
    "incident_update_components",
    "postmortems",
    "maintenances",
    "maintenance_components",
    "maintenance_updates",
    "component_status_history",
    "incident_templates",
    "subscribers",
    "subscriber_components",
    "notification_events",
    "deliveries",
    "delivery_attempts",
    "statuspage_ids",
    "audit_log",
];

/// Tables a restore overwrites rather than counting them as content: migrations or the first
/// start fill them in every new database (the page's id, the key signed links are made with, the
/// settings from the flags).
/// A database holding subscribers (who hold links) is not empty anyway, so nothing is lost.
pub const REPLACED: &[&str] = &["page_identity", "signing_keys", "page_settings"];

/// Tables deliberately left out, and why (docs/EXPORT.md says the same).
pub const SKIPPED: &[(&str, &str)] = &[
    ("sessions", "sign-ins of this server: a restored database starts with everyone signed out"),
    ("login_failures", "sign-in throttle counters, which expire within minutes"),
    ("_sqlx_migrations", "the schema's own bookkeeping: the file names its schema version instead"),
    ("uptime_days", "derived from component_status_history: counted again at the first start after a restore"),
    ("uptime_zone", "the zone uptime_days was counted in; left empty by a restore, so that the first start counts"),
];

/// Why a backup could not be written or read; one line, naming what to fix.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The file or the database is not what a restore needs (the message says what and where).
    #[error("{0}")]
    Refused(String),
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Connect(#[from] crate::store::ConnectError),
}

impl BackupError {
    fn refused(message: impl Into<String>) -> BackupError {
        BackupError::Refused(message.into())
    }
}

fn fatal(e: BackupError) -> Fatal {
    match e {
        BackupError::Connect(e) => Fatal::Database(e),
        // One line, whatever a driver put in its message.
        e => Fatal::Usage(e.to_string().replace(['\n', '\r'], " ")),
    }
}

/// `beacon export --out FILE`.
pub async fn export_cli(args: ExportArgs) -> Result<(), Fatal> {
    let store = crate::open_existing(&args.database).await?;
    let summary = export_to_file(&store, &args.out).await.map_err(fatal)?;
    tracing::info!("exported {} rows of {} tables to {}", summary.rows, summary.tables, args.out.display());
    Ok(())
}

/// `beacon import beacon FILE`.
pub async fn import_cli(args: BeaconImportArgs) -> Result<(), Fatal> {
    let summary = restore_file(args.database.url(), &args.file).await.map_err(fatal)?;
    tracing::info!("restored {} rows of {} tables from {}", summary.rows, summary.tables, args.file.display());
    Ok(())
}

/// What an export wrote or a restore read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub tables: u64,
    pub rows: u64,
}

/// The schema version (the latest migration) the database is at.
async fn schema_version(store: &Store) -> Result<i64, BackupError> {
    Ok(sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
        .fetch_one(store.pool())
        .await?)
}

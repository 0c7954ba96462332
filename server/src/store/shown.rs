//! `shown_updated_at`: an incident's or maintenance's last change as readers are told it
//! (`app::domain::dates::last_change`), stored so that the feeds list newest change first along
//! an index. Every write that adds, edits or removes an update, publishes or withdraws a
//! postmortem, or changes a start calls [`refresh_shown_dates`] in its own transaction.

use super::{from_ms, ms, Result, StoreError};
use app::domain::dates::last_change;
use sqlx::{Any, Transaction};

/// Whose shown dates to refresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Incident(i64),
    Maintenance(i64),
}

/// Recomputes the stored last change of `of` from its updates (and published postmortem) inside
/// the write's transaction `tx`. Importers call it after writing an incident or maintenance too.
pub async fn refresh_shown_dates(tx: &mut Transaction<'_, Any>, of: Shown) -> Result<()> {
    let (latest, published, fallback, table, id): (Option<i64>, Option<i64>, Option<i64>, &str, i64) = match of {
        Shown::Incident(id) => {
            let (latest, published, started): (Option<i64>, Option<i64>, Option<i64>) = sqlx::query_as(
                "SELECT (SELECT MAX(display_at) FROM incident_updates WHERE incident_id = $1), \
                 (SELECT published_at FROM postmortems WHERE incident_id = $1), \
                 (SELECT started_at FROM incidents WHERE id = $1)",
            )
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
            (latest, published, started, "incidents", id)
        }
        Shown::Maintenance(id) => {
            let (latest, created): (Option<i64>, Option<i64>) = sqlx::query_as(
                "SELECT (SELECT MAX(display_at) FROM maintenance_updates WHERE maintenance_id = $1), \
                 (SELECT created_at FROM maintenances WHERE id = $1)",
            )
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
            (latest, None, created, "maintenances", id)
        }
    };
    let Some(fallback) = fallback else {
        return Err(StoreError::NotFound(if table == "incidents" { "incident" } else { "maintenance" }));
    };
    let time = |t: Option<i64>| t.map(from_ms).transpose();
    let shown = last_change(time(latest)?, time(published)?, from_ms(fallback)?);
    sqlx::query(&format!("UPDATE {table} SET shown_updated_at = $1 WHERE id = $2"))
        .bind(ms(shown))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

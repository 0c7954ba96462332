//! The uptime rollups (migrations/*/0013_uptime.sql): each component's non-operational time per
//! calendar day, counted by `app::domain::uptime` in the zone recorded in `uptime_zone`. Every
//! write that records a status change calls [`refresh`] in its own transaction; `beacon serve`
//! counts every day again at start when the page's zone changed ([`Store::keep_uptime_in`]). The
//! pages read a range of days for all components at once, never the status history.

use super::{from_ms, ms, packed, placeholders, Result, Store, StoreError};
use app::domain::uptime::{by_day, closed_spans, Outage, Tracked};
use app::domain::ComponentStatus;
use app::time::{local_date, start_of_day};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use sqlx::{Any, Transaction};
use std::collections::{BTreeMap, HashMap};

/// Rows written by one `INSERT` (six values each).
const INSERT_ROWS: usize = 100;
const DAY_FORMAT: &str = "%Y-%m-%d";

/// The zone the rollups are counted in; `None` until they have been counted.
async fn zone(tx: &mut Transaction<'_, Any>) -> Result<Option<Tz>> {
    let name: Option<String> =
        sqlx::query_scalar("SELECT zone FROM uptime_zone WHERE singleton = 1").fetch_optional(&mut **tx).await?;
    name.map(|n| n.parse::<Tz>().map_err(|_| StoreError::Corrupt(format!("unknown time zone '{n}' in uptime_zone"))))
        .transpose()
}

/// Forgets the zone the rollups were counted in, so that the next start counts them again: a
/// restore (which does not carry them) calls this in its transaction.
pub(crate) async fn forget_zone(conn: &mut sqlx::AnyConnection) -> Result<()> {
    sqlx::query("DELETE FROM uptime_zone").execute(conn).await?;
    Ok(())
}

/// Brings a component's uptime up to date after a change was recorded in its status history at
/// `at` (now, or backdated): when it began and when its current status did, and its days from the
/// one the span `at` fell into began on. That span is cut in two (when it was the open one, its
/// first part is closed now, maybe over days past); every span before it stays as it was.
pub(crate) async fn refresh(tx: &mut Transaction<'_, Any>, component_id: i64, at: DateTime<Utc>) -> Result<()> {
    refresh_since(tx, Some(component_id)).await?;
    let Some(tz) = zone(tx).await? else { return Ok(()) };
    let began: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(changed_at) FROM component_status_history WHERE component_id = $1 AND changed_at < $2",
    )
    .bind(component_id)
    .bind(ms(at))
    .fetch_one(&mut **tx)
    .await?;
    let from = began.map(from_ms).transpose()?.unwrap_or(at);
    roll(tx, component_id, &tz, Some(local_date(from, tz))).await
}

/// Sets `tracked_since` and `status_since` from the history, of one component or all of them.
async fn refresh_since(tx: &mut Transaction<'_, Any>, component_id: Option<i64>) -> Result<()> {
    const SQL: &str = "UPDATE components SET \
        tracked_since = COALESCE((SELECT MIN(h.changed_at) FROM component_status_history h \
                                  WHERE h.component_id = components.id), tracked_since), \
        status_since = COALESCE((SELECT MAX(h.changed_at) FROM component_status_history h \
                                 WHERE h.component_id = components.id), status_since)";
    match component_id {
        Some(id) => sqlx::query(&format!("{SQL} WHERE id = $1")).bind(id).execute(&mut **tx).await?,
        None => sqlx::query(SQL).execute(&mut **tx).await?,
    };
    Ok(())
}

/// Counts a component's days again in `tz`, from `first` on (every day for `None`).
/// Counts every component's days again in `tz` inside `tx` unless they are counted in it already,
/// and records `tz`; says whether it counted (see [`Store::keep_uptime_in`]; a change of the
/// page's zone in its settings counts in the same transaction).
pub(crate) async fn count_in(tx: &mut Transaction<'_, Any>, tz: Tz) -> Result<bool> {
    let before = zone(tx).await?;
    if before == Some(tz) {
        return Ok(false);
    }
    refresh_since(tx, None).await?;
    sqlx::query("DELETE FROM uptime_days").execute(&mut **tx).await?;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM components ORDER BY id").fetch_all(&mut **tx).await?;
    for id in &ids {
        roll(tx, *id, &tz, None).await?;
    }
    sqlx::query(
        "INSERT INTO uptime_zone (singleton, zone) VALUES (1, $1) ON CONFLICT (singleton) DO UPDATE SET zone = excluded.zone",
    )
    .bind(tz.name())
    .execute(&mut **tx)
    .await?;
    let was = before.map_or_else(|| "no zone".to_string(), |z| z.name().to_string());
    tracing::info!(
        components = ids.len(),
        "counted the uptime days again in {} (they were counted in {was})",
        tz.name()
    );
    Ok(true)
}

async fn roll(tx: &mut Transaction<'_, Any>, component_id: i64, tz: &Tz, first: Option<NaiveDate>) -> Result<()> {
    let start = first.map_or(i64::MIN, |d| ms(start_of_day(d, *tz)));
    // The status held when `first` began, then every change since, in the order recorded.
    let before: Option<(i64, String)> = sqlx::query_as(
        "SELECT changed_at, new_status FROM component_status_history WHERE component_id = $1 AND changed_at < $2 \
         ORDER BY changed_at DESC, id DESC LIMIT 1",
    )
    .bind(component_id)
    .bind(start)
    .fetch_optional(&mut **tx)
    .await?;
    let since: Vec<(i64, String)> = sqlx::query_as(
        "SELECT changed_at, new_status FROM component_status_history WHERE component_id = $1 AND changed_at >= $2 \
         ORDER BY changed_at, id",
    )
    .bind(component_id)
    .bind(start)
    .fetch_all(&mut **tx)
    .await?;
    let changes = before
        .into_iter()
        .map(|(at, status)| (at.max(start), status))
        .chain(since)
        .map(|(at, status)| Ok((from_ms(at)?, super::rows::parse::<ComponentStatus>(&status)?)))
        .collect::<Result<Vec<_>>>()?;
    let days = by_day(closed_spans(&changes), tz);

    let first = first.map(|d| d.format(DAY_FORMAT).to_string()).unwrap_or_default();
    sqlx::query("DELETE FROM uptime_days WHERE component_id = $1 AND day >= $2")
        .bind(component_id)
        .bind(&first)
        .execute(&mut **tx)
        .await?;
    let rows: Vec<(String, Outage)> = days.into_iter().map(|(d, o)| (d.format(DAY_FORMAT).to_string(), o)).collect();
    for chunk in rows.chunks(INSERT_ROWS) {
        let values: Vec<String> = (0..chunk.len()).map(|i| format!("({})", placeholders(i * 6 + 1, 6))).collect();
        let sql = format!(
            "INSERT INTO uptime_days (component_id, day, degraded_ms, partial_ms, major_ms, maintenance_ms) VALUES {}",
            values.join(", ")
        );
        let query = chunk.iter().fold(sqlx::query(&sql), |q, (day, o)| {
            q.bind(component_id).bind(day.as_str()).bind(o.degraded).bind(o.partial).bind(o.major).bind(o.maintenance)
        });
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// A rollup row as stored.
#[derive(sqlx::FromRow)]
struct DayRow {
    component_id: i64,
    day: String,
    degraded_ms: i64,
    partial_ms: i64,
    major_ms: i64,
    maintenance_ms: i64,
}

impl DayRow {
    fn into_domain(self) -> Result<(i64, NaiveDate, Outage)> {
        let date = NaiveDate::parse_from_str(&self.day, DAY_FORMAT)
            .map_err(|_| StoreError::Corrupt(format!("uptime day '{}' is not a date", self.day)))?;
        let outage = Outage {
            degraded: self.degraded_ms,
            partial: self.partial_ms,
            major: self.major_ms,
            maintenance: self.maintenance_ms,
        };
        Ok((self.component_id, date, outage))
    }
}

/// One component of [`Store::showcased_uptime`]: its id, when it began, its days.
fn read_tracked(c: &[&str]) -> Result<(i64, Tracked)> {
    let corrupt = || StoreError::Corrupt(format!("unreadable uptime days '{}'", c[3]));
    let mut rolled = BTreeMap::new();
    for day in c[3].split(',').filter(|d| !d.is_empty()) {
        let mut parts = day.split(':');
        let date = parts.next().and_then(|d| NaiveDate::parse_from_str(d, DAY_FORMAT).ok()).ok_or_else(corrupt)?;
        let mut ms = || parts.next().and_then(|v| v.parse::<i64>().ok()).ok_or_else(corrupt);
        let outage = Outage { degraded: ms()?, partial: ms()?, major: ms()?, maintenance: ms()? };
        rolled.insert(date, outage);
    }
    let (tracked_since, status_since) = (from_ms(packed::number(c[1])?)?, from_ms(packed::number(c[2])?)?);
    Ok((packed::number(c[0])?, Tracked { tracked_since, status_since, rolled }))
}

const DAY_COLUMNS: &str = "u.component_id, u.day, u.degraded_ms, u.partial_ms, u.major_ms, u.maintenance_ms";

impl Store {
    /// Counts every component's days again in `tz` unless they are counted in it already, and
    /// records `tz`; says whether it counted. `beacon serve` calls this at start (the page's zone
    /// is a flag): one transaction, reading each component's history once.
    pub async fn keep_uptime_in(&self, tz: Tz) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let counted = count_in(&mut tx, tz).await?;
        if counted {
            self.commit_public(tx).await?;
        }
        Ok(counted)
    }

    /// What the pages need to count the days `first..=last` of every visible component that shows
    /// its uptime: when each began and its rollups of those days (`day:degraded:partial:major:
    /// maintenance`, separated by commas), one indexed range per component, read packed.
    pub async fn showcased_uptime(&self, first: NaiveDate, last: NaiveDate) -> Result<HashMap<i64, Tracked>> {
        let text = |column: &str| format!("CAST({column} AS TEXT)");
        let day = ["u.degraded_ms", "u.partial_ms", "u.major_ms", "u.maintenance_ms"]
            .iter()
            .fold("u.day".to_string(), |sql, column| format!("{sql} || ':' || {}", text(column)));
        let days = format!(
            "(SELECT string_agg({day}, ',') FROM uptime_days u WHERE u.component_id = c.id AND u.day >= $3 AND u.day <= $4)"
        );
        let columns = ["c.id", "c.tracked_since", "c.status_since", days.as_str()];
        let sql = packed::select(&columns, "FROM components c WHERE c.show_uptime = 1 AND c.visible = 1", "c.id");
        let all = packed::query(&sql)
            .bind(first.format(DAY_FORMAT).to_string())
            .bind(last.format(DAY_FORMAT).to_string())
            .fetch_one(&self.pool)
            .await?;
        packed::rows(&all, columns.len()).map(|c| read_tracked(&c?)).collect()
    }

    /// One component's days `first..=last` (its page's twelve months); `None` if it does not exist.
    pub async fn component_uptime(&self, id: i64, first: NaiveDate, last: NaiveDate) -> Result<Option<Tracked>> {
        let since: Option<(i64, i64)> =
            sqlx::query_as("SELECT tracked_since, status_since FROM components WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        let Some((tracked, status)) = since else { return Ok(None) };
        let sql = format!(
            "SELECT {DAY_COLUMNS} FROM uptime_days u WHERE u.component_id = $1 AND u.day >= $2 AND u.day <= $3"
        );
        let rows: Vec<DayRow> = sqlx::query_as(&sql)
            .bind(id)
            .bind(first.format(DAY_FORMAT).to_string())
            .bind(last.format(DAY_FORMAT).to_string())
            .fetch_all(&self.pool)
            .await?;
        let rolled = rows.into_iter().map(|r| r.into_domain().map(|(_, d, o)| (d, o))).collect::<Result<_>>()?;
        Ok(Some(Tracked { tracked_since: from_ms(tracked)?, status_since: from_ms(status)?, rolled }))
    }
}

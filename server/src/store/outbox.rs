//! The notification outbox. A write that subscribers must hear of queues an event inside its own
//! transaction ([`enqueue`]): if the write lands, so does the event. The worker then fans each
//! event out into one delivery per subscriber it concerns (unique per event and subscriber, so
//! never twice), claims due deliveries under a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL:
//! several instances never take the same one), and records every attempt. A delivery whose
//! instance died is taken again when its lease runs out, or at once by the same instance
//! restarted: at least once, never lost.

use super::{fetch_by_ids, from_ms, ms, placeholders, Engine, Result, Store};
use app::domain::{NotificationKind, SubscriberKind};
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};
use std::collections::HashMap;

/// What an event is about.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Subject {
    Incident {
        id: i64,
        update_id: i64,
    },
    Maintenance {
        id: i64,
        update_id: Option<i64>,
    },
    Component(i64),
    /// A message for this subscriber alone (confirmation, manage link).
    Subscriber(i64),
}

/// Queues an event inside the transaction of the write that causes it. `components` are those it
/// concerns (none: the whole page); `detail` holds facts only known now.
pub(crate) async fn enqueue(
    tx: &mut Transaction<'_, Any>,
    kind: NotificationKind,
    subject: Subject,
    components: &[i64],
    detail: Option<serde_json::Value>,
) -> Result<()> {
    let (mut incident, mut maintenance, mut component, mut update, mut subscriber) = (None, None, None, None, None);
    match subject {
        Subject::Incident { id, update_id } => (incident, update) = (Some(id), Some(update_id)),
        Subject::Maintenance { id, update_id } => (maintenance, update) = (Some(id), update_id),
        Subject::Component(id) => component = Some(id),
        Subject::Subscriber(id) => subscriber = Some(id),
    }
    sqlx::query(
        "INSERT INTO notification_events (kind, incident_id, maintenance_id, component_id, update_id, subscriber_id, \
         components, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(kind.as_str())
    .bind(incident)
    .bind(maintenance)
    .bind(component)
    .bind(update)
    .bind(subscriber)
    .bind(serde_json::to_string(components).unwrap_or_else(|_| "[]".into()))
    .bind(detail.map(|d| d.to_string()))
    .bind(ms(Utc::now()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The components an incident concerns now (those its updates changed), inside `tx`.
pub(crate) async fn incident_components(tx: &mut Transaction<'_, Any>, incident_id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar("SELECT component_id FROM incident_components WHERE incident_id = $1 ORDER BY component_id")
        .bind(incident_id)
        .fetch_all(&mut **tx)
        .await?)
}

/// The components a maintenance window concerns, inside `tx`.
pub(crate) async fn maintenance_components(tx: &mut Transaction<'_, Any>, id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT component_id FROM maintenance_components WHERE maintenance_id = $1 ORDER BY component_id",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?)
}

/// An event not fanned out yet.
#[derive(Debug, Clone)]
pub struct UnsentEvent {
    pub id: i64,
    pub kind: NotificationKind,
    pub incident_id: Option<i64>,
    pub maintenance_id: Option<i64>,
    pub component_id: Option<i64>,
    pub update_id: Option<i64>,
    pub subscriber_id: Option<i64>,
    pub components: Vec<i64>,
    pub detail: Option<serde_json::Value>,
    pub created_at: DateTime<Utc>,
}

/// A delivery this instance holds the lease of: send it, then [`Store::record_attempts`].
#[derive(Debug, Clone)]
pub struct Claimed {
    pub delivery_id: i64,
    /// The number of this attempt, from 1.
    pub attempt: i64,
    pub event_id: i64,
    pub event_kind: NotificationKind,
    /// What every delivery of the event says, fixed at fan-out.
    pub payload: String,
    pub subscriber_id: i64,
    pub kind: SubscriberKind,
    pub target: String,
    pub secret: Option<String>,
    pub link_nonce: String,
}

/// How one attempt went.
#[derive(Debug, Clone)]
pub struct AttemptResult {
    pub delivery_id: i64,
    pub attempt: i64,
    pub ok: bool,
    /// The HTTP status or SMTP reply code, when there was one.
    pub code: Option<i64>,
    pub detail: String,
    /// A failure to try again at this time; `None` gives up (and quarantines the subscriber).
    pub retry_at: Option<DateTime<Utc>>,
}

/// How much the outbox holds, for `/metrics`.
#[derive(Debug, Clone, Copy, Default)]
pub struct OutboxCounts {
    pub unsent_events: i64,
    pub pending: i64,
    pub failed: i64,
    /// Seconds the longest-due pending delivery has waited past its time.
    pub oldest_due_seconds: f64,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    kind: String,
    incident_id: Option<i64>,
    maintenance_id: Option<i64>,
    component_id: Option<i64>,
    update_id: Option<i64>,
    subscriber_id: Option<i64>,
    components: String,
    detail: Option<String>,
    created_at: i64,
}

/// The subscriber kinds an event goes to: component changes are for machines (as on
/// Statuspage); the rest for everyone.
fn audience(kind: NotificationKind) -> &'static [SubscriberKind] {
    match kind {
        NotificationKind::ComponentUpdated => &[SubscriberKind::Webhook],
        _ => SubscriberKind::ALL,
    }
}

impl Store {
    /// Wakes the delivery worker of this instance (other instances look every second).
    pub fn outbox_signal(&self) -> &tokio::sync::Notify {
        &self.outbox
    }

    /// Events waiting to be fanned out, oldest first.
    pub async fn unsent_events(&self, limit: i64) -> Result<Vec<UnsentEvent>> {
        let rows: Vec<EventRow> = sqlx::query_as(
            "SELECT id, kind, incident_id, maintenance_id, component_id, update_id, subscriber_id, components, detail, \
             created_at FROM notification_events WHERE fanned_out_at IS NULL ORDER BY id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(UnsentEvent {
                    id: r.id,
                    kind: super::rows::parse(&r.kind)?,
                    incident_id: r.incident_id,
                    maintenance_id: r.maintenance_id,
                    component_id: r.component_id,
                    update_id: r.update_id,
                    subscriber_id: r.subscriber_id,
                    components: serde_json::from_str(&r.components)
                        .map_err(|e| super::StoreError::Corrupt(format!("event {} components: {e}", r.id)))?,
                    detail: r.detail.and_then(|d| serde_json::from_str(&d).ok()),
                    created_at: from_ms(r.created_at)?,
                })
            })
            .collect()
    }

    /// Fixes what the event says (`payload`; `None` when what it was about is gone, and then it
    /// goes to no one) and makes one delivery per subscriber it concerns, in one transaction.
    /// Returns how many deliveries were made; 0 as well when another instance did it first.
    pub async fn fan_out(&self, event: &UnsentEvent, payload: Option<&str>) -> Result<u64> {
        let now = ms(Utc::now());
        let mut tx = self.write_tx().await?;
        let claimed = sqlx::query(
            "UPDATE notification_events SET payload = $1, fanned_out_at = $2 WHERE id = $3 AND fanned_out_at IS NULL",
        )
        .bind(payload)
        .bind(now)
        .bind(event.id)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() != 1 || payload.is_none() {
            tx.commit().await?;
            return Ok(0);
        }
        let made = if let Some(subscriber) = event.subscriber_id {
            sqlx::query(
                "INSERT INTO deliveries (event_id, subscriber_id, state, next_attempt_at, created_at) \
                 VALUES ($1, $2, 'pending', $3, $3) ON CONFLICT DO NOTHING",
            )
            .bind(event.id)
            .bind(subscriber)
            .bind(now)
            .execute(&mut *tx)
            .await?
        } else {
            let kinds = audience(event.kind);
            let kind_list = placeholders(4, kinds.len());
            // An event about no component in particular concerns everyone.
            let concerns = if event.components.is_empty() {
                "1 = 1".to_string()
            } else {
                let list = placeholders(4 + kinds.len(), event.components.len());
                format!(
                    "s.all_components = 1 OR EXISTS (SELECT 1 FROM subscriber_components sc \
                     WHERE sc.subscriber_id = s.id AND sc.component_id IN ({list}))"
                )
            };
            let sql = format!(
                "INSERT INTO deliveries (event_id, subscriber_id, state, next_attempt_at, created_at) \
                 SELECT $1, s.id, 'pending', $2, $2 FROM subscribers s \
                 WHERE s.confirmed_at IS NOT NULL AND s.confirmed_at <= $3 AND s.quarantined_at IS NULL \
                 AND s.kind IN ({kind_list}) AND ({concerns}) ON CONFLICT DO NOTHING"
            );
            let mut query = sqlx::query(&sql).bind(event.id).bind(now).bind(ms(event.created_at));
            for kind in kinds {
                query = query.bind(kind.as_str());
            }
            for component in &event.components {
                query = query.bind(*component);
            }
            query.execute(&mut *tx).await?
        };
        tx.commit().await?;
        Ok(made.rows_affected())
    }

    /// Takes up to `limit` due deliveries for `owner` until `lease_until`, counting the attempt.
    pub async fn claim_deliveries(
        &self,
        owner: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<Claimed>> {
        self.claim_deliveries_of(owner, now, lease_until, limit, SubscriberKind::ALL).await
    }

    /// [`Store::claim_deliveries`] for subscribers of `kinds` only: the others stay pending
    /// (email while no mail server is configured).
    pub async fn claim_deliveries_of(
        &self,
        owner: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
        kinds: &[SubscriberKind],
    ) -> Result<Vec<Claimed>> {
        if kinds.is_empty() || limit <= 0 {
            return Ok(Vec::new());
        }
        let lock = if self.engine == Engine::Postgres { "FOR UPDATE OF d SKIP LOCKED" } else { "" };
        let kind_list = placeholders(5, kinds.len());
        let sql = format!(
            "UPDATE deliveries SET lease_owner = $1, lease_until = $2, attempts = attempts + 1 WHERE id IN (\
             SELECT d.id FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id \
             WHERE d.state = 'pending' AND d.next_attempt_at <= $3 AND (d.lease_until IS NULL OR d.lease_until < $3) \
             AND s.quarantined_at IS NULL AND s.kind IN ({kind_list}) ORDER BY d.next_attempt_at, d.id LIMIT $4 {lock}) \
             RETURNING id, attempts, event_id, subscriber_id"
        );
        let mut tx = self.write_tx().await?;
        let mut query = sqlx::query_as(&sql).bind(owner).bind(ms(lease_until)).bind(ms(now)).bind(limit);
        for kind in kinds {
            query = query.bind(kind.as_str());
        }
        let taken: Vec<(i64, i64, i64, i64)> = query.fetch_all(&mut *tx).await?;
        tx.commit().await?;
        if taken.is_empty() {
            return Ok(Vec::new());
        }
        let mut event_ids: Vec<i64> = taken.iter().map(|t| t.2).collect();
        event_ids.sort_unstable();
        event_ids.dedup();
        let sql = format!(
            "SELECT id, kind, COALESCE(payload, '') FROM notification_events WHERE id IN ({})",
            placeholders(1, event_ids.len())
        );
        let events: HashMap<i64, (String, String)> =
            fetch_by_ids::<(i64, String, String)>(&self.pool, &sql, &event_ids)
                .await?
                .into_iter()
                .map(|(id, kind, payload)| (id, (kind, payload)))
                .collect();
        let mut subscriber_ids: Vec<i64> = taken.iter().map(|t| t.3).collect();
        subscriber_ids.sort_unstable();
        subscriber_ids.dedup();
        let sql = format!(
            "SELECT id, kind, target, secret, link_nonce FROM subscribers WHERE id IN ({})",
            placeholders(1, subscriber_ids.len())
        );
        type SubscriberRow = (i64, String, String, Option<String>, String);
        let subscribers: HashMap<i64, SubscriberRow> = fetch_by_ids::<SubscriberRow>(&self.pool, &sql, &subscriber_ids)
            .await?
            .into_iter()
            .map(|row| (row.0, row))
            .collect();
        let mut claimed = Vec::with_capacity(taken.len());
        for (delivery_id, attempt, event_id, subscriber_id) in taken {
            // A subscriber deleted meanwhile took its deliveries with it.
            let (Some((kind, payload)), Some((_, sub_kind, target, secret, nonce))) =
                (events.get(&event_id), subscribers.get(&subscriber_id))
            else {
                continue;
            };
            claimed.push(Claimed {
                delivery_id,
                attempt,
                event_id,
                event_kind: super::rows::parse(kind)?,
                payload: payload.clone(),
                subscriber_id,
                kind: super::rows::parse(sub_kind)?,
                target: target.clone(),
                secret: secret.clone(),
                link_nonce: nonce.clone(),
            });
        }
        Ok(claimed)
    }

    /// Records how attempts went and moves their deliveries on, in one transaction: delivered,
    /// pending again at `retry_at`, or failed (its subscriber is then quarantined).
    pub async fn record_attempts(&self, owner: &str, results: &[AttemptResult]) -> Result<()> {
        if results.is_empty() {
            return Ok(());
        }
        let now = ms(Utc::now());
        let mut tx = self.write_tx().await?;
        // A few statements per batch, not per attempt: the log in one insert, the delivered in
        // one update; only failures (rare) are moved one by one.
        for chunk in results.chunks(100) {
            let rows: Vec<String> = (0..chunk.len())
                .map(|i| {
                    let n = i * 6;
                    format!("(${}, ${}, ${}, ${}, ${}, ${})", n + 1, n + 2, n + 3, n + 4, n + 5, n + 6)
                })
                .collect();
            let sql = format!(
                "INSERT INTO delivery_attempts (delivery_id, attempt, at, ok, code, detail) VALUES {}",
                rows.join(", ")
            );
            let mut insert = sqlx::query(&sql);
            for r in chunk {
                insert = insert
                    .bind(r.delivery_id)
                    .bind(r.attempt)
                    .bind(now)
                    .bind(i64::from(r.ok))
                    .bind(r.code)
                    .bind(&r.detail);
            }
            insert.execute(&mut *tx).await?;
            let delivered: Vec<i64> = chunk.iter().filter(|r| r.ok).map(|r| r.delivery_id).collect();
            if !delivered.is_empty() {
                let sql = format!(
                    "UPDATE deliveries SET state = 'delivered', finished_at = $1, lease_owner = NULL, lease_until = NULL \
                     WHERE lease_owner = $2 AND state = 'pending' AND id IN ({})",
                    placeholders(3, delivered.len())
                );
                let update = delivered.iter().fold(sqlx::query(&sql).bind(now).bind(owner), |q, id| q.bind(*id));
                update.execute(&mut *tx).await?;
            }
        }
        for r in results.iter().filter(|r| !r.ok) {
            let (state, next, finished) = match r.retry_at {
                Some(at) => ("pending", Some(ms(at)), None),
                None => ("failed", None, Some(now)),
            };
            sqlx::query(
                "UPDATE deliveries SET state = $1, next_attempt_at = COALESCE($2, next_attempt_at), finished_at = $3, \
                 lease_owner = NULL, lease_until = NULL WHERE id = $4 AND lease_owner = $5 AND state = 'pending'",
            )
            .bind(state)
            .bind(next)
            .bind(finished)
            .bind(r.delivery_id)
            .bind(owner)
            .execute(&mut *tx)
            .await?;
            if state == "failed" {
                sqlx::query(
                    "UPDATE subscribers SET quarantined_at = $1, updated_at = $1 WHERE quarantined_at IS NULL \
                     AND id = (SELECT subscriber_id FROM deliveries WHERE id = $2)",
                )
                .bind(now)
                .bind(r.delivery_id)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// When each of these deliveries was made (its first attempt was due then), by id.
    pub async fn delivery_created_at(&self, ids: &[i64]) -> Result<HashMap<i64, DateTime<Utc>>> {
        let mut found = HashMap::with_capacity(ids.len());
        // In slices, so that a long list stays under every engine's limit of parameters.
        for chunk in ids.chunks(500) {
            let sql = format!("SELECT id, created_at FROM deliveries WHERE id IN ({})", placeholders(1, chunk.len()));
            for (id, at) in fetch_by_ids::<(i64, i64)>(&self.pool, &sql, chunk).await? {
                found.insert(id, from_ms(at)?);
            }
        }
        Ok(found)
    }

    /// Gives back the leases `owner` holds: its earlier run ended without finishing them.
    pub async fn release_leases(&self, owner: &str) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1 AND state = 'pending'",
        )
        .bind(owner)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    pub async fn outbox_counts(&self, now: DateTime<Utc>) -> Result<OutboxCounts> {
        let (unsent_events, pending, failed, oldest): (i64, i64, i64, Option<i64>) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM notification_events WHERE fanned_out_at IS NULL), \
             (SELECT COUNT(*) FROM deliveries WHERE state = 'pending'), \
             (SELECT COUNT(*) FROM deliveries WHERE state = 'failed'), \
             (SELECT MIN(next_attempt_at) FROM deliveries WHERE state = 'pending')",
        )
        .fetch_one(&self.pool)
        .await?;
        let oldest_due_seconds = oldest.map_or(0.0, |t| ((ms(now) - t).max(0) as f64) / 1000.0);
        Ok(OutboxCounts { unsent_events, pending, failed, oldest_due_seconds })
    }
}

//! Subscribers: who is told, of what. An email subscriber is told nothing before it confirms;
//! a confirmation or link mail is queued in the same transaction that asks for it.

use super::audit::{record, Actor};
use super::outbox::{enqueue, Subject};
use super::rows::parse;
use super::{fetch_by_ids, from_ms, ms, placeholders, Result, Store, StoreError};
use app::domain::{DeliveryAttempt, NotificationKind, Subscriber, SubscriberKind};
use base64::Engine as _;
use chrono::Utc;
use rand::RngCore;
use serde_json::json;
use sqlx::{Any, Transaction};
use std::collections::HashMap;

/// How a webhook secret starts (Standard Webhooks).
pub const SECRET_PREFIX: &str = "whsec_";

#[derive(Debug, Clone)]
pub struct NewSubscriber {
    pub kind: SubscriberKind,
    /// An email address (already checked and in lower case) or a URL (already checked).
    pub target: String,
    /// `None`: the whole page.
    pub components: Option<Vec<i64>>,
    /// Email: confirmed already (staff import, or an API call that says so); no mail is sent.
    pub confirmed: bool,
}

/// What [`Store::subscribe`] did.
#[derive(Debug, Clone)]
pub enum Subscribed {
    /// A new subscriber; a webhook's signing secret is returned this once.
    New { subscriber: Subscriber, secret: Option<String> },
    /// The address was subscribed already; nothing about it changed.
    Existing(Subscriber),
}

impl Subscribed {
    pub fn subscriber(&self) -> &Subscriber {
        match self {
            Subscribed::New { subscriber, .. } | Subscribed::Existing(subscriber) => subscriber,
        }
    }
}

/// Which subscribers a console list shows.
#[derive(Debug, Clone, Default)]
pub struct SubscriberFilter {
    pub kind: Option<SubscriberKind>,
    /// Part of the address, any case.
    pub search: Option<String>,
    /// Only those with a smaller id (the next page).
    pub before_id: Option<i64>,
    pub limit: i64,
}

/// How many subscribers of one kind there are, by where they stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KindCount {
    pub active: i64,
    pub unconfirmed: i64,
    pub quarantined: i64,
}

#[derive(sqlx::FromRow)]
struct SubscriberRow {
    id: i64,
    kind: String,
    target: String,
    all_components: i64,
    confirmed_at: Option<i64>,
    quarantined_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

/// A delivery attempt as `delivery_log` reads it: delivery id, time, event kind, incident and
/// maintenance titles, attempt number, ok, code, detail, delivery state.
type AttemptRow = (i64, i64, String, Option<String>, Option<String>, i64, i64, Option<i64>, String, String);

const COLUMNS: &str = "id, kind, target, all_components, confirmed_at, quarantined_at, created_at, updated_at";

fn random_text(bytes: usize) -> String {
    let mut raw = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut raw);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

fn new_secret() -> String {
    let mut raw = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut raw);
    format!("{SECRET_PREFIX}{}", base64::engine::general_purpose::STANDARD.encode(raw))
}

impl Store {
    /// Subscribes an address, or finds it subscribed already (then nothing changes). A new email
    /// subscriber that is not confirmed gets a confirmation mail; `remind` sends an existing one
    /// its confirmation again (not confirmed yet) or its manage link (confirmed), so that asking
    /// twice looks the same from outside.
    pub async fn subscribe(&self, actor: &Actor, new: NewSubscriber, remind: bool) -> Result<Subscribed> {
        let components = match &new.components {
            Some(ids) if ids.is_empty() => {
                return Err(StoreError::invalid("components", "choose at least one component, or the whole page"))
            }
            other => other.clone(),
        };
        let now = ms(Utc::now());
        let mut tx = self.write_tx().await?;
        let existing: Option<SubscriberRow> =
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM subscribers WHERE kind = $1 AND target = $2"))
                .bind(new.kind.as_str())
                .bind(&new.target)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(row) = existing {
            let subscriber = complete_one(&mut tx, row).await?;
            if remind && subscriber.kind == SubscriberKind::Email {
                let kind = if subscriber.confirmed_at.is_some() {
                    NotificationKind::ManageLink
                } else {
                    NotificationKind::Confirmation
                };
                enqueue(&mut tx, kind, Subject::Subscriber(subscriber.id), &[], None).await?;
            }
            tx.commit().await?;
            self.outbox_signal().notify_one();
            return Ok(Subscribed::Existing(subscriber));
        }
        let confirmed = new.confirmed || new.kind != SubscriberKind::Email;
        let secret = (new.kind == SubscriberKind::Webhook).then(new_secret);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO subscribers (kind, target, secret, link_nonce, all_components, confirmed_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(new.kind.as_str())
        .bind(&new.target)
        .bind(secret.as_deref())
        .bind(random_text(16))
        .bind(i64::from(components.is_none()))
        .bind(confirmed.then_some(now))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        set_components(&mut tx, id, components.as_deref()).await?;
        if !confirmed {
            enqueue(&mut tx, NotificationKind::Confirmation, Subject::Subscriber(id), &[], None).await?;
        }
        let after = json!({"kind": new.kind, "target": new.target, "components": components, "confirmed": confirmed});
        record(&mut tx, actor, "create", "subscriber", Some(id), None, Some(after)).await?;
        let subscriber = self.subscriber_in(&mut tx, id).await?;
        tx.commit().await?;
        self.outbox_signal().notify_one();
        Ok(Subscribed::New { subscriber, secret })
    }

    /// Confirms an email subscriber (following the link in its confirmation mail); false when it
    /// no longer exists. Confirming twice changes nothing.
    pub async fn confirm_subscriber(&self, actor: &Actor, id: i64) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let changed = sqlx::query(
            "UPDATE subscribers SET confirmed_at = $1, updated_at = $1 WHERE id = $2 AND confirmed_at IS NULL",
        )
        .bind(ms(Utc::now()))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() == 1 {
            record(&mut tx, actor, "confirm", "subscriber", Some(id), None, None).await?;
        }
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM subscribers WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
        tx.commit().await?;
        Ok(exists.is_some())
    }

    /// Chooses the components a subscriber hears of (`None`: the whole page).
    pub async fn set_subscriber_components(&self, actor: &Actor, id: i64, components: Option<Vec<i64>>) -> Result<()> {
        if components.as_ref().is_some_and(Vec::is_empty) {
            return Err(StoreError::invalid("components", "choose at least one component, or the whole page"));
        }
        let mut tx = self.write_tx().await?;
        let before = self.subscriber_in(&mut tx, id).await?;
        sqlx::query("UPDATE subscribers SET all_components = $1, updated_at = $2 WHERE id = $3")
            .bind(i64::from(components.is_none()))
            .bind(ms(Utc::now()))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM subscriber_components WHERE subscriber_id = $1").bind(id).execute(&mut *tx).await?;
        set_components(&mut tx, id, components.as_deref()).await?;
        let (before, after) = (json!({"components": before.components}), json!({"components": components}));
        record(&mut tx, actor, "set_components", "subscriber", Some(id), Some(before), Some(after)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes a subscriber with its pending deliveries and its log.
    pub async fn delete_subscriber(&self, actor: &Actor, id: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let before = self.subscriber_in(&mut tx, id).await?;
        sqlx::query("DELETE FROM subscribers WHERE id = $1").bind(id).execute(&mut *tx).await?;
        let before = json!({"kind": before.kind, "target": before.target});
        record(&mut tx, actor, "delete", "subscriber", Some(id), Some(before), None).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Delivers to a quarantined subscriber again: what was still pending goes out at once.
    pub async fn enable_subscriber(&self, actor: &Actor, id: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let before = self.subscriber_in(&mut tx, id).await?;
        let now = ms(Utc::now());
        sqlx::query("UPDATE subscribers SET quarantined_at = NULL, updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE deliveries SET next_attempt_at = $1 WHERE subscriber_id = $2 AND state = 'pending'")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let before = json!({"quarantined_at": before.quarantined_at});
        record(&mut tx, actor, "enable", "subscriber", Some(id), Some(before), Some(json!({"quarantined_at": null})))
            .await?;
        tx.commit().await?;
        self.outbox_signal().notify_one();
        Ok(())
    }

    pub async fn get_subscriber(&self, id: i64) -> Result<Option<Subscriber>> {
        let row: Option<SubscriberRow> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM subscribers WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(self.complete_subscribers(row.into_iter().collect()).await?.pop())
    }

    /// The value every signed link of this subscriber carries; `None` when it does not exist.
    pub async fn subscriber_link_nonce(&self, id: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT link_nonce FROM subscribers WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Subscribers, newest first, one page at a time.
    pub async fn list_subscribers(&self, filter: &SubscriberFilter) -> Result<Vec<Subscriber>> {
        let search = filter.search.as_deref().map(|s| format!("%{}%", s.trim().to_lowercase().replace(['%', '_'], "")));
        let sql = format!(
            "SELECT {COLUMNS} FROM subscribers WHERE ($1 IS NULL OR kind = $1) AND ($2 IS NULL OR LOWER(target) LIKE $2) \
             AND id < $3 ORDER BY id DESC LIMIT $4"
        );
        let rows: Vec<SubscriberRow> = sqlx::query_as(&sql)
            .bind(filter.kind.map(|k| k.as_str()))
            .bind(search)
            .bind(filter.before_id.unwrap_or(i64::MAX))
            .bind(filter.limit.clamp(1, 1000))
            .fetch_all(&self.pool)
            .await?;
        self.complete_subscribers(rows).await
    }

    /// How many subscribers each kind has.
    pub async fn subscriber_counts(&self) -> Result<Vec<(SubscriberKind, KindCount)>> {
        let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(
            "SELECT kind, \
             SUM(CASE WHEN confirmed_at IS NOT NULL AND quarantined_at IS NULL THEN 1 ELSE 0 END), \
             SUM(CASE WHEN confirmed_at IS NULL THEN 1 ELSE 0 END), \
             SUM(CASE WHEN quarantined_at IS NOT NULL THEN 1 ELSE 0 END) \
             FROM subscribers GROUP BY kind",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut counts: HashMap<SubscriberKind, KindCount> = HashMap::new();
        for (kind, active, unconfirmed, quarantined) in rows {
            counts.insert(parse(&kind)?, KindCount { active, unconfirmed, quarantined });
        }
        Ok(SubscriberKind::ALL.iter().map(|k| (*k, counts.get(k).copied().unwrap_or_default())).collect())
    }

    /// A subscriber's latest delivery attempts, newest first.
    pub async fn delivery_log(&self, subscriber_id: i64, limit: i64) -> Result<Vec<DeliveryAttempt>> {
        let rows: Vec<AttemptRow> = sqlx::query_as(
            "SELECT d.id, a.at, e.kind, i.title, m.title, a.attempt, a.ok, a.code, a.detail, d.state \
                 FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id \
                 JOIN notification_events e ON e.id = d.event_id \
                 LEFT JOIN incidents i ON i.id = e.incident_id LEFT JOIN maintenances m ON m.id = e.maintenance_id \
                 WHERE d.subscriber_id = $1 ORDER BY a.at DESC, a.id DESC LIMIT $2",
        )
        .bind(subscriber_id)
        .bind(limit.clamp(1, 1000))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(delivery_id, at, event, incident, maintenance, attempt, ok, code, detail, state)| {
                Ok(DeliveryAttempt {
                    delivery_id,
                    at: from_ms(at)?,
                    event: parse(&event)?,
                    subject: incident.or(maintenance),
                    attempt,
                    ok: ok == 1,
                    code,
                    detail,
                    state: parse(&state)?,
                })
            })
            .collect()
    }

    /// The key named `name`, made at random the first time any instance asks for it.
    pub async fn signing_key(&self, name: &str) -> Result<String> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "INSERT INTO signing_keys (name, secret, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(random_text(32))
        .bind(ms(Utc::now()))
        .execute(&mut *tx)
        .await?;
        let secret: String = sqlx::query_scalar("SELECT secret FROM signing_keys WHERE name = $1")
            .bind(name)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(secret)
    }

    async fn subscriber_in(&self, tx: &mut Transaction<'_, Any>, id: i64) -> Result<Subscriber> {
        let row: Option<SubscriberRow> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM subscribers WHERE id = $1"))
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
        let Some(row) = row else { return Err(StoreError::NotFound("subscriber")) };
        complete_one(tx, row).await
    }

    async fn complete_subscribers(&self, rows: Vec<SubscriberRow>) -> Result<Vec<Subscriber>> {
        let ids: Vec<i64> = rows.iter().filter(|r| r.all_components == 0).map(|r| r.id).collect();
        let mut chosen: HashMap<i64, Vec<i64>> = HashMap::new();
        if !ids.is_empty() {
            let sql = format!(
                "SELECT subscriber_id, component_id FROM subscriber_components WHERE subscriber_id IN ({}) \
                 ORDER BY component_id",
                placeholders(1, ids.len())
            );
            let pairs: Vec<(i64, i64)> = fetch_by_ids(&self.pool, &sql, &ids).await?;
            for (s, c) in pairs {
                chosen.entry(s).or_default().push(c);
            }
        }
        rows.into_iter()
            .map(|r| {
                let components = (r.all_components == 0).then(|| chosen.remove(&r.id).unwrap_or_default());
                into_domain(r, components)
            })
            .collect()
    }
}

async fn complete_one(tx: &mut Transaction<'_, Any>, row: SubscriberRow) -> Result<Subscriber> {
    let components = if row.all_components == 0 {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT component_id FROM subscriber_components WHERE subscriber_id = $1 ORDER BY component_id",
        )
        .bind(row.id)
        .fetch_all(&mut **tx)
        .await?;
        Some(ids)
    } else {
        None
    };
    into_domain(row, components)
}

fn into_domain(r: SubscriberRow, components: Option<Vec<i64>>) -> Result<Subscriber> {
    Ok(Subscriber {
        id: r.id,
        kind: parse(&r.kind)?,
        target: r.target,
        components,
        confirmed_at: r.confirmed_at.map(from_ms).transpose()?,
        quarantined_at: r.quarantined_at.map(from_ms).transpose()?,
        created_at: from_ms(r.created_at)?,
        updated_at: from_ms(r.updated_at)?,
    })
}

/// Stores the chosen components; one that does not exist is a field error.
async fn set_components(tx: &mut Transaction<'_, Any>, id: i64, components: Option<&[i64]>) -> Result<()> {
    for component_id in components.unwrap_or_default() {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM components WHERE id = $1")
            .bind(component_id)
            .fetch_optional(&mut **tx)
            .await?;
        if exists.is_none() {
            return Err(StoreError::invalid("components", format!("component {component_id} does not exist")));
        }
        sqlx::query(
            "INSERT INTO subscriber_components (subscriber_id, component_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(component_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

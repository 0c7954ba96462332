//! The delivery worker, one per instance: fans new events out into deliveries (fixing what each
//! says), sends the due ones concurrently under a lease, records every attempt and schedules
//! retries (the retry policy lives here, [`RetryPolicy`]). Safe on several instances at once:
//! the store gives each delivery to one of them at a time. An instance keeps its id in
//! `DATA_DIR/instance-id`, so that, restarted after `kill -9`, it takes back at once what it held.

use super::payload::{Outcome, PageSource, Snapshot};
use super::statuspage::{self, Stored};
use crate::api::v2::shapes::PageView;
use crate::metrics::Metrics;
use crate::store::{AttemptResult, Claimed, Store, StoreError, UnsentEvent};
use app::domain::{ComponentStatus, Incident, SubscriberKind};
use chrono::{DateTime, Utc};
use rand::{Rng, RngCore};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::task::JoinSet;

/// Sends one delivery of one kind of subscriber. Implemented by the webhook and chat senders
/// here and by the mailer (`notify/email.rs`).
///
/// - `delivery` is the claimed row: its `target` (address or URL), `secret`, `link_nonce` (for
///   [`super::links::Links::sign`]), `attempt` (from 1) and `delivery_id` (stable across
///   retries: use it for a message id, so that a receiver can drop a repeat).
/// - `snapshot` is what the event says, fixed at fan-out ([`Snapshot`]); every retry gets the
///   same one, so build the message from it alone (and from fixed settings) to send the same
///   bytes each time.
///
/// Return how the attempt went; never panic. A failure is retried by the worker's schedule
/// unless [`Outcome::permanent`] (then the delivery is given up and the subscriber quarantined).
/// An attempt should end within 30 s; the worker cuts it off at 40 s (the lease is 45 s).
#[async_trait::async_trait]
pub trait Sender: Send + Sync {
    async fn deliver(&self, delivery: &Claimed, snapshot: &Snapshot) -> Outcome;
}

/// Who sends what.
#[derive(Clone)]
pub struct Senders {
    /// `None` while no SMTP server is configured: email deliveries then stay pending.
    pub email: Option<Arc<dyn Sender>>,
    pub webhook: Arc<dyn Sender>,
    /// Slack, Discord and Teams.
    pub chat: Arc<dyn Sender>,
}

impl Senders {
    fn of(&self, kind: SubscriberKind) -> Option<Arc<dyn Sender>> {
        match kind {
            SubscriberKind::Email => self.email.clone(),
            SubscriberKind::Webhook => Some(self.webhook.clone()),
            SubscriberKind::Slack | SubscriberKind::Discord | SubscriberKind::Teams => Some(self.chat.clone()),
        }
    }

    /// The kinds this instance can deliver to now.
    fn kinds(&self) -> Vec<SubscriberKind> {
        SubscriberKind::ALL.iter().copied().filter(|k| self.of(*k).is_some()).collect()
    }
}

/// When a failed delivery is tried again: failure n (from 1) waits `first * 2^(n-1)`, at most
/// 6 hours, times a jitter in [0.5, 1] (so that many failures do not come back at once). It is
/// given up once it has been tried at least 13 times over at least 24 hours, or at once when
/// trying again cannot help.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub first: chrono::Duration,
}

impl RetryPolicy {
    pub const MAX_DELAY: chrono::Duration = chrono::Duration::hours(6);
    pub const GIVE_UP_AFTER: chrono::Duration = chrono::Duration::hours(24);
    pub const MIN_ATTEMPTS: i64 = 13;

    pub fn from_seconds(seconds: u64) -> RetryPolicy {
        RetryPolicy { first: chrono::Duration::seconds(i64::try_from(seconds).unwrap_or(i64::MAX / 1000)) }
    }

    /// The wait after failure number `failures`, with `jitter` in [0.5, 1].
    pub fn delay(&self, failures: i64, jitter: f64) -> chrono::Duration {
        let doublings = failures.clamp(1, 60) - 1;
        let base = self.first.num_milliseconds() as f64 * 2f64.powi(doublings as i32);
        let capped = base.min(Self::MAX_DELAY.num_milliseconds() as f64);
        chrono::Duration::milliseconds((capped * jitter.clamp(0.5, 1.0)) as i64)
    }

    /// When to try again after `attempt` failed with `outcome` (the delivery's first attempt
    /// was due at `first_due`); `None` gives up.
    pub fn next_attempt(
        &self,
        attempt: i64,
        first_due: DateTime<Utc>,
        now: DateTime<Utc>,
        outcome: &Outcome,
        jitter: f64,
    ) -> Option<DateTime<Utc>> {
        if outcome.permanent || (attempt >= Self::MIN_ATTEMPTS && now - first_due >= Self::GIVE_UP_AFTER) {
            return None;
        }
        Some(now + self.delay(attempt, jitter))
    }
}

/// Deliveries sent at once.
const IN_FLIGHT: usize = 64;
/// How long a claimed delivery is this instance's: longer than an attempt may take.
const LEASE: chrono::Duration = chrono::Duration::seconds(45);
/// An attempt still running after this is cut off (and counted a failure).
const ATTEMPT_LIMIT: Duration = Duration::from_secs(40);
/// Results written in one transaction.
const RECORD_BATCH: usize = 50;
/// Events fanned out per look.
const EVENT_BATCH: i64 = 100;
/// How often the outbox gauges are counted.
const COUNT_EVERY: Duration = Duration::from_secs(5);

/// This instance's name in leases: kept in `DATA_DIR/instance-id`, made the first time.
pub fn instance_id(data_dir: &Path) -> String {
    let path = data_dir.join("instance-id");
    if let Ok(text) = std::fs::read_to_string(&path) {
        let id = text.trim();
        if !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return id.to_string();
        }
    }
    let mut raw = [0u8; 12];
    rand::thread_rng().fill_bytes(&mut raw);
    let id: String = std::iter::once("beacon-".to_string()).chain(raw.iter().map(|b| format!("{b:02x}"))).collect();
    let temporary = data_dir.join("instance-id.new");
    if let Err(e) = std::fs::write(&temporary, format!("{id}\n")).and_then(|()| std::fs::rename(&temporary, &path)) {
        tracing::warn!(
            cause = %e, file = %path.display(),
            "cannot keep this instance's id: after a crash, its deliveries are taken back only when their lease runs out"
        );
    }
    id
}

pub struct Worker {
    store: Store,
    owner: String,
    senders: Senders,
    retry: RetryPolicy,
    metrics: Arc<Metrics>,
    page: PageSource,
}

impl Worker {
    pub fn new(
        store: Store,
        owner: String,
        senders: Senders,
        retry: RetryPolicy,
        metrics: Arc<Metrics>,
        page: PageSource,
    ) -> Worker {
        Worker { store, owner, senders, retry, metrics, page }
    }

    /// Runs [`Worker::run`] on a thread of its own that yields to the page's readers (nice 10 and
    /// a short time slice, see [`crate::priority`]), so that a large fan-out takes what they leave.
    pub fn start_in_background(self) -> std::io::Result<()> {
        crate::priority::yielding_runtime("beacon-deliveries")?.spawn(self.run());
        Ok(())
    }

    /// Runs until the process ends: waits for the database, takes back this instance's leases,
    /// then works whenever a write signals or every second.
    pub async fn run(self) {
        if self.senders.email.is_none() {
            tracing::warn!("no mail server is configured: email deliveries stay pending (see --smtp-url)");
        }
        let mut pause = Duration::from_secs(1);
        loop {
            match self.store.release_leases(&self.owner).await {
                Ok(0) => break,
                Ok(n) => {
                    tracing::info!(n, "took back the deliveries this instance held before it stopped");
                    break;
                }
                Err(e) => {
                    tracing::debug!(cause = %e, "the delivery worker waits for the database");
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_secs(30));
                }
            }
        }
        let (mut troubled, mut counted) = (false, None::<Instant>);
        loop {
            match (self.round().await, troubled) {
                (Err(e), false) => {
                    tracing::warn!(cause = %e, "cannot deliver notifications now; trying again every second");
                    troubled = true;
                }
                (Ok(()), true) => {
                    tracing::info!("delivering notifications again");
                    troubled = false;
                }
                _ => {}
            }
            if counted.is_none_or(|at| at.elapsed() >= COUNT_EVERY) {
                if let Ok(counts) = self.store.outbox_counts(Utc::now()).await {
                    self.metrics.set_outbox(&counts);
                }
                counted = Some(Instant::now());
            }
            tokio::select! {
                () = self.store.outbox_signal().notified() => {}
                () = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
        }
    }

    /// Fans out what is new, then delivers what is due.
    pub async fn round(&self) -> Result<(), StoreError> {
        self.fan_out().await?;
        self.deliver_due().await
    }

    async fn fan_out(&self) -> Result<(), StoreError> {
        loop {
            let events = self.store.unsent_events(EVENT_BATCH).await?;
            if events.is_empty() {
                return Ok(());
            }
            let page = self.page.now();
            let view = PageView::load(&self.store, &page.title, &page.public_url, page.tz).await?;
            let open = self.store.open_incidents().await?;
            for event in &events {
                let payload = self.payload(event, &view, &open).await?;
                let made = self.store.fan_out(event, payload.as_deref()).await?;
                if payload.is_none() {
                    tracing::info!(event = event.id, "a notification's subject is gone; it goes to no one");
                } else {
                    tracing::debug!(event = event.id, made, "fanned out");
                }
            }
            if (events.len() as i64) < EVENT_BATCH {
                return Ok(());
            }
        }
    }

    /// What the event says, as stored; `None` when its subject no longer exists.
    async fn payload(
        &self,
        event: &UnsentEvent,
        view: &PageView,
        open: &[Incident],
    ) -> Result<Option<String>, StoreError> {
        let Some(snapshot) = self.snapshot(event).await? else { return Ok(None) };
        let stored = Stored { statuspage: statuspage::objects(view, open, &snapshot, event.id), snapshot };
        serde_json::to_string(&stored)
            .map(Some)
            .map_err(|e| StoreError::Corrupt(format!("event {} cannot be written as JSON: {e}", event.id)))
    }

    async fn snapshot(&self, e: &UnsentEvent) -> Result<Option<Snapshot>, StoreError> {
        if e.subscriber_id.is_some() {
            return Ok(Some(Snapshot::Subscription));
        }
        if let Some(id) = e.incident_id {
            let Some(mut incident) = self.store.get_incident(id).await? else { return Ok(None) };
            let update_id = e.update_id.or(incident.updates.last().map(|u| u.id)).unwrap_or_default();
            // As the update left it: later updates have events of their own.
            incident.updates.retain(|u| u.id <= update_id);
            if let Some(last) = incident.updates.last() {
                incident.status = last.status;
            }
            return Ok(Some(Snapshot::Incident { incident, update_id }));
        }
        if let Some(id) = e.maintenance_id {
            let Some(mut maintenance) = self.store.get_maintenance(id).await? else { return Ok(None) };
            if let Some(update_id) = e.update_id {
                maintenance.updates.retain(|u| u.id <= update_id);
                if let Some(last) = maintenance.updates.last() {
                    maintenance.status = last.status;
                }
            }
            return Ok(Some(Snapshot::Maintenance { maintenance, update_id: e.update_id }));
        }
        if let Some(id) = e.component_id {
            let Some(component) = self.store.get_component(id).await? else { return Ok(None) };
            let status =
                |name: &str| -> Option<ComponentStatus> { e.detail.as_ref()?.get(name)?.as_str()?.parse().ok() };
            let new_status = status("new_status").unwrap_or(component.status);
            let old_status = status("old_status").unwrap_or(new_status);
            return Ok(Some(Snapshot::Component { component, old_status, new_status, at: e.created_at }));
        }
        Ok(None)
    }

    /// Claims and sends due deliveries, at most [`IN_FLIGHT`] at a time, claiming more as
    /// slots free up (so that none waits out its lease unsent), recording results in batches.
    async fn deliver_due(&self) -> Result<(), StoreError> {
        let kinds = self.senders.kinds();
        let mut running: JoinSet<(Claimed, Outcome)> = JoinSet::new();
        let mut done: Vec<(Claimed, Outcome)> = Vec::new();
        let (mut more, mut trouble) = (true, None);
        loop {
            let free = IN_FLIGHT - running.len();
            if more && (running.is_empty() || free >= IN_FLIGHT / 4) {
                let now = Utc::now();
                match self.store.claim_deliveries_of(&self.owner, now, now + LEASE, free as i64, &kinds).await {
                    Ok(batch) => {
                        more = batch.len() == free;
                        for d in batch {
                            self.start(&mut running, d);
                        }
                    }
                    Err(e) => (more, trouble) = (false, Some(e)),
                }
            }
            let Some(first) = running.join_next().await else { break };
            for joined in std::iter::once(first).chain(std::iter::from_fn(|| running.try_join_next())) {
                match joined {
                    Ok(pair) => done.push(pair),
                    // Its lease runs out and it is tried again.
                    Err(e) => tracing::error!(cause = %e, "a delivery task ended without an outcome"),
                }
            }
            if done.len() >= RECORD_BATCH || running.is_empty() {
                self.record(&mut done).await?;
            }
        }
        self.record(&mut done).await?;
        trouble.map_or(Ok(()), Err)
    }

    fn start(&self, running: &mut JoinSet<(Claimed, Outcome)>, d: Claimed) {
        let sender = self.senders.of(d.kind);
        running.spawn(async move {
            let outcome = match (sender, serde_json::from_str::<Stored>(&d.payload)) {
                (None, _) => Outcome::failed(None, format!("no {} sender is configured", d.kind)),
                (Some(_), Err(e)) => Outcome::refused(None, format!("the stored notification cannot be read: {e}")),
                (Some(sender), Ok(stored)) => {
                    match tokio::time::timeout(ATTEMPT_LIMIT, sender.deliver(&d, &stored.snapshot)).await {
                        Ok(outcome) => outcome,
                        Err(_) => Outcome::failed(None, format!("cut off after {} s", ATTEMPT_LIMIT.as_secs())),
                    }
                }
            };
            (d, outcome)
        });
    }

    async fn record(&self, done: &mut Vec<(Claimed, Outcome)>) -> Result<(), StoreError> {
        if done.is_empty() {
            return Ok(());
        }
        let failed: Vec<i64> = done.iter().filter(|(_, o)| !o.ok).map(|(d, _)| d.delivery_id).collect();
        let made = if failed.is_empty() { HashMap::new() } else { self.store.delivery_created_at(&failed).await? };
        let now = Utc::now();
        let results: Vec<AttemptResult> = done
            .iter()
            .map(|(d, o)| {
                let first_due = made.get(&d.delivery_id).copied().unwrap_or(now);
                let jitter = rand::thread_rng().gen_range(0.5..=1.0);
                let retry_at = if o.ok { None } else { self.retry.next_attempt(d.attempt, first_due, now, o, jitter) };
                let (subscriber, delivery, attempt) = (d.subscriber_id, d.delivery_id, d.attempt);
                match (o.ok, retry_at) {
                    (true, _) => tracing::debug!(subscriber, delivery, attempt, "delivered"),
                    (false, Some(at)) => tracing::info!(
                        subscriber, delivery, attempt, code = ?o.code, detail = %o.detail, retry_at = %at,
                        "a delivery failed; it will be tried again"
                    ),
                    (false, None) => tracing::warn!(
                        subscriber, delivery, attempt, code = ?o.code, detail = %o.detail,
                        "a delivery is given up; its subscriber is quarantined until staff enable it again"
                    ),
                }
                AttemptResult {
                    delivery_id: d.delivery_id,
                    attempt: d.attempt,
                    ok: o.ok,
                    code: o.code,
                    detail: o.detail.clone(),
                    retry_at,
                }
            })
            .collect();
        self.store.record_attempts(&self.owner, &results).await?;
        for (d, o) in done.iter() {
            self.metrics.count_attempt(d.kind, o.ok);
        }
        done.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every attempt failing, with the same jitter each time: the times of the attempts until
    /// the policy gives up.
    fn schedule(policy: RetryPolicy, jitter: f64) -> Vec<DateTime<Utc>> {
        let t0 = Utc::now();
        let (mut at, mut times) = (t0, vec![t0]);
        let failed = Outcome::failed(Some(500), "HTTP 500");
        for attempt in 1.. {
            match policy.next_attempt(attempt, t0, at, &failed, jitter) {
                Some(next) => {
                    at = next;
                    times.push(at);
                }
                None => return times,
            }
            assert!(attempt < 100, "the policy never gives up");
        }
        unreachable!()
    }

    #[test]
    fn retries_back_off_for_a_day_then_give_up() {
        let policy = RetryPolicy::from_seconds(30);
        for jitter in [0.5, 0.75, 1.0] {
            let times = schedule(policy, jitter);
            let first = (times[1] - times[0]).num_milliseconds();
            assert!((15_000..=30_000).contains(&first), "first retry after {first} ms");
            let span = *times.last().unwrap() - times[0];
            assert!(span >= RetryPolicy::GIVE_UP_AFTER, "tried for {span}");
            assert!(span < RetryPolicy::GIVE_UP_AFTER + RetryPolicy::MAX_DELAY, "not much longer: {span}");
            assert!(times.len() as i64 >= RetryPolicy::MIN_ATTEMPTS, "{} attempts", times.len());
            for pair in times.windows(2) {
                assert!(pair[1] - pair[0] <= RetryPolicy::MAX_DELAY, "no wait over 6 h");
                assert!(pair[1] > pair[0]);
            }
        }
        assert_eq!(policy.delay(2, 1.0), chrono::Duration::seconds(60), "doubles");
        assert_eq!(policy.delay(40, 1.0), RetryPolicy::MAX_DELAY, "capped");
        assert_eq!(policy.delay(40, 0.1), RetryPolicy::MAX_DELAY / 2, "jitter is kept in [0.5, 1]");
    }

    #[test]
    fn a_permanent_failure_gives_up_at_once_and_many_quick_failures_do_not() {
        let policy = RetryPolicy::from_seconds(1);
        let now = Utc::now();
        assert_eq!(policy.next_attempt(1, now, now, &Outcome::refused(Some(550), "no such mailbox"), 1.0), None);
        // Many attempts in a short time (a short first delay) keep trying until a day has passed.
        let failed = Outcome::failed(None, "cannot connect");
        assert!(policy.next_attempt(20, now - chrono::Duration::hours(1), now, &failed, 1.0).is_some());
        assert!(policy.next_attempt(12, now - chrono::Duration::hours(30), now, &failed, 1.0).is_some());
        assert_eq!(policy.next_attempt(13, now - chrono::Duration::hours(24), now, &failed, 1.0), None);
    }

    #[test]
    fn the_instance_id_is_made_once_and_kept() {
        let dir = crate::testing::temp_dir("instance");
        let id = instance_id(&dir);
        assert!(id.starts_with("beacon-") && id.len() == 31, "{id}");
        assert_eq!(instance_id(&dir), id, "read back");
        let other = crate::testing::temp_dir("instance");
        assert_ne!(instance_id(&other), id, "another data folder is another instance");
    }
}

//! Whether the database is reachable, as the cache sees it. Once a render finds it unavailable,
//! requests are answered from memory at once (the last good copy, marked stale) instead of each
//! waiting for the database to time out, and one task probes it every second until it answers.

use crate::store::Changes;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Asks the database whether it answers.
pub type Probe = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = bool> + Send>> + Send + Sync>;

const PROBE_EVERY: Duration = Duration::from_secs(1);
const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

pub struct Health {
    down: AtomicBool,
    probing: AtomicBool,
    probe: Probe,
    changes: Arc<Changes>,
}

impl Health {
    pub fn new(probe: Probe, changes: Arc<Changes>) -> Health {
        Health { down: AtomicBool::new(false), probing: AtomicBool::new(false), probe, changes }
    }

    pub fn is_down(&self) -> bool {
        self.down.load(Ordering::Acquire)
    }

    /// The database did not answer: serve from memory, and probe until it does.
    pub fn mark_down(self: &Arc<Self>) {
        if !self.down.swap(true, Ordering::AcqRel) {
            tracing::warn!("the database is unavailable: serving the last good copies, marked stale");
        }
        if !self.probing.swap(true, Ordering::AcqRel) {
            tokio::spawn(self.clone().probe_until_up());
        }
    }

    /// The database answered.
    pub fn mark_up(&self) {
        if self.down.swap(false, Ordering::AcqRel) {
            tracing::info!("the database answers again");
            // Changes made meanwhile (by other instances) may have gone unheard.
            self.changes.bump();
        }
    }

    async fn probe_until_up(self: Arc<Self>) {
        loop {
            while self.is_down() {
                tokio::time::sleep(PROBE_EVERY).await;
                if tokio::time::timeout(PROBE_TIMEOUT, (self.probe)()).await == Ok(true) {
                    self.mark_up();
                }
            }
            self.probing.store(false, Ordering::Release);
            // A `mark_down` between the loop's last check and now saw `probing` set: go on for it.
            if !self.is_down() || self.probing.swap(true, Ordering::AcqRel) {
                return;
            }
        }
    }
}

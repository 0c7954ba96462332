//! "Content changed": a generation counter that every write the public can see moves forward,
//! after its transaction commits and before the writer hears back. The public cache treats
//! anything rendered under an older generation as stale. Across instances the signal travels
//! through PostgreSQL: the write's transaction sends `NOTIFY beacon_changes`, and each instance's
//! listener (see `listen.rs`) moves its own counter.

use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::watch;

/// The channel PostgreSQL carries change notifications on.
pub const CHANNEL: &str = "beacon_changes";

#[derive(Debug)]
pub struct Changes {
    generation: AtomicU64,
    /// Wakes whoever waits for a change (the disk snapshot, tests).
    notify: watch::Sender<u64>,
    /// Sent as the notification's payload, so an instance skips its own notifications (it has
    /// already moved its counter). Hex only: it goes into SQL as a literal.
    origin: String,
}

impl Default for Changes {
    fn default() -> Changes {
        Changes::new()
    }
}

impl Changes {
    pub fn new() -> Changes {
        let origin: String = {
            use rand::Rng;
            let bytes: [u8; 8] = rand::thread_rng().gen();
            bytes.iter().map(|b| format!("{b:02x}")).collect()
        };
        // Generation 1: anything loaded from elsewhere (generation 0) starts out stale.
        Changes { generation: AtomicU64::new(1), notify: watch::channel(1).0, origin }
    }

    /// The current generation; cheap enough for every request.
    pub fn current(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Marks everything rendered so far as stale; returns the new generation.
    pub fn bump(&self) -> u64 {
        let next = self.generation.fetch_add(1, Ordering::AcqRel) + 1;
        self.notify.send_replace(next);
        next
    }

    /// A receiver that sees every later bump.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.notify.subscribe()
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// `NOTIFY beacon_changes, '<origin>'`, for inside a write's transaction (delivered at commit).
    pub(crate) fn notify_sql(&self) -> String {
        format!("NOTIFY {CHANNEL}, '{}'", self.origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bumps_move_forward_and_wake_subscribers() {
        let changes = Changes::new();
        let mut rx = changes.subscribe();
        let first = changes.current();
        assert_eq!(changes.bump(), first + 1);
        assert!(rx.has_changed().unwrap());
        assert_eq!(*rx.borrow_and_update(), first + 1);
        assert!(changes.origin().chars().all(|c| c.is_ascii_hexdigit()) && changes.origin().len() == 16);
        assert_eq!(changes.notify_sql(), format!("NOTIFY beacon_changes, '{}'", changes.origin()));
    }
}

//! Background work: maintenance windows that start and finish by themselves. Safe to run on
//! every instance at once (each move lands once; see `Store::advance_due_maintenance`).

use crate::store::Store;
use chrono::Utc;
use std::time::Duration;

/// How often due maintenance is looked for.
const EVERY: Duration = Duration::from_secs(15);

pub async fn maintenance(store: Store) {
    let mut every = tokio::time::interval(EVERY);
    loop {
        every.tick().await;
        match store.advance_due_maintenance(Utc::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(n, "maintenance moved along"),
            Err(e) => tracing::warn!(cause = %e, "cannot move maintenance along; trying again shortly"),
        }
    }
}

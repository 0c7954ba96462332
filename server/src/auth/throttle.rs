//! Sign-in throttling: after a few failures for an account or a client address, each further
//! attempt must wait, twice as long each time, up to a cap.

use crate::store::{Result, Store};
use chrono::{DateTime, Duration, Utc};

/// Failures allowed before any waiting.
pub const FREE_FAILURES: i64 = 5;
const FIRST_WAIT_SECS: i64 = 30;
const MAX_WAIT_SECS: i64 = 15 * 60;
/// A failure this old no longer counts.
const FORGET_AFTER_HOURS: i64 = 24;

/// How long to wait after the last of `failures` failures.
pub fn wait_after(failures: i64) -> Duration {
    if failures < FREE_FAILURES {
        return Duration::zero();
    }
    let doublings = (failures - FREE_FAILURES).min(20) as u32;
    Duration::seconds((FIRST_WAIT_SECS << doublings).min(MAX_WAIT_SECS))
}

pub fn account_key(email: &str) -> String {
    format!("email:{}", email.trim().to_lowercase())
}

pub fn address_key(addr: &str) -> String {
    format!("addr:{addr}")
}

/// The longest wait still due for any of `keys`, if any.
pub async fn wait_due(store: &Store, keys: &[String], now: DateTime<Utc>) -> Result<Option<Duration>> {
    let mut due = None;
    for key in keys {
        if let Some((failures, last)) = store.login_failures(key).await? {
            let until = last + wait_after(failures);
            if until > now && last > now - Duration::hours(FORGET_AFTER_HOURS) {
                due = due.max(Some(until - now));
            }
        }
    }
    Ok(due)
}

pub async fn record_failure(store: &Store, keys: &[String], now: DateTime<Utc>) -> Result<()> {
    for key in keys {
        store.record_login_failure(key, now, now - Duration::hours(FORGET_AFTER_HOURS)).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_after_the_free_failures_up_to_a_cap() {
        assert_eq!(wait_after(4), Duration::zero());
        assert_eq!(wait_after(5), Duration::seconds(30));
        assert_eq!(wait_after(6), Duration::seconds(60));
        assert_eq!(wait_after(8), Duration::seconds(240));
        assert_eq!(wait_after(40), Duration::minutes(15));
    }
}

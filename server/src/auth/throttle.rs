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

/// How an account's key begins (an address's is `addr:`).
const ACCOUNT: &str = "email:";

pub fn account_key(email: &str) -> String {
    format!("{ACCOUNT}{}", email.trim().to_lowercase())
}

pub fn address_key(addr: &str) -> String {
    format!("addr:{addr}")
}

/// How long to wait before trying again, given an account's or address's failures so far.
fn due(seen: Option<(i64, DateTime<Utc>)>, now: DateTime<Utc>) -> Option<Duration> {
    let (failures, last) = seen?;
    let wait = wait_after(failures);
    // The free attempts owe no wait, even when another attempt was counted a moment "after" now.
    if wait.is_zero() {
        return None;
    }
    let until = last + wait;
    (until > now && last > now - Duration::hours(FORGET_AFTER_HOURS)).then(|| until - now)
}

/// Counts an attempt against every key before its password is checked, so that attempts sent at
/// the same time cannot all pass the check: each is counted against the count the one before
/// left. Answers the wait still due instead when one is (the attempt is then not counted). A
/// good password takes its attempt back ([`succeeded`]).
pub async fn attempt(store: &Store, keys: &[String], now: DateTime<Utc>) -> Result<Option<Duration>> {
    let forget_before = now - Duration::hours(FORGET_AFTER_HOURS);
    for key in keys {
        // Lost races are retried; each retry sees a count that another attempt raised.
        loop {
            let seen = store.login_failures(key).await?;
            if let Some(wait) = due(seen, now) {
                return Ok(Some(wait));
            }
            if store.count_login_attempt(key, seen, now, forget_before).await? {
                break;
            }
        }
    }
    Ok(None)
}

/// After a good password: the account starts afresh; the address gets its attempt back.
pub async fn succeeded(store: &Store, keys: &[String]) -> Result<()> {
    for key in keys {
        if key.starts_with(ACCOUNT) {
            store.clear_login_failures(key).await?;
        } else {
            store.refund_login_attempt(key).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_attempts_owe_nothing_even_when_counted_after_now() {
        let now = Utc::now();
        let later = now + Duration::milliseconds(50);
        assert_eq!(due(Some((FREE_FAILURES - 1, later)), now), None);
        assert_eq!(due(Some((FREE_FAILURES, later)), now), Some(Duration::seconds(30) + Duration::milliseconds(50)));
        assert_eq!(due(Some((FREE_FAILURES, now - Duration::seconds(31))), now), None, "the wait is over");
        assert_eq!(due(None, now), None);
    }

    #[test]
    fn waits_double_after_the_free_failures_up_to_a_cap() {
        assert_eq!(wait_after(4), Duration::zero());
        assert_eq!(wait_after(5), Duration::seconds(30));
        assert_eq!(wait_after(6), Duration::seconds(60));
        assert_eq!(wait_after(8), Duration::seconds(240));
        assert_eq!(wait_after(40), Duration::minutes(15));
    }
}

//! A sliding-window limit on the public subscribe form, per key (an address, a client). Kept in
//! memory, per instance: with several instances a determined sender gets a few times the limit,
//! which is still far from useful for mail bombing, and needs no table nor a write per request.

use chrono::{DateTime, Duration, Utc};
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// Keys remembered at most; past that, keys whose window is empty are dropped first, then the
/// oldest, so that a flood of new keys cannot grow memory without bound.
const MAX_KEYS: usize = 50_000;

pub struct Window {
    pub max: usize,
    pub per: Duration,
}

pub struct RateLimit {
    window: Window,
    seen: Mutex<HashMap<String, VecDeque<DateTime<Utc>>>>,
}

impl RateLimit {
    pub fn new(window: Window) -> RateLimit {
        RateLimit { window, seen: Mutex::default() }
    }

    /// Counts an attempt for `key` at `now`, or answers when the next one is allowed (the
    /// attempt is then not counted).
    pub fn attempt(&self, key: &str, now: DateTime<Utc>) -> Result<(), DateTime<Utc>> {
        let Ok(mut seen) = self.seen.lock() else {
            return Ok(());
        };
        let since = now - self.window.per;
        if seen.len() >= MAX_KEYS && !seen.contains_key(key) {
            seen.retain(|_, times| times.back().is_some_and(|t| *t > since));
            if seen.len() >= MAX_KEYS {
                let oldest = seen.iter().min_by_key(|(_, times)| times.back().copied()).map(|(k, _)| k.clone());
                oldest.map(|k| seen.remove(&k));
            }
        }
        let times = seen.entry(key.to_string()).or_default();
        while times.front().is_some_and(|t| *t <= since) {
            times.pop_front();
        }
        if times.len() >= self.window.max {
            return Err(times.front().map_or(now, |first| *first + self.window.per));
        }
        times.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_its_attempts_per_window_then_waits_for_the_oldest() {
        let limit = RateLimit::new(Window { max: 2, per: Duration::minutes(10) });
        let t0 = Utc::now();
        assert!(limit.attempt("a", t0).is_ok());
        assert!(limit.attempt("a", t0 + Duration::minutes(1)).is_ok());
        assert_eq!(limit.attempt("a", t0 + Duration::minutes(2)), Err(t0 + Duration::minutes(10)));
        assert!(limit.attempt("b", t0 + Duration::minutes(2)).is_ok(), "another key is counted apart");
        assert!(limit.attempt("a", t0 + Duration::minutes(10)).is_ok(), "the first has left the window");
    }
}

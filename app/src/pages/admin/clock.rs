//! The console's times, as the public page shows them ("Nov 29, 2026 - 14:08 CET"), in the page's
//! zone. The browser has no zone database, so the server formats each time a page shows and the
//! page looks it up.

use crate::time::format_time;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The times of one page, formatted in the page's zone, by their instant.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Clock {
    shown: HashMap<i64, String>,
}

impl Clock {
    /// The page's `times` formatted in the page's zone (see `forms::ssr::zone`).
    #[cfg(feature = "ssr")]
    pub fn of(times: impl IntoIterator<Item = DateTime<Utc>>) -> Clock {
        let tz = super::forms::ssr::zone();
        Clock { shown: times.into_iter().map(|t| (t.timestamp_millis(), format_time(t, tz))).collect() }
    }

    /// `t` as the page shows it (in UTC, with its name, if the server did not format it).
    pub fn show(&self, t: DateTime<Utc>) -> String {
        self.shown.get(&t.timestamp_millis()).cloned().unwrap_or_else(|| format_time(t, Utc))
    }
}

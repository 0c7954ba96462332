//! Uptime: how long a component spent in each status per calendar day in the page's zone, and the
//! percentage Statuspage's rule makes of it. The one home of that arithmetic: the rollups the store
//! keeps at write time, the bars on `/`, the component page and its monthly table all use it.
//!
//! The rule (Statuspage's uptime showcase): downtime = major outage time + 0.3 × partial outage
//! time; degraded performance and maintenance are not downtime; uptime = (time with data −
//! downtime) / time with data. A day before a component's first recorded status has no data (it is
//! not "up"); the day it began counts from then, today until now.

use super::status::ComponentStatus;
use crate::time::{local_date, start_of_day};
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use std::collections::BTreeMap;

/// What a minute of partial outage counts for against a minute of major outage.
pub const PARTIAL_WEIGHT: f64 = 0.3;

/// Milliseconds spent in each non-operational status; operational time is what remains.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outage {
    pub degraded: i64,
    pub partial: i64,
    pub major: i64,
    pub maintenance: i64,
}

impl Outage {
    pub fn add(&mut self, status: ComponentStatus, ms: i64) {
        match status {
            ComponentStatus::Operational => {}
            ComponentStatus::UnderMaintenance => self.maintenance += ms,
            ComponentStatus::DegradedPerformance => self.degraded += ms,
            ComponentStatus::PartialOutage => self.partial += ms,
            ComponentStatus::MajorOutage => self.major += ms,
        }
    }

    /// Time spent in `status` (none for operational: that is what remains).
    pub fn of(&self, status: ComponentStatus) -> i64 {
        match status {
            ComponentStatus::Operational => 0,
            ComponentStatus::UnderMaintenance => self.maintenance,
            ComponentStatus::DegradedPerformance => self.degraded,
            ComponentStatus::PartialOutage => self.partial,
            ComponentStatus::MajorOutage => self.major,
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Outage::default()
    }

    /// Downtime in milliseconds by Statuspage's rule.
    pub fn downtime(&self) -> f64 {
        self.major as f64 + PARTIAL_WEIGHT * self.partial as f64
    }

    /// The worst status with time on it, if any.
    pub fn worst(&self) -> Option<ComponentStatus> {
        ComponentStatus::ALL.iter().rev().copied().find(|s| self.of(*s) > 0)
    }

    /// The longest time in each status of several.
    fn longest(all: impl IntoIterator<Item = Outage>) -> Outage {
        all.into_iter().fold(Outage::default(), |a, b| Outage {
            degraded: a.degraded.max(b.degraded),
            partial: a.partial.max(b.partial),
            major: a.major.max(b.major),
            maintenance: a.maintenance.max(b.maintenance),
        })
    }
}

/// A status held from `start` until just before `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub status: ComponentStatus,
}

/// The spans between a component's recorded status changes, `(at, new status)` in the order they
/// were recorded. Changes take effect by their time, so a backdated one falls into place; of
/// several at the same instant the last recorded holds. The last change starts the span that is
/// still open, which is not among these.
pub fn closed_spans(changes: &[(DateTime<Utc>, ComponentStatus)]) -> Vec<Span> {
    let mut sorted = changes.to_vec();
    sorted.sort_by_key(|(at, _)| *at); // stable: ties keep their recorded order
    sorted.windows(2).filter(|w| w[0].0 < w[1].0).map(|w| Span { start: w[0].0, end: w[1].0, status: w[0].1 }).collect()
}

/// Non-operational time per calendar day in `tz`, each span cut at the days' midnights.
pub fn by_day<Z: TimeZone>(spans: impl IntoIterator<Item = Span>, tz: &Z) -> BTreeMap<NaiveDate, Outage> {
    let mut days: BTreeMap<NaiveDate, Outage> = BTreeMap::new();
    for span in spans.into_iter().filter(|s| s.status != ComponentStatus::Operational && s.start < s.end) {
        let (mut date, mut from) = (local_date(span.start, tz.clone()), span.start);
        while from < span.end {
            let Some(next_date) = date.succ_opt() else { break };
            let to = start_of_day(next_date, tz.clone()).min(span.end);
            if to > from {
                days.entry(date).or_default().add(span.status, (to - from).num_milliseconds());
                from = to;
            }
            date = next_date;
        }
    }
    days.retain(|_, o| !o.is_empty());
    days
}

/// Consecutive calendar days in a zone, with the instants they begin and the present moment.
#[derive(Debug, Clone)]
pub struct DayRange {
    dates: Vec<NaiveDate>,
    /// `dates.len() + 1` instants: each day's start, then the end of the last one.
    bounds: Vec<DateTime<Utc>>,
    now: DateTime<Utc>,
}

impl DayRange {
    /// The `n` days ending with today in `tz`, oldest first.
    pub fn ending_today<Z: TimeZone>(now: DateTime<Utc>, tz: &Z, n: u32) -> DayRange {
        let today = local_date(now, tz.clone());
        let first = today.checked_sub_days(chrono::Days::new(u64::from(n.saturating_sub(1)))).unwrap_or(today);
        DayRange::from_date(first, now, tz)
    }

    /// Every day from `first` to today in `tz`.
    pub fn from_date<Z: TimeZone>(first: NaiveDate, now: DateTime<Utc>, tz: &Z) -> DayRange {
        let today = local_date(now, tz.clone());
        let dates: Vec<NaiveDate> = first.iter_days().take_while(|d| *d <= today).collect();
        let mut bounds: Vec<DateTime<Utc>> = dates.iter().map(|d| start_of_day(*d, tz.clone())).collect();
        bounds.push(today.succ_opt().map_or(now, |d| start_of_day(d, tz.clone())));
        DayRange { dates, bounds, now }
    }

    pub fn dates(&self) -> &[NaiveDate] {
        &self.dates
    }

    pub fn first(&self) -> Option<NaiveDate> {
        self.dates.first().copied()
    }

    pub fn last(&self) -> Option<NaiveDate> {
        self.dates.last().copied()
    }
}

/// For each day of `range`, the items whose time touched it: from `start` until `end` (until now
/// while it goes on); an item of no length touches the day it falls on.
pub fn on_days<T: Clone>(
    range: &DayRange,
    items: impl IntoIterator<Item = (DateTime<Utc>, Option<DateTime<Utc>>, T)>,
) -> Vec<Vec<T>> {
    let mut out = vec![Vec::new(); range.dates.len()];
    for (start, end, item) in items {
        let end = end.unwrap_or(range.now).max(start);
        for (i, list) in out.iter_mut().enumerate() {
            let (from, to) = (range.bounds[i], range.bounds[i + 1]);
            if start < to && (end > from || start >= from) {
                list.push(item.clone());
            }
        }
    }
    out
}

/// What the store keeps of a component's past, enough to count its days.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tracked {
    /// Its first recorded status: days before this have no data.
    pub tracked_since: DateTime<Utc>,
    /// When its current status began: the span still open, which no rollup holds yet.
    pub status_since: DateTime<Utc>,
    /// Its closed spans per day (the rollups), for the days asked about or more.
    pub rolled: BTreeMap<NaiveDate, Outage>,
}

/// One day of a component or a group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Day {
    pub date: NaiveDate,
    /// Milliseconds with data: since the component began, until now.
    pub tracked: i64,
    /// Time in each non-operational status (for a group, the longest any member spent in it).
    pub outage: Outage,
    /// Downtime in milliseconds (for a group, its members' largest).
    pub downtime: f64,
    /// The day's colour: its worst status; `None` without data.
    pub worst: Option<ComponentStatus>,
}

impl Day {
    pub fn has_data(&self) -> bool {
        self.tracked > 0
    }

    /// The day's uptime from 0 to 1; `None` without data.
    pub fn uptime(&self) -> Option<f64> {
        ratio(self.tracked as f64, self.downtime)
    }
}

/// `(time with data − downtime) / time with data`, downtime taken as at most the time with data.
fn ratio(tracked: f64, downtime: f64) -> Option<f64> {
    (tracked > 0.0).then(|| (tracked - downtime.clamp(0.0, tracked)) / tracked)
}

/// The days over `range` of a component whose status is `status` now.
pub fn component_days(range: &DayRange, status: ComponentStatus, record: &Tracked) -> Vec<Day> {
    range
        .dates
        .iter()
        .enumerate()
        .map(|(i, date)| {
            let (start, next) = (range.bounds[i], range.bounds[i + 1]);
            let end = next.min(range.now);
            let tracked = (end - start.max(record.tracked_since)).num_milliseconds().max(0);
            let mut outage = record.rolled.get(date).copied().unwrap_or_default();
            // The open span, from its start until now.
            let open = (end - start.max(record.status_since)).num_milliseconds();
            if open > 0 {
                outage.add(status, open);
            }
            let worst = (tracked > 0).then(|| outage.worst().unwrap_or(ComponentStatus::Operational));
            Day { date: *date, tracked, outage, downtime: outage.downtime(), worst }
        })
        .collect()
}

/// A group's days from its members' (each over the same range): the worst status of any member,
/// the longest time any member spent in each status, and the largest member downtime.
pub fn group_days(members: &[Vec<Day>]) -> Vec<Day> {
    let Some(first) = members.first() else { return Vec::new() };
    (0..first.len())
        .map(|i| {
            let day = members.iter().filter_map(|m| m.get(i));
            let tracked = day.clone().map(|d| d.tracked).max().unwrap_or(0);
            let worst = day.clone().filter_map(|d| d.worst).max();
            let downtime = day.clone().map(|d| d.downtime).fold(0.0, f64::max);
            Day { date: first[i].date, tracked, outage: Outage::longest(day.map(|d| d.outage)), downtime, worst }
        })
        .collect()
}

/// The uptime over several days, from 0 to 1; `None` when none has data.
pub fn uptime(days: &[Day]) -> Option<f64> {
    let tracked: f64 = days.iter().map(|d| d.tracked as f64).sum();
    let downtime: f64 = days.iter().map(|d| d.downtime.clamp(0.0, d.tracked as f64)).sum();
    ratio(tracked, downtime)
}

/// Each calendar month's uptime among `days` (oldest first): `(year, month, uptime)`.
pub fn by_month(days: &[Day]) -> Vec<(i32, u32, Option<f64>)> {
    let mut months: Vec<(i32, u32, Vec<Day>)> = Vec::new();
    for day in days {
        let key = (day.date.year(), day.date.month());
        match months.last_mut() {
            Some((y, m, list)) if (*y, *m) == key => list.push(*day),
            _ => months.push((key.0, key.1, vec![*day])),
        }
    }
    months.into_iter().map(|(y, m, list)| (y, m, uptime(&list))).collect()
}

/// "99.95%": two decimals, rounded down so that any downtime shows below 100%; "100%" without any.
pub fn percent_text(uptime: f64) -> String {
    if uptime >= 1.0 {
        return "100%".to_string();
    }
    let hundredths = (uptime.max(0.0) * 10_000.0).floor() / 100.0;
    format!("{hundredths:.2}%")
}

/// A duration as the pages show it, in whole minutes (`i18n::Lang::duration` words it): `None`
/// for some time under half a minute, which reads "< 1 min".
pub fn shown_minutes(ms: i64) -> Option<i64> {
    match (ms + 30_000) / 60_000 {
        _ if ms <= 0 => Some(0),
        0 => None,
        m => Some(m),
    }
}

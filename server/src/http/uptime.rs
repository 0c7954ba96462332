//! The uptime bars' data for `/` and the component pages: the rollups and the incidents of the
//! days read in one query each for every component at once, counted by `app::domain::uptime`.

use crate::error::AppError;
use crate::store::{DayIncident, Store, StoreError};
use app::domain::uptime::{component_days, on_days, DayRange, Tracked};
use app::domain::Component;
use app::pages::public::Bars;
use app::time::local_date;
use chrono::{DateTime, Datelike, DurationRound, Months, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;

/// Days in a row of bars.
pub const BAR_DAYS: u32 = 90;

/// The moment the figures count until: this minute's start, so that renders within a minute (of
/// several instances, or of the static mirror) give the same bytes.
fn counted_until(now: DateTime<Utc>) -> DateTime<Utc> {
    now.duration_trunc(TimeDelta::minutes(1)).unwrap_or(now)
}

/// The start of the range's first day and the end of its last (the start of tomorrow).
fn bounds(range: &DayRange, tz: Tz) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let first = app::time::start_of_day(range.first()?, tz);
    let end = app::time::start_of_day(range.last()?.succ_opt()?, tz);
    Some((first, end))
}

/// Each day's incidents, per component.
fn incidents_by_component(range: &DayRange, incidents: Vec<DayIncident>) -> HashMap<i64, Vec<Vec<(i64, String)>>> {
    let mut by_component: HashMap<i64, Vec<DayIncident>> = HashMap::new();
    for i in incidents {
        by_component.entry(i.component_id).or_default().push(i);
    }
    by_component
        .into_iter()
        .map(|(id, list)| {
            let items = list.into_iter().map(|i| (i.started_at, i.resolved_at, (i.incident_id, i.title)));
            (id, on_days(range, items))
        })
        .collect()
}

/// What the bars of `/` are counted from: the rollups and the incidents of the days, of every
/// component at once (read with the components, not after them: see [`Showcased::load`]).
pub struct Showcased {
    range: DayRange,
    tracked: HashMap<i64, Tracked>,
    incidents: Vec<DayIncident>,
}

impl Showcased {
    /// Two queries whatever the number of components, made at once.
    pub async fn load(store: &Store, tz: Tz, now: DateTime<Utc>) -> Result<Showcased, StoreError> {
        let now = counted_until(now);
        let range = DayRange::ending_today(now, &tz, BAR_DAYS);
        let (Some((from, to)), Some(first), Some(last)) = (bounds(&range, tz), range.first(), range.last()) else {
            return Ok(Showcased { range, tracked: HashMap::new(), incidents: Vec::new() });
        };
        let (tracked, incidents) =
            tokio::try_join!(store.showcased_uptime(first, last), store.incidents_open_between(from, to, None))?;
        Ok(Showcased { range, tracked, incidents })
    }

    /// The bars of every listed component of `components` that shows its uptime, by id.
    pub fn bars(self, components: &[Component]) -> HashMap<i64, Bars> {
        let mut incidents = incidents_by_component(&self.range, self.incidents);
        components
            .iter()
            .filter(|c| c.show_uptime && c.is_listed())
            .filter_map(|c| {
                let days = component_days(&self.range, c.status, self.tracked.get(&c.id)?);
                let incidents = incidents.remove(&c.id).unwrap_or_default();
                Some((c.id, Bars { days, incidents }))
            })
            .collect()
    }
}

/// One component's last 90 days as bars, and the uptime of each of its last 12 months (this one
/// so far included), newest first.
pub struct ComponentUptime {
    pub bars: Bars,
    pub months: Vec<(i32, u32, Option<f64>)>,
}

/// [`ComponentUptime`] of `c`: one query for a year of its rollups, one for its incidents.
pub async fn of_component(
    store: &Store,
    tz: Tz,
    now: DateTime<Utc>,
    c: &Component,
) -> Result<ComponentUptime, AppError> {
    let now = counted_until(now);
    let today = local_date(now, tz);
    let first_month = NaiveDate::from_ymd_opt(today.year(), today.month(), 1)
        .and_then(|d| d.checked_sub_months(Months::new(11)))
        .unwrap_or(today);
    let year = DayRange::from_date(first_month, now, &tz);
    let tracked = match (year.first(), year.last()) {
        (Some(first), Some(last)) => store.component_uptime(c.id, first, last).await?,
        _ => None,
    };
    let tracked = tracked.unwrap_or_else(|| Tracked { tracked_since: now, status_since: now, ..Tracked::default() });
    let all = component_days(&year, c.status, &tracked);
    let mut months = app::domain::uptime::by_month(&all);
    months.reverse();

    let range = DayRange::ending_today(now, &tz, BAR_DAYS);
    let incidents = match bounds(&range, tz) {
        Some((from, to)) => store.incidents_open_between(from, to, Some(c.id)).await?,
        None => Vec::new(),
    };
    let incidents = incidents_by_component(&range, incidents).remove(&c.id).unwrap_or_default();
    let days = all[all.len().saturating_sub(range.dates().len())..].to_vec();
    Ok(ComponentUptime { bars: Bars { days, incidents }, months })
}

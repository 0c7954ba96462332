//! The uptime arithmetic: days in a zone, the data a day has, the spans a history makes, the rule.

use super::status::ComponentStatus::{self, *};
use super::uptime::*;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use std::collections::BTreeMap;

const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn span(start: &str, end: &str, status: ComponentStatus) -> Span {
    Span { start: utc(start), end: utc(end), status }
}

fn la() -> Tz {
    "America/Los_Angeles".parse().unwrap()
}

#[test]
fn days_are_calendar_days_of_23_and_25_hours_across_dst_changes() {
    // Los Angeles sprang forward on 2024-03-10 and fell back on 2024-11-03.
    let spring = by_day([span("2024-03-09T20:00:00Z", "2024-03-11T19:00:00Z", MajorOutage)], &la());
    let hours: Vec<(NaiveDate, i64)> = spring.iter().map(|(d, o)| (*d, o.major / HOUR)).collect();
    assert_eq!(hours, [(d("2024-03-09"), 12), (d("2024-03-10"), 23), (d("2024-03-11"), 12)]);
    let autumn = by_day([span("2024-11-02T19:00:00Z", "2024-11-04T20:00:00Z", MajorOutage)], &la());
    let hours: Vec<(NaiveDate, i64)> = autumn.iter().map(|(d, o)| (*d, o.major / HOUR)).collect();
    assert_eq!(hours, [(d("2024-11-02"), 12), (d("2024-11-03"), 25), (d("2024-11-04"), 12)]);

    // A day's data is its own length: the 23-hour day in a major outage has no uptime at all.
    let range = DayRange::ending_today(utc("2024-03-11T19:00:00Z"), &la(), 3);
    assert_eq!(range.dates(), [d("2024-03-09"), d("2024-03-10"), d("2024-03-11")]);
    let rolled = by_day([span("2024-03-10T08:00:00Z", "2024-03-11T07:00:00Z", MajorOutage)], &la());
    let (status, record) = (
        Operational,
        Tracked { tracked_since: utc("2024-01-01T00:00:00Z"), status_since: utc("2024-03-11T07:00:00Z"), rolled },
    );
    let days = component_days(&range, status, &record);
    let tracked: Vec<i64> = days.iter().map(|d| d.tracked / HOUR).collect();
    assert_eq!(tracked, [24, 23, 12], "today counts until now");
    assert_eq!(days[1].uptime(), Some(0.0));
    assert_eq!(days[1].worst, Some(MajorOutage));
    assert_eq!((days[0].uptime(), days[0].worst), (Some(1.0), Some(Operational)));
}

#[test]
fn days_before_a_component_began_have_no_data_and_its_first_day_counts_from_then() {
    let now = utc("2024-05-05T18:00:00Z");
    let range = DayRange::ending_today(now, &Tz::UTC, 5);
    let rolled = by_day([span("2024-05-03T12:00:00Z", "2024-05-03T13:00:00Z", MajorOutage)], &Tz::UTC);
    let (status, record) = (
        Operational,
        Tracked { tracked_since: utc("2024-05-03T06:00:00Z"), status_since: utc("2024-05-03T13:00:00Z"), rolled },
    );
    let days = component_days(&range, status, &record);
    let summary: Vec<(i64, Option<ComponentStatus>)> = days.iter().map(|d| (d.tracked / HOUR, d.worst)).collect();
    assert_eq!(
        summary,
        [(0, None), (0, None), (18, Some(MajorOutage)), (24, Some(Operational)), (18, Some(Operational))]
    );
    assert!(!days[0].has_data() && days[0].uptime().is_none(), "no data is not 'up'");
    assert_eq!(days[2].uptime(), Some(17.0 / 18.0));
    assert_eq!(uptime(&days), Some(59.0 / 60.0), "the days without data do not count");
    assert_eq!(uptime(&days[..2]), None);
}

#[test]
fn an_outage_over_midnight_counts_on_both_days_in_the_pages_zone() {
    let berlin: Tz = "Europe/Berlin".parse().unwrap();
    // 23:30 to 00:45 in Berlin (CEST, UTC+2).
    let spans = [span("2024-05-01T21:30:00Z", "2024-05-01T22:45:00Z", PartialOutage)];
    let days = by_day(spans, &berlin);
    let minutes: Vec<(NaiveDate, i64)> = days.iter().map(|(d, o)| (*d, o.partial / MIN)).collect();
    assert_eq!(minutes, [(d("2024-05-01"), 30), (d("2024-05-02"), 45)]);
    // The same span is one day in UTC.
    assert_eq!(by_day(spans, &Tz::UTC).len(), 1);
}

#[test]
fn the_still_open_status_counts_until_now_over_every_day_it_covers() {
    let now = utc("2024-05-05T06:00:00Z");
    let range = DayRange::ending_today(now, &Tz::UTC, 3);
    let none = BTreeMap::new();
    let (status, record) = (
        DegradedPerformance,
        Tracked { tracked_since: utc("2024-01-01T00:00:00Z"), status_since: utc("2024-05-03T18:00:00Z"), rolled: none },
    );
    let degraded: Vec<i64> = component_days(&range, status, &record).iter().map(|d| d.outage.degraded / HOUR).collect();
    assert_eq!(degraded, [6, 24, 6]);
    let days = component_days(&range, status, &record);
    assert_eq!(uptime(&days), Some(1.0), "degraded performance is not downtime");
    assert_eq!(days[1].worst, Some(DegradedPerformance));
}

#[test]
fn changes_at_the_same_instant_leave_the_last_recorded_and_adjacent_ones_split_the_time() {
    let changes = [
        (utc("2024-05-01T00:00:00Z"), Operational),
        (utc("2024-05-01T10:00:00Z"), MajorOutage),
        (utc("2024-05-01T10:00:00Z"), PartialOutage),
        (utc("2024-05-01T11:00:00Z"), MajorOutage),
        (utc("2024-05-01T11:30:00Z"), Operational),
    ];
    let spans = closed_spans(&changes);
    assert_eq!(
        spans,
        [
            span("2024-05-01T00:00:00Z", "2024-05-01T10:00:00Z", Operational),
            span("2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z", PartialOutage),
            span("2024-05-01T11:00:00Z", "2024-05-01T11:30:00Z", MajorOutage),
        ],
        "the zero-length major outage is gone; the last change starts the open span"
    );
    let day = by_day(spans, &Tz::UTC)[&d("2024-05-01")];
    assert_eq!((day.partial / MIN, day.major / MIN, day.worst()), (60, 30, Some(MajorOutage)));
}

#[test]
fn a_backdated_change_falls_into_place_by_its_time() {
    // Recorded in this order: created, a live major outage, then a degraded status backdated
    // to before the outage.
    let changes = [
        (utc("2024-05-01T00:00:00Z"), Operational),
        (utc("2024-05-01T10:00:00Z"), MajorOutage),
        (utc("2024-05-01T05:00:00Z"), DegradedPerformance),
    ];
    assert_eq!(
        closed_spans(&changes),
        [
            span("2024-05-01T00:00:00Z", "2024-05-01T05:00:00Z", Operational),
            span("2024-05-01T05:00:00Z", "2024-05-01T10:00:00Z", DegradedPerformance),
        ]
    );
}

#[test]
fn uptime_follows_statuspages_rule() {
    let mut outage = Outage::default();
    outage.add(MajorOutage, 60 * MIN);
    outage.add(PartialOutage, 100 * MIN);
    outage.add(DegradedPerformance, 200 * MIN);
    outage.add(UnderMaintenance, 30 * MIN);
    outage.add(Operational, 999 * MIN);
    // downtime = 60 + 0.3 × 100 = 90 minutes; degraded and maintenance are not downtime.
    assert_eq!(outage.downtime(), (90 * MIN) as f64);
    let day =
        Day { date: d("2024-05-01"), tracked: 24 * HOUR, outage, downtime: outage.downtime(), worst: outage.worst() };
    assert_eq!(day.uptime(), Some(1350.0 / 1440.0));
    assert_eq!(percent_text(1350.0 / 1440.0), "93.75%");
    assert_eq!(day.worst, Some(MajorOutage));
    // Rounded down: a minute of downtime in 90 days does not read 100%.
    assert_eq!(percent_text(1.0 - 1.0 / (90.0 * 1440.0)), "99.99%");
    assert_eq!(percent_text(1.0), "100%");
    assert_eq!(percent_text(0.0), "0.00%");
    assert_eq!(crate::i18n::Lang::fallback().duration(0), "0 min");
    assert_eq!(crate::i18n::Lang::fallback().duration(20_000), "< 1 min");
    assert_eq!(crate::i18n::Lang::fallback().duration(45 * MIN), "45 min");
    assert_eq!(crate::i18n::Lang::fallback().duration(125 * MIN + 10_000), "2 h 05 min");
}

#[test]
fn a_group_shows_its_worst_member_and_largest_downtime_per_day() {
    let day = |tracked: i64, status: ComponentStatus, ms: i64| {
        let mut outage = Outage::default();
        outage.add(status, ms);
        let worst = (tracked > 0).then(|| outage.worst().unwrap_or(Operational));
        Day { date: d("2024-05-01"), tracked, outage, downtime: outage.downtime(), worst }
    };
    let api = vec![day(24 * HOUR, MajorOutage, 60 * MIN)];
    let hooks = vec![day(24 * HOUR, PartialOutage, 300 * MIN)];
    let young = vec![day(0, Operational, 0)];
    let group = group_days(&[api, hooks, young]);
    assert_eq!(group[0].worst, Some(MajorOutage));
    assert_eq!(group[0].downtime, (90 * MIN) as f64, "the partial outage's 300 minutes weigh 90, more than 60");
    assert_eq!((group[0].outage.major, group[0].outage.partial), (60 * MIN, 300 * MIN));
    assert_eq!(group[0].uptime(), Some(1350.0 / 1440.0));
    assert!(group_days(&[]).is_empty());
}

#[test]
fn months_add_up_their_days() {
    let now = utc("2024-06-02T12:00:00Z");
    let range = DayRange::from_date(d("2024-05-30"), now, &Tz::UTC);
    let rolled = by_day([span("2024-05-31T00:00:00Z", "2024-05-31T12:00:00Z", MajorOutage)], &Tz::UTC);
    let (status, record) = (
        Operational,
        Tracked { tracked_since: utc("2024-01-01T00:00:00Z"), status_since: utc("2024-05-31T12:00:00Z"), rolled },
    );
    let months = by_month(&component_days(&range, status, &record));
    assert_eq!(months, [(2024, 5, Some(0.75)), (2024, 6, Some(1.0))]);
}

#[test]
fn incidents_are_placed_on_every_day_they_were_open() {
    let now = utc("2024-05-05T12:00:00Z");
    let range = DayRange::ending_today(now, &Tz::UTC, 4);
    let items = [
        (utc("2024-05-02T23:00:00Z"), Some(utc("2024-05-03T01:00:00Z")), "over midnight"),
        (utc("2024-05-04T00:00:00Z"), Some(utc("2024-05-04T00:00:00Z")), "an instant"),
        (utc("2024-05-04T10:00:00Z"), None, "still open"),
        (utc("2024-04-01T10:00:00Z"), Some(utc("2024-04-02T10:00:00Z")), "before the range"),
    ];
    let days = on_days(&range, items);
    assert_eq!(
        days,
        [vec!["over midnight"], vec!["over midnight"], vec!["an instant", "still open"], vec!["still open"]]
    );
}

//! Times as the pages show them: always in the page's IANA zone, always with the zone's name. The
//! console formats its times here too (in UTC where the browser has no zone database), and reads
//! its `datetime-local` inputs back.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use std::fmt::Display;

/// "Oct 27, 2020 - 23:53 PDT" (and "May 06, 2019 - …": the day has two digits, as on Statuspage).
pub fn format_time<Z: TimeZone>(t: DateTime<Utc>, tz: Z) -> String
where
    Z::Offset: Display,
{
    t.with_timezone(&tz).format("%b %d, %Y - %H:%M %Z").to_string()
}

/// "Oct 27, 2020".
pub fn format_date(d: NaiveDate) -> String {
    d.format("%b %d, %Y").to_string()
}

/// The machine-readable form for `<time datetime>`.
pub fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The value of a `datetime-local` input showing `t` in `tz`: "2026-11-21T09:30".
pub fn datetime_local<Z: TimeZone>(t: DateTime<Utc>, tz: Z) -> String
where
    Z::Offset: Display,
{
    t.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string()
}

/// A `datetime-local` value read in `tz`; the error says what is wrong with it.
pub fn parse_datetime_local<Z: TimeZone>(value: &str, tz: Z, zone_name: &str) -> Result<DateTime<Utc>, String> {
    let v = value.trim();
    let naive = NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| format!("'{v}' is not a date and time like 2026-11-21T09:30"))?;
    let local = tz
        .from_local_datetime(&naive)
        .earliest()
        .ok_or_else(|| format!("{v} does not exist in {zone_name} (a clock change skips it)"))?;
    Ok(local.with_timezone(&Utc))
}

/// The calendar day `t` falls on in `tz`.
pub fn local_date<Z: TimeZone>(t: DateTime<Utc>, tz: Z) -> NaiveDate {
    t.with_timezone(&tz).date_naive()
}

/// `(year, month)` of `t` in `tz`.
pub fn local_month<Z: TimeZone>(t: DateTime<Utc>, tz: Z) -> (i32, u32) {
    let d = local_date(t, tz);
    (d.year(), d.month())
}

/// The first instant of a calendar day in `tz`. Days are counted in calendar dates, never as
/// 24-hour steps, so a DST change cannot shift them; where midnight does not exist (a DST gap at
/// 00:00) the day starts at the first instant that does.
pub fn start_of_day<Z: TimeZone>(date: NaiveDate, tz: Z) -> DateTime<Utc> {
    let midnight = date.and_time(NaiveTime::MIN);
    (0..=180)
        .find_map(|minutes| {
            let local = midnight + chrono::Duration::minutes(minutes);
            tz.from_local_datetime(&local).earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
}

/// The last `n` calendar days in `tz` ending with today, newest first.
pub fn recent_days<Z: TimeZone>(now: DateTime<Utc>, tz: Z, n: u32) -> Vec<NaiveDate> {
    let today = local_date(now, tz);
    (0..n).filter_map(|i| today.checked_sub_days(Days::new(i.into()))).collect()
}

/// Items placed on the day (in `tz`) that `at` gives, for each of `days` in the order given; a day
/// with nothing gets an empty list.
pub fn group_by_day<T, Z: TimeZone>(
    days: &[NaiveDate],
    items: impl IntoIterator<Item = T>,
    tz: Z,
    at: impl Fn(&T) -> DateTime<Utc>,
) -> Vec<(NaiveDate, Vec<T>)> {
    let mut grouped: Vec<(NaiveDate, Vec<T>)> = days.iter().map(|d| (*d, Vec::new())).collect();
    for item in items {
        let day = local_date(at(&item), tz.clone());
        if let Some((_, list)) = grouped.iter_mut().find(|(d, _)| *d == day) {
            list.push(item);
        }
    }
    grouped
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use chrono_tz::Tz;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn times_carry_their_zone() {
        let la: Tz = "America/Los_Angeles".parse().unwrap();
        assert_eq!(format_time(utc("2020-10-28T06:53:00Z"), la), "Oct 27, 2020 - 23:53 PDT");
        assert_eq!(format_time(utc("2020-12-28T06:53:00Z"), la), "Dec 27, 2020 - 22:53 PST");
        assert_eq!(format_time(utc("2020-10-28T06:53:00Z"), Tz::UTC), "Oct 28, 2020 - 06:53 UTC");
        assert_eq!(crate::i18n::Lang::fallback().time_short(utc("2020-10-28T06:53:00Z"), la), "Oct 27, 23:53 PDT");
        // The day is two digits, as Statuspage writes it.
        assert_eq!(format_time(utc("2019-05-06T14:05:00Z"), Tz::UTC), "May 06, 2019 - 14:05 UTC");
        assert_eq!(crate::i18n::Lang::fallback().time_short(utc("2019-05-06T14:05:00Z"), Tz::UTC), "May 06, 14:05 UTC");
        assert_eq!(format_date(NaiveDate::from_ymd_opt(2019, 5, 6).unwrap()), "May 06, 2019");
    }

    #[test]
    fn days_are_calendar_days_across_a_dst_change() {
        let la: Tz = "America/Los_Angeles".parse().unwrap();
        // DST began in Los Angeles on 2024-03-10 at 02:00 local (10:00 UTC).
        let now = utc("2024-03-12T07:30:00Z"); // Mar 12, 00:30 PDT
        let days = recent_days(now, la, 4);
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(days, [d("2024-03-12"), d("2024-03-11"), d("2024-03-10"), d("2024-03-09")]);

        let items = [
            utc("2024-03-10T07:59:00Z"), // Mar 9, 23:59 PST
            utc("2024-03-10T08:00:00Z"), // Mar 10, 00:00 PST
            utc("2024-03-10T09:30:00Z"), // Mar 10, 01:30 PST
            utc("2024-03-10T10:30:00Z"), // Mar 10, 03:30 PDT
            utc("2024-03-11T06:59:00Z"), // Mar 10, 23:59 PDT
            utc("2024-03-11T07:00:00Z"), // Mar 11, 00:00 PDT
        ];
        let grouped = group_by_day(&days, items, la, |t| *t);
        let counts: Vec<usize> = grouped.iter().map(|(_, v)| v.len()).collect();
        assert_eq!(counts, [0, 1, 4, 1]);
        // A 23-hour day still starts at its own midnight.
        assert_eq!(start_of_day(d("2024-03-10"), la), utc("2024-03-10T08:00:00Z"));
        assert_eq!(start_of_day(d("2024-03-11"), la), utc("2024-03-11T07:00:00Z"));
    }

    #[test]
    fn a_day_whose_midnight_does_not_exist_starts_when_the_clock_resumes() {
        // Santiago moved its clocks from 00:00 to 01:00 on 2022-09-11.
        let santiago: Tz = "America/Santiago".parse().unwrap();
        let d = NaiveDate::from_ymd_opt(2022, 9, 11).unwrap();
        assert_eq!(start_of_day(d, santiago), utc("2022-09-11T04:00:00Z"));
    }

    #[test]
    fn the_same_instant_falls_on_different_days_in_different_zones() {
        let t = utc("2024-01-01T03:00:00Z");
        let ny: Tz = "America/New_York".parse().unwrap();
        assert_eq!(local_date(t, ny), NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
        assert_eq!(local_date(t, Tz::UTC), NaiveDate::from_ymd_opt(2024, 1, 1).unwrap());
        assert_eq!(crate::i18n::Lang::fallback().month(2023, 12), "December 2023");
    }

    #[test]
    fn datetime_local_values_go_there_and_back() {
        let la: Tz = "America/Los_Angeles".parse().unwrap();
        let t = utc("2020-10-28T06:53:00Z");
        assert_eq!(datetime_local(t, la), "2020-10-27T23:53");
        assert_eq!(parse_datetime_local("2020-10-27T23:53", la, la.name()), Ok(t));
        assert_eq!(parse_datetime_local(" 2020-10-27T23:53:00 ", la, la.name()), Ok(t));
        assert!(parse_datetime_local("yesterday", la, la.name()).unwrap_err().contains("not a date and time"));
        // 02:30 on the day DST begins does not exist in Los Angeles.
        let gap = parse_datetime_local("2024-03-10T02:30", la, la.name()).unwrap_err();
        assert!(gap.contains("does not exist in America/Los_Angeles"), "{gap}");
        assert_eq!(format_time(t, Utc), "Oct 28, 2020 - 06:53 UTC");
    }
}

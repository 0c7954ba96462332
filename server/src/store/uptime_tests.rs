//! The uptime rollups stay what a full count of the history makes of them, whatever kind of write
//! changed it: a live status change, a backdated incident update, a deleted update, an import, a
//! new zone. Run on SQLite and on PostgreSQL alike.

use super::*;
use crate::store_test;
use app::domain::uptime::Outage;
use app::domain::{ComponentStatus as CS, Impact, IncidentStatus as IS};
use chrono::{Duration, NaiveDate, TimeZone};
use chrono_tz::Tz;

const MIN: i64 = 60_000;

fn berlin() -> Tz {
    "Europe/Berlin".parse().unwrap()
}

/// A local time in Berlin on 2024-05-`day`.
fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    berlin().with_ymd_and_hms(2024, 5, day, hour, minute, 0).unwrap().with_timezone(&Utc)
}

fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 5, day).unwrap()
}

/// Every rollup row, in order.
async fn rows(store: &Store) -> Vec<(i64, String, i64, i64, i64, i64)> {
    sqlx::query_as(
        "SELECT component_id, day, degraded_ms, partial_ms, major_ms, maintenance_ms FROM uptime_days \
         ORDER BY component_id, day",
    )
    .fetch_all(store.pool())
    .await
    .unwrap()
}

/// The rollups as a full count in `tz` makes them: counted again from the whole history.
async fn recounted(store: &Store, tz: Tz) -> Vec<(i64, String, i64, i64, i64, i64)> {
    sqlx::query("DELETE FROM uptime_zone").execute(store.pool()).await.unwrap();
    assert!(store.keep_uptime_in(tz).await.unwrap());
    rows(store).await
}

async fn day_of(store: &Store, id: i64, day: NaiveDate) -> Outage {
    let tracked = store.showcased_uptime(day, day).await.unwrap();
    tracked[&id].rolled.get(&day).copied().unwrap_or_default()
}

fn incident(title: &str, display_at: DateTime<Utc>, changes: Vec<StatusChange>) -> NewIncident {
    NewIncident {
        notify: false,
        title: title.into(),
        impact: Impact::Major,
        status: IS::Investigating,
        body: "b".into(),
        started_at: Some(display_at),
        display_at: Some(display_at),
        changes,
    }
}

fn update(display_at: DateTime<Utc>, changes: Vec<StatusChange>) -> NewUpdate {
    NewUpdate {
        notify: false,
        status: IS::Resolved,
        body: "done".into(),
        display_at: Some(display_at),
        changes,
        expected_version: None,
    }
}

async fn every_write_keeps_the_rollups(store: Store) {
    let a = Actor::System;
    assert!(store.keep_uptime_in(berlin()).await.unwrap(), "a new database was counted in UTC");
    assert!(!store.keep_uptime_in(berlin()).await.unwrap(), "the same zone again: nothing to count");
    // In service since April: every outage below starts as the open span and is closed later.
    let april = berlin().with_ymd_and_hms(2024, 4, 1, 0, 0, 0).unwrap().with_timezone(&Utc);
    let api = store.create_component_since(&a, NewComponent::named("API"), april).await.unwrap();
    let change = |status| vec![StatusChange { component_id: api, status }];

    // An outage from 10:00 to 11:30 on May 1, written after the fact (backdated updates).
    let first = store.create_incident(&a, incident("Down", at(1, 10, 0), change(CS::MajorOutage))).await.unwrap();
    store.post_update(&a, first, update(at(1, 11, 30), change(CS::Operational))).await.unwrap();
    assert_eq!(day_of(&store, api, d(1)).await.major, 90 * MIN);
    let since: (i64, i64) = sqlx::query_as("SELECT tracked_since, status_since FROM components WHERE id = $1")
        .bind(api)
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(since, (ms(april), ms(at(1, 11, 30))), "when it began; when its current status did");

    // Another one backdated to before the first: it falls into place.
    let second = store.create_incident(&a, incident("Slow", at(1, 9, 0), change(CS::PartialOutage))).await.unwrap();
    let ended = store.post_update(&a, second, update(at(1, 9, 30), change(CS::Operational))).await.unwrap();
    let may1 = day_of(&store, api, d(1)).await;
    assert_eq!((may1.partial, may1.major), (30 * MIN, 90 * MIN));

    // Over midnight in Berlin: an hour on each day.
    let third = store.create_incident(&a, incident("Night", at(2, 23, 0), change(CS::MajorOutage))).await.unwrap();
    store.post_update(&a, third, update(at(3, 1, 0), change(CS::Operational))).await.unwrap();
    assert_eq!((day_of(&store, api, d(2)).await.major, day_of(&store, api, d(3)).await.major), (60 * MIN, 60 * MIN));

    // Deleting an update leaves the status changes it made, and the days with them.
    let before = rows(&store).await;
    store.delete_update(&a, ended).await.unwrap();
    assert_eq!(rows(&store).await, before);

    // Live changes: the span they close is counted today.
    store.set_component_status(&a, api, CS::DegradedPerformance).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    store.set_component_status(&a, api, CS::Operational).await.unwrap();
    let today = app::time::local_date(Utc::now(), berlin());
    let degraded = day_of(&store, api, today).await.degraded;
    assert!(degraded >= 20 && degraded < Duration::minutes(1).num_milliseconds(), "{degraded}");

    // Whatever the writes, the rollups are what a count of the whole history gives.
    let kept = rows(&store).await;
    assert_eq!(recounted(&store, berlin()).await, kept);

    // Counted again in another zone: the night's two hours fall on May 2 in UTC.
    assert!(store.keep_uptime_in(Tz::UTC).await.unwrap());
    assert_eq!((day_of(&store, api, d(2)).await.major, day_of(&store, api, d(3)).await.major), (120 * MIN, 0));
    // And the writes after it count in the new zone.
    let fourth = store.create_incident(&a, incident("Late", at(4, 23, 30), change(CS::MajorOutage))).await.unwrap();
    store.post_update(&a, fourth, update(at(5, 0, 30), change(CS::Operational))).await.unwrap();
    assert_eq!(day_of(&store, api, d(4)).await.major, 60 * MIN, "23:30 to 00:30 in Berlin is 21:30 to 22:30 UTC");
    let kept = rows(&store).await;
    assert_eq!(recounted(&store, Tz::UTC).await, kept);
}
store_test!(every_write_keeps_the_rollups_right, every_write_keeps_the_rollups);

async fn an_import_keeps_the_rollups(store: Store) {
    let a = Actor::System;
    store.keep_uptime_in(Tz::UTC).await.unwrap();
    let time = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    let component = SpComponent {
        id: "c1".into(),
        name: "Login".into(),
        description: None,
        position: 1,
        status: CS::Operational,
        group: None,
        only_show_if_degraded: false,
        show_uptime: true,
        created_at: Some(time("2024-01-01T00:00:00Z")),
    };
    let step = |id: &str, status, old_status, new_status, at: &str| SpUpdate {
        id: id.into(),
        status,
        body: "b".into(),
        display_at: time(at),
        created_at: time(at),
        updated_at: time(at),
        notify: false,
        changes: vec![SpChange { component: "c1".into(), old_status, new_status }],
    };
    let outage = SpIncident {
        id: "i1".into(),
        title: "Login down".into(),
        impact: Impact::Critical,
        created_at: time("2024-05-01T10:00:00Z"),
        updated_at: time("2024-05-01T12:00:00Z"),
        started_at: time("2024-05-01T10:00:00Z"),
        resolved_at: Some(time("2024-05-01T12:00:00Z")),
        status: IS::Resolved,
        components: vec!["c1".into()],
        updates: vec![
            step("u1", IS::Investigating, CS::Operational, CS::MajorOutage, "2024-05-01T10:00:00Z"),
            step("u2", IS::Resolved, CS::MajorOutage, CS::Operational, "2024-05-01T12:00:00Z"),
        ],
        postmortem: None,
    };
    let page = StatuspageImport {
        source: "test".into(),
        components: vec![component],
        incidents: vec![outage],
        ..StatuspageImport::default()
    };
    store.import_statuspage(&a, &page).await.unwrap();
    let id = store.list_components().await.unwrap()[0].id;
    assert_eq!(day_of(&store, id, d(1)).await.major, 120 * MIN);
    let tracked = &store.showcased_uptime(d(1), d(1)).await.unwrap()[&id];
    assert_eq!(tracked.tracked_since, time("2024-01-01T00:00:00Z"), "operational since Statuspage created it");
    let kept = rows(&store).await;
    assert_eq!(recounted(&store, Tz::UTC).await, kept);
}
store_test!(an_import_keeps_the_rollups_right, an_import_keeps_the_rollups);

async fn the_days_name_the_incidents_open_on_them(store: Store) {
    let a = Actor::System;
    let api = store.create_component(&a, NewComponent::named("API")).await.unwrap();
    let db = store.create_component(&a, NewComponent::named("Database")).await.unwrap();
    let on =
        |ids: &[i64]| ids.iter().map(|&component_id| StatusChange { component_id, status: CS::MajorOutage }).collect();
    let outage = async |title: &str, start: u32, end: Option<u32>, ids: &[i64]| {
        let id = store.create_incident(&a, incident(title, at(start, 12, 0), on(ids))).await.unwrap();
        if let Some(end) = end {
            store.post_update(&a, id, update(at(end, 12, 0), Vec::new())).await.unwrap();
        }
    };
    // The days are May 10 to 19: one incident ended before them, one began after them, and
    // one of each kind of open on them (began before and ended on them, began before and is
    // still open, began on them).
    outage("Before", 1, Some(2), &[api]).await;
    outage("Into", 5, Some(12), &[api]).await;
    outage("Open", 6, None, &[api]).await;
    outage("Within", 15, Some(16), &[api, db]).await;
    outage("After", 25, Some(26), &[api]).await;
    let (from, to) = (at(10, 0, 0), at(20, 0, 0));
    let named = |rows: Vec<DayIncident>| rows.into_iter().map(|i| (i.title, i.component_id)).collect::<Vec<_>>();
    let all = store.incidents_open_between(from, to, None).await.unwrap();
    let expected = [("Into", api), ("Open", api), ("Within", api), ("Within", db)];
    assert_eq!(named(all), expected.map(|(t, c)| (t.to_string(), c)), "oldest first");
    let of_db = store.incidents_open_between(from, to, Some(db)).await.unwrap();
    assert_eq!(named(of_db), vec![("Within".to_string(), db)]);
    // Past the limit, the newest are kept (still oldest first).
    let newest = store.newest_open_between(from, to, None, 3).await.unwrap();
    assert_eq!(named(newest), expected[1..].iter().map(|&(t, c)| (t.to_string(), c)).collect::<Vec<_>>());
}
store_test!(the_days_name_the_incidents_open_on_them_right, the_days_name_the_incidents_open_on_them);

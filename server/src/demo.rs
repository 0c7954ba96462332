//! Sample data (`beacon serve --demo`): a page that shows what Beacon does, loaded only into an
//! empty database.

use crate::store::{
    Actor, NewComponent, NewGroup, NewIncident, NewMaintenance, NewUpdate, StatusChange, Store, StoreError,
};
use app::domain::{ComponentStatus as CS, Impact, IncidentStatus as IS};
use chrono::{DateTime, Duration, DurationRound, Utc};

/// Loads the sample page unless the database already holds one; returns whether it did.
pub async fn load_if_empty(store: &Store, now: DateTime<Utc>) -> Result<bool, StoreError> {
    if !store.is_empty().await? {
        tracing::info!("--demo: the database already has content, leaving it as it is");
        return Ok(false);
    }
    load(store, now).await?;
    tracing::info!("--demo: loaded the sample status page");
    Ok(true)
}

struct Ids {
    rest: i64,
    oauth: i64,
    webhooks: i64,
    dashboard: i64,
    pipeline: i64,
    exports: i64,
}

async fn load(store: &Store, now: DateTime<Utc>) -> Result<(), StoreError> {
    let now = now.duration_trunc(Duration::minutes(1)).unwrap_or(now);
    let a = Actor::System;
    let group = |name: &str, description: &str, position| NewGroup {
        name: name.into(),
        description: Some(description.into()),
        position,
    };
    let apis = store.create_group(&a, group("Developer APIs", "The APIs our customers build on", 0)).await?;
    let data = store.create_group(&a, group("Data Platform", "Ingestion and exports", 2)).await?;
    let component = |name: &str, group_id, position, description: &str| NewComponent {
        group_id,
        position,
        description: Some(description.into()),
        ..NewComponent::named(name)
    };
    // In service for months, so that the 90-day uptime bars have data from their first day;
    // the incidents below are what they show.
    let since = (now - Duration::days(120)).duration_trunc(Duration::days(1)).unwrap_or(now);
    let ids = Ids {
        rest: store.create_component_since(&a, component("REST API", Some(apis), 0, "api.example.com"), since).await?,
        oauth: store
            .create_component_since(&a, component("OAuth 2.0", Some(apis), 1, "Sign-in for third-party apps"), since)
            .await?,
        webhooks: store
            .create_component_since(
                &a,
                component("Webhooks", Some(apis), 2, "Event deliveries to your endpoints"),
                since,
            )
            .await?,
        dashboard: store.create_component_since(&a, component("Dashboard", None, 1, "app.example.com"), since).await?,
        pipeline: store
            .create_component_since(
                &a,
                component("Data Pipeline", Some(data), 0, "Event ingestion and processing"),
                since,
            )
            .await?,
        exports: store
            .create_component_since(&a, component("Exports", Some(data), 1, "Scheduled CSV and Parquet exports"), since)
            .await?,
    };
    past_incidents(store, &ids, now).await?;
    active_incident(store, &ids, now).await?;
    let start = (now + Duration::days(3)).duration_trunc(Duration::hours(1)).unwrap_or(now);
    store
        .create_maintenance(
            &a,
            NewMaintenance {
                notify: false,
                title: "Database upgrade for the data platform".into(),
                body: "We are upgrading the primary database of the data platform to a new major version. \
                       Ingestion will pause for up to **20 minutes** during the window; events sent meanwhile \
                       are queued and processed afterwards. Exports scheduled in the window run after it."
                    .into(),
                scheduled_for: start,
                scheduled_until: start + Duration::hours(2),
                auto_start: true,
                auto_complete: true,
                components: vec![ids.pipeline, ids.exports],
            },
        )
        .await?;
    Ok(())
}

fn change(component_id: i64, status: CS) -> StatusChange {
    StatusChange { component_id, status }
}

/// Opens an incident at `start` and posts the following updates, `(minutes after start, …)`.
async fn incident(
    store: &Store,
    start: DateTime<Utc>,
    title: &str,
    impact: Impact,
    first: (IS, &str, Vec<StatusChange>),
    updates: Vec<(i64, IS, &str, Vec<StatusChange>)>,
) -> Result<i64, StoreError> {
    let a = Actor::System;
    let new = NewIncident {
        notify: false,
        title: title.into(),
        impact,
        status: first.0,
        body: first.1.into(),
        started_at: Some(start),
        display_at: Some(start),
        changes: first.2,
    };
    let id = store.create_incident(&a, new).await?;
    for (minutes, status, body, changes) in updates {
        let update = NewUpdate {
            notify: false,
            status,
            body: body.into(),
            display_at: Some(start + Duration::minutes(minutes)),
            changes,
            expected_version: None,
        };
        store.post_update(&a, id, update).await?;
    }
    Ok(id)
}

async fn active_incident(store: &Store, ids: &Ids, now: DateTime<Utc>) -> Result<(), StoreError> {
    incident(
        store,
        now - Duration::minutes(185),
        "Delayed webhook deliveries",
        Impact::Major,
        (
            IS::Investigating,
            "We are investigating reports of webhook deliveries arriving **up to 30 minutes late**. \
             API requests are not affected.",
            vec![change(ids.webhooks, CS::PartialOutage)],
        ),
        vec![
            (
                45,
                IS::Identified,
                "The delay comes from a backlog in our delivery queue after one broker node failed. \
                 We are adding capacity and replaying the backlog in order.",
                vec![change(ids.rest, CS::DegradedPerformance)],
            ),
            (
                95,
                IS::Monitoring,
                "New capacity is in place and the backlog is draining; deliveries are back under a minute \
                 for most endpoints. We are monitoring.",
                vec![change(ids.webhooks, CS::DegradedPerformance), change(ids.rest, CS::Operational)],
            ),
            (
                145,
                IS::Identified,
                "Latency rose again as the replay reached endpoints in the EU region. We found the cause — \
                 consumers were unevenly spread across partitions — and are rebalancing them now.\n\n\
                 - Deliveries are delayed by **5–10 minutes**\n- No events have been lost",
                vec![change(ids.webhooks, CS::PartialOutage)],
            ),
        ],
    )
    .await?;
    Ok(())
}

async fn past_incidents(store: &Store, ids: &Ids, now: DateTime<Utc>) -> Result<(), StoreError> {
    let day = |d: i64, h: i64, m: i64| {
        (now - Duration::days(d)).duration_trunc(Duration::days(1)).unwrap_or(now)
            + Duration::hours(h)
            + Duration::minutes(m)
    };
    incident(
        store,
        day(19, 9, 12),
        "Scheduled exports failed to run",
        Impact::Minor,
        (
            IS::Investigating,
            "Exports scheduled after 09:00 UTC did not run. We are looking into it.",
            vec![change(ids.exports, CS::MajorOutage)],
        ),
        vec![
            (
                25,
                IS::Identified,
                "An expired storage credential stopped the export workers. It has been rotated.",
                vec![],
            ),
            (
                70,
                IS::Resolved,
                "All missed exports have been run and delivered.",
                vec![change(ids.exports, CS::Operational)],
            ),
        ],
    )
    .await?;
    incident(
        store,
        day(11, 14, 3),
        "Processing delays in the data pipeline",
        Impact::Minor,
        (
            IS::Investigating,
            "Events are taking longer than usual to appear in reports.",
            vec![change(ids.pipeline, CS::DegradedPerformance)],
        ),
        vec![
            (
                30,
                IS::Investigating,
                "We are still investigating. Ingestion is healthy; processing is about 15 minutes behind.",
                vec![],
            ),
            (80, IS::Monitoring, "A stuck partition was reassigned and the delay is shrinking.", vec![]),
            (140, IS::Resolved, "Processing has caught up.", vec![change(ids.pipeline, CS::Operational)]),
        ],
    )
    .await?;
    incident(
        store,
        day(4, 7, 41),
        "Dashboard sign-in failures",
        Impact::Major,
        (
            IS::Investigating,
            "Some users cannot sign in to the dashboard and see *Something went wrong*.",
            vec![change(ids.dashboard, CS::PartialOutage), change(ids.oauth, CS::DegradedPerformance)],
        ),
        vec![
            (
                18,
                IS::Identified,
                "A configuration change to our session service is the cause; we are rolling it back.",
                vec![],
            ),
            (
                34,
                IS::Resolved,
                "The rollback is complete and sign-ins work again.",
                vec![change(ids.dashboard, CS::Operational), change(ids.oauth, CS::Operational)],
            ),
        ],
    )
    .await?;
    let elevated = incident(
        store,
        day(2, 16, 20),
        "Elevated API error rates",
        Impact::Minor,
        (
            IS::Investigating,
            "We are seeing an increase in `502` responses from the REST API.",
            vec![change(ids.rest, CS::PartialOutage)],
        ),
        vec![
            (22, IS::Identified, "One load balancer pool lost its health checks after a certificate renewal.", vec![]),
            (
                41,
                IS::Monitoring,
                "Health checks are restored and error rates are back to normal. We are monitoring.",
                vec![change(ids.rest, CS::DegradedPerformance)],
            ),
            (101, IS::Resolved, "This incident has been resolved.", vec![change(ids.rest, CS::Operational)]),
        ],
    )
    .await?;
    store.save_postmortem(&Actor::System, elevated, POSTMORTEM, Some(true), None).await?;
    Ok(())
}

const POSTMORTEM: &str = "## Summary

For 101 minutes, up to 8% of REST API requests failed with `502 Bad Gateway`.

## What happened

An automated certificate renewal replaced the certificate used by the health checks of one load
balancer pool. The checks began to fail, the pool was marked unhealthy, and traffic shifted to the
remaining pools, which shed load once they reached their limits.

| Time (UTC) | Event |
|---|---|
| 16:20 | Error rate alert fires |
| 16:42 | Cause identified |
| 17:01 | Health checks restored |
| 18:01 | Incident resolved |

## What we are changing

1. Health checks now verify the certificate chain we deploy, not a copy of it.
2. Certificate renewals roll out to one pool at a time.
3. The error rate alert now pages at 2% instead of 5%.
";

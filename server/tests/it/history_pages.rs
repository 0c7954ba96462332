//! `/history` over HTTP, parsed as HTML: maintenance listed with incidents in one order and marked
//! as such, pages that neither skip nor repeat an entry at equal times of both kinds, old and bad
//! links, and the history of one component with its plain filter form.

use crate::common::{app, attrs, count, get, texts};
use app::domain::{ComponentStatus, Impact, IncidentStatus, MaintenanceStatus};
use axum::http::StatusCode;
use axum::Router;
use chrono::{DateTime, Duration, TimeZone, Utc};
use server::store::{Actor, NewComponent, NewGroup, NewIncident, NewMaintenance, StatusChange, Store};

fn at(month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, month, day, 12, 0, 0).unwrap()
}

async fn incident(store: &Store, title: &str, started: DateTime<Utc>, components: &[i64]) -> i64 {
    let new = NewIncident {
        notify: false,
        title: title.into(),
        impact: Impact::Major,
        status: IncidentStatus::Resolved,
        body: "Resolved.".into(),
        started_at: Some(started),
        display_at: None,
        changes: components
            .iter()
            .map(|c| StatusChange { component_id: *c, status: ComponentStatus::Operational })
            .collect(),
    };
    store.create_incident(&Actor::System, new).await.unwrap()
}

async fn window(store: &Store, title: &str, from: DateTime<Utc>, components: &[i64]) -> i64 {
    let new = NewMaintenance {
        notify: false,
        title: title.into(),
        body: "Planned.".into(),
        scheduled_for: from,
        scheduled_until: from + Duration::hours(2),
        auto_start: false,
        auto_complete: false,
        components: components.to_vec(),
    };
    store.create_maintenance(&Actor::System, new).await.unwrap()
}

/// The entries' links of every page from `first`, following `rel=next`; and the older links.
async fn walk(app: &Router, first: &str) -> (Vec<String>, Vec<String>) {
    let (mut entries, mut pages) = (Vec::new(), Vec::new());
    let mut next = Some(first.to_string());
    while let Some(path) = next.take() {
        let page = get(app, &path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let html = page.html();
        entries.extend(attrs(&html, ".history-item__title", "href"));
        next = attrs(&html, "a[rel=next]", "href").pop();
        pages.extend(next.clone());
        assert!(pages.len() < 20, "the pages do not end: {pages:?}");
    }
    (entries, pages)
}

#[tokio::test]
async fn maintenance_is_listed_with_incidents_by_month_and_marked_as_such() {
    let (app, store) = app("UTC", false).await;
    let outage = incident(&store, "Outage", at(3, 10), &[]).await;
    let upgrade = window(&store, "Upgrade", at(3, 10), &[]).await;
    store
        .post_maintenance_update(&Actor::System, upgrade, MaintenanceStatus::Completed, "Done.", None, false)
        .await
        .unwrap();
    let network = window(&store, "Network work", at(2, 20), &[]).await;
    let older = incident(&store, "Older outage", at(2, 5), &[]).await;

    let html = get(&app, "/history").await.html();
    assert_eq!(texts(&html, "h1"), ["Incident history"]);
    assert_eq!(texts(&html, ".month h2"), ["March 2024", "February 2024"]);
    assert_eq!(
        texts(&html, ".history-item__title"),
        ["Outage", "Upgrade", "Network work", "Older outage"],
        "newest first; at one time the incident, then the maintenance"
    );
    assert_eq!(
        attrs(&html, ".history-item__title", "href"),
        [
            format!("/incidents/{outage}"),
            format!("/maintenance/{upgrade}"),
            format!("/maintenance/{network}"),
            format!("/incidents/{older}")
        ]
    );
    assert_eq!(texts(&html, ".history-item--maintenance .kind"), ["Maintenance", "Maintenance"]);
    assert_eq!(texts(&html, ".history-item--maintenance .state"), ["Completed", "Scheduled"]);
    assert_eq!(
        attrs(&html, ".history-item--maintenance time", "datetime"),
        ["2024-03-10T12:00:00Z", "2024-03-10T14:00:00Z", "2024-02-20T12:00:00Z", "2024-02-20T14:00:00Z"],
        "each window's start and end"
    );
    assert_eq!(count(&html, ".history-item:not(.history-item--maintenance) .kind"), 0);
    assert_eq!(texts(&html, ".history-item:not(.history-item--maintenance) .impact"), ["Major impact", "Major impact"]);
}

#[tokio::test]
async fn pages_never_skip_or_repeat_an_entry_at_equal_times_of_both_kinds() {
    let (app, store) = app("UTC", false).await;
    let same = at(6, 1);
    let mut incidents = Vec::new();
    let mut windows = Vec::new();
    for i in 0..30 {
        incidents.push(incident(&store, &format!("Incident {i}"), same, &[]).await);
        windows.push(window(&store, &format!("Window {i}"), same, &[]).await);
    }
    let newest = incident(&store, "Newest", same + Duration::days(1), &[]).await;
    let oldest = window(&store, "Oldest", same - Duration::days(1), &[]).await;
    let mut expected = vec![format!("/incidents/{newest}")];
    expected.extend(incidents.iter().rev().map(|id| format!("/incidents/{id}")));
    expected.extend(windows.iter().rev().map(|id| format!("/maintenance/{id}")));
    expected.push(format!("/maintenance/{oldest}"));

    let (entries, pages) = walk(&app, "/history").await;
    assert_eq!(entries, expected, "every entry once, in order, across 25-entry pages");
    assert_eq!(pages.len(), 2);
    let t = same.timestamp_millis();
    assert_eq!(pages[0], format!("/history/after/{t}.{}", incidents[6]), "the first page ends on an incident");
    assert_eq!(pages[1], format!("/history/after/{t}.m{}", windows[11]), "the second on a maintenance");

    // A link from when the history listed incidents alone goes on from the same incident.
    let old = get(&app, &format!("/history?after={t}.{}", incidents[6])).await;
    assert_eq!(old.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(old.location(), pages[0]);
    for bad in [
        "/history/after/1.m",
        "/history/after/1.mx",
        "/history/after/x.m1",
        "/history/after/1.m-",
        "/history/after/1.2.3",
        "/history?after=1.m",
        "/history/components/1/after/zzz",
    ] {
        let page = get(&app, bad).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(texts(&page.html(), "h1"), ["Bad request"], "{bad}");
    }
}

#[tokio::test]
async fn the_history_of_one_component_and_its_filter_form() {
    let (app, store) = app("UTC", false).await;
    let a = Actor::System;
    let apis = store
        .create_group(&a, NewGroup { name: "Developer APIs".into(), description: None, position: 0 })
        .await
        .unwrap();
    let in_group = |name: &str, position| NewComponent { group_id: Some(apis), position, ..NewComponent::named(name) };
    let rest = store.create_component(&a, in_group("REST API", 0)).await.unwrap();
    let hooks = store.create_component(&a, in_group("Webhooks", 1)).await.unwrap();
    let dashboard = store.create_component(&a, NewComponent { position: 1, ..NewComponent::named("Dashboard") }).await;
    let dashboard = dashboard.unwrap();
    let hidden = NewComponent { visible: false, position: 2, ..NewComponent::named("Internal") };
    let hidden = store.create_component(&a, hidden).await.unwrap();
    incident(&store, "REST errors", at(3, 10), &[rest]).await;
    incident(&store, "Everything down", at(3, 1), &[rest, hooks, hidden]).await;
    window(&store, "REST upgrade", at(3, 5), &[rest]).await;
    window(&store, "Internal upgrade", at(3, 6), &[hidden]).await;
    for i in 0..26 {
        incident(&store, &format!("Hook delay {i}"), at(1, 1), &[hooks]).await;
    }

    let page = get(&app, &format!("/history/components/{rest}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    assert_eq!(texts(&html, "h1"), ["History of REST API"]);
    assert_eq!(texts(&html, "title"), ["History of REST API · Example Status"]);
    assert_eq!(texts(&html, ".history-item__title"), ["REST errors", "REST upgrade", "Everything down"]);
    // The form: every visible component, grouped as on the page, this one chosen.
    assert_eq!(count(&html, "form.history-filter[method=get][action='/history']"), 1);
    assert_eq!(count(&html, "label[for=history-component] + select#history-component[name=component]"), 1);
    assert_eq!(texts(&html, "select option"), ["All components", "REST API", "Webhooks", "Dashboard"]);
    assert_eq!(attrs(&html, "select optgroup", "label"), ["Developer APIs"]);
    assert_eq!(texts(&html, "optgroup option"), ["REST API", "Webhooks"]);
    assert_eq!(attrs(&html, "option[selected]", "value"), [rest.to_string()]);
    let html = get(&app, "/history").await.html();
    assert_eq!(attrs(&html, "option[selected]", "value"), [""], "the whole page: all components");
    assert_eq!(
        texts(&html, ".history-item__title").iter().filter(|t| t.contains("upgrade")).collect::<Vec<_>>(),
        ["Internal upgrade", "REST upgrade"],
        "the whole page's history has everything"
    );

    // The form's answer leads to the component's own address; "all" to the whole page's.
    for (query, to) in [
        (format!("component={rest}"), format!("/history/components/{rest}")),
        ("component=".to_string(), "/history".to_string()),
        (format!("component={rest}&after=5.m3"), format!("/history/components/{rest}/after/5.m3")),
    ] {
        let answer = get(&app, &format!("/history?{query}")).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{query}");
        assert_eq!(answer.location(), to, "{query}");
    }

    // A component's history has pages of its own.
    let (entries, pages) = walk(&app, &format!("/history/components/{hooks}")).await;
    assert_eq!(entries.len(), 27, "26 delays and the outage: {entries:?}");
    assert_eq!(pages.len(), 1);
    assert!(pages[0].starts_with(&format!("/history/components/{hooks}/after/")), "{pages:?}");
    let html = get(&app, &pages[0]).await.html();
    assert_eq!(texts(&html, ".history-item__title"), ["Hook delay 1", "Hook delay 0"]);
    assert_eq!(attrs(&html, ".pager a", "href"), [format!("/history/components/{hooks}")], "back to its first page");

    let html = get(&app, &format!("/history/components/{dashboard}")).await.html();
    assert_eq!(texts(&html, ".quiet"), ["No incidents or maintenance reported for Dashboard."]);

    // A hidden or unknown component has no history page.
    for path in [
        format!("/history/components/{hidden}"),
        format!("/history/components/{hidden}/after/5.3"),
        "/history/components/999999".to_string(),
        "/history/components/abc".to_string(),
        "/history/components/99999999999999999999".to_string(),
        "/history?component=abc".to_string(),
    ] {
        let page = get(&app, &path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(texts(&page.html(), "h1"), ["Page not found"], "{path}");
    }
}

//! `/maintenance/{id}` over HTTP, parsed as HTML: every window has a page (scheduled, in progress,
//! completed) with its times in the page's zone, its trail newest first and its components; it
//! comes from the public cache; `/` links to it; an unknown id is the site's 404 page.

use crate::common::{app_and_state_with, attrs, count, fetch, get, texts};
use app::domain::MaintenanceStatus;
use axum::http::StatusCode;
use chrono::{TimeZone, Utc};
use server::store::{Actor, NewComponent, NewGroup, NewMaintenance};

#[tokio::test]
async fn a_window_has_a_page_through_every_status() {
    let (app, state) = app_and_state_with(&["--timezone", "America/Los_Angeles"], false).await;
    let store = state.store.clone();
    let a = Actor::System;
    let apis = store
        .create_group(&a, NewGroup { name: "Developer APIs".into(), description: None, position: 0 })
        .await
        .unwrap();
    let rest = store
        .create_component(&a, NewComponent { group_id: Some(apis), ..NewComponent::named("REST API") })
        .await
        .unwrap();
    let db = store.create_component(&a, NewComponent { position: 1, ..NewComponent::named("Database") }).await.unwrap();
    let (from, until) =
        (Utc.with_ymd_and_hms(2030, 7, 1, 16, 0, 0).unwrap(), Utc.with_ymd_and_hms(2030, 7, 1, 18, 30, 0).unwrap());
    let new = NewMaintenance {
        notify: false,
        title: "Database upgrade <b>v17</b>".into(),
        body: "We upgrade the **primary**.\n\n<script>alert(1)</script>".into(),
        scheduled_for: from,
        scheduled_until: until,
        auto_start: false,
        auto_complete: false,
        components: vec![db, rest],
    };
    let id = store.create_maintenance(&a, new).await.unwrap();
    let path = format!("/maintenance/{id}");

    let page = get(&app, &path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.content_type, "text/html; charset=utf-8");
    let html = page.html();
    assert_eq!(texts(&html, "h1"), ["Database upgrade <b>v17</b>"], "the title as text");
    assert_eq!(texts(&html, "title"), ["Database upgrade <b>v17</b> · Example Status"]);
    assert_eq!(texts(&html, ".incident-meta .kind"), ["Maintenance"]);
    assert_eq!(texts(&html, ".incident-meta .state"), ["Scheduled"]);
    let window = attrs(&html, ".incident-meta__times time", "datetime");
    assert_eq!(window, ["2030-07-01T16:00:00Z", "2030-07-01T18:30:00Z"]);
    assert_eq!(
        texts(&html, ".incident-meta__times"),
        ["Window Jul 01, 2030 - 09:00 PDT – Jul 01, 2030 - 11:30 PDT"],
        "in the page's zone, with its name"
    );
    assert_eq!(texts(&html, ".update__label"), ["Scheduled"]);
    assert_eq!(count(&html, ".update .md strong"), 1, "Markdown is rendered");
    assert_eq!(count(&html, "main script"), 0, "and made inert");
    assert_eq!(texts(&html, ".maintenance__components"), ["Components: REST API and Database."]);

    // The page is cached: a second request renders nothing.
    let renders = state.cache.renders();
    assert_eq!(fetch(&app, &path).await.status, StatusCode::OK);
    assert_eq!(state.cache.renders(), renders);

    let at = |m: u32| Some(Utc.with_ymd_and_hms(2030, 7, 1, 16, m, 0).unwrap());
    let post = |status, body: &'static str, shown| {
        let store = store.clone();
        async move { store.post_maintenance_update(&Actor::System, id, status, body, shown, false).await.unwrap() }
    };
    post(MaintenanceStatus::InProgress, "Started.", at(1)).await;
    let html = get(&app, &path).await.html();
    assert_eq!(texts(&html, ".incident-meta .state"), ["In Progress"], "a change is seen at once");
    post(MaintenanceStatus::InProgress, "Half way.", at(30)).await;
    post(MaintenanceStatus::Completed, "Done.", Some(until)).await;

    let html = get(&app, &path).await.html();
    assert_eq!(texts(&html, ".incident-meta .state"), ["Completed"]);
    assert_eq!(texts(&html, ".update__label"), ["Completed", "Update", "In Progress", "Scheduled"], "newest first");
    let times = attrs(&html, ".update__time time", "datetime");
    assert_eq!(&times[..3], ["2030-07-01T18:30:00Z", "2030-07-01T16:30:00Z", "2030-07-01T16:01:00Z"]);
    let shown = texts(&html, ".update__time");
    assert!(shown[..3].iter().all(|t| t.ends_with(" PDT")), "in the page's zone: {shown:?}");
    let meta = texts(&html, ".incident-meta__times").join(" ");
    assert!(meta.ends_with("· Completed Jul 01, 2030 - 11:30 PDT"), "{meta}");
}

#[tokio::test]
async fn the_home_page_links_each_window_to_its_page() {
    let (app, state) = app_and_state_with(&[], true).await;
    let html = get(&app, "/").await.html();
    let links = attrs(&html, "#maintenance ~ article .incident__title a", "href");
    let current = state.store.current_maintenance().await.unwrap();
    assert_eq!(links, current.iter().map(|m| format!("/maintenance/{}", m.id)).collect::<Vec<_>>());
    assert_eq!(texts(&html, "#maintenance ~ article .incident__title a"), ["Database upgrade for the data platform"]);
    assert_eq!(get(&app, &links[0]).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_unknown_window_is_the_sites_404_page() {
    let (app, _) = app_and_state_with(&[], true).await;
    for path in [
        "/maintenance/999999",
        "/maintenance/abc",
        "/maintenance/-1",
        "/maintenance/99999999999999999999",
        "/maintenance/1.5",
    ] {
        let page = get(&app, path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(page.content_type.starts_with("text/html"), "{path}");
        assert_eq!(texts(&page.html(), "h1"), ["Page not found"], "{path}");
    }
}

//! Status badges: SVG with the status in words and colour, cacheable, names escaped.

use crate::common;
use crate::common::{app, fetch, send_raw};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use server::store::{Actor, NewComponent};

#[tokio::test]
async fn the_overall_badge_says_what_the_banner_says() {
    let (app, _) = app("UTC", true).await;
    let reply = fetch(&app, "/badge.svg").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), "image/svg+xml");
    assert!(reply.header("cache-control").contains("max-age="));
    let svg = reply.text();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{svg}");
    assert!(svg.contains("<title>status: Partial System Outage</title>"), "{svg}");
    assert!(svg.contains("fill=\"#d9531e\""), "the outage colour: {svg}");

    let etag = reply.header("etag").to_string();
    let again =
        send_raw(&app, Request::get("/badge.svg").header("if-none-match", &etag).body(Body::empty()).unwrap()).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);

    let (empty, _) = common::app("UTC", false).await;
    let svg = fetch(&empty, "/badge.svg").await.text();
    assert!(svg.contains("status: All Systems Operational"), "{svg}");
    assert!(svg.contains("fill=\"#2e8540\""), "{svg}");
}

#[tokio::test]
async fn a_component_badge_names_it_escaped_with_its_status() {
    let (app, store) = app("UTC", false).await;
    let id = store
        .create_component(
            &Actor::System,
            NewComponent {
                status: app::domain::ComponentStatus::DegradedPerformance,
                ..NewComponent::named("R&D <API>")
            },
        )
        .await
        .unwrap();
    let reply = fetch(&app, &format!("/components/{id}/badge.svg")).await;
    assert_eq!(reply.status, StatusCode::OK);
    let svg = reply.text();
    assert!(svg.contains("<title>R&amp;D &lt;API&gt;: Degraded Performance</title>"), "{svg}");
    assert!(!svg.contains("<API>"));

    let hidden = store
        .create_component(&Actor::System, NewComponent { visible: false, ..NewComponent::named("Internal") })
        .await
        .unwrap();
    for path in [
        format!("/components/{hidden}/badge.svg"),
        "/components/424242/badge.svg".to_string(),
        "/components/x/badge.svg".to_string(),
    ] {
        assert_eq!(fetch(&app, &path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn a_group_badge_shows_the_worst_of_its_listed_members() {
    use app::domain::ComponentStatus::*;
    use server::store::NewGroup;
    let (app, store) = app("UTC", false).await;
    let group = store
        .create_group(&Actor::System, NewGroup { name: "Developer APIs".into(), description: None, position: 0 })
        .await
        .unwrap();
    for (name, status, visible) in
        [("REST", DegradedPerformance, true), ("OAuth", Operational, true), ("Internal", MajorOutage, false)]
    {
        let c = NewComponent { group_id: Some(group), status, visible, ..NewComponent::named(name) };
        store.create_component(&Actor::System, c).await.unwrap();
    }
    let reply = fetch(&app, &format!("/components/g{group}/badge.svg")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), "image/svg+xml");
    let svg = reply.text();
    // The hidden member's outage is not the page's to show.
    assert!(svg.contains("<title>Developer APIs: Degraded Performance</title>"), "{svg}");

    let empty = store
        .create_group(&Actor::System, NewGroup { name: "Nothing listed".into(), description: None, position: 1 })
        .await
        .unwrap();
    for path in [
        format!("/components/g{empty}/badge.svg"),
        "/components/g424242/badge.svg".into(),
        "/components/gx/badge.svg".into(),
    ] {
        assert_eq!(fetch(&app, &path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
}

//! The public cache over HTTP, in process: one render for a burst, a write seen by the next
//! request, compressed variants with their own tags, CDN headers, and the last good copy served
//! (marked stale) once the database is gone — while the console says the database is unavailable.

use crate::common::{add_user, app_and_state, call, fetch, get_as, send_raw, signed_in, Reply};
use app::domain::{ComponentStatus, Role};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use server::store::Actor;

const PASSWORD: &str = "correct horse battery";

async fn get_with(app: &axum::Router, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut req = Request::get(path);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    send_raw(app, req.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn a_burst_of_fifty_requests_renders_once() {
    let (app, state) = app_and_state(true).await;
    let before = state.cache.renders();
    let requests: Vec<_> = (0..50)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { fetch(&app, "/").await })
        })
        .collect();
    let mut bodies = std::collections::HashSet::new();
    for r in requests {
        let reply = r.await.unwrap();
        assert_eq!(reply.status, StatusCode::OK);
        bodies.insert(reply.body);
    }
    assert_eq!(bodies.len(), 1, "everyone got the same page");
    assert_eq!(state.cache.renders() - before, 1, "fifty concurrent requests, one render");

    // Parameters the page does not read do not make new entries.
    fetch(&app, "/?utm_source=x").await;
    fetch(&app, "/?a=1").await;
    assert_eq!(state.cache.renders() - before, 1);
}

#[tokio::test]
async fn a_write_is_seen_by_the_next_request_and_private_writes_render_nothing() {
    let (app, state) = app_and_state(true).await;
    let store = state.store.clone();
    assert!(!fetch(&app, "/").await.text().contains("Major System Outage"));
    let summary = fetch(&app, "/api/v2/summary.json").await.json();
    let dashboard = store.list_components().await.unwrap().into_iter().find(|c| c.name == "Dashboard").unwrap().id;

    let renders = state.cache.renders();
    add_user(&store, "ada@example.com", Role::Admin, PASSWORD).await;
    let cookie = signed_in(&app, "ada@example.com").await;
    fetch(&app, "/").await;
    assert_eq!(state.cache.renders(), renders, "an account and a sign-in change nothing public");

    let page =
        call(&app, "set_component_status", &format!("component_id={dashboard}&status=major_outage"), &cookie).await;
    assert!(page.status.is_success(), "{} {}", page.status, page.body);
    assert!(fetch(&app, "/").await.text().contains("Major System Outage"), "the next request sees the change");
    let after = fetch(&app, "/api/v2/summary.json").await.json();
    assert_ne!(summary["status"], after["status"]);
    assert!(fetch(&app, "/badge.svg").await.text().contains("Major System Outage"));

    // A direct store write (a background job's path) signals too.
    store.set_component_status(&Actor::System, dashboard, ComponentStatus::Operational).await.unwrap();
    assert!(!fetch(&app, "/").await.text().contains("Major System Outage"));
}

#[tokio::test]
async fn answers_come_compressed_with_a_tag_per_coding_and_cdn_headers() {
    let (app, _) = app_and_state(true).await;
    for path in ["/", "/history", "/history.atom", "/api/v2/summary.json", "/incidents/1"] {
        let mut tags = std::collections::HashSet::new();
        for (accept, coding) in [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("identity", "")] {
            let reply = get_with(&app, path, &[("accept-encoding", accept)]).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}");
            assert_eq!(reply.header("content-encoding"), coding, "{path} {accept}");
            assert_eq!(reply.header("vary"), "accept-encoding");
            let cache_control = reply.header("cache-control");
            for part in ["public", "max-age=0", "s-maxage=", "stale-while-revalidate=", "stale-if-error="] {
                assert!(cache_control.contains(part), "{path}: {cache_control}");
            }
            assert!(reply.headers.get("x-beacon-stale").is_none());
            let tag = reply.header("etag").to_string();
            let again = get_with(&app, path, &[("accept-encoding", accept), ("if-none-match", &tag)]).await;
            assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{path} {accept}");
            assert!(again.body.is_empty());
            tags.insert(tag);

            let head =
                send_raw(&app, Request::head(path).header("accept-encoding", accept).body(Body::empty()).unwrap())
                    .await;
            assert_eq!(head.status, StatusCode::OK);
            assert!(head.body.is_empty());
            assert_eq!(head.header("content-length"), reply.body.len().to_string(), "{path}: HEAD's length");
        }
        assert_eq!(tags.len(), 3, "{path}: a strong tag per coding");
    }
}

#[tokio::test]
async fn with_the_database_gone_public_pages_stay_up_and_the_console_says_why() {
    let (app, state) = app_and_state(true).await;
    add_user(&state.store, "ada@example.com", Role::Admin, PASSWORD).await;
    let cookie = signed_in(&app, "ada@example.com").await;
    let paths = ["/", "/history", "/history.atom", "/api/v2/summary.json", "/badge.svg", "/incidents/1"];
    let mut warm = Vec::new();
    for path in paths {
        warm.push(fetch(&app, path).await);
    }
    state.store.changes().bump();
    state.store.pool().close().await;

    for (path, before) in paths.iter().zip(&warm) {
        let reply = fetch(&app, path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(reply.header("x-beacon-stale"), "1", "{path}");
        assert_eq!(reply.body, before.body, "{path}: the last good copy");
        assert_eq!(reply.header("content-type"), before.header("content-type"));
    }
    assert!(state.cache.database_unavailable());
    let cold = fetch(&app, "/incidents/2").await;
    assert_eq!(cold.status, StatusCode::SERVICE_UNAVAILABLE, "nothing to fall back on");
    assert!(cold.text().contains("Temporarily unavailable"), "the site's error page");
    let api = fetch(&app, "/api/v2/components.json").await;
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(api.json()["error"]["code"], "unavailable");

    let console = get_as(&app, "/admin", &cookie).await;
    assert_eq!(console.status, StatusCode::SERVICE_UNAVAILABLE, "{}", console.body);
    assert!(console.content_type.starts_with("text/html"));
    assert!(console.body.contains("Database unavailable"), "{}", console.body);
    let function = call(&app, "set_component_status", "component_id=1&status=major_outage", &cookie).await;
    assert_eq!(function.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(function.body.contains("database is unavailable"), "{}", function.body);
}

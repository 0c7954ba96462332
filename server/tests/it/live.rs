//! The live page's parts: `/events` says "change" after every public write, and the small files
//! a public page loads come from memory, compressed, with tags.

use crate::common::{app_and_state, send_raw};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use server::store::{Actor, NewIncident};
use std::time::Duration;
use tower::ServiceExt;

/// The next whole event (up to a blank line) of an SSE body, skipping keep-alive comments.
async fn next_event(body: &mut Body, buffer: &mut String) -> String {
    loop {
        if let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            if event.lines().all(|l| l.starts_with(':')) {
                continue;
            }
            return event;
        }
        let frame = tokio::time::timeout(Duration::from_secs(5), body.frame()).await.expect("an event within 5 s");
        let frame = frame.expect("the stream is open").expect("a frame");
        if let Ok(data) = frame.into_data() {
            buffer.push_str(&String::from_utf8_lossy(&data));
        }
    }
}

#[tokio::test]
async fn events_announce_every_public_change() {
    let (app, state) = app_and_state(true).await;
    let response = app.oneshot(Request::get("/events").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(response.headers()["x-accel-buffering"], "no");
    let mut body = response.into_body();
    let mut buffer = String::new();
    let hello = next_event(&mut body, &mut buffer).await;
    assert!(hello.contains("event: hello") && hello.contains("retry:"), "{hello}");

    let new = NewIncident {
        notify: true,
        title: "Queue backlog".into(),
        impact: app::domain::Impact::Minor,
        status: app::domain::IncidentStatus::Investigating,
        body: "Looking.".into(),
        started_at: None,
        display_at: None,
        changes: vec![],
    };
    state.store.create_incident(&Actor::System, new).await.unwrap();
    let change = next_event(&mut body, &mut buffer).await;
    assert!(change.contains("event: change"), "{change}");
    // It says which change, and within how long pages should look: at once, with one page open.
    let data = change.lines().find_map(|l| l.strip_prefix("data: ")).expect("data");
    let data: serde_json::Value = serde_json::from_str(data).expect("JSON data");
    assert_eq!(data["generation"].as_u64(), Some(state.store.changes().current()), "{data}");
    assert_eq!(data["within_ms"], 0, "{data}");
    // Writes the public does not see (a session, say) say nothing.
    state.store.session_save("s1", b"{}", chrono::Utc::now() + chrono::Duration::hours(1)).await.unwrap();
    let quiet = tokio::time::timeout(Duration::from_millis(300), body.frame()).await;
    assert!(quiet.is_err(), "no event for a write the public cannot see");
    // At shutdown the stream ends, so that the server does not wait for it.
    state.closing.close();
    let end =
        tokio::time::timeout(Duration::from_secs(2), async { while let Some(Ok(_)) = body.frame().await {} }).await;
    assert!(end.is_ok(), "the stream ends at shutdown");
}

#[tokio::test]
async fn the_public_pages_small_files_come_compressed_with_tags() {
    let site = server::testing::temp_dir("site");
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    let css = "body { color: black; }\n".repeat(100);
    std::fs::write(site.join("pkg/beacon.css"), &css).unwrap();
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/../public/live.js"), site.join("live.js")).unwrap();
    // The console's bundle as a release build leaves it: with a gzip copy beside it.
    std::fs::write(site.join("pkg/beacon_bg.wasm"), b"\0asm plain").unwrap();
    std::fs::write(site.join("pkg/beacon_bg.wasm.gz"), b"gzipped bytes").unwrap();
    let store = server::testing::fresh_store(server::store::Engine::Sqlite).await.unwrap();
    let cli = <server::config::Cli as clap::Parser>::try_parse_from(["beacon", "serve"]).unwrap();
    let server::config::Command::Serve(args) = cli.command else { unreachable!() };
    let state = server::state::AppState::started(store, &args, &site).await.unwrap();
    assert!(state.site().live_script.starts_with("/live.js?v="));
    let app = server::http::router(state, &site);

    let get = |path: &str, encoding: &str| {
        Request::get(path).header("accept-encoding", encoding).body(Body::empty()).unwrap()
    };
    let plain = send_raw(&app, get("/pkg/beacon.css", "identity")).await;
    assert_eq!(plain.status, StatusCode::OK);
    assert_eq!(plain.text(), css);
    assert_eq!(plain.header("cache-control"), "public, max-age=31536000, immutable");
    let br = send_raw(&app, get("/pkg/beacon.css", "gzip, br")).await;
    assert_eq!(br.header("content-encoding"), "br");
    assert!(br.body.len() < css.len() / 10, "compressed: {} bytes", br.body.len());
    assert_ne!(br.header("etag"), plain.header("etag"));
    let again = Request::get("/pkg/beacon.css")
        .header("accept-encoding", "gzip, br")
        .header("if-none-match", br.header("etag"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(send_raw(&app, again).await.status, StatusCode::NOT_MODIFIED);

    let bundle = send_raw(&app, get("/pkg/beacon_bg.wasm", "gzip, br")).await;
    assert_eq!((bundle.header("content-encoding"), bundle.body.as_slice()), ("gzip", b"gzipped bytes".as_slice()));
    let bundle = send_raw(&app, get("/pkg/beacon_bg.wasm", "identity")).await;
    assert_eq!(bundle.body, b"\0asm plain");

    let script = send_raw(&app, get("/live.js", "gzip")).await;
    assert_eq!(script.status, StatusCode::OK);
    assert_eq!(script.header("content-type"), "text/javascript; charset=utf-8");
    assert!(script.body.len() < 2048, "the live script is small: {} bytes gzipped", script.body.len());
}

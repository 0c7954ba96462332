//! `/healthz` and `/readyz`: the first never asks the database; the second answers 503 with the
//! reason, within about a second, while the database does not answer.

use crate::common::{app, app_on_with, fetch};
use axum::http::StatusCode;
use server::store::Store;
use std::time::{Duration, Instant};

#[tokio::test]
async fn both_answer_200_with_a_working_database_and_are_never_stored() {
    let (app, _) = app("UTC", false).await;
    let health = fetch(&app, "/healthz").await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.text().trim(), "ok");
    let ready = fetch(&app, "/readyz").await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.json()["status"], "ready");
    for reply in [&health, &ready] {
        assert_eq!(reply.header("cache-control"), "no-store");
        assert_eq!(reply.header("x-beacon-stale"), "", "not from the public cache");
    }
}

/// A database server that accepts connections and never says a word.
async fn silent_database() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    format!("postgres://beacon@{addr}/beacon")
}

#[tokio::test]
async fn readyz_answers_503_within_a_second_while_the_database_does_not_answer() {
    // Nothing listens on port 1: refused at once. The silent one: only the timeout ends the wait.
    for url in ["postgres://beacon@127.0.0.1:1/beacon".to_string(), silent_database().await] {
        let store = Store::connect_lazy(&url).expect("a valid URL");
        let app = app_on_with(store, &[], false).await;
        let started = Instant::now();
        let ready = fetch(&app, "/readyz").await;
        let took = started.elapsed();
        assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE, "{url}");
        assert!(took < Duration::from_millis(1200), "{url}: took {took:?}");
        let body = ready.json();
        assert_eq!(body["error"]["code"], "unavailable", "{body}");
        assert!(body["error"]["message"].as_str().unwrap().contains("database"), "{body}");
        assert_eq!(ready.header("cache-control"), "no-store");
        let health = fetch(&app, "/healthz").await;
        assert_eq!(health.status, StatusCode::OK, "the process still answers");
    }
}

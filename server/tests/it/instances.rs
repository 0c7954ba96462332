//! Two `beacon serve` processes on one PostgreSQL database: a session started on one works on
//! the other (sessions live in the database), and a write anywhere reaches every instance's
//! public cache within a second (NOTIFY inside the write's transaction).

use crate::process::{add_admin, call, get, get_as, sign_in, site_root, start, within};
use server::store::{Actor, Engine, Store};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_started_on_one_instance_works_on_another() {
    let Some(url) = server::testing::fresh_database_url(Engine::Postgres).await else { return };
    let root = site_root();
    add_admin(&url, "ada@example.com");
    let first = start(&url, &root, &server::testing::temp_dir("data")).await;
    let second = start(&url, &root, &server::testing::temp_dir("data")).await;

    let cookie = sign_in(&first.addr, "ada@example.com").await;
    let reply = get_as(&second.addr, "/admin", &cookie).await;
    assert_eq!(reply.status, 200, "the other instance honours the session: {}", reply.head);
    assert!(reply.body.contains("Dashboard"));
    let reply = get(&second.addr, "/admin").await.unwrap();
    assert_eq!(reply.status, 303, "and still refuses a request without it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_on_one_instance_reaches_the_others_cache_within_a_second() {
    let Some(url) = server::testing::fresh_database_url(Engine::Postgres).await else { return };
    let store = Store::connect(&url).await.unwrap();
    server::demo::load_if_empty(&store, chrono::Utc::now()).await.unwrap();
    let dashboard = store.list_components().await.unwrap().into_iter().find(|c| c.name == "Dashboard").unwrap().id;
    let root = site_root();
    add_admin(&url, "ada@example.com");
    let a = start(&url, &root, &server::testing::temp_dir("data")).await;
    let b = start(&url, &root, &server::testing::temp_dir("data")).await;
    let indicator = |addr: String| async move {
        let reply = get(&addr, "/api/v2/summary.json").await.unwrap();
        let json: serde_json::Value = serde_json::from_str(&reply.body).expect("JSON");
        json["status"]["description"].as_str().unwrap_or_default().to_string()
    };
    // Warm B's cache: from now on it answers from memory.
    let before = indicator(b.addr.clone()).await;
    assert!(!get(&b.addr, "/").await.unwrap().body.contains("Major System Outage"));
    assert_ne!(before, "Major System Outage");

    // Through A's console.
    let cookie = sign_in(&a.addr, "ada@example.com").await;
    let form = format!("component_id={dashboard}&status=major_outage");
    let reply = call(&a.addr, "set_component_status", &form, &cookie).await;
    assert_eq!(reply.status, 200, "{} {}", reply.head, reply.body);
    let took = within(Duration::from_secs(1), "B's page shows A's write", || async {
        get(&b.addr, "/").await.unwrap().body.contains("Major System Outage")
    })
    .await;
    within(Duration::from_secs(1), "B's summary.json shows A's write", || async {
        indicator(b.addr.clone()).await == "Major System Outage"
    })
    .await;
    eprintln!("a console write on A was visible on B after {took:?}");

    // Straight into the database from elsewhere (a third process): only NOTIFY tells them.
    store.set_component_status(&Actor::System, dashboard, app::domain::ComponentStatus::Operational).await.unwrap();
    for server in [&a, &b] {
        let took = within(Duration::from_secs(1), "both pages show the write", || async {
            !get(&server.addr, "/").await.unwrap().body.contains("Major System Outage")
        })
        .await;
        within(Duration::from_secs(1), "both summaries show the write", || async {
            indicator(server.addr.clone()).await == before
        })
        .await;
        eprintln!("a write from another process was visible on {} after {took:?}", server.addr);
    }
}

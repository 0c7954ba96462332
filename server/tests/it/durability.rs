//! `kill -9` in the middle of concurrent writes, on SQLite and on PostgreSQL: every write that was
//! acknowledged is there after a restart.

use crate::process::{exchange, site_root, start};
use app::domain::Role;
use server::store::{Actor, Engine, NewToken, Store};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Writers at a time, each writing until the server is gone.
const WRITERS: usize = 100;
/// Acknowledged writes before the kill.
const KILL_AFTER: usize = 500;

async fn acknowledged_writes_survive(engine: Engine) {
    let Some(url) = server::testing::fresh_database_url(engine).await else { return };
    let store = Store::connect(&url).await.unwrap();
    let new = NewToken { name: "writer".into(), role: Role::Editor, expires_at: None };
    let token = store.create_token(&Actor::System, new).await.unwrap().1;
    let (root, data) = (site_root(), server::testing::temp_dir("data"));
    let mut beacon = start(&url, &root, &data).await;

    let acknowledged = Arc::new(Mutex::new(Vec::<(i64, String)>::new()));
    let (count, gone) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicBool::new(false)));
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let (addr, token, acknowledged, count, gone) =
                (beacon.addr.clone(), token.clone(), acknowledged.clone(), count.clone(), gone.clone());
            tokio::spawn(async move {
                for n in 0.. {
                    if gone.load(Ordering::SeqCst) {
                        return;
                    }
                    let title = format!("write {w}-{n}");
                    let body = serde_json::json!({ "name": title, "status": "investigating", "impact": "minor", "body": "x" });
                    let head = format!(
                        "POST /api/v1/incidents HTTP/1.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json"
                    );
                    let Ok(reply) = exchange(&addr, &head, &body.to_string()).await else { return };
                    if reply.status != 201 {
                        // The connection broke mid-answer, or the server is going.
                        assert!(gone.load(Ordering::SeqCst) || reply.status == 0, "{} {}", reply.head, reply.body);
                        return;
                    }
                    let id = serde_json::from_str::<serde_json::Value>(&reply.body).ok().and_then(|v| v["id"].as_i64());
                    acknowledged.lock().unwrap().push((id.expect("an id in the 201"), title));
                    count.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while count.load(Ordering::SeqCst) < KILL_AFTER {
        assert!(std::time::Instant::now() < deadline, "only {} writes in 60 s", count.load(Ordering::SeqCst));
        assert!(!writers.iter().all(|w| w.is_finished()), "every writer stopped");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    beacon.kill();
    gone.store(true, Ordering::SeqCst);
    for w in writers {
        let _ = w.await;
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= KILL_AFTER);

    // Started again on the same database: every acknowledged write is there, whole.
    drop(beacon);
    let _beacon = start(&url, &root, &data).await;
    let reopened = Store::connect(&url).await.unwrap();
    let mut missing = Vec::new();
    for (id, title) in &acknowledged {
        match reopened.get_incident(*id).await.unwrap() {
            Some(i) if &i.title == title && i.updates.len() == 1 => {}
            other => missing.push((*id, title.clone(), other.map(|i| i.title))),
        }
    }
    assert!(missing.is_empty(), "{} of {} acknowledged writes lost: {missing:?}", missing.len(), acknowledged.len());
    eprintln!("{engine:?}: {} writes acknowledged before kill -9, all there after the restart", acknowledged.len());
    let ids: HashSet<i64> = acknowledged.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids.len(), acknowledged.len(), "each write its own incident");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_kill_9_on_sqlite() {
    acknowledged_writes_survive(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_kill_9_on_postgres() {
    acknowledged_writes_survive(Engine::Postgres).await;
}

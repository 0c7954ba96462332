//! A real `beacon serve` on PostgreSQL through a TCP proxy this test controls: the database is cut
//! off mid-run and restored. Public routes keep answering 200 with the last good bytes (marked
//! `X-Beacon-Stale: 1`), the console says the database is unavailable (503), the process
//! reconnects by itself; /readyz says 503 meanwhile; and a restart while the database is away
//! serves the disk snapshot.

use crate::process::{add_admin, call, get, get_as, sign_in, site_root, start, within, Reply};
use server::store::{Engine, Store};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

/// Forwards connections to the database while open; when cut, drops every connection it carries
/// and closes new ones at once.
struct Proxy {
    addr: SocketAddr,
    open: Arc<AtomicBool>,
    links: Arc<Mutex<Vec<AbortHandle>>>,
    accepting: AbortHandle,
}

impl Proxy {
    async fn start(target: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let open = Arc::new(AtomicBool::new(true));
        let links: Arc<Mutex<Vec<AbortHandle>>> = Arc::default();
        let (is_open, carried) = (open.clone(), links.clone());
        let accepting = tokio::spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else { continue };
                if !is_open.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let target = target.clone();
                let link = tokio::spawn(async move {
                    if let Ok(mut database) = TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut database).await;
                    }
                });
                carried.lock().unwrap().push(link.abort_handle());
            }
        })
        .abort_handle();
        Proxy { addr, open, links, accepting }
    }

    fn cut(&self) {
        self.open.store(false, Ordering::SeqCst);
        for link in self.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }

    fn restore(&self) {
        self.open.store(true, Ordering::SeqCst);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.cut();
        self.accepting.abort();
    }
}

/// The parts of a PostgreSQL URL: `scheme://`, `user@`, `host:port`, `/database…`.
fn parts(url: &str) -> (&str, &str, String, &str) {
    let (scheme, rest) = url.split_once("://").expect("a URL");
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (user, host) = match authority.rsplit_once('@') {
        Some((user, host)) => (&authority[..=user.len()], host),
        None => ("", authority),
    };
    let host = if host.contains(':') { host.to_string() } else { format!("{host}:5432") };
    (scheme, user, host, path)
}

/// `url` with its host and port replaced by `addr`.
fn through(url: &str, addr: SocketAddr) -> String {
    let (scheme, user, _, path) = parts(url);
    format!("{scheme}://{user}{addr}{path}")
}

const ROUTES: [&str; 3] = ["/", "/api/v2/summary.json", "/history.atom"];

async fn fetch(addr: &str, path: &str) -> Reply {
    get(addr, path).await.unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_pages_outlive_the_database_and_a_restart_without_it() {
    let Some(url) = server::testing::fresh_database_url(Engine::Postgres).await else { return };
    let store = Store::connect(&url).await.unwrap();
    server::demo::load_if_empty(&store, chrono::Utc::now()).await.unwrap();
    let dashboard = store.list_components().await.unwrap().into_iter().find(|c| c.name == "Dashboard").unwrap().id;
    add_admin(&url, "ada@example.com");
    let proxy = Proxy::start(parts(&url).2).await;
    let proxied = through(&url, proxy.addr);
    let (root, data) = (site_root(), server::testing::temp_dir("data"));

    let beacon = start(&proxied, &root, &data).await;
    let cookie = sign_in(&beacon.addr, "ada@example.com").await;
    let mut warm = Vec::new();
    for path in ROUTES {
        let reply = fetch(&beacon.addr, path).await;
        assert_eq!(reply.status, 200, "{path}");
        assert!(!reply.stale(), "{path}");
        warm.push(reply.body);
    }
    let snapshot = server::cache::disk::path(&data);
    within(Duration::from_secs(5), "the snapshot is written", || async { snapshot.exists() }).await;

    // Cut: the same bytes, marked stale; the console says why, with a 503.
    proxy.cut();
    // No answer waits for the database to time out (its pool waits 5 s), not even while the
    // instance is finding out that it is gone.
    let slowest = std::sync::Mutex::new(Duration::ZERO);
    within(Duration::from_secs(10), "answers are marked stale", || async {
        let mut stale = true;
        for path in ROUTES {
            let started = std::time::Instant::now();
            stale &= fetch(&beacon.addr, path).await.stale();
            let took = started.elapsed();
            let mut s = slowest.lock().unwrap();
            *s = (*s).max(took);
        }
        stale
    })
    .await;
    let slowest = *slowest.lock().unwrap();
    assert!(slowest < Duration::from_millis(1500), "a request waited {slowest:?} for the database");
    for (path, before) in ROUTES.iter().zip(&warm) {
        let reply = fetch(&beacon.addr, path).await;
        assert_eq!(reply.status, 200, "{path}");
        assert!(reply.stale(), "{path}: {}", reply.head);
        assert_eq!(&reply.body, before, "{path}: the last good bytes");
    }
    // The readiness check says so within a second; the liveness check does not care.
    let started = std::time::Instant::now();
    let ready = fetch(&beacon.addr, "/readyz").await;
    assert_eq!(ready.status, 503, "{}", ready.body);
    assert!(started.elapsed() < Duration::from_millis(1500), "took {:?}", started.elapsed());
    assert!(ready.body.contains("\"unavailable\""), "{}", ready.body);
    assert_eq!(fetch(&beacon.addr, "/healthz").await.status, 200);
    let console = get_as(&beacon.addr, "/admin", &cookie).await;
    assert_eq!(console.status, 503, "{}", console.head);
    assert!(console.body.contains("Database unavailable"), "{}", console.body);
    let refused =
        call(&beacon.addr, "set_component_status", &format!("component_id={dashboard}&status=major_outage"), &cookie)
            .await;
    assert_eq!(refused.status, 503, "{}", refused.body);

    // Restore: the process reconnects by itself; a write shows at once.
    proxy.restore();
    within(Duration::from_secs(10), "fresh answers again", || async { !fetch(&beacon.addr, "/").await.stale() }).await;
    assert_eq!(fetch(&beacon.addr, "/readyz").await.status, 200, "ready again");
    let reply =
        call(&beacon.addr, "set_component_status", &format!("component_id={dashboard}&status=major_outage"), &cookie)
            .await;
    assert_eq!(reply.status, 200, "{} {}", reply.head, reply.body);
    let page = fetch(&beacon.addr, "/").await;
    assert!(page.body.contains("Major System Outage") && !page.stale());
    let summary = fetch(&beacon.addr, "/api/v2/summary.json").await;
    assert!(summary.body.contains("Major System Outage"), "{}", summary.body);
    let written = std::fs::metadata(&snapshot).unwrap().modified().unwrap();
    within(Duration::from_secs(5), "the snapshot follows", || async {
        std::fs::metadata(&snapshot).unwrap().modified().unwrap() > written
    })
    .await;

    // Restart while the database is away: the disk snapshot is served, stale.
    proxy.cut();
    drop(beacon);
    let beacon = start(&proxied, &root, &data).await;
    let page = fetch(&beacon.addr, "/").await;
    assert_eq!(page.status, 200);
    assert!(page.stale(), "{}", page.head);
    assert!(page.body.contains("Major System Outage"), "the latest copy");
    let summary = fetch(&beacon.addr, "/api/v2/summary.json").await;
    assert!(summary.stale() && summary.body.contains("Major System Outage"));
    assert_eq!(fetch(&beacon.addr, "/incidents/999").await.status, 503, "nothing kept for that one");

    proxy.restore();
    within(Duration::from_secs(15), "fresh once the database is back", || async {
        !fetch(&beacon.addr, "/").await.stale()
    })
    .await;
}

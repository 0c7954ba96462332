//! The cache on its own: renders counted, the database simulated.

use super::*;
use axum::http::{header, HeaderValue, StatusCode};
use http_body_util::BodyExt;
use std::sync::atomic::AtomicUsize;

static POLICY: Policy = Policy { content_type: "text/plain", cache_control: "public, max-age=5", cors: false };

/// A cache whose probe answers `up`.
fn cache(up: &Arc<AtomicBool>, capacity: usize, max_age: Duration) -> (Cache, Arc<Changes>) {
    let changes = Arc::new(Changes::new());
    let up = up.clone();
    let probe: Probe = Arc::new(move || {
        let up = up.load(Ordering::SeqCst);
        Box::pin(async move { up })
    });
    (Cache::with_limits(changes.clone(), probe, capacity, max_age), changes)
}

fn up() -> Arc<AtomicBool> {
    Arc::new(AtomicBool::new(true))
}

/// What the render of each call returns, and how many renders ran.
#[derive(Clone)]
struct Db {
    body: Arc<Mutex<Result<String, AppError>>>,
    runs: Arc<AtomicUsize>,
}

impl Db {
    fn new(body: &str) -> Db {
        Db { body: Arc::new(Mutex::new(Ok(body.to_string()))), runs: Default::default() }
    }

    fn set(&self, body: Result<&str, AppError>) {
        *self.body.lock().unwrap() = body.map(str::to_string);
    }

    fn runs(&self) -> usize {
        self.runs.load(Ordering::SeqCst)
    }

    async fn get(&self, cache: &Cache, key: &'static str) -> (StatusCode, String, bool) {
        self.get_with(cache, key, &HeaderMap::new()).await
    }

    async fn get_with(&self, cache: &Cache, key: &'static str, headers: &HeaderMap) -> (StatusCode, String, bool) {
        let db = self.clone();
        let render = move || async move {
            db.runs.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(50)).await;
            db.body.lock().unwrap().clone().map(String::into_bytes)
        };
        let on_error = |e: AppError| (e.status_code(), e.to_string()).into_response();
        let r = cache.answer(headers, key, &POLICY, render, on_error).await;
        let (status, stale) = (r.status(), r.headers().contains_key(STALE_HEADER));
        let body = r.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&body).into_owned(), stale)
    }
}

use axum::response::IntoResponse;

#[tokio::test]
async fn fifty_concurrent_requests_share_one_render() {
    let (cache, _) = cache(&up(), 16, MAX_AGE);
    let db = Db::new("fresh");
    let answers = futures_join(50, |_| {
        let (cache, db) = (cache.clone(), db.clone());
        async move { db.get(&cache, "/").await }
    })
    .await;
    assert!(answers.iter().all(|a| *a == (StatusCode::OK, "fresh".to_string(), false)), "{answers:?}");
    assert_eq!(db.runs(), 1);
    assert_eq!(cache.renders(), 1);
    db.get(&cache, "/").await;
    assert_eq!(db.runs(), 1, "served from memory afterwards");
}

/// Runs `n` futures made by `make` at once and collects their outputs.
async fn futures_join<F, Fut, T>(n: usize, make: F) -> Vec<T>
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let handles: Vec<_> = (0..n).map(|i| tokio::spawn(make(i))).collect();
    let mut out = Vec::with_capacity(n);
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn a_change_is_seen_by_the_next_request() {
    let (cache, changes) = cache(&up(), 16, MAX_AGE);
    let db = Db::new("before");
    assert_eq!(db.get(&cache, "/").await.1, "before");
    db.set(Ok("after"));
    assert_eq!(db.get(&cache, "/").await.1, "before", "nothing said it changed");
    changes.bump();
    assert_eq!(db.get(&cache, "/").await, (StatusCode::OK, "after".into(), false));
    assert_eq!(db.runs(), 2);
}

/// Through a stream of changes, a reader never queues behind a render: while the render of a
/// change is under way, it gets the copy before; whoever must see the newest waits for it.
#[tokio::test]
async fn readers_take_the_copy_before_a_change_while_it_renders_and_staff_wait() {
    let (cache, changes) = cache(&up(), 16, MAX_AGE);
    let db = Db::new("before");
    db.get(&cache, "/").await;
    db.set(Ok("after"));
    changes.bump();
    // The first request after the change starts the render, and waits for it.
    let starter = {
        let (cache, db) = (cache.clone(), db.clone());
        tokio::spawn(async move { db.get(&cache, "/").await })
    };
    tokio::time::sleep(Duration::from_millis(10)).await;
    let with = |name, value| HeaderMap::from_iter([(name, HeaderValue::from_static(value))]);
    let newest = [
        with(header::AUTHORIZATION, "Bearer abc"),
        with(header::COOKIE, "lang=de; beacon_session=xyz"),
        with(header::CACHE_CONTROL, "max-age=0"),
        with(header::CACHE_CONTROL, "No-Cache"),
    ];
    let waiting: Vec<_> = newest
        .into_iter()
        .map(|headers| {
            let (cache, db) = (cache.clone(), db.clone());
            tokio::spawn(async move { db.get_with(&cache, "/", &headers).await })
        })
        .collect();
    // Had they waited, they would have the render's bytes.
    assert_eq!(db.get(&cache, "/").await, (StatusCode::OK, "before".into(), false));
    let others = [with(header::COOKIE, "beacon_sessionx=1; lang=fr"), with(header::CACHE_CONTROL, "max-age=5")];
    for headers in others {
        assert_eq!(db.get_with(&cache, "/", &headers).await.1, "before", "{headers:?}");
    }
    assert_eq!(starter.await.unwrap(), (StatusCode::OK, "after".into(), false));
    for answer in waiting {
        assert_eq!(answer.await.unwrap(), (StatusCode::OK, "after".into(), false));
    }
    assert_eq!(db.get(&cache, "/").await.1, "after", "once rendered, everyone has it");
    assert_eq!((db.runs(), cache.counters().behind.get()), (2, 3));
}

#[tokio::test]
async fn a_change_during_a_render_is_not_lost() {
    let (cache, changes) = cache(&up(), 16, MAX_AGE);
    let db = Db::new("old");
    let early = {
        let (cache, db) = (cache.clone(), db.clone());
        tokio::spawn(async move { db.get(&cache, "/").await })
    };
    tokio::time::sleep(Duration::from_millis(10)).await;
    // A write lands while the first render runs: later requests must not join that render.
    db.set(Ok("new"));
    changes.bump();
    assert_eq!(db.get(&cache, "/").await.1, "new");
    early.await.unwrap();
    assert_eq!(db.get(&cache, "/").await.1, "new", "the older render does not overwrite the newer one");
    assert_eq!(db.runs(), 2);
}

#[tokio::test]
async fn the_last_good_copy_is_served_stale_while_the_database_is_down() {
    let db_up = up();
    let (cache, changes) = cache(&db_up, 16, MAX_AGE);
    let db = Db::new("good");
    db.get(&cache, "/").await;
    db_up.store(false, Ordering::SeqCst);
    db.set(Err(AppError::unavailable()));
    changes.bump();
    assert_eq!(db.get(&cache, "/").await, (StatusCode::OK, "good".into(), true));
    assert!(cache.database_unavailable());
    let runs = db.runs();
    for _ in 0..20 {
        assert_eq!(db.get(&cache, "/").await, (StatusCode::OK, "good".into(), true));
    }
    assert_eq!(db.runs(), runs, "while it is down, requests do not wait for the database");
    assert_eq!(db.get(&cache, "/never-rendered").await.0, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(cache.len(), 1, "an address with nothing to serve takes no room");

    db_up.store(true, Ordering::SeqCst);
    db.set(Ok("fresh"));
    let deadline = Instant::now() + Duration::from_secs(5);
    while cache.database_unavailable() {
        assert!(Instant::now() < deadline, "the probe finds the database again");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(db.get(&cache, "/").await, (StatusCode::OK, "fresh".into(), false));
}

/// A database going away: queries hang until the pool gives up (5 s), and the change listener has
/// already marked everything changed. No request waits for that.
#[tokio::test]
async fn a_render_that_hangs_never_holds_up_a_route_with_a_last_good_copy() {
    let (cache, changes) = cache(&up(), 16, MAX_AGE);
    let db = Db::new("good");
    db.get(&cache, "/").await;
    changes.bump();
    let hanging = |body: &'static str| {
        move || async move {
            tokio::time::sleep(Duration::from_secs(2)).await;
            Ok(body.as_bytes().to_vec())
        }
    };
    let on_error = |e: AppError| (e.status_code(), e.to_string()).into_response();
    let started = Instant::now();
    let first = cache.answer(&HeaderMap::new(), "/", &POLICY, hanging("new"), on_error).await;
    let first_took = started.elapsed();
    assert!(first_took < FRESH_WAIT + Duration::from_millis(300), "took {first_took:?}");
    assert!(first.headers().contains_key(STALE_HEADER), "the last good copy, marked stale");
    // Requests arriving after the deadline answer at once: they share the render, not the wait.
    let started = Instant::now();
    let second = cache.answer(&HeaderMap::new(), "/", &POLICY, hanging("other"), on_error).await;
    assert!(started.elapsed() < Duration::from_millis(100), "took {:?}", started.elapsed());
    assert_eq!(second.into_body().collect().await.unwrap().to_bytes(), "good");
    // The render finishes in the background; the next request gets its bytes.
    tokio::time::sleep(Duration::from_millis(2100) - first_took).await;
    assert_eq!(db.get(&cache, "/").await, (StatusCode::OK, "new".into(), false));
    assert_eq!(cache.renders(), 2, "one render for the change, shared");
}

#[tokio::test]
async fn failures_other_than_the_database_fall_back_only_on_our_side() {
    let (cache, changes) = cache(&up(), 16, MAX_AGE);
    let db = Db::new("good");
    db.get(&cache, "/incidents/1").await;
    db.set(Err(AppError::internal()));
    changes.bump();
    assert_eq!(db.get(&cache, "/incidents/1").await, (StatusCode::OK, "good".into(), true));
    assert!(!cache.database_unavailable());
    db.set(Err(AppError::not_found("incident")));
    assert_eq!(db.get(&cache, "/incidents/1").await.0, StatusCode::NOT_FOUND, "a deleted page is gone");
    db.set(Err(AppError::internal()));
    assert_eq!(db.get(&cache, "/incidents/1").await.0, StatusCode::INTERNAL_SERVER_ERROR, "and never comes back stale");
    assert_eq!(cache.len(), 0, "answers other than 200 are not kept");
}

#[tokio::test]
async fn the_number_of_routes_kept_is_bounded() {
    let (cache, _) = cache(&up(), 3, MAX_AGE);
    let db = Db::new("x");
    for key in ["/a", "/b", "/c"] {
        db.get(&cache, key).await;
    }
    tokio::time::sleep(Duration::from_millis(5)).await;
    db.get(&cache, "/a").await;
    for key in ["/d", "/e"] {
        db.get(&cache, key).await;
    }
    assert_eq!(cache.len(), 3);
    let runs = db.runs();
    db.get(&cache, "/a").await;
    assert_eq!(db.runs(), runs, "the most recently requested stays");
    for i in 0..20 {
        let key: &'static str = Box::leak(format!("/incidents/{i}").into_boxed_str());
        db.get(&cache, key).await;
    }
    assert_eq!(cache.len(), 3);
}

#[tokio::test]
async fn old_entries_are_refreshed_behind_the_scenes() {
    let (cache, _) = cache(&up(), 16, Duration::ZERO);
    let db = Db::new("morning");
    db.get(&cache, "/").await;
    db.set(Ok("evening"));
    assert_eq!(db.get(&cache, "/").await.1, "morning", "served at once while refreshing");
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(db.get(&cache, "/").await.1, "evening");
}

#[tokio::test]
async fn answers_are_negotiated_and_revalidated() {
    let (cache, _) = cache(&up(), 16, MAX_AGE);
    let db = Db::new(&"compressible ".repeat(100));
    let mut headers = HeaderMap::new();
    headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, br"));
    let db2 = db.clone();
    let render = move || async move { db2.body.lock().unwrap().clone().map(String::into_bytes) };
    let r = cache.answer(&headers, "/", &POLICY, render, |e| e.status_code().into_response()).await;
    assert_eq!(r.headers()[header::CONTENT_ENCODING], "br");
    let tag = r.headers()[header::ETAG].clone();
    headers.insert(header::IF_NONE_MATCH, tag);
    assert_eq!(db.get_with(&cache, "/", &headers).await.0, StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn renders_run_on_the_render_thread() {
    let (cache, _) = cache(&up(), 16, MAX_AGE);
    let cache = cache.rendering_on(renderer::handle());
    let on = Arc::new(Mutex::new(None));
    let seen = on.clone();
    let render = move || async move {
        *seen.lock().unwrap() = std::thread::current().name().map(str::to_string);
        Ok(b"body".to_vec())
    };
    let r = cache.answer(&HeaderMap::new(), "/", &POLICY, render, |e| e.status_code().into_response()).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(on.lock().unwrap().as_deref(), Some("beacon-render"));
}

/// A route a crowd reads is rendered at most once every `CROWD_PACE`: a change that comes sooner
/// waits for the next render (readers keep the copy before it), unless someone must see the
/// newest; without a crowd, the next request renders every change.
#[tokio::test]
async fn a_crowds_route_is_rendered_at_most_once_a_pace() {
    let (cache, changes) = cache(&up(), 16, MAX_AGE);
    let db = Db::new("v0");
    db.get(&cache, "/").await;
    // A change rendered while a crowd reads the copy before it.
    let crowded_change = |version: &'static str| {
        let (cache, changes, db) = (cache.clone(), changes.clone(), db.clone());
        async move {
            db.set(Ok(version));
            changes.bump();
            let starter = {
                let (cache, db) = (cache.clone(), db.clone());
                tokio::spawn(async move { db.get(&cache, "/").await })
            };
            tokio::time::sleep(Duration::from_millis(10)).await;
            for _ in 0..CROWD {
                assert_ne!(db.get(&cache, "/").await.1, version, "the crowd does not wait for the render");
            }
            assert_eq!(starter.await.unwrap().1, version);
        }
    };
    crowded_change("v1").await;
    assert_eq!(db.runs(), 2);

    db.set(Ok("v2"));
    changes.bump();
    assert_eq!(db.get(&cache, "/").await.1, "v1", "within the pace, the copy before the change");
    assert_eq!(db.runs(), 2, "no render started");
    let fresh = HeaderMap::from_iter([(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))]);
    assert_eq!(db.get_with(&cache, "/", &fresh).await.1, "v2", "a reload renders the change at once");
    assert_eq!(db.runs(), 3);

    // No crowd since that render: the next change is rendered for the next request.
    db.set(Ok("v3"));
    changes.bump();
    assert_eq!(db.get(&cache, "/").await.1, "v3");
    assert_eq!(db.runs(), 4);

    // A crowd again; after the pace, a reader's request renders the change that waited.
    crowded_change("v4").await;
    db.set(Ok("v5"));
    changes.bump();
    assert_eq!(db.get(&cache, "/").await.1, "v4");
    tokio::time::sleep(CROWD_PACE).await;
    assert_eq!(db.get(&cache, "/").await.1, "v5");
    assert_eq!(db.runs(), 6);
}

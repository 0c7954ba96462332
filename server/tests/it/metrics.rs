//! `/metrics`, read back by an independent parser of the Prometheus text format.

use crate::common::{app, app_with, get, send_raw};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use prometheus_parse::{Scrape, Value};

async fn scrape(app: &axum::Router, token: Option<&str>) -> (StatusCode, String) {
    let mut req = Request::get("/metrics");
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let reply = send_raw(app, req.body(Body::empty()).unwrap()).await;
    (reply.status, String::from_utf8(reply.body).unwrap())
}

pub(crate) fn parse(text: &str) -> Scrape {
    Scrape::parse(text.lines().map(|l| Ok(l.to_string()))).expect("the Prometheus text format")
}

/// The value of the sample named `name` whose labels include `labels`.
pub(crate) fn value(scrape: &Scrape, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    scrape.samples.iter().find(|s| s.metric == name && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v))).map(
        |s| match &s.value {
            Value::Counter(v) | Value::Gauge(v) | Value::Untyped(v) => *v,
            Value::Histogram(buckets) => buckets.iter().map(|b| b.count).fold(0.0, f64::max),
            Value::Summary(_) => f64::NAN,
        },
    )
}

#[tokio::test]
async fn requests_the_cache_and_the_database_are_counted() {
    let (app, _) = app("UTC", true).await;
    for path in ["/", "/", "/history.atom", "/api/v2/summary.json", "/no-such-page"] {
        get(&app, path).await;
    }
    let (status, text) = scrape(&app, None).await;
    assert_eq!(status, StatusCode::OK);
    let m = parse(&text);
    let requests =
        |kind: &str, status: &str| value(&m, "beacon_http_requests_total", &[("kind", kind), ("status", status)]);
    assert_eq!(requests("page", "200"), Some(2.0), "{text}");
    assert_eq!(requests("feed", "200"), Some(1.0));
    assert_eq!(requests("api_v2", "200"), Some(1.0));
    assert_eq!(requests("other", "404"), Some(1.0));
    assert!(value(&m, "beacon_http_request_duration_seconds_count", &[("kind", "page")]) == Some(2.0), "{text}");
    assert!(value(&m, "beacon_cache_hits_total", &[]).unwrap() >= 1.0, "the second / came from memory");
    assert!(value(&m, "beacon_cache_misses_total", &[]).unwrap() >= 3.0);
    assert_eq!(value(&m, "beacon_cache_stale_total", &[]), Some(0.0));
    assert_eq!(value(&m, "beacon_cache_behind_total", &[]), Some(0.0), "no change was being rendered");
    assert!(value(&m, "beacon_render_duration_seconds_count", &[]).unwrap() >= 3.0);
    assert_eq!(value(&m, "beacon_database_up", &[]), Some(1.0));
    assert!(value(&m, "beacon_database_pool_connections", &[]).unwrap() >= 1.0);
    assert_eq!(value(&m, "beacon_live_connections", &[]), Some(0.0));
    assert!(m.docs.contains_key("beacon_http_requests"), "every metric says what it counts");
}

#[tokio::test]
async fn open_live_streams_are_counted_while_they_are_open() {
    let (app, _) = app("UTC", false).await;
    let stream = send_live(&app).await;
    let live = |text: &str| value(&parse(text), "beacon_live_connections", &[]);
    assert_eq!(live(&scrape(&app, None).await.1), Some(1.0));
    drop(stream);
    assert_eq!(live(&scrape(&app, None).await.1), Some(0.0));
}

async fn send_live(app: &axum::Router) -> axum::response::Response {
    use tower::ServiceExt;
    app.clone().oneshot(Request::get("/events").body(Body::empty()).unwrap()).await.unwrap()
}

#[tokio::test]
async fn with_a_token_only_its_holder_reads_the_metrics() {
    let token = "a-metrics-token-long-enough";
    let (app, _) = app_with(&["--metrics-token", token], false).await;
    assert_eq!(scrape(&app, None).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(scrape(&app, Some("a-metrics-token-long-enougH")).await.0, StatusCode::UNAUTHORIZED);
    let (status, text) = scrape(&app, Some(token)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(value(&parse(&text), "beacon_database_up", &[]).is_some());
}

#[tokio::test]
async fn with_a_metrics_address_the_main_one_has_no_metrics() {
    use crate::process::{free_addr, get, site_root, start_with};
    let url = server::testing::fresh_database_url(server::store::Engine::Sqlite).await.unwrap();
    let metrics_addr = free_addr();
    let (root, data) = (site_root(), server::testing::temp_dir("data"));
    let beacon = start_with(&url, &root, &data, &["--metrics-addr", &metrics_addr]).await;
    assert_eq!(get(&beacon.addr, "/metrics").await.unwrap().status, 404);
    let scraped = get(&metrics_addr, "/metrics").await.unwrap();
    assert_eq!(scraped.status, 200, "{}", scraped.head);
    let m = parse(&scraped.body);
    assert_eq!(
        value(&m, "beacon_http_requests_total", &[("kind", "page"), ("status", "200")]),
        Some(1.0),
        "the start-up check"
    );
}

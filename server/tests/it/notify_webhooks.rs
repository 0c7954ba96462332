//! The delivery worker against real HTTP receivers on loopback, with real `beacon serve`
//! processes: retries with one webhook id and signatures the independent `standardwebhooks`
//! package accepts, redirects and refused destinations, two instances on one PostgreSQL database
//! delivering each notification once, `kill -9` in the middle of a fan-out, and the chat formats.

use crate::peers::Verifier;
use crate::process::{get, site_root, start_with, within, Server};
use app::domain::{ComponentStatus, Impact, IncidentStatus, SubscriberKind};
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::Value;
use server::store::{
    Actor, Engine, NewComponent, NewIncident, NewMaintenance, NewSubscriber, NewUpdate, StatusChange, Store, Subscribed,
};
use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request a receiver got.
#[derive(Debug, Clone)]
struct Hit {
    path: String,
    headers: HashMap<String, String>,
    body: String,
}

impl Hit {
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", String::as_str)
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// What a receiver answers to the `n`th request (from 0) on a path: a status and a `Location`.
type Answer = dyn Fn(usize, &str) -> (u16, Option<&'static str>) + Send + Sync;

/// An HTTP server on 127.0.0.1 that keeps every request it gets; it answers after `delay`.
#[derive(Clone)]
struct Receiver {
    addr: SocketAddr,
    hits: Arc<Mutex<Vec<Hit>>>,
}

impl Receiver {
    async fn start(
        delay: Duration,
        answer: impl Fn(usize, &str) -> (u16, Option<&'static str>) + Send + Sync + 'static,
    ) -> Receiver {
        let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let answer: Arc<Answer> = Arc::new(answer);
        let kept = hits.clone();
        let app = axum::Router::new().fallback(move |req: Request| {
            let (hits, answer) = (kept.clone(), answer.clone());
            async move { receive(req, hits, answer, delay).await }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Receiver { addr, hits }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    /// Waits up to `limit` for at least `n` requests; all so far.
    async fn wait_for(&self, n: usize, limit: Duration) -> Vec<Hit> {
        within(limit, &format!("{n} requests at the receiver"), || async { self.hits().len() >= n }).await;
        self.hits()
    }
}

async fn receive(req: Request, hits: Arc<Mutex<Vec<Hit>>>, answer: Arc<Answer>, delay: Duration) -> Response {
    let path = req.uri().path().to_string();
    let headers = req
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or_default().to_string()))
        .collect();
    let body = axum::body::to_bytes(req.into_body(), 1 << 20).await.unwrap_or_default();
    let body = String::from_utf8_lossy(&body).into_owned();
    let n = {
        let mut hits = hits.lock().unwrap();
        let n = hits.iter().filter(|h| h.path == path).count();
        hits.push(Hit { path: path.clone(), headers, body });
        n
    };
    tokio::time::sleep(delay).await;
    let (status, location) = answer(n, &path);
    let status = axum::http::StatusCode::from_u16(status).unwrap();
    match location {
        Some(to) => (status, [("location", to)], "moved").into_response(),
        None => (status, "thanks").into_response(),
    }
}

fn ok(_: usize, _: &str) -> (u16, Option<&'static str>) {
    (200, None)
}

/// Subscribes `url` as a subscriber of `kind`; its id and (a webhook's) secret.
async fn subscribe(store: &Store, kind: SubscriberKind, url: &str) -> (i64, Option<String>) {
    let new = NewSubscriber { kind, target: url.to_string(), components: None, confirmed: true };
    match store.subscribe(&Actor::System, new, false).await.unwrap() {
        Subscribed::New { subscriber, secret } => (subscriber.id, secret),
        Subscribed::Existing(s) => panic!("{} was subscribed already", s.target),
    }
}

fn incident(title: &str, body: &str) -> NewIncident {
    NewIncident {
        title: title.into(),
        impact: Impact::Major,
        status: IncidentStatus::Investigating,
        body: body.into(),
        started_at: None,
        display_at: None,
        changes: vec![],
        notify: true,
    }
}

/// `beacon serve` with short retries and loopback receivers allowed.
async fn beacon(url: &str, data: &Path) -> Server {
    start_with(url, &site_root(), data, &["--allow-private-webhooks", "--retry-seconds", "1"]).await
}

fn webhook_headers(hit: &Hit) -> [(&'static str, &str); 3] {
    ["webhook-id", "webhook-timestamp", "webhook-signature"].map(|name| (name, hit.header(name)))
}

fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> String {
    let key = base64::engine::general_purpose::STANDARD.decode(secret.trim_start_matches("whsec_")).unwrap();
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()))
}

/// The value of the sample `name` with `labels` on `/metrics`.
async fn metric(addr: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let text = get(addr, "/metrics").await.unwrap().body;
    let scrape = prometheus_parse::Scrape::parse(text.lines().map(|l| Ok(l.to_string()))).unwrap();
    scrape.samples.iter().find(|s| s.metric == name && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v))).map(
        |s| match s.value {
            prometheus_parse::Value::Counter(v)
            | prometheus_parse::Value::Gauge(v)
            | prometheus_parse::Value::Untyped(v) => v,
            _ => f64::NAN,
        },
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_receiver_gets_one_signed_delivery_retried_until_it_answers() {
    let Some(mut verifier) = Verifier::start() else { return };
    let receiver = Receiver::start(Duration::ZERO, |n, _| (if n < 3 { 500 } else { 200 }, None)).await;
    let url = server::testing::fresh_database_url(Engine::Sqlite).await.unwrap();
    let store = Store::connect(&url).await.unwrap();
    let (subscriber, secret) = subscribe(&store, SubscriberKind::Webhook, &receiver.url("/hook")).await;
    let secret = secret.expect("a webhook gets a secret");
    let server = beacon(&url, &server::testing::temp_dir("data")).await;
    let id = store.create_incident(&Actor::System, incident("API errors", "Looking into it.")).await.unwrap();

    receiver.wait_for(4, Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let hits = receiver.hits();
    assert_eq!(hits.len(), 4, "three failures and one success, then nothing more");
    let ids: HashSet<&str> = hits.iter().map(|h| h.header("webhook-id")).collect();
    assert_eq!(ids.len(), 1, "one webhook id on every attempt: {ids:?}");
    assert!(hits[0].header("webhook-id").starts_with("msg_"));
    assert!(hits.iter().all(|h| h.body == hits[0].body), "the same body on every attempt");
    for hit in &hits {
        assert_eq!(verifier.verify(&secret, &webhook_headers(hit), &hit.body), Ok(()), "{:?}", hit.headers);
        assert_eq!(hit.header("content-type"), "application/json");
        assert!(hit.header("user-agent").starts_with("Beacon/"), "{}", hit.header("user-agent"));
    }
    let hit = &hits[3];
    let tampered = hit.body.replace("API errors", "API errorz");
    assert!(verifier.verify(&secret, &webhook_headers(hit), &tampered).is_err(), "a changed body is refused");
    let (msg, now) = (hit.header("webhook-id"), chrono::Utc::now().timestamp());
    let fresh = sign(&secret, msg, now, &hit.body);
    let fresh_headers = [("webhook-id", msg), ("webhook-timestamp", &now.to_string()), ("webhook-signature", &fresh)];
    assert_eq!(verifier.verify(&secret, &fresh_headers, &hit.body), Ok(()), "the test signs as the package checks");
    let old = sign(&secret, msg, now - 600, &hit.body);
    let old_headers =
        [("webhook-id", msg), ("webhook-timestamp", &(now - 600).to_string()), ("webhook-signature", &old)];
    assert!(verifier.verify(&secret, &old_headers, &hit.body).is_err(), "a signature 10 minutes old is refused");

    let body = hit.json();
    let origin = format!("http://{}", server.addr);
    let unsubscribe = body["meta"]["unsubscribe"].as_str().unwrap();
    assert!(unsubscribe.starts_with(&format!("{origin}/subscribe/unsubscribe/m.{subscriber}.")), "{unsubscribe}");
    assert_eq!(body["meta"]["documentation"], format!("{origin}/subscribe"));
    assert!(body["page"]["id"].as_str().is_some_and(|p| !p.is_empty()));
    assert_eq!(body["page"]["status_indicator"], "major", "an open major incident: {body}");
    assert_eq!(body["page"]["status_description"].as_str().map(str::is_empty), Some(false));
    let incident = &body["incident"];
    assert_eq!(
        (incident["id"].as_str(), incident["name"].as_str()),
        (Some(id.to_string().as_str()), Some("API errors"))
    );
    assert_eq!(incident["impact"], "major");
    assert_eq!(incident["shortlink"], format!("{origin}/incidents/{id}"));
    assert_eq!(incident["incident_updates"][0]["body"], "Looking into it.");
    assert_eq!(incident["incident_updates"][0]["status"], "investigating");

    within(Duration::from_secs(10), "the fourth attempt is logged", || async {
        store.delivery_log(subscriber, 10).await.unwrap().first().is_some_and(|a| a.ok)
    })
    .await;
    let mut log = store.delivery_log(subscriber, 10).await.unwrap();
    log.reverse();
    let seen: Vec<(i64, bool, Option<i64>)> = log.iter().map(|a| (a.attempt, a.ok, a.code)).collect();
    assert_eq!(seen, [(1, false, Some(500)), (2, false, Some(500)), (3, false, Some(500)), (4, true, Some(200))]);
    assert!(log[0].detail.contains("500"), "{}", log[0].detail);

    let attempts = |result: &'static str| {
        let addr = server.addr.clone();
        async move { metric(&addr, "beacon_notification_attempts_total", &[("kind", "webhook"), ("result", result)]).await }
    };
    assert_eq!((attempts("failed").await, attempts("delivered").await), (Some(3.0), Some(1.0)));
    within(Duration::from_secs(10), "the gauges count an empty outbox", || async {
        metric(&server.addr, "beacon_notifications_pending", &[]).await == Some(0.0)
            && metric(&server.addr, "beacon_notifications_unsent_events", &[]).await == Some(0.0)
    })
    .await;
    assert!(metric(&server.addr, "beacon_notifications_oldest_due_seconds", &[]).await.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_counts_as_a_failure_and_is_not_followed() {
    let receiver =
        Receiver::start(Duration::ZERO, |_, path| if path == "/hook" { (302, Some("/landed")) } else { (200, None) })
            .await;
    let url = server::testing::fresh_database_url(Engine::Sqlite).await.unwrap();
    let store = Store::connect(&url).await.unwrap();
    let (subscriber, _) = subscribe(&store, SubscriberKind::Webhook, &receiver.url("/hook")).await;
    let _server = beacon(&url, &server::testing::temp_dir("data")).await;
    store.create_incident(&Actor::System, incident("API errors", "Looking.")).await.unwrap();

    within(Duration::from_secs(20), "two attempts logged", || async {
        store.delivery_log(subscriber, 10).await.unwrap().len() >= 2
    })
    .await;
    let log = store.delivery_log(subscriber, 10).await.unwrap();
    assert!(log.iter().all(|a| !a.ok && a.code == Some(302) && a.detail.contains("redirect")), "{log:?}");
    assert!(receiver.hits().iter().all(|h| h.path == "/hook"), "the redirect is not followed");
    let s = store.get_subscriber(subscriber).await.unwrap().unwrap();
    assert!(s.quarantined_at.is_none(), "a redirect is retried, not given up at once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_destination_refused_at_send_time_quarantines_its_subscriber() {
    let receiver = Receiver::start(Duration::ZERO, ok).await;
    let url = server::testing::fresh_database_url(Engine::Sqlite).await.unwrap();
    let store = Store::connect(&url).await.unwrap();
    // Straight into the store: the subscribe form would refuse a loopback URL already.
    let (subscriber, _) = subscribe(&store, SubscriberKind::Webhook, &receiver.url("/hook")).await;
    let (other, _) =
        subscribe(&store, SubscriberKind::Slack, &format!("http://[::1]:{}/chat", receiver.addr.port())).await;
    let _server = start_with(&url, &site_root(), &server::testing::temp_dir("data"), &["--retry-seconds", "1"]).await;
    store.create_incident(&Actor::System, incident("API errors", "Looking.")).await.unwrap();

    for id in [subscriber, other] {
        within(Duration::from_secs(20), "the subscriber is quarantined", || async {
            store.get_subscriber(id).await.unwrap().unwrap().quarantined_at.is_some()
        })
        .await;
        let log = store.delivery_log(id, 10).await.unwrap();
        assert_eq!(log.len(), 1, "given up at the first attempt: {log:?}");
        assert!(!log[0].ok && log[0].code.is_none() && log[0].detail.contains("private"), "{log:?}");
        assert_eq!(log[0].state, app::domain::DeliveryState::Failed);
    }
    // A quarantined subscriber is not told of what comes next.
    store.create_incident(&Actor::System, incident("Web errors", "Looking.")).await.unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(store.delivery_log(subscriber, 10).await.unwrap().len(), 1);
    assert!(receiver.hits().is_empty(), "nothing reached the private address");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_deliver_every_update_to_every_subscriber_once() {
    let Some(url) = server::testing::fresh_database_url(Engine::Postgres).await else { return };
    let receiver = Receiver::start(Duration::from_millis(5), ok).await;
    let store = Store::connect(&url).await.unwrap();
    for n in 0..50 {
        subscribe(&store, SubscriberKind::Webhook, &receiver.url(&format!("/s/{n}"))).await;
    }
    let _a = beacon(&url, &server::testing::temp_dir("data")).await;
    let _b = beacon(&url, &server::testing::temp_dir("data")).await;
    let id = store.create_incident(&Actor::System, incident("API errors", "update 0")).await.unwrap();
    for n in 1..10 {
        let update = NewUpdate {
            status: IncidentStatus::Identified,
            body: format!("update {n}"),
            display_at: None,
            changes: vec![],
            expected_version: None,
            notify: true,
        };
        store.post_update(&Actor::System, id, update).await.unwrap();
    }
    receiver.wait_for(500, Duration::from_secs(45)).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let hits = receiver.hits();
    let ids: HashSet<&str> = hits.iter().map(|h| h.header("webhook-id")).collect();
    let pairs: HashSet<(String, String)> = hits
        .iter()
        .map(|h| (h.path.clone(), h.json()["incident"]["incident_updates"][0]["body"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!((hits.len(), ids.len(), pairs.len()), (500, 500, 500), "each (subscriber, update) exactly once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_during_a_fan_out_loses_no_notification() {
    let receiver = Receiver::start(Duration::from_millis(200), ok).await;
    let url = server::testing::fresh_database_url(Engine::Sqlite).await.unwrap();
    let store = Store::connect(&url).await.unwrap();
    for n in 0..300 {
        subscribe(&store, SubscriberKind::Webhook, &receiver.url(&format!("/s/{n}"))).await;
    }
    let data = server::testing::temp_dir("data");
    let mut first = beacon(&url, &data).await;
    store.create_incident(&Actor::System, incident("API errors", "Looking.")).await.unwrap();
    receiver.wait_for(100, Duration::from_secs(30)).await;
    first.kill();
    let at_kill = receiver.hits().len();
    assert!(at_kill < 300, "killed before the fan-out finished ({at_kill} sent)");

    // The same data folder: the same instance, which takes back its leases at once (they
    // would otherwise run 45 s).
    let _second = beacon(&url, &data).await;
    let took = within(Duration::from_secs(30), "every subscriber told", || async {
        receiver.hits().iter().map(|h| h.path.clone()).collect::<HashSet<_>>().len() == 300
    })
    .await;
    within(Duration::from_secs(10), "nothing left pending", || async {
        store.outbox_counts(chrono::Utc::now()).await.unwrap().pending == 0
    })
    .await;
    let mut by_path: HashMap<String, HashSet<String>> = HashMap::new();
    for hit in receiver.hits() {
        by_path.entry(hit.path.clone()).or_default().insert(hit.header("webhook-id").to_string());
    }
    assert!(by_path.values().all(|ids| ids.len() == 1), "a repeat carries the same webhook id");
    let repeats = receiver.hits().len() - 300;
    eprintln!("{at_kill} sent before kill -9; all 300 told {took:?} after the restart, {repeats} sent twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slack_discord_and_teams_get_their_own_shapes() {
    let receiver = Receiver::start(Duration::ZERO, ok).await;
    let url = server::testing::fresh_database_url(Engine::Sqlite).await.unwrap();
    let store = Store::connect(&url).await.unwrap();
    for (kind, path) in
        [(SubscriberKind::Slack, "/slack"), (SubscriberKind::Discord, "/discord"), (SubscriberKind::Teams, "/teams")]
    {
        let (_, secret) = subscribe(&store, kind, &receiver.url(path)).await;
        assert!(secret.is_none(), "chat URLs are not signed");
    }
    let api = store.create_component(&Actor::System, NewComponent::named("API")).await.unwrap();
    let server = beacon(&url, &server::testing::temp_dir("data")).await;
    let new = NewIncident {
        changes: vec![StatusChange { component_id: api, status: ComponentStatus::MajorOutage }],
        ..incident("Database slow", "We are **looking** into <it> & more.")
    };
    let id = store.create_incident(&Actor::System, new).await.unwrap();
    let hits = receiver.wait_for(3, Duration::from_secs(20)).await;
    let link = format!("http://{}/incidents/{id}", server.addr);
    let of = |path: &str| hits.iter().find(|h| h.path == path).expect(path).clone();
    for hit in &hits {
        assert_eq!(hit.header("webhook-signature"), "", "no signature on chat");
        assert_eq!(hit.header("content-type"), "application/json");
    }

    let slack = of("/slack").json();
    let fallback = slack["text"].as_str().unwrap();
    assert!(fallback.contains("Database slow") && fallback.contains("Investigating"), "{slack}");
    let blocks = slack["blocks"].as_array().unwrap();
    assert_eq!(blocks[0]["type"], "section");
    let heading = blocks[0]["text"]["text"].as_str().unwrap();
    assert!(heading.contains(&format!("<{link}|Database slow>")), "{heading}");
    assert_eq!(blocks[1]["text"]["text"], "We are **looking** into &lt;it&gt; &amp; more.");
    let context = blocks.iter().find(|b| b["type"] == "context").expect("a context block");
    assert!(context["elements"].as_array().unwrap().iter().any(|e| e["text"].as_str().unwrap().contains("API")));

    let discord = of("/discord").json();
    let embed = &discord["embeds"][0];
    assert_eq!(embed["title"], "Investigating: Database slow");
    assert_eq!(embed["url"], link.as_str());
    assert!(embed["description"].as_str().unwrap().contains("We are **looking** into <it> & more."));
    assert!(embed["color"].as_u64().is_some_and(|c| c <= 0xff_ff_ff));
    let stamp = embed["timestamp"].as_str().unwrap();
    assert!(chrono::DateTime::parse_from_rfc3339(stamp).is_ok(), "{stamp}");
    let fields = embed["fields"].as_array().unwrap();
    assert!(fields.iter().any(|f| f["name"] == "Impact" && f["value"] == "Major"), "{fields:?}");
    assert!(fields.iter().any(|f| f["name"] == "Affected" && f["value"] == "API"), "{fields:?}");

    let teams = of("/teams").json();
    assert_eq!(teams["type"], "message");
    let attachment = &teams["attachments"][0];
    assert_eq!(attachment["contentType"], "application/vnd.microsoft.card.adaptive");
    let card = &attachment["content"];
    assert_eq!((card["type"].as_str(), card["version"].as_str()), (Some("AdaptiveCard"), Some("1.4")));
    let texts: Vec<&str> = card["body"].as_array().unwrap().iter().filter_map(|b| b["text"].as_str()).collect();
    assert!(texts.contains(&"Database slow") && texts.contains(&"We are **looking** into <it> & more."), "{texts:?}");
    assert_eq!(card["actions"][0]["type"], "Action.OpenUrl");
    assert_eq!(card["actions"][0]["url"], link.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn component_changes_and_maintenance_reach_webhooks_in_the_statuspage_shape() {
    let receiver = Receiver::start(Duration::ZERO, ok).await;
    let url = server::testing::fresh_database_url(Engine::Sqlite).await.unwrap();
    let store = Store::connect(&url).await.unwrap();
    let api = store.create_component(&Actor::System, NewComponent::named("API")).await.unwrap();
    subscribe(&store, SubscriberKind::Webhook, &receiver.url("/hook")).await;
    subscribe(&store, SubscriberKind::Slack, &receiver.url("/slack")).await;
    let server = beacon(&url, &server::testing::temp_dir("data")).await;
    store.set_component_status(&Actor::System, api, ComponentStatus::PartialOutage).await.unwrap();
    let hit = receiver.wait_for(1, Duration::from_secs(20)).await.remove(0);
    assert_eq!(hit.path, "/hook", "component changes are for webhooks only, as on Statuspage");
    let body = hit.json();
    let update = &body["component_update"];
    assert_eq!(
        (update["old_status"].as_str(), update["new_status"].as_str()),
        (Some("operational"), Some("partial_outage"))
    );
    assert_eq!(update["component_id"], api.to_string());
    assert!(update["id"].as_str().is_some_and(|i| !i.is_empty()) && update["created_at"].is_string(), "{update}");
    assert_eq!(
        (body["component"]["id"].as_str(), body["component"]["name"].as_str()),
        (Some(api.to_string().as_str()), Some("API"))
    );
    assert_eq!(body["component"]["status"], "partial_outage");
    assert_eq!(body["page"]["status_indicator"], "major", "{body}");
    assert!(body.get("incident").is_none() && body["meta"]["unsubscribe"].is_string());

    let start = chrono::Utc::now() + chrono::Duration::days(1);
    let new = NewMaintenance {
        title: "Database upgrade".into(),
        body: "Expect a minute of read-only mode.".into(),
        scheduled_for: start,
        scheduled_until: start + chrono::Duration::hours(1),
        auto_start: true,
        auto_complete: true,
        components: vec![api],
        notify: true,
    };
    let id = store.create_maintenance(&Actor::System, new).await.unwrap();
    let hits = receiver.wait_for(3, Duration::from_secs(20)).await;
    let hook = hits.iter().rfind(|h| h.path == "/hook").unwrap().json();
    let incident = &hook["incident"];
    assert_eq!(
        (incident["id"].as_str(), incident["name"].as_str()),
        (Some(format!("m{id}").as_str()), Some("Database upgrade"))
    );
    assert_eq!((incident["impact"].as_str(), incident["status"].as_str()), (Some("maintenance"), Some("scheduled")));
    assert!(incident["scheduled_for"].is_string() && incident["scheduled_until"].is_string(), "{incident}");
    assert_eq!(incident["incident_updates"][0]["body"], "Expect a minute of read-only mode.");
    let page = format!("http://{}/maintenance/{id}", server.addr);
    assert_eq!(incident["shortlink"], page.as_str(), "its own page");
    let slack = hits.iter().find(|h| h.path == "/slack").unwrap().json();
    assert!(slack["text"].as_str().unwrap().contains("Maintenance: Scheduled: Database upgrade"), "{slack}");
    assert!(slack["text"].as_str().unwrap().ends_with(&page), "the message links the page: {slack}");
}

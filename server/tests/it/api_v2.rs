//! The Statuspage-compatible read API v2: every field Statuspage's readers use, with its type and
//! its allowed values, for groups, leaves, open and resolved incidents, and maintenance.

use crate::common;
use crate::common::{app_with, fetch, send_raw};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;
use server::store::{Actor, Store};

const COMPONENT_STATUSES: &[&str] =
    &["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"];
const INCIDENT_STATUSES: &[&str] = &["investigating", "identified", "monitoring", "resolved", "postmortem"];
const MAINTENANCE_STATUSES: &[&str] = &["scheduled", "in_progress", "verifying", "completed"];

async fn demo() -> (axum::Router, Store) {
    app_with(&["--timezone", "America/Los_Angeles", "--public-url", "https://status.example.com"], true).await
}

async fn json(app: &axum::Router, path: &str) -> Value {
    let reply = fetch(app, path).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}");
    assert_eq!(reply.header("content-type"), "application/json; charset=utf-8");
    assert_eq!(reply.header("access-control-allow-origin"), "*");
    reply.json()
}

/// ISO 8601 with an explicit offset (never a bare local time).
fn assert_time(v: &Value, what: &str) {
    let s = v.as_str().unwrap_or_else(|| panic!("{what}: {v} is not a string"));
    let t = chrono::DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{what}: {s}: {e}"));
    assert!(s.ends_with("-07:00") || s.ends_with("-08:00"), "{what}: {s}");
    let _ = t;
}

fn assert_opt_time(v: &Value, what: &str) {
    if !v.is_null() {
        assert_time(v, what);
    }
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

fn assert_page(page: &Value) {
    assert_eq!(keys(page), ["id", "name", "time_zone", "updated_at", "url"]);
    assert_eq!(page["id"].as_str().unwrap().len(), 12);
    assert_eq!(page["name"], "Example Status");
    assert_eq!(page["url"], "https://status.example.com");
    assert_eq!(page["time_zone"], "America/Los_Angeles");
    assert_time(&page["updated_at"], "page.updated_at");
}

fn assert_component(c: &Value, page_id: &Value) {
    let mut expected = vec![
        "created_at",
        "description",
        "group",
        "group_id",
        "id",
        "name",
        "only_show_if_degraded",
        "page_id",
        "position",
        "showcase",
        "start_date",
        "status",
        "updated_at",
    ];
    if c["group"] == true {
        expected.push("components");
        expected.sort_unstable();
        assert!(c["group_id"].is_null());
        assert!(c["components"].as_array().unwrap().iter().all(Value::is_string));
    }
    assert_eq!(keys(c), expected, "{c}");
    assert!(c["id"].is_string() && c["name"].is_string());
    assert!(COMPONENT_STATUSES.contains(&c["status"].as_str().unwrap()), "{c}");
    assert_time(&c["created_at"], "component.created_at");
    assert_time(&c["updated_at"], "component.updated_at");
    assert!(c["position"].is_i64());
    assert!(c["description"].is_string() || c["description"].is_null());
    assert!(c["showcase"].is_boolean() && c["only_show_if_degraded"].is_boolean());
    assert!(c["group"].is_boolean());
    assert!(c["group_id"].is_string() || c["group_id"].is_null());
    if let Some(d) = c["start_date"].as_str() {
        assert!(chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok(), "{d}");
    } else {
        assert!(c["start_date"].is_null());
    }
    assert_eq!(&c["page_id"], page_id);
}

fn assert_incident(i: &Value, page_id: &Value, maintenance: bool) {
    let mut expected = vec![
        "components",
        "created_at",
        "id",
        "impact",
        "incident_updates",
        "monitoring_at",
        "name",
        "page_id",
        "resolved_at",
        "shortlink",
        "started_at",
        "status",
        "updated_at",
    ];
    let statuses = if maintenance {
        expected.extend(["scheduled_for", "scheduled_until"]);
        expected.sort_unstable();
        assert_time(&i["scheduled_for"], "scheduled_for");
        assert_time(&i["scheduled_until"], "scheduled_until");
        assert_eq!(i["impact"], "maintenance");
        MAINTENANCE_STATUSES
    } else {
        assert!(["none", "minor", "major", "critical"].contains(&i["impact"].as_str().unwrap()));
        INCIDENT_STATUSES
    };
    assert_eq!(keys(i), expected, "{i}");
    assert!(i["id"].is_string() && i["name"].is_string());
    let status = i["status"].as_str().unwrap();
    assert!(statuses.contains(&status), "{status}");
    for field in ["created_at", "updated_at", "started_at"] {
        assert_time(&i[field], field);
    }
    assert_opt_time(&i["monitoring_at"], "monitoring_at");
    assert_opt_time(&i["resolved_at"], "resolved_at");
    assert_eq!(i["resolved_at"].is_null(), !matches!(status, "resolved" | "postmortem" | "completed"), "{i}");
    // Each links to its own page: `/incidents/7` for incident "7", `/maintenance/3` for "m3".
    let page = match i["id"].as_str().unwrap().strip_prefix('m') {
        Some(id) => format!("https://status.example.com/maintenance/{id}"),
        None => format!("https://status.example.com/incidents/{}", i["id"].as_str().unwrap()),
    };
    assert_eq!(i["shortlink"], page.as_str(), "{i}");
    assert_eq!(&i["page_id"], page_id);
    for c in i["components"].as_array().unwrap() {
        assert_component(c, page_id);
    }
    let updates = i["incident_updates"].as_array().unwrap();
    assert!(!updates.is_empty());
    let mut previous: Option<chrono::DateTime<chrono::FixedOffset>> = None;
    for u in updates {
        assert_eq!(
            keys(u),
            [
                "affected_components",
                "body",
                "created_at",
                "deliver_notifications",
                "display_at",
                "id",
                "incident_id",
                "status",
                "updated_at"
            ]
        );
        assert!(u["id"].is_string() && u["body"].is_string());
        assert_eq!(u["incident_id"], i["id"]);
        assert!(statuses.contains(&u["status"].as_str().unwrap()));
        for field in ["created_at", "updated_at", "display_at"] {
            assert_time(&u[field], field);
        }
        assert!(u["deliver_notifications"].is_boolean());
        for a in u["affected_components"].as_array().unwrap() {
            assert_eq!(keys(a), ["code", "name", "new_status", "old_status"]);
            assert!(a["code"].is_string() && a["name"].is_string());
            assert!(COMPONENT_STATUSES.contains(&a["old_status"].as_str().unwrap()));
            assert!(COMPONENT_STATUSES.contains(&a["new_status"].as_str().unwrap()));
        }
        // Newest first.
        let at = chrono::DateTime::parse_from_rfc3339(u["display_at"].as_str().unwrap()).unwrap();
        assert!(previous.is_none_or(|p| p >= at), "{i}");
        previous = Some(at);
    }
    // The latest update gives the status (a published postmortem reads "postmortem" over "resolved").
    let latest = if i["status"] == "postmortem" { serde_json::json!("resolved") } else { i["status"].clone() };
    assert_eq!(updates[0]["status"], latest);
}

#[tokio::test]
async fn summary_has_the_page_components_open_incidents_maintenance_and_the_indicator() {
    let (app, _) = demo().await;
    let s = json(&app, "/api/v2/summary.json").await;
    assert_eq!(keys(&s), ["components", "incidents", "page", "scheduled_maintenances", "status"]);
    assert_page(&s["page"]);
    let page_id = &s["page"]["id"];
    // Webhooks is in a partial outage and the open incident is major: the home page's banner.
    assert_eq!(s["status"], serde_json::json!({"indicator": "major", "description": "Partial System Outage"}));
    let html = common::get(&app, "/").await.html();
    assert_eq!(common::texts(&html, "h1"), ["Partial System Outage"]);

    let incidents = s["incidents"].as_array().unwrap();
    assert_eq!(incidents.len(), 1);
    assert_incident(&incidents[0], page_id, false);
    assert_eq!(incidents[0]["name"], "Delayed webhook deliveries");
    assert_eq!(incidents[0]["status"], "identified");
    assert!(incidents[0]["resolved_at"].is_null());
    // It was monitoring once and stepped back; monitoring_at remembers when.
    assert_time(&incidents[0]["monitoring_at"], "monitoring_at");
    let names: Vec<&str> =
        incidents[0]["components"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["REST API", "Webhooks"]);
    let first = incidents[0]["incident_updates"].as_array().unwrap().last().unwrap();
    assert_eq!(
        first["affected_components"][0],
        serde_json::json!({"code": first["affected_components"][0]["code"], "name": "Webhooks",
            "old_status": "operational", "new_status": "partial_outage"})
    );
    assert!(first["body"].as_str().unwrap().contains("**up to 30 minutes late**"));

    let maintenance = s["scheduled_maintenances"].as_array().unwrap();
    assert_eq!(maintenance.len(), 1);
    assert_incident(&maintenance[0], page_id, true);
    assert_eq!(maintenance[0]["status"], "scheduled");
}

#[tokio::test]
async fn components_list_groups_with_their_members_and_leaves() {
    let (app, _) = demo().await;
    let body = json(&app, "/api/v2/components.json").await;
    assert_eq!(keys(&body), ["components", "page"]);
    let page_id = &body["page"]["id"];
    let list = body["components"].as_array().unwrap();
    for c in list {
        assert_component(c, page_id);
    }
    let rows: Vec<(String, bool, String)> = list
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                c["group"].as_bool().unwrap(),
                c["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("Developer APIs", true, "partial_outage"),
        ("REST API", false, "operational"),
        ("OAuth 2.0", false, "operational"),
        ("Webhooks", false, "partial_outage"),
        ("Dashboard", false, "operational"),
        ("Data Platform", true, "operational"),
        ("Data Pipeline", false, "operational"),
        ("Exports", false, "operational"),
    ];
    let expected: Vec<(String, bool, String)> =
        expected.iter().map(|(n, g, s)| (n.to_string(), *g, s.to_string())).collect();
    assert_eq!(rows, expected);
    // Groups name their members; members point back; ids are unique across both.
    let group = &list[0];
    let members: Vec<&Value> = list.iter().filter(|c| c["group_id"] == group["id"]).collect();
    let member_ids: Vec<&Value> = members.iter().map(|c| &c["id"]).collect();
    assert_eq!(group["components"].as_array().unwrap().iter().collect::<Vec<_>>(), member_ids);
    let mut ids: Vec<&str> = list.iter().map(|c| c["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), list.len());
    let dashboard = &list[4];
    assert!(dashboard["group_id"].is_null() && dashboard.get("components").is_none());
}

#[tokio::test]
async fn an_incident_with_a_published_postmortem_says_postmortem_and_is_not_open() {
    let (app, store) = demo().await;
    let body = json(&app, "/api/v2/incidents.json").await;
    let page_id = &body["page"]["id"];
    let list = body["incidents"].as_array().unwrap();
    assert_eq!(list.len(), 5);
    for i in list {
        assert_incident(i, page_id, false);
    }
    // Newest first by start.
    let starts: Vec<&str> = list.iter().map(|i| i["started_at"].as_str().unwrap()).collect();
    let parsed: Vec<_> = starts.iter().map(|s| chrono::DateTime::parse_from_rfc3339(s).unwrap()).collect();
    assert!(parsed.windows(2).all(|w| w[0] >= w[1]), "{starts:?}");
    let elevated = list.iter().find(|i| i["name"] == "Elevated API error rates").unwrap();
    // Statuspage's status once the postmortem is out; still resolved, so not open below.
    assert_eq!(elevated["status"], "postmortem");
    assert!(!elevated["resolved_at"].is_null());
    let id = elevated["id"].as_str().unwrap();
    assert!(store.get_incident(id.parse().unwrap()).await.unwrap().unwrap().published_postmortem().is_some());

    let one = json(&app, &format!("/api/v2/incidents/{id}.json")).await;
    assert_eq!(keys(&one), ["incident", "page"]);
    assert_incident(&one["incident"], page_id, false);
    assert_eq!(one["incident"]["status"], "postmortem");
    assert_eq!(one["incident"]["shortlink"], format!("https://status.example.com/incidents/{id}"));

    let open = json(&app, "/api/v2/incidents/unresolved.json").await;
    let names: Vec<&str> = open["incidents"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Delayed webhook deliveries"]);
}

#[tokio::test]
async fn maintenance_is_listed_by_state() {
    let (app, store) = demo().await;
    let all = json(&app, "/api/v2/scheduled-maintenances.json").await;
    assert_eq!(keys(&all), ["page", "scheduled_maintenances"]);
    let list = all["scheduled_maintenances"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_incident(&list[0], &all["page"]["id"], true);
    let id = list[0]["id"].as_str().unwrap().to_string();
    assert!(id.starts_with('m'), "maintenance ids differ from incident ids: {id}");

    let count = |v: &Value| v["scheduled_maintenances"].as_array().unwrap().len();
    assert_eq!(count(&json(&app, "/api/v2/scheduled-maintenances/upcoming.json").await), 1);
    assert_eq!(count(&json(&app, "/api/v2/scheduled-maintenances/active.json").await), 0);

    let mid: i64 = id[1..].parse().unwrap();
    store
        .post_maintenance_update(
            &Actor::System,
            mid,
            app::domain::MaintenanceStatus::InProgress,
            "Started.",
            None,
            true,
        )
        .await
        .unwrap();
    assert_eq!(count(&json(&app, "/api/v2/scheduled-maintenances/upcoming.json").await), 0);
    let active = json(&app, "/api/v2/scheduled-maintenances/active.json").await;
    assert_eq!(count(&active), 1);
    assert_eq!(active["scheduled_maintenances"][0]["status"], "in_progress");
    assert_eq!(active["scheduled_maintenances"][0]["incident_updates"][0]["body"], "Started.");
    let one = json(&app, &format!("/api/v2/incidents/{id}.json")).await;
    assert_incident(&one["incident"], &one["page"]["id"], true);

    store
        .post_maintenance_update(&Actor::System, mid, app::domain::MaintenanceStatus::Completed, "Done.", None, true)
        .await
        .unwrap();
    let done = json(&app, "/api/v2/scheduled-maintenances.json").await;
    assert_eq!(done["scheduled_maintenances"][0]["status"], "completed");
    assert_time(&done["scheduled_maintenances"][0]["resolved_at"], "resolved_at");
    let summary = json(&app, "/api/v2/summary.json").await;
    assert_eq!(count(&summary), 0);
}

#[tokio::test]
async fn status_is_the_page_and_its_indicator_and_the_page_id_is_stable() {
    let (app, store) = demo().await;
    let s = json(&app, "/api/v2/status.json").await;
    assert_eq!(keys(&s), ["page", "status"]);
    assert_eq!(s["status"]["indicator"], "major");
    assert_eq!(s["page"]["id"], store.page_info().await.unwrap().id);
    let again = json(&app, "/api/v2/components.json").await;
    assert_eq!(again["page"]["id"], s["page"]["id"]);
}

#[tokio::test]
async fn unknown_ids_and_routes_are_json_404s() {
    let (app, _) = demo().await;
    for path in [
        "/api/v2/incidents/999999.json",
        "/api/v2/incidents/abc.json",
        "/api/v2/incidents/1",
        "/api/v2/incidents/m999.json",
        "/api/v2/incidents/%00.json",
        "/api/v2/nothing.json",
    ] {
        let reply = fetch(&app, path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.header("access-control-allow-origin"), "*");
        let body = reply.json();
        assert_eq!(body["error"]["code"], "not_found", "{path}");
        assert!(body["error"]["message"].is_string());
    }
}

#[tokio::test]
async fn head_etag_and_304_work_on_every_route() {
    let (app, _) = demo().await;
    for path in [
        "/api/v2/summary.json",
        "/api/v2/status.json",
        "/api/v2/components.json",
        "/api/v2/incidents.json",
        "/api/v2/incidents/unresolved.json",
        "/api/v2/incidents/1.json",
        "/api/v2/scheduled-maintenances.json",
        "/api/v2/scheduled-maintenances/upcoming.json",
        "/api/v2/scheduled-maintenances/active.json",
    ] {
        let full = fetch(&app, path).await;
        assert_eq!(full.status, StatusCode::OK, "{path}");
        let etag = full.header("etag").to_string();
        assert!(etag.starts_with('"'), "{path}: a strong ETag");
        let head = send_raw(&app, Request::head(path).body(Body::empty()).unwrap()).await;
        assert_eq!(head.status, StatusCode::OK, "{path}");
        assert!(head.body.is_empty(), "{path}");
        assert_eq!(head.header("etag"), etag, "{path}");
        assert_eq!(head.header("access-control-allow-origin"), "*");
        let cached =
            send_raw(&app, Request::get(path).header("if-none-match", &etag).body(Body::empty()).unwrap()).await;
        assert_eq!(cached.status, StatusCode::NOT_MODIFIED, "{path}");
        assert!(cached.body.is_empty());
    }
}

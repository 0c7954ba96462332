//! The date rule (`app::domain::dates`) through every surface: an incident backfilled through the
//! write API (updates shown in 2019, its postmortem published days later, all written today) reads
//! 2019 on its page, in the three feeds (read back by feed-rs) and in API v2, on both engines; and
//! the edit of an incident's details through the API and the console.

use crate::common::{self, add_user, app_with, attrs, call, fetch, get, get_as, send_raw, signed_in, Reply};
use app::domain::{ComponentStatus, Impact, Role};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use chrono::{DateTime, TimeZone, Utc};
use serde_json::{json, Value};
use server::store::{Actor, AuditFilter, NewComponent, NewToken, Store};

const PUBLIC: &[&str] = &["--public-url", "https://status.example.com", "--timezone", "America/Los_Angeles"];

fn t(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2019, 3, d, h, m, 0).unwrap()
}

async fn token(store: &Store) -> String {
    let new = NewToken { name: "replay".into(), role: Role::Editor, expires_at: None };
    store.create_token(&Actor::System, new).await.expect("token").1
}

async fn api(app: &Router, method: &str, path: &str, token: &str, body: Option<Value>) -> Reply {
    let req = Request::builder().method(method).uri(path).header("authorization", format!("Bearer {token}"));
    let (req, body) = match body {
        Some(b) => (req.header("content-type", "application/json"), Body::from(b.to_string())),
        None => (req, Body::empty()),
    };
    send_raw(app, req.body(body).unwrap()).await
}

fn ok(reply: Reply, expected: StatusCode) -> Value {
    assert_eq!(reply.status, expected, "{}", reply.text());
    reply.json()
}

/// An API v2 time (ISO 8601 in the page's zone) as UTC.
fn v2_time(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap_or_else(|| panic!("{v} is not a time"))).unwrap().to_utc()
}

/// A live incident opened first, then one replayed from 2019: written later, changed earlier.
async fn replay(app: &Router, store: &Store) -> (i64, i64) {
    let key = token(store).await;
    let component = store.create_component(&Actor::System, NewComponent::named("API")).await.unwrap();
    let live = json!({"name": "Live", "status": "investigating", "impact": "minor", "body": "Now."});
    let live = ok(api(app, "POST", "/api/v1/incidents", &key, Some(live)).await, StatusCode::CREATED);
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;

    let opened = json!({
        "name": "Replayed 2019 outage", "status": "investigating", "impact": "major", "body": "Looking.",
        "started_at": t(4, 9, 0), "display_at": t(4, 9, 20),
        "components": [{"id": component, "status": "major_outage"}],
    });
    let id = ok(api(app, "POST", "/api/v1/incidents", &key, Some(opened)).await, StatusCode::CREATED)["id"]
        .as_i64()
        .unwrap();
    let update = json!({"status": "identified", "body": "Found it.", "display_at": t(4, 10, 0)});
    ok(api(app, "POST", &format!("/api/v1/incidents/{id}/updates"), &key, Some(update)).await, StatusCode::CREATED);
    let resolve = json!({"display_at": t(4, 12, 0)});
    let resolved =
        ok(api(app, "POST", &format!("/api/v1/incidents/{id}/resolve"), &key, Some(resolve)).await, StatusCode::OK);
    assert_eq!(resolved["updates"][0]["display_at"], json!(t(4, 12, 0)), "resolve takes display_at");
    assert_eq!(resolved["resolved_at"], json!(t(4, 12, 0)));
    let pm = json!({"body": "## What happened\n\nA disk filled."});
    ok(api(app, "PUT", &format!("/api/v1/incidents/{id}/postmortem"), &key, Some(pm)).await, StatusCode::OK);
    let publish = json!({"published_at": t(8, 15, 0)});
    let published = ok(
        api(app, "POST", &format!("/api/v1/incidents/{id}/postmortem/publish"), &key, Some(publish)).await,
        StatusCode::OK,
    );
    assert_eq!(published["postmortem"]["published_at"], json!(t(8, 15, 0)), "the publication time given");
    (live["id"].as_i64().unwrap(), id)
}

async fn every_surface_tells_the_shown_dates(app: Router, store: Store) {
    let (live, id) = replay(&app, &store).await;
    let (first_posted, last_changed, resolved, started) = (t(4, 9, 20), t(8, 15, 0), t(4, 12, 0), t(4, 9, 0));

    // The page: every time it shows is a 2019 one.
    let page = get(&app, &format!("/incidents/{id}")).await.html();
    let times = attrs(&page, "time", "datetime");
    assert!(!times.is_empty() && times.iter().all(|t| t.starts_with("2019-03-0")), "{times:?}");
    for shown in [first_posted, resolved, last_changed, started] {
        assert!(times.contains(&app::time::iso(shown)), "{shown} missing from {times:?}");
    }

    // The feeds, read by feed-rs: the backfilled incident comes after the live one (its last
    // change is years older, though it was written later), dated 2019.
    let tag_of = |feed: &feed_rs::model::Feed, n: i64| {
        feed.entries.iter().find(|e| e.id.ends_with(&format!(":incident/{n}"))).cloned().expect("an entry")
    };
    for path in ["/history.rss", "/history.atom", "/history.json"] {
        let feed = feed_rs::parser::parse(fetch(&app, path).await.body.as_slice()).expect(path);
        let order: Vec<String> = feed.entries.iter().map(|e| e.id.rsplit_once(':').unwrap().1.to_string()).collect();
        assert_eq!(order, [format!("incident/{live}"), format!("incident/{id}")], "{path}: newest shown change first");
        let entry = tag_of(&feed, id);
        if path == "/history.rss" {
            assert_eq!(entry.published, Some(last_changed), "{path}: pubDate is the last change");
        } else {
            assert_eq!(entry.published, Some(first_posted), "{path}");
            assert_eq!(entry.updated, Some(last_changed), "{path}");
        }
        let newest = tag_of(&feed, live).updated.or(tag_of(&feed, live).published).unwrap();
        assert!(newest > last_changed, "{path}: the live incident is the newest change");
        // Ids keep the page's creation day, whatever the entry's dates.
        let created = store.page_info().await.unwrap().created_at.format("%Y-%m-%d").to_string();
        assert_eq!(entry.id, format!("tag:status.example.com,{created}:incident/{id}"), "{path}");
    }

    // API v2: created_at is the backfilled start, updated_at the last change, resolved_at the
    // resolving update; the status says postmortem, and the incident is not open.
    let v2 = fetch(&app, &format!("/api/v2/incidents/{id}.json")).await.json();
    let i = &v2["incident"];
    assert_eq!(v2_time(&i["created_at"]), started);
    assert_eq!(v2_time(&i["updated_at"]), last_changed);
    assert_eq!(v2_time(&i["resolved_at"]), resolved);
    assert_eq!(i["status"], "postmortem");
    assert!(i["created_at"].as_str().unwrap().ends_with("-08:00"), "in the page's zone: {}", i["created_at"]);
    for u in i["incident_updates"].as_array().unwrap() {
        assert_eq!(v2_time(&u["created_at"]), v2_time(&u["display_at"]), "{u}");
        assert!(u["updated_at"].as_str().unwrap().starts_with("2019-"), "{u}");
    }
    let listed = fetch(&app, "/api/v2/incidents.json").await.json();
    let ids: Vec<&str> = listed["incidents"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&id.to_string().as_str()));
    for path in ["/api/v2/summary.json", "/api/v2/incidents/unresolved.json"] {
        let open = fetch(&app, path).await.json();
        let ids: Vec<&str> = open["incidents"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [live.to_string()], "{path}: a postmortem is not open");
    }
}

#[tokio::test]
async fn a_backfilled_incident_reads_its_own_dates_everywhere_on_sqlite() {
    let (app, store) = app_with(PUBLIC, false).await;
    every_surface_tells_the_shown_dates(app, store).await;
}

#[tokio::test]
async fn a_backfilled_incident_reads_its_own_dates_everywhere_on_postgres() {
    let Some(store) = server::testing::fresh_store(server::store::Engine::Postgres).await else { return };
    let app = common::app_on_with(store.clone(), PUBLIC, false).await;
    every_surface_tells_the_shown_dates(app, store).await;
}

#[tokio::test]
async fn a_draft_cannot_be_given_a_publication_time_and_publishing_without_one_is_now() {
    let (app, store) = app_with(PUBLIC, false).await;
    let key = token(&store).await;
    let opened = json!({"name": "X", "status": "resolved", "impact": "minor", "body": "Done."});
    let id = ok(api(&app, "POST", "/api/v1/incidents", &key, Some(opened)).await, StatusCode::CREATED)["id"]
        .as_i64()
        .unwrap();
    let publish = format!("/api/v1/incidents/{id}/postmortem/publish");
    assert_eq!(api(&app, "POST", &publish, &key, None).await.status, StatusCode::CONFLICT, "no postmortem yet");
    ok(
        api(&app, "PUT", &format!("/api/v1/incidents/{id}/postmortem"), &key, Some(json!({"body": "x"}))).await,
        StatusCode::OK,
    );
    let before = Utc::now();
    let published = ok(api(&app, "POST", &publish, &key, None).await, StatusCode::OK);
    let at: DateTime<Utc> = serde_json::from_value(published["postmortem"]["published_at"].clone()).unwrap();
    assert!(at >= before - chrono::Duration::seconds(1), "{at}");
    let bad = api(&app, "POST", &publish, &key, Some(json!({"published_at": "last tuesday"}))).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text());
    assert_eq!(bad.json()["error"]["field"], "published_at");
    // Republishing with a time corrects it.
    let fixed = ok(api(&app, "POST", &publish, &key, Some(json!({"published_at": t(8, 15, 0)}))).await, StatusCode::OK);
    assert_eq!(fixed["postmortem"]["published_at"], json!(t(8, 15, 0)));
    let e = store
        .save_postmortem_at(&Actor::System, id, "x", Some(false), None, None)
        .await
        .and(store.save_postmortem_at(&Actor::System, id, "x", None, Some(t(9, 0, 0)), None).await);
    assert!(matches!(e, Err(server::store::StoreError::Invalid { field: "published_at", .. })), "{e:?}");
}

#[tokio::test]
async fn an_incident_s_details_are_edited_through_the_api_version_checked_and_audited() {
    let (app, store) = app_with(PUBLIC, false).await;
    let key = token(&store).await;
    let a = store.create_component(&Actor::System, NewComponent::named("A")).await.unwrap();
    let b = store.create_component(&Actor::System, NewComponent::named("B")).await.unwrap();
    let opened = json!({"name": "Typo'd titel", "status": "investigating", "impact": "minor", "body": "x",
                        "components": [{"id": a, "status": "partial_outage"}]});
    let opened = ok(api(&app, "POST", "/api/v1/incidents", &key, Some(opened)).await, StatusCode::CREATED);
    let (id, version) = (opened["id"].as_i64().unwrap(), opened["version"].as_i64().unwrap());
    let path = format!("/api/v1/incidents/{id}");
    let page = format!("/incidents/{id}");
    assert!(
        get(&app, &page).await.body.contains("Typo&#x27;d titel")
            || get(&app, &page).await.body.contains("Typo'd titel")
    );

    let stale = json!({"name": "Stale", "version": version - 1});
    let refused = api(&app, "PATCH", &path, &key, Some(stale)).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text());
    for (body, field) in [
        (json!({"name": "  ", "version": version}), "name"),
        (json!({"impact": "huge", "version": version}), "impact"),
        (json!({"components": [999999], "version": version}), "components"),
        (json!({"name": "No version"}), "version"),
    ] {
        let reply = api(&app, "PATCH", &path, &key, Some(body.clone())).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", reply.text());
        assert_eq!(reply.json()["error"]["field"], field, "{body}");
    }
    assert_eq!(store.get_incident(id).await.unwrap().unwrap().title, "Typo'd titel", "nothing half-written");

    let change = json!({"name": "Typo fixed", "impact": "major", "started_at": t(4, 8, 0), "components": [b],
                        "version": version});
    let edited = ok(api(&app, "PATCH", &path, &key, Some(change.clone())).await, StatusCode::OK);
    assert_eq!(edited["name"], "Typo fixed");
    assert_eq!(edited["impact"], "major");
    assert_eq!(edited["started_at"], json!(t(4, 8, 0)));
    assert_eq!(
        edited["components"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect::<Vec<_>>(),
        [b]
    );
    assert!(edited["version"].as_i64().unwrap() > version);
    // The same version again is stale now.
    assert_eq!(api(&app, "PATCH", &path, &key, Some(change)).await.status, StatusCode::CONFLICT);
    // Visible at once, the components' statuses untouched.
    let html = get(&app, &page).await.body;
    assert!(html.contains("Typo fixed") && html.contains("Major impact"), "{html}");
    assert_eq!(store.get_component(a).await.unwrap().unwrap().status, ComponentStatus::PartialOutage);
    assert_eq!(store.get_component(b).await.unwrap().unwrap().status, ComponentStatus::Operational);
    let v2 = fetch(&app, &format!("/api/v2/incidents/{id}.json")).await.json();
    assert_eq!(v2["incident"]["name"], "Typo fixed");
    assert_eq!(v2_time(&v2["incident"]["started_at"]), t(4, 8, 0));

    let filter =
        AuditFilter { action: Some("edit".into()), entity_type: Some("incident".into()), ..Default::default() };
    let entries = store.audit_page(&filter, None, 10).await.unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].actor, "token replay");
    assert_eq!(entries[0].before.as_ref().unwrap()["title"], "Typo'd titel");
    assert_eq!(entries[0].after.as_ref().unwrap()["impact"], "major");
    assert_eq!(entries[0].after.as_ref().unwrap()["components"], json!([b]));

    // The OpenAPI document lists the new fields.
    let doc = fetch(&app, "/api/v1/openapi.json").await.json();
    assert!(doc["paths"]["/api/v1/incidents/{id}"]["patch"].is_object());
    let text = doc.to_string();
    assert!(text.contains("\"published_at\"") && text.contains("IncidentPatch") && text.contains("PublishIn"));
}

#[tokio::test]
async fn the_console_edits_an_incident_s_details_and_gives_a_postmortem_its_date() {
    let (app, store) = app_with(&["--timezone", "UTC"], false).await;
    add_user(&store, "eve@example.com", Role::Editor, "correct horse battery").await;
    let cookie = signed_in(&app, "eve@example.com").await;
    let a = store.create_component(&Actor::System, NewComponent::named("A")).await.unwrap();
    let b = store.create_component(&Actor::System, NewComponent::named("B")).await.unwrap();
    let new = server::store::NewIncident {
        title: "Old".into(),
        impact: Impact::Minor,
        status: app::domain::IncidentStatus::Resolved,
        body: "Done.".into(),
        started_at: Some(t(4, 9, 0)),
        display_at: None,
        changes: vec![server::store::StatusChange { component_id: a, status: ComponentStatus::Operational }],
        notify: false,
    };
    let id = store.create_incident(&Actor::System, new).await.unwrap();
    let version = store.get_incident(id).await.unwrap().unwrap().version;

    let form = get_as(&app, &format!("/admin/incidents/{id}/details"), &cookie).await.html();
    assert_eq!(attrs(&form, "#edit-title", "value"), ["Old"]);
    assert_eq!(attrs(&form, "#edit-started", "value"), ["2019-03-04T09:00"]);
    assert_eq!(attrs(&form, &format!("#affected-{a}"), "checked").len(), 1);
    assert!(attrs(&form, &format!("#affected-{b}"), "checked").is_empty());

    let fields = |v: i64| {
        format!(
            "incident_id={id}&version={v}&title=New&impact=critical&started_at=2019-03-04T08%3A30&affected%5B{b}%5D=on"
        )
    };
    let stale = call(&app, "edit_incident", &fields(version - 1), &cookie).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    let page = call(&app, "edit_incident", &fields(version), &cookie).await;
    assert!(!page.status.is_client_error() && !page.status.is_server_error(), "{} {}", page.status, page.body);
    let edited = store.get_incident(id).await.unwrap().unwrap();
    assert_eq!((edited.title.as_str(), edited.impact, edited.started_at), ("New", Impact::Critical, t(4, 8, 30)));
    assert_eq!(edited.affected.iter().map(|c| c.component_id).collect::<Vec<_>>(), [b]);
    let refused = call(
        &app,
        "edit_incident",
        &format!("incident_id={id}&version={}&title=+&impact=minor", edited.version),
        &cookie,
    )
    .await;
    assert!(refused.status.is_client_error(), "{}", refused.body);
    assert!(refused.refusal().names("title"), "{}", refused.body);

    let pm = format!("incident_id={id}&version=0&body=What+happened.&intent=publish&published_at=2019-03-08T15%3A00");
    let page = call(&app, "save_postmortem", &pm, &cookie).await;
    assert!(!page.status.is_client_error() && !page.status.is_server_error(), "{} {}", page.status, page.body);
    let published = store.get_incident(id).await.unwrap().unwrap().postmortem.unwrap();
    assert_eq!(published.published_at, Some(t(8, 15, 0)));
    let form = get_as(&app, &format!("/admin/incidents/{id}/postmortem"), &cookie).await.html();
    assert_eq!(attrs(&form, "#published_at", "value"), ["2019-03-08T15:00"]);

    // Saving the text again sends the shown minute back: the stored second stays.
    let precise = Utc.with_ymd_and_hms(2019, 3, 8, 15, 0, 42).unwrap();
    store.save_postmortem_at(&Actor::System, id, "What happened.", None, Some(precise), None).await.unwrap();
    let again = format!("incident_id={id}&version=2&body=More.&intent=draft&published_at=2019-03-08T15%3A00");
    let page = call(&app, "save_postmortem", &again, &cookie).await;
    assert!(!page.status.is_client_error() && !page.status.is_server_error(), "{} {}", page.status, page.body);
    let kept = store.get_incident(id).await.unwrap().unwrap().postmortem.unwrap();
    assert_eq!((kept.body.as_str(), kept.published_at), ("More.", Some(precise)));
}

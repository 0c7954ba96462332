//! The write API v1 through the real router on a fresh database: each resource's success path,
//! and its 401, 403, 404, 409 and 422 answers; its OpenAPI document against the router.

use crate::common;
use crate::common::{app, app_with, fetch, send_raw, Reply};
use app::domain::Role;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use chrono::{Duration, Utc};
use serde_json::{json, Value};
use server::store::{Actor, NewToken, Store};

async fn token(store: &Store, name: &str, role: Role) -> String {
    let new = NewToken { name: name.into(), role, expires_at: None };
    store.create_token(&Actor::System, new).await.expect("token").1
}

async fn call(app: &Router, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> Reply {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let body = match body {
        Some(b) => {
            req = req.header("content-type", "application/json");
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    send_raw(app, req.body(body).expect("request")).await
}

/// Asserts the error shape and returns (code, field).
fn error(reply: &Reply, status: StatusCode) -> (String, Option<String>) {
    assert_eq!(reply.status, status, "{}", reply.text());
    assert_eq!(reply.header("content-type"), "application/json");
    let e = &reply.json()["error"];
    assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{e}");
    (e["code"].as_str().expect("code").to_string(), e["field"].as_str().map(str::to_string))
}

async fn component_id(store: &Store, name: &str) -> i64 {
    store.list_components().await.unwrap().into_iter().find(|c| c.name == name).expect(name).id
}

#[tokio::test]
async fn an_incident_is_opened_updated_resolved_and_given_a_postmortem_on_sqlite() {
    let (app, store) = app_with(&["--public-url", "https://status.example.com"], true).await;
    incident_lifecycle(app, store).await;
}

#[tokio::test]
async fn an_incident_is_opened_updated_resolved_and_given_a_postmortem_on_postgres() {
    let Some(store) = server::testing::fresh_store(server::store::Engine::Postgres).await else { return };
    let app = common::app_on_with(store.clone(), &["--public-url", "https://status.example.com"], true).await;
    incident_lifecycle(app, store).await;
}

async fn incident_lifecycle(app: Router, store: Store) {
    let editor = token(&store, "alertmanager", Role::Editor).await;
    let api = component_id(&store, "Dashboard").await;
    let t = Some(editor.as_str());

    let opened = call(
        &app,
        "POST",
        "/api/v1/incidents",
        t,
        Some(json!({
            "name": "Elevated API errors", "status": "investigating", "impact": "major",
            "body": "We are looking into **errors**.", "components": [{"id": api, "status": "major_outage"}]
        })),
    )
    .await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.text());
    let incident = opened.json();
    let id = incident["id"].as_i64().unwrap();
    assert_eq!(incident["status"], "investigating");
    assert_eq!(incident["url"], format!("https://status.example.com/incidents/{id}"));
    assert_eq!(incident["components"][0]["id"], api);
    assert_eq!(incident["updates"][0]["component_changes"][0]["new_status"], "major_outage");
    let version = incident["version"].as_i64().unwrap();

    // The public side shows it at once.
    let unresolved = fetch(&app, "/api/v2/incidents/unresolved.json").await.json();
    assert!(unresolved["incidents"].as_array().unwrap().iter().any(|i| i["name"] == "Elevated API errors"));

    let path = format!("/api/v1/incidents/{id}/updates");
    let update = json!({"status": "identified", "body": "A bad deploy.", "version": version});
    let identified = call(&app, "POST", &path, t, Some(update.clone())).await;
    assert_eq!(identified.status, StatusCode::CREATED, "{}", identified.text());
    assert_eq!(identified.json()["status"], "identified");
    // The same version again is stale now.
    assert_eq!(error(&call(&app, "POST", &path, t, Some(update)).await, StatusCode::CONFLICT).0, "conflict");

    let first = &identified.json()["updates"][0];
    let (update_id, update_version) = (first["id"].as_i64().unwrap(), first["version"].as_i64().unwrap());
    let edit_path = format!("/api/v1/incidents/{id}/updates/{update_id}");
    let edit = json!({"body": "A bad deploy of the router.", "version": update_version});
    let edited = call(&app, "PATCH", &edit_path, t, Some(edit.clone())).await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text());
    assert_eq!(edited.json()["updates"][0]["body"], "A bad deploy of the router.");
    assert_eq!(error(&call(&app, "PATCH", &edit_path, t, Some(edit)).await, StatusCode::CONFLICT).0, "conflict");

    let resolved = call(&app, "POST", &format!("/api/v1/incidents/{id}/resolve"), t, None).await;
    assert_eq!(resolved.status, StatusCode::OK, "{}", resolved.text());
    let resolved = resolved.json();
    assert_eq!(resolved["status"], "resolved");
    assert!(resolved["resolved_at"].is_string());
    assert_eq!(resolved["updates"][0]["component_changes"][0]["new_status"], "operational");
    let component = call(&app, "GET", &format!("/api/v1/components/{api}"), t, None).await.json();
    assert_eq!(component["status"], "operational");

    let pm = format!("/api/v1/incidents/{id}/postmortem");
    let saved = call(&app, "PUT", &pm, t, Some(json!({"body": "## What happened\nA deploy."}))).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    assert!(saved.json()["postmortem"]["published_at"].is_null());
    let pm_version = saved.json()["postmortem"]["version"].as_i64().unwrap();
    let stale = json!({"body": "older text", "version": pm_version - 1});
    assert_eq!(error(&call(&app, "PUT", &pm, t, Some(stale)).await, StatusCode::CONFLICT).0, "conflict");
    let published = call(&app, "POST", &format!("{pm}/publish"), t, None).await;
    assert!(published.json()["postmortem"]["published_at"].is_string(), "{}", published.text());
    let v2 = fetch(&app, &format!("/api/v2/incidents/{id}.json")).await.json();
    assert_eq!(v2["incident"]["status"], "postmortem", "Statuspage's status once the postmortem is out");
    let open = fetch(&app, "/api/v2/incidents/unresolved.json").await.json();
    let open: Vec<&str> = open["incidents"].as_array().unwrap().iter().filter_map(|i| i["id"].as_str()).collect();
    assert!(!open.is_empty() && !open.contains(&id.to_string().as_str()), "and it is not open: {open:?}");
    let unpublished = call(&app, "POST", &format!("{pm}/unpublish"), t, None).await;
    assert!(unpublished.json()["postmortem"]["published_at"].is_null());

    // Every change is in the audit log under the token's name.
    let audit = store.recent_audit(50).await.unwrap();
    let by_token = audit.iter().filter(|e| e.actor == "token alertmanager").count();
    assert!(by_token >= 6, "{audit:#?}");
    let listed = call(&app, "GET", "/api/v1/incidents?limit=2", t, None).await.json();
    assert_eq!(listed["incidents"].as_array().unwrap().len(), 2);
    let next = listed["next"].as_str().expect("a next page");
    let older = call(&app, "GET", &format!("/api/v1/incidents?limit=2&before={next}"), t, None).await.json();
    assert_ne!(older["incidents"][0]["id"], listed["incidents"][0]["id"]);
    let open = call(&app, "GET", "/api/v1/incidents?state=open", t, None).await.json();
    assert!(open["incidents"].as_array().unwrap().iter().all(|i| i["status"] != "resolved"));
}

#[tokio::test]
async fn updates_can_be_deleted_and_belong_to_their_incident() {
    let (app, store) = app("UTC", true).await;
    let t = token(&store, "ops", Role::Editor).await;
    let t = Some(t.as_str());
    let body = json!({"name": "Slow", "status": "investigating", "impact": "minor", "body": "Looking."});
    let a = call(&app, "POST", "/api/v1/incidents", t, Some(body.clone())).await.json();
    let b = call(&app, "POST", "/api/v1/incidents", t, Some(body)).await.json();
    let (a_id, b_id) = (a["id"].as_i64().unwrap(), b["id"].as_i64().unwrap());
    let posted = call(
        &app,
        "POST",
        &format!("/api/v1/incidents/{a_id}/updates"),
        t,
        Some(json!({"status": "monitoring", "body": "Fix out."})),
    )
    .await
    .json();
    let newest = posted["updates"][0]["id"].as_i64().unwrap();
    // Another incident's update is not found through this one.
    let wrong = call(&app, "DELETE", &format!("/api/v1/incidents/{b_id}/updates/{newest}"), t, None).await;
    assert_eq!(error(&wrong, StatusCode::NOT_FOUND).0, "not_found");
    let deleted = call(&app, "DELETE", &format!("/api/v1/incidents/{a_id}/updates/{newest}"), t, None).await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.text());
    assert_eq!(deleted.json()["status"], "investigating");
    assert_eq!(deleted.json()["updates"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn components_groups_and_maintenance_are_managed() {
    let (app, store) = app("UTC", false).await;
    let admin = token(&store, "terraform", Role::Admin).await;
    let editor = token(&store, "bot", Role::Editor).await;
    let (a, e) = (Some(admin.as_str()), Some(editor.as_str()));

    let group = call(&app, "POST", "/api/v1/groups", a, Some(json!({"name": "Core", "position": 1}))).await;
    assert_eq!(group.status, StatusCode::CREATED, "{}", group.text());
    let group_id = group.json()["id"].as_i64().unwrap();
    let renamed =
        call(&app, "PATCH", &format!("/api/v1/groups/{group_id}"), a, Some(json!({"name": "Core services"}))).await;
    assert_eq!(renamed.json()["name"], "Core services");

    let made = call(&app, "POST", "/api/v1/components", a, Some(json!({"name": "API", "group_id": group_id}))).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text());
    let made = made.json();
    assert_eq!((made["status"].as_str(), made["visible"].as_bool()), (Some("operational"), Some(true)));
    let id = made["id"].as_i64().unwrap();
    let path = format!("/api/v1/components/{id}");

    // An editor may set the status, but not change the details.
    let degraded = call(&app, "PATCH", &path, e, Some(json!({"status": "degraded_performance"}))).await;
    assert_eq!(degraded.json()["status"], "degraded_performance", "{}", degraded.text());
    let (code, _) =
        error(&call(&app, "PATCH", &path, e, Some(json!({"name": "Renamed"}))).await, StatusCode::FORBIDDEN);
    assert_eq!(code, "forbidden");
    let both =
        call(&app, "PATCH", &path, a, Some(json!({"name": "Public API", "status": "operational", "group_id": 0})))
            .await;
    let both = both.json();
    assert_eq!((both["name"].as_str(), both["status"].as_str()), (Some("Public API"), Some("operational")));
    assert!(both["group_id"].is_null());
    // A change of details made on an older version is refused; the status alone needs none.
    let version = both["version"].as_i64().unwrap();
    let stale = json!({"description": "old view", "version": version - 1});
    assert_eq!(error(&call(&app, "PATCH", &path, a, Some(stale)).await, StatusCode::CONFLICT).0, "conflict");
    let fresh = call(&app, "PATCH", &path, a, Some(json!({"description": "Public", "version": version}))).await;
    assert_eq!(fresh.json()["version"], version + 1, "{}", fresh.text());
    // Details and status change in one write: a refused detail leaves the status as it was.
    let refused = json!({"name": "Spare", "status": "major_outage"});
    let _ = call(&app, "POST", "/api/v1/components", a, Some(json!({"name": "Spare"}))).await;
    assert_eq!(
        error(&call(&app, "PATCH", &path, a, Some(refused)).await, StatusCode::UNPROCESSABLE_ENTITY).0,
        "invalid"
    );
    assert_eq!(call(&app, "GET", &path, e, None).await.json()["status"], "operational");
    let listed = call(&app, "GET", "/api/v1/components", e, None).await.json();
    assert_eq!(listed["components"].as_array().unwrap().len(), 2);
    // Names are unique on a page.
    let dup = call(&app, "POST", "/api/v1/components", a, Some(json!({"name": "Public API"}))).await;
    assert_eq!(error(&dup, StatusCode::UNPROCESSABLE_ENTITY).1.as_deref(), Some("name"));

    let start = Utc::now() + Duration::hours(1);
    let window = json!({"name": "Database upgrade", "body": "Planned.", "scheduled_for": start,
                        "scheduled_until": start + Duration::hours(2), "components": [id]});
    let scheduled = call(&app, "POST", "/api/v1/maintenance", e, Some(window)).await;
    assert_eq!(scheduled.status, StatusCode::CREATED, "{}", scheduled.text());
    let m = scheduled.json();
    assert_eq!((m["status"].as_str(), m["components"][0]["id"].as_i64()), (Some("scheduled"), Some(id)));
    let mid = m["id"].as_i64().unwrap();
    let started = call(
        &app,
        "POST",
        &format!("/api/v1/maintenance/{mid}/updates"),
        e,
        Some(json!({"status": "in_progress", "body": "Started."})),
    )
    .await;
    assert_eq!(started.json()["status"], "in_progress", "{}", started.text());
    assert_eq!(call(&app, "GET", &path, e, None).await.json()["status"], "under_maintenance");
    assert_eq!(call(&app, "GET", "/api/v1/maintenance", e, None).await.json()["maintenance"][0]["id"], mid);
    let backwards = json!({"name": "Backwards", "body": "x", "scheduled_for": start, "scheduled_until": start});
    let refused = call(&app, "POST", "/api/v1/maintenance", e, Some(backwards)).await;
    assert_eq!(error(&refused, StatusCode::UNPROCESSABLE_ENTITY).1.as_deref(), Some("scheduled_until"));

    // A component with history is not deleted; a new one is; so is the group.
    let kept = call(&app, "DELETE", &path, a, None).await;
    assert_eq!(error(&kept, StatusCode::CONFLICT).0, "conflict");
    let spare = call(&app, "POST", "/api/v1/components", a, Some(json!({"name": "Spare 2"}))).await.json();
    let gone = call(&app, "DELETE", &format!("/api/v1/components/{}", spare["id"]), a, None).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert_eq!(
        call(&app, "DELETE", &format!("/api/v1/groups/{group_id}"), a, None).await.status,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn calls_without_a_usable_token_get_401() {
    let (app, store) = app("UTC", true).await;
    let good = token(&store, "good", Role::Editor).await;
    let revoked = token(&store, "old", Role::Editor).await;
    let expiring = token(&store, "temp", Role::Editor).await;
    let tokens = store.list_tokens().await.unwrap();
    let id_of = |name: &str| tokens.iter().find(|t| t.name == name).unwrap().id;
    store.revoke_token(&Actor::System, id_of("old")).await.unwrap();
    sqlx::query("UPDATE api_tokens SET expires_at = $1 WHERE id = $2")
        .bind((Utc::now() - Duration::minutes(1)).timestamp_millis())
        .bind(id_of("temp"))
        .execute(store.pool())
        .await
        .unwrap();

    for (token, says) in [
        (None, "send a token"),
        (Some("bcn_0000"), "not valid"),
        (Some("not-even-a-token"), "not valid"),
        (Some(revoked.as_str()), "revoked"),
        (Some(expiring.as_str()), "expired"),
    ] {
        let reply = call(&app, "GET", "/api/v1/components", token, None).await;
        assert_eq!(error(&reply, StatusCode::UNAUTHORIZED).0, "unauthorized");
        assert!(reply.json()["error"]["message"].as_str().unwrap().contains(says), "{}", reply.text());
        assert_eq!(reply.header("www-authenticate"), "Bearer realm=\"beacon\"");
    }
    let basic = Request::get("/api/v1/components").header("authorization", "Basic YTpi").body(Body::empty()).unwrap();
    assert_eq!(send_raw(&app, basic).await.status, StatusCode::UNAUTHORIZED);
    // A write without a token changes nothing.
    let body = json!({"name": "x", "status": "investigating", "impact": "minor", "body": "x"});
    let before = store.recent_incidents(100).await.unwrap().len();
    assert_eq!(call(&app, "POST", "/api/v1/incidents", None, Some(body)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(store.recent_incidents(100).await.unwrap().len(), before);

    assert!(store.get_token(id_of("good")).await.unwrap().unwrap().last_used_at.is_none());
    assert_eq!(call(&app, "GET", "/api/v1/components", Some(&good), None).await.status, StatusCode::OK);
    assert!(store.get_token(id_of("good")).await.unwrap().unwrap().last_used_at.is_some(), "the last use is kept");
}

#[tokio::test]
async fn editors_get_403_from_admin_only_calls() {
    let (app, store) = app("UTC", true).await;
    let t = token(&store, "bot", Role::Editor).await;
    let t = Some(t.as_str());
    let incident = store.recent_incidents(1).await.unwrap()[0].id;
    let component = store.list_components().await.unwrap()[0].id;
    for (method, path, body) in [
        ("POST", "/api/v1/components".to_string(), Some(json!({"name": "New"}))),
        ("DELETE", format!("/api/v1/components/{component}"), None),
        ("POST", "/api/v1/groups".to_string(), Some(json!({"name": "New"}))),
        ("DELETE", format!("/api/v1/incidents/{incident}"), None),
    ] {
        let reply = call(&app, method, &path, t, body).await;
        assert_eq!(error(&reply, StatusCode::FORBIDDEN).0, "forbidden", "{method} {path}");
    }
    assert!(store.get_incident(incident).await.unwrap().is_some());
}

#[tokio::test]
async fn unknown_things_get_404() {
    let (app, store) = app("UTC", true).await;
    let t = token(&store, "bot", Role::Admin).await;
    let t = Some(t.as_str());
    for (method, path) in [
        ("GET", "/api/v1/incidents/999999"),
        ("GET", "/api/v1/incidents/abc"),
        ("GET", "/api/v1/components/999999"),
        ("GET", "/api/v1/maintenance/999999"),
        ("DELETE", "/api/v1/incidents/999999"),
        ("PATCH", "/api/v1/groups/999999"),
        ("GET", "/api/v1/no-such-thing"),
    ] {
        let body = (method == "PATCH").then(|| json!({"name": "x"}));
        assert_eq!(error(&call(&app, method, path, t, body).await, StatusCode::NOT_FOUND).0, "not_found", "{path}");
    }
    let update = json!({"status": "identified", "body": "x"});
    let reply = call(&app, "POST", "/api/v1/incidents/999999/updates", t, Some(update)).await;
    assert_eq!(error(&reply, StatusCode::NOT_FOUND).0, "not_found");
}

#[tokio::test]
async fn bad_bodies_are_refused_naming_the_field() {
    let (app, store) = app("UTC", true).await;
    let secret = token(&store, "bot", Role::Editor).await;
    let t = Some(secret.as_str());
    let valid = json!({"name": "Down", "status": "investigating", "impact": "major", "body": "x"});
    let with = |key: &str, value: Value| {
        let mut v = valid.clone();
        v[key] = value;
        v
    };
    let mut missing = valid.clone();
    missing.as_object_mut().unwrap().remove("name");
    for (body, field) in [
        (with("status", json!("broken")), "status"),
        (with("impact", json!("apocalyptic")), "impact"),
        (with("name", json!("   ")), "name"),
        (with("body", json!(42)), "body"),
        (with("started_at", json!("yesterday")), "started_at"),
        (with("components", json!([{"id": 1, "status": "on_fire"}])), "components[0].status"),
        (with("components", json!([{"id": 999999, "status": "major_outage"}])), "components"),
        (with("colour", json!("red")), "colour"),
        (missing, "name"),
    ] {
        let reply = call(&app, "POST", "/api/v1/incidents", t, Some(body.clone())).await;
        let (code, got) = error(&reply, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!((code.as_str(), got.as_deref()), ("invalid", Some(field)), "{body}: {}", reply.text());
    }
    // Not JSON: 400; not sent as JSON: 415.
    let raw = |ct: &str, body: &str| {
        Request::post("/api/v1/incidents")
            .header("authorization", format!("Bearer {secret}"))
            .header("content-type", ct)
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let reply = send_raw(&app, raw("application/json", "{\"name\": ")).await;
    assert_eq!(error(&reply, StatusCode::BAD_REQUEST).0, "malformed");
    let reply = send_raw(&app, raw("text/plain", &valid.to_string())).await;
    assert_eq!(error(&reply, StatusCode::UNSUPPORTED_MEDIA_TYPE).0, "unsupported_media_type");
    let reply = call(&app, "GET", "/api/v1/incidents?limit=0", t, None).await;
    assert_eq!(error(&reply, StatusCode::UNPROCESSABLE_ENTITY).1.as_deref(), Some("limit"));
    // Nothing was written by any of them.
    assert!(store.recent_audit(100).await.unwrap().iter().all(|e| e.actor != "token bot"));
}

/// The document is OpenAPI 3.1 (read by an independent parser), and it and the router agree:
/// every documented operation is served, and answers as documented without a token.
#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let (app, store) = app("UTC", true).await;
    let reply = fetch(&app, "/api/v1/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    let spec = oas3::from_json(reply.text()).expect("a valid OpenAPI 3.1 document");
    assert!(spec.openapi.starts_with("3.1"), "{}", spec.openapi);
    let doc = reply.json();
    let documented: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| ops.as_object().unwrap().keys().map(move |m| (m.to_uppercase(), path.clone())))
        .collect();
    let table: Vec<(String, String)> =
        server::api::v1::operations().iter().map(|op| (op.method.to_string(), op.path.to_string())).collect();
    assert_eq!(documented.len(), table.len());
    // Resolve may be called without a body; opening an incident may not.
    assert_eq!(doc["paths"]["/api/v1/incidents/{id}/resolve"]["post"]["requestBody"]["required"], false);
    assert_eq!(doc["paths"]["/api/v1/incidents"]["post"]["requestBody"]["required"], true);
    for entry in &table {
        assert!(documented.contains(entry), "{entry:?} is not documented");
    }
    // Every documented route is served: without a token, 401 (not 404 or 405).
    for (method, path) in &documented {
        let concrete = path.replace("{id}", "1").replace("{update_id}", "1");
        let reply = call(&app, method, &concrete, None, None).await;
        let expected = if path.ends_with("openapi.json") { StatusCode::OK } else { StatusCode::UNAUTHORIZED };
        assert_eq!(reply.status, expected, "{method} {path}");
    }
    // The router's v1 routes come only from the table.
    let sources = concat!(env!("CARGO_MANIFEST_DIR"), "/src/api/v1");
    for entry in std::fs::read_dir(sources).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let outside = text.matches(".route(").count();
        assert!(outside <= 3, "a v1 route added outside `operations()`");
    }
    // Answers match their documented schemas.
    let t = token(&store, "bot", Role::Editor).await;
    let incident = store.recent_incidents(1).await.unwrap()[0].id;
    let schemas = &doc["components"]["schemas"];
    for (path, schema) in [
        (format!("/api/v1/incidents/{incident}"), "IncidentOut"),
        ("/api/v1/incidents".to_string(), "IncidentList"),
        ("/api/v1/components".to_string(), "ComponentList"),
        ("/api/v1/maintenance".to_string(), "MaintenanceList"),
    ] {
        let mut schema = schemas[schema].clone();
        schema["$defs"] = schemas.clone();
        let text = serde_json::to_string(&schema).unwrap().replace("#/components/schemas/", "#/$defs/");
        let validator = jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).expect("a schema");
        let body = call(&app, "GET", &path, Some(&t), None).await.json();
        let errors: Vec<String> = validator.iter_errors(&body).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{path}: {errors:?}");
    }
}

#[tokio::test]
async fn a_token_never_does_more_than_the_person_who_made_it_may() {
    let (app, store) = app("UTC", true).await;
    let ada = common::add_user(&store, "ada@example.com", Role::Admin, "correct horse battery").await;
    common::add_user(&store, "bob@example.com", Role::Admin, "correct horse battery").await;
    let by_ada = Actor::User { id: ada, email: "ada@example.com".into() };
    let new = NewToken { name: "ada's".into(), role: Role::Admin, expires_at: None };
    let secret = store.create_token(&by_ada, new).await.unwrap().1;
    let cli = token(&store, "cli", Role::Admin).await;
    let group = |name: &str| Some(json!({ "name": name }));
    assert_eq!(call(&app, "POST", "/api/v1/groups", Some(&secret), group("One")).await.status, StatusCode::CREATED);

    // Ada becomes an editor: her token acts as an editor's (statuses yes, the list no).
    store.set_user_role(&Actor::System, ada, Role::Editor).await.unwrap();
    let refused = call(&app, "POST", "/api/v1/groups", Some(&secret), group("Two")).await;
    assert_eq!(error(&refused, StatusCode::FORBIDDEN).0, "forbidden");
    assert!(refused.text().contains("no longer an admin"), "{}", refused.text());
    let api = component_id(&store, "REST API").await;
    let status = Some(json!({ "status": "degraded_performance" }));
    let path = format!("/api/v1/components/{api}");
    assert_eq!(call(&app, "PATCH", &path, Some(&secret), status.clone()).await.status, StatusCode::OK);

    // Her account disabled: the token stops; enabled again, it works again.
    store.set_user_disabled(&Actor::System, ada, true).await.unwrap();
    let refused = call(&app, "PATCH", &path, Some(&secret), status.clone()).await;
    assert_eq!(error(&refused, StatusCode::UNAUTHORIZED).0, "unauthorized");
    assert!(refused.text().contains("disabled"), "{}", refused.text());
    let listed = store.list_tokens().await.unwrap();
    let t = listed.iter().find(|t| t.name == "ada's").unwrap();
    assert_eq!(t.state(Utc::now()), app::domain::TokenState::Suspended);
    store.set_user_disabled(&Actor::System, ada, false).await.unwrap();
    assert_eq!(call(&app, "PATCH", &path, Some(&secret), status).await.status, StatusCode::OK);

    // A token made on the command line belongs to no one and keeps its role.
    assert_eq!(call(&app, "POST", "/api/v1/groups", Some(&cli), group("Three")).await.status, StatusCode::CREATED);
}

/// A validator for one of the document's request or answer schemas.
fn validator_for(doc: &Value, name: &str) -> jsonschema::Validator {
    let schemas = &doc["components"]["schemas"];
    let mut schema = schemas[name].clone();
    schema["$defs"] = schemas.clone();
    let text = serde_json::to_string(&schema).unwrap().replace("#/components/schemas/", "#/$defs/");
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).expect("a schema")
}

/// Schemathesis found valid requests the API refused (issue 10). Names and texts: the document
/// now says what the store requires, and the two agree on every sample, edge cases included.
#[tokio::test]
async fn the_document_allows_exactly_the_names_and_texts_the_api_accepts() {
    let (app, store) = app("UTC", true).await;
    let t = token(&store, "bot", Role::Admin).await;
    let t = Some(t.as_str());
    let doc = fetch(&app, "/api/v1/openapi.json").await.json();
    let incident = validator_for(&doc, "NewIncidentIn");
    let group = validator_for(&doc, "GroupIn");
    let long = |n: usize| "x".repeat(n);
    let names = [
        "".to_string(),
        "   ".into(),
        "\u{3000}\u{a0}".into(),
        "a\u{7}b".into(),
        "tab\tinside".into(),
        "line\nbreak".into(),
        " \n trimmed \t ".into(),
        "\u{85}next line\u{85}".into(),
        "é".into(),
        "x".into(),
        long(100),
        format!("  {}  ", long(100)),
        long(101),
        long(200),
        long(201),
    ];
    for (n, name) in names.iter().enumerate() {
        let body = json!({"name": name, "status": "investigating", "impact": "minor", "body": ""});
        let reply = call(&app, "POST", "/api/v1/incidents", t, Some(body.clone())).await;
        assert_eq!(
            incident.is_valid(&body),
            reply.status == StatusCode::CREATED,
            "incident {name:?}: {}",
            reply.text()
        );
        // Group names are unique: make each one so.
        let body = json!({"name": format!("{name}{}", if name.trim().is_empty() { String::new() } else { n.to_string() }), "description": name});
        let reply = call(&app, "POST", "/api/v1/groups", t, Some(body.clone())).await;
        assert_eq!(group.is_valid(&body), reply.status == StatusCode::CREATED, "group {body}: {}", reply.text());
    }
    for text in ["", "line\r\nbreaks\tand tabs", "bell\u{7}", "nul\u{0}", "del\u{7f}", "esc\u{1b}[0m"] {
        let body = json!({"name": "Down", "status": "investigating", "impact": "minor", "body": text});
        let reply = call(&app, "POST", "/api/v1/incidents", t, Some(body.clone())).await;
        assert_eq!(incident.is_valid(&body), reply.status == StatusCode::CREATED, "body {text:?}: {}", reply.text());
    }
    // The refusal itself is unchanged: 422 naming the field.
    let blank = json!({"name": " ", "status": "investigating", "impact": "minor", "body": ""});
    let reply = call(&app, "POST", "/api/v1/incidents", t, Some(blank)).await;
    assert_eq!(error(&reply, StatusCode::UNPROCESSABLE_ENTITY), ("invalid".into(), Some("name".into())));
}

/// JSON has one kind of number: `3.0` is the integer 3, as JSON Schema's `integer` says, so ids,
/// versions and positions may come from writers that send every number with a fraction.
#[tokio::test]
async fn whole_numbers_may_be_sent_as_floats() {
    let (app, store) = app("UTC", true).await;
    let t = token(&store, "bot", Role::Admin).await;
    let t = Some(t.as_str());
    let api = component_id(&store, "Dashboard").await;
    let body = json!({"name": "Slow", "status": "investigating", "impact": "minor", "body": "",
                      "components": [{"id": api as f64, "status": "degraded_performance"}]});
    assert!(body.to_string().contains(&format!("{api}.0")), "{body}");
    let opened = call(&app, "POST", "/api/v1/incidents", t, Some(body)).await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.text());
    let id = opened.json()["id"].as_i64().unwrap();
    assert_eq!(opened.json()["components"][0]["id"], api);
    let update = json!({"status": "identified", "body": "found", "version": 1.0});
    let reply = call(&app, "POST", &format!("/api/v1/incidents/{id}/updates"), t, Some(update)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let patch = json!({"position": 4e0});
    let reply = call(&app, "PATCH", &format!("/api/v1/components/{api}"), t, Some(patch)).await;
    assert_eq!(reply.json()["position"], 4, "{}", reply.text());
    // A fraction, or a number no i64 holds, is still refused naming the field.
    for (version, field) in [(json!(1.5), "version"), (json!(1e19), "version")] {
        let update = json!({"status": "identified", "body": "x", "version": version});
        let reply = call(&app, "POST", &format!("/api/v1/incidents/{id}/updates"), t, Some(update)).await;
        assert_eq!(error(&reply, StatusCode::UNPROCESSABLE_ENTITY).1.as_deref(), Some(field), "{version}");
    }
}

/// `state` takes one value, `open`, and the document says so; an empty `state=` is refused as
/// any other unknown state, as is a `before` that is no cursor, whatever `state` says.
#[tokio::test]
async fn the_incident_list_query_is_documented_as_it_is_read() {
    let (app, store) = app("UTC", true).await;
    let t = token(&store, "bot", Role::Editor).await;
    let t = Some(t.as_str());
    let doc = fetch(&app, "/api/v1/openapi.json").await.json();
    let params = doc["paths"]["/api/v1/incidents"]["get"]["parameters"].as_array().unwrap().clone();
    let param = |name: &str| params.iter().find(|p| p["name"] == name).expect(name)["schema"].clone();
    assert_eq!(param("state")["enum"], json!(["open"]));
    assert_eq!((param("limit")["minimum"].clone(), param("limit")["maximum"].clone()), (json!(1), json!(100)));
    assert!(param("before")["pattern"].is_string());
    for (query, field) in [
        ("state=", "state"),
        ("state=closed", "state"),
        ("state=open&before=", "before"),
        ("before=x.1", "before"),
        ("limit=101", "limit"),
    ] {
        let reply = call(&app, "GET", &format!("/api/v1/incidents?{query}"), t, None).await;
        assert_eq!(error(&reply, StatusCode::UNPROCESSABLE_ENTITY).1.as_deref(), Some(field), "{query}");
    }
    let first = call(&app, "GET", "/api/v1/incidents?limit=1", t, None).await.json();
    let next = first["next"].as_str().expect("more than one incident in the demo data").to_string();
    let reply = call(&app, "GET", &format!("/api/v1/incidents?limit=1&before={next}"), t, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(call(&app, "GET", "/api/v1/incidents?state=open", t, None).await.status, StatusCode::OK);
}

/// Publishing (or withdrawing) a postmortem that was never saved: the incident is there, its
/// state does not allow it yet — 409, not the 404 that says the incident is gone.
#[tokio::test]
async fn publishing_a_postmortem_never_saved_is_a_conflict() {
    let (app, store) = app("UTC", true).await;
    let t = token(&store, "bot", Role::Editor).await;
    let t = Some(t.as_str());
    let body = json!({"name": "Down", "status": "investigating", "impact": "minor", "body": ""});
    let id = call(&app, "POST", "/api/v1/incidents", t, Some(body)).await.json()["id"].as_i64().unwrap();
    for action in ["publish", "unpublish"] {
        let reply = call(&app, "POST", &format!("/api/v1/incidents/{id}/postmortem/{action}"), t, None).await;
        let (code, _) = error(&reply, StatusCode::CONFLICT);
        assert_eq!(code, "conflict");
        assert!(reply.json()["error"]["message"].as_str().unwrap().contains("PUT"), "{}", reply.text());
    }
    let reply = call(&app, "POST", "/api/v1/incidents/999999/postmortem/publish", t, None).await;
    assert_eq!(error(&reply, StatusCode::NOT_FOUND).0, "not_found");
}

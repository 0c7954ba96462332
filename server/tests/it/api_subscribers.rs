//! Subscribers on the write API v1 (admin tokens only): add, list, read, remove, the webhook
//! secret answered once, refusals naming their field; and `deliver_notifications` on incident
//! and maintenance writes.

use crate::common::{app_with, fetch, send_raw, Reply};
use app::domain::Role;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use server::store::{Actor, NewToken, Store};

async fn token(store: &Store, role: Role) -> String {
    let new = NewToken { name: format!("{role} bot"), role, expires_at: None };
    store.create_token(&Actor::System, new).await.expect("token").1
}

async fn call(app: &Router, method: &str, path: &str, token: &str, body: Option<Value>) -> Reply {
    let mut req = Request::builder().method(method).uri(path).header("authorization", format!("Bearer {token}"));
    let body = match body {
        Some(b) => {
            req = req.header("content-type", "application/json");
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    send_raw(app, req.body(body).expect("request")).await
}

fn refused_field(reply: &Reply, status: StatusCode) -> Option<String> {
    assert_eq!(reply.status, status, "{}", reply.text());
    reply.json()["error"]["field"].as_str().map(str::to_string)
}

/// A validator for one of the document's schemas.
fn validator_for(doc: &Value, name: &str) -> jsonschema::Validator {
    let schemas = &doc["components"]["schemas"];
    let mut schema = schemas[name].clone();
    schema["$defs"] = schemas.clone();
    let text = serde_json::to_string(&schema).unwrap().replace("#/components/schemas/", "#/$defs/");
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).expect("a schema")
}

fn valid(doc: &Value, name: &str, body: &Value) {
    let errors: Vec<String> = validator_for(doc, name).iter_errors(body).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{name}: {errors:?} in {body}");
}

#[tokio::test]
async fn subscribers_are_added_listed_read_and_removed_with_the_secret_shown_once() {
    let (app, store) = app_with(&["--allow-private-webhooks"], true).await;
    let admin = token(&store, Role::Admin).await;
    let doc = fetch(&app, "/api/v1/openapi.json").await.json();
    let api = store.list_components().await.unwrap()[0].id;

    let hook = json!({"kind": "webhook", "url": "http://127.0.0.1:9/hook", "components": [api]});
    let created = call(&app, "POST", "/api/v1/subscribers", &admin, Some(hook.clone())).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let body = created.json();
    valid(&doc, "SubscriberCreated", &body);
    let secret = body["secret"].as_str().expect("a webhook's secret").to_string();
    assert!(secret.starts_with("whsec_"), "{secret}");
    assert_eq!((body["kind"].clone(), body["components"].clone()), (json!("webhook"), json!([api])));
    assert_eq!(body["state"], "active");
    let id = body["id"].as_i64().unwrap();

    let mail = json!({"kind": "email", "email": "Ada@Example.com", "confirmed": true});
    let created = call(&app, "POST", "/api/v1/subscribers", &admin, Some(mail)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    assert_eq!(
        (created.json()["email"].clone(), created.json()["secret"].clone()),
        (json!("ada@example.com"), Value::Null)
    );
    assert_eq!(created.json()["components"], Value::Null, "the whole page");

    // Shown once: neither the subscriber nor the list carries it again.
    let one = call(&app, "GET", &format!("/api/v1/subscribers/{id}"), &admin, None).await;
    assert_eq!(one.status, StatusCode::OK);
    valid(&doc, "SubscriberDetail", &one.json());
    assert!(!one.text().contains(&secret) && one.json().get("secret").is_none(), "{}", one.text());
    assert_eq!(one.json()["deliveries"], json!([]));
    let list = call(&app, "GET", "/api/v1/subscribers", &admin, None).await;
    valid(&doc, "SubscriberList", &list.json());
    assert!(!list.text().contains(&secret));
    assert_eq!(list.json()["subscribers"].as_array().unwrap().len(), 2);

    // Kind, search and pages.
    let only = call(&app, "GET", "/api/v1/subscribers?kind=email", &admin, None).await.json();
    assert_eq!(only["subscribers"][0]["email"], "ada@example.com");
    assert_eq!(only["subscribers"].as_array().unwrap().len(), 1);
    let found = call(&app, "GET", "/api/v1/subscribers?search=127.0", &admin, None).await.json();
    assert_eq!(found["subscribers"][0]["id"], id);
    let first = call(&app, "GET", "/api/v1/subscribers?limit=1", &admin, None).await.json();
    let next = first["next"].as_str().expect("a second page").to_string();
    let second = call(&app, "GET", &format!("/api/v1/subscribers?limit=1&before={next}"), &admin, None).await.json();
    assert_eq!((second["subscribers"][0]["id"].clone(), second["next"].clone()), (json!(id), Value::Null));

    // The same address again: 409 naming its field.
    let again = call(&app, "POST", "/api/v1/subscribers", &admin, Some(hook)).await;
    assert_eq!(refused_field(&again, StatusCode::CONFLICT).as_deref(), Some("url"));

    let gone = call(&app, "DELETE", &format!("/api/v1/subscribers/{id}"), &admin, None).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    let missing = call(&app, "GET", &format!("/api/v1/subscribers/{id}"), &admin, None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let audit = store.recent_audit(20).await.unwrap();
    assert!(audit.iter().any(|e| e.entity_type == "subscriber" && e.action == "delete"));
}

#[tokio::test]
async fn subscribers_need_an_admin_token_and_bad_input_names_its_field() {
    let (app, store) = app_with(&[], true).await;
    let (admin, editor) = (token(&store, Role::Admin).await, token(&store, Role::Editor).await);
    for (method, path) in
        [("GET", "/api/v1/subscribers"), ("GET", "/api/v1/subscribers/1"), ("DELETE", "/api/v1/subscribers/1")]
    {
        assert_eq!(call(&app, method, path, &editor, None).await.status, StatusCode::FORBIDDEN, "{method} {path}");
    }
    let mail = json!({"kind": "email", "email": "ada@example.com", "confirmed": true});
    let refused = call(&app, "POST", "/api/v1/subscribers", &editor, Some(mail)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    for (body, field) in [
        (json!({"kind": "email", "email": "not-an-address", "confirmed": true}), "email"),
        (json!({"kind": "email", "url": "https://example.com/x", "confirmed": true}), "url"),
        (json!({"kind": "webhook"}), "url"),
        (json!({"kind": "webhook", "url": "ftp://example.com/x"}), "url"),
        (json!({"kind": "webhook", "url": "not a url"}), "url"),
        (json!({"kind": "webhook", "url": "http://10.1.2.3/hook"}), "url"),
        (json!({"kind": "slack", "url": "https://127.0.0.1/x"}), "url"),
        (json!({"kind": "webhook", "url": "https://93.184.215.14/x", "components": [999999]}), "components"),
        (json!({"kind": "webhook", "url": "https://93.184.215.14/x", "components": []}), "components"),
        (json!({"kind": "webhook", "url": "https://93.184.215.14/x", "components": ["x"]}), "components[0]"),
        (json!({"kind": "pager", "url": "https://93.184.215.14/x"}), "kind"),
        // No SMTP here: an address that would need a confirmation mail cannot be added.
        (json!({"kind": "email", "email": "ada@example.com"}), "kind"),
        (json!({"kind": "email", "email": "ada@example.com", "extra": 1}), "extra"),
    ] {
        let reply = call(&app, "POST", "/api/v1/subscribers", &admin, Some(body.clone())).await;
        assert_eq!(refused_field(&reply, StatusCode::UNPROCESSABLE_ENTITY).as_deref(), Some(field), "{body}");
    }
    assert!(store.list_subscribers(&Default::default()).await.unwrap().is_empty(), "nothing stored");
    for (query, field) in [("kind=pager", "kind"), ("before=x", "before"), ("limit=0", "limit")] {
        let reply = call(&app, "GET", &format!("/api/v1/subscribers?{query}"), &admin, None).await;
        assert_eq!(refused_field(&reply, StatusCode::UNPROCESSABLE_ENTITY).as_deref(), Some(field), "{query}");
    }
}

#[tokio::test]
async fn the_document_lists_the_subscriber_operations() {
    let (app, _) = app_with(&[], false).await;
    let reply = fetch(&app, "/api/v1/openapi.json").await;
    oas3::from_json(reply.text()).expect("a valid OpenAPI 3.1 document");
    let doc = reply.json();
    let paths = &doc["paths"];
    for (path, method) in [
        ("/api/v1/subscribers", "get"),
        ("/api/v1/subscribers", "post"),
        ("/api/v1/subscribers/{id}", "get"),
        ("/api/v1/subscribers/{id}", "delete"),
    ] {
        assert!(paths[path][method].is_object(), "{method} {path}");
    }
    let post = &paths["/api/v1/subscribers"]["post"];
    assert!(post["responses"]["409"].is_object() && post["responses"]["201"].is_object());
    assert!(post["description"].as_str().unwrap().contains("confirmed"));
    let params = paths["/api/v1/subscribers"]["get"]["parameters"].as_array().unwrap();
    let kind = params.iter().find(|p| p["name"] == "kind").expect("kind");
    assert!(kind["schema"]["enum"].as_array().unwrap().contains(&json!("webhook")));
    let schemas = &doc["components"]["schemas"];
    assert!(schemas["NewSubscriberIn"]["properties"]["kind"].is_object());
    for shape in ["NewIncidentIn", "NewUpdateIn", "ResolveIn", "NewMaintenanceIn", "MaintenanceUpdateIn"] {
        assert!(schemas[shape]["properties"]["deliver_notifications"].is_object(), "{shape}");
    }
}

/// How many events wait in the outbox for `incident`.
async fn queued_for(store: &Store, incident: i64) -> usize {
    store.unsent_events(1000).await.unwrap().iter().filter(|e| e.incident_id == Some(incident)).count()
}

#[tokio::test]
async fn deliver_notifications_false_queues_nothing_and_shows_in_api_v2() {
    let (app, store) = app_with(&[], false).await;
    let editor = token(&store, Role::Editor).await;
    let quiet = json!({"name": "Quiet", "status": "investigating", "impact": "minor", "body": "x",
                       "deliver_notifications": false});
    let opened = call(&app, "POST", "/api/v1/incidents", &editor, Some(quiet)).await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.text());
    let id = opened.json()["id"].as_i64().unwrap();
    assert_eq!(queued_for(&store, id).await, 0);
    let v2 = fetch(&app, "/api/v2/incidents.json").await.json();
    let incident = v2["incidents"].as_array().unwrap().iter().find(|i| i["name"] == "Quiet").expect("listed").clone();
    assert_eq!(incident["incident_updates"][0]["deliver_notifications"], false);

    // The default tells subscribers; an update and a resolve may each say no.
    let update = json!({"status": "identified", "body": "found"});
    let path = format!("/api/v1/incidents/{id}/updates");
    assert_eq!(call(&app, "POST", &path, &editor, Some(update)).await.status, StatusCode::CREATED);
    assert_eq!(queued_for(&store, id).await, 1);
    let quiet = json!({"status": "monitoring", "body": "fixed", "deliver_notifications": false});
    assert_eq!(call(&app, "POST", &path, &editor, Some(quiet)).await.status, StatusCode::CREATED);
    let resolve = json!({"deliver_notifications": false});
    let resolved = call(&app, "POST", &format!("/api/v1/incidents/{id}/resolve"), &editor, Some(resolve)).await;
    assert_eq!(resolved.status, StatusCode::OK, "{}", resolved.text());
    assert_eq!(queued_for(&store, id).await, 1);
    let flags: Vec<bool> = store.get_incident(id).await.unwrap().unwrap().updates.iter().map(|u| u.notify).collect();
    assert_eq!(flags, [false, true, false, false]);

    let window = json!({"name": "Upgrade", "body": "x", "scheduled_for": "2030-01-01T00:00:00Z",
                        "scheduled_until": "2030-01-01T01:00:00Z", "deliver_notifications": false});
    let m = call(&app, "POST", "/api/v1/maintenance", &editor, Some(window)).await;
    assert_eq!(m.status, StatusCode::CREATED, "{}", m.text());
    let m = m.json()["id"].as_i64().unwrap();
    let quiet = json!({"status": "in_progress", "body": "started", "deliver_notifications": false});
    let path = format!("/api/v1/maintenance/{m}/updates");
    assert_eq!(call(&app, "POST", &path, &editor, Some(quiet)).await.status, StatusCode::CREATED);
    let events = store.unsent_events(1000).await.unwrap();
    assert!(events.iter().all(|e| e.maintenance_id != Some(m)), "{events:?}");
}

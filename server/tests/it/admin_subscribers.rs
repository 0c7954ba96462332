//! The console's subscriber pages: the list with its counts, search and filter, removing and
//! enabling, the delivery log, the CSV export and import; and the "Notify subscribers" box.

use crate::common::{add_user, app, attrs, call, get_as, send, signed_in, texts};
use app::domain::{IncidentStatus, Role, SubscriberKind};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use chrono::Utc;
use server::store::{
    Actor, AttemptResult, NewIncident, NewSubscriber, StatusChange, Store, Subscribed, SubscriberFilter,
};

async fn admin(app: &Router, store: &Store) -> String {
    add_user(store, "ada@example.com", Role::Admin, "correct horse battery").await;
    signed_in(app, "ada@example.com").await
}

async fn subscribe(store: &Store, kind: SubscriberKind, target: &str, components: Option<Vec<i64>>) -> i64 {
    let new = NewSubscriber { kind, target: target.into(), components, confirmed: true };
    match store.subscribe(&Actor::System, new, false).await.unwrap() {
        Subscribed::New { subscriber, .. } => subscriber.id,
        Subscribed::Existing(_) => panic!("{target} is new"),
    }
}

fn done(page: &crate::common::Page) {
    assert!(page.status.is_success() || page.status.is_redirection(), "{} {}", page.status, page.body);
}

/// Opens an incident, delivers its event to every subscriber and fails each delivery for good:
/// the subscribers are quarantined with one attempt in their logs.
async fn fail_deliveries(store: &Store, component: Option<i64>) {
    let status = app::domain::ComponentStatus::MajorOutage;
    let new = NewIncident {
        title: "Database down".into(),
        impact: app::domain::Impact::Major,
        status: IncidentStatus::Investigating,
        body: "Looking.".into(),
        started_at: None,
        display_at: None,
        changes: component.map(|component_id| StatusChange { component_id, status }).into_iter().collect(),
        notify: true,
    };
    store.create_incident(&Actor::System, new).await.unwrap();
    for event in store.unsent_events(100).await.unwrap() {
        store.fan_out(&event, Some("{}")).await.unwrap();
    }
    let now = Utc::now();
    let claimed = store.claim_deliveries("test", now, now + chrono::Duration::seconds(60), 100).await.unwrap();
    let results: Vec<AttemptResult> = claimed
        .iter()
        .map(|c| AttemptResult {
            delivery_id: c.delivery_id,
            attempt: c.attempt,
            ok: false,
            code: Some(503),
            detail: "Service Unavailable".into(),
            retry_at: None,
        })
        .collect();
    assert!(!results.is_empty());
    store.record_attempts("test", &results).await.unwrap();
}

#[tokio::test]
async fn an_admin_lists_searches_removes_and_enables_subscribers() {
    let (app, store) = app("Europe/Berlin", true).await;
    let cookie = admin(&app, &store).await;
    let empty = get_as(&app, "/admin/subscribers", &cookie).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(texts(&empty.html(), ".empty").iter().any(|t| t.contains("Nobody has subscribed yet")));
    assert!(attrs(&empty.html(), "nav a", "href").contains(&"/admin/subscribers".to_string()));

    let api = store.list_components().await.unwrap()[0].clone();
    let ada = subscribe(&store, SubscriberKind::Email, "ada@example.com", Some(vec![api.id])).await;
    let hook = subscribe(&store, SubscriberKind::Webhook, "https://hooks.example.com/beacon", None).await;
    fail_deliveries(&store, Some(api.id)).await;

    let html = get_as(&app, "/admin/subscribers", &cookie).await.html();
    let counts = texts(&html, "table.subscriber-counts tbody tr");
    assert!(counts.iter().any(|r| r.starts_with("Webhook") && r.contains('1')), "{counts:?}");
    let rows = texts(&html, "table.subscribers tbody tr");
    assert_eq!(rows.len(), 2, "{rows:?}");
    let ada_row = rows.iter().find(|r| r.contains("ada@example.com")).unwrap();
    assert!(ada_row.contains(&api.name) && ada_row.contains("Quarantined since"), "{ada_row}");
    assert!(ada_row.contains("CET") || ada_row.contains("CEST"), "times in the page's zone: {ada_row}");
    assert!(rows.iter().any(|r| r.contains("hooks.example.com") && r.contains("Whole page")), "{rows:?}");

    // Search and kind filter: a plain GET form.
    let html = get_as(&app, "/admin/subscribers?search=HOOKS&kind=", &cookie).await.html();
    assert_eq!(texts(&html, "table.subscribers tbody tr").len(), 1);
    let html = get_as(&app, "/admin/subscribers?kind=email", &cookie).await.html();
    let rows = texts(&html, "table.subscribers tbody tr");
    assert!(rows.len() == 1 && rows[0].contains("ada@example.com"), "{rows:?}");
    let html = get_as(&app, "/admin/subscribers?search=nobody", &cookie).await.html();
    assert!(texts(&html, ".empty").iter().any(|t| t.contains("No subscriber matches")));

    // Enable again lifts the quarantine; remove needs its box ticked.
    done(&call(&app, "enable_subscriber", &format!("id={ada}"), &cookie).await);
    assert!(store.get_subscriber(ada).await.unwrap().unwrap().quarantined_at.is_none());
    let refused = call(&app, "remove_subscriber", &format!("id={hook}"), &cookie).await;
    assert_eq!(refused.refusal().field.as_deref(), Some("confirm"));
    done(&call(&app, "remove_subscriber", &format!("id={hook}&confirm=on"), &cookie).await);
    assert!(store.get_subscriber(hook).await.unwrap().is_none());
    let audit = store.recent_audit(10).await.unwrap();
    assert!(audit
        .iter()
        .any(|e| e.entity_type == "subscriber" && e.action == "enable" && e.actor == "ada@example.com"));

    // An editor gets the usual refusal, on the page, the export and the writes.
    add_user(&store, "eve@example.com", Role::Editor, "correct horse battery").await;
    let eve = signed_in(&app, "eve@example.com").await;
    assert_eq!(get_as(&app, "/admin/subscribers", &eve).await.status, StatusCode::FORBIDDEN);
    assert_eq!(get_as(&app, "/admin/subscribers.csv", &eve).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        call(&app, "remove_subscriber", &format!("id={ada}&confirm=on"), &eve).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(store.get_subscriber(ada).await.unwrap().is_some());
}

#[tokio::test]
async fn a_subscriber_page_shows_its_delivery_log_and_unknown_ids_are_not_found() {
    let (app, store) = app("UTC", false).await;
    let cookie = admin(&app, &store).await;
    let hook = subscribe(&store, SubscriberKind::Webhook, "https://hooks.example.com/x", None).await;
    let quiet = subscribe(&store, SubscriberKind::Slack, "https://hooks.slack.com/services/x", None).await;
    let page = get_as(&app, &format!("/admin/subscribers/{quiet}"), &cookie).await;
    assert!(texts(&page.html(), ".empty").iter().any(|t| t.contains("Nothing has been delivered")));
    fail_deliveries(&store, None).await;

    let page = get_as(&app, &format!("/admin/subscribers/{hook}"), &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    let log = texts(&html, "table.delivery-log tbody tr");
    assert_eq!(log.len(), 1, "{log:?}");
    for needle in ["UTC", "New incident", "Database down", "503", "Service Unavailable", "Failed"] {
        assert!(log[0].contains(needle), "{needle}: {}", log[0]);
    }
    assert!(texts(&html, "#state")[0].starts_with("Quarantined since"));
    done(&call(&app, "enable_subscriber", &format!("id={hook}&back=subscriber"), &cookie).await);
    let html = get_as(&app, &format!("/admin/subscribers/{hook}"), &cookie).await.html();
    assert_eq!(texts(&html, "#state"), ["Active"]);

    for missing in ["999999", "nope"] {
        let page = get_as(&app, &format!("/admin/subscribers/{missing}"), &cookie).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{missing}");
        assert!(page.body.contains("subscriber not found") && page.body.contains("Dashboard"), "{}", page.body);
    }
}

#[tokio::test]
async fn the_csv_export_imports_back_and_a_malformed_file_names_its_line() {
    let (app, store) = crate::common::app_with(&["--allow-private-webhooks", "--timezone", "UTC"], true).await;
    let cookie = admin(&app, &store).await;
    let ids: Vec<i64> = store.list_components().await.unwrap().iter().take(2).map(|c| c.id).collect();
    subscribe(&store, SubscriberKind::Email, "ada@example.com", Some(ids.clone())).await;
    subscribe(&store, SubscriberKind::Email, "bob@example.com", None).await;
    subscribe(&store, SubscriberKind::Slack, "https://hooks.slack.com/services/a,b_c", None).await;

    let export = get_as(&app, "/admin/subscribers.csv", &cookie).await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export.content_type.starts_with("text/csv"), "{}", export.content_type);
    let csv = export.body.clone();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "kind,address,components,state,created_at");
    assert!(csv.contains(&format!("email,ada@example.com,{};{},active,", ids[0], ids[1])), "{csv}");
    assert!(csv.contains("email,bob@example.com,,active,"), "{csv}");
    assert!(csv.contains("slack,\"https://hooks.slack.com/services/a,b_c\",,active,"), "{csv}");

    // Imported into the same page: everything is subscribed already.
    let form = format!("csv={}", urlencoding(&csv));
    done(&call(&app, "import_subscribers", &form, &cookie).await);
    let html = get_as(&app, "/admin/subscribers", &cookie).await.html();
    assert_eq!(texts(&html, "#notice"), ["0 added, 3 already subscribed, 0 refused"]);

    // Removed, then imported back: the same subscribers, the same components.
    let before = store.list_subscribers(&all()).await.unwrap();
    for s in &before {
        store.delete_subscriber(&Actor::System, s.id).await.unwrap();
    }
    done(&call(&app, "import_subscribers", &form, &cookie).await);
    let html = get_as(&app, "/admin/subscribers", &cookie).await.html();
    assert_eq!(texts(&html, "#notice"), ["3 added, 0 already subscribed, 0 refused"]);
    let after = store.list_subscribers(&all()).await.unwrap();
    let shape = |list: &[app::domain::Subscriber]| {
        let mut v: Vec<_> = list.iter().map(|s| (s.kind, s.target.clone(), s.components.clone())).collect();
        v.sort();
        v
    };
    assert_eq!(shape(&after), shape(&before));
    assert!(after.iter().all(|s| s.confirmed_at.is_some()), "imported emails are confirmed");

    // Row refusals are counted with their line; the other rows are added.
    let rows = "new@example.com\nnot-an-email\nother@example.com,999999\nslack,ftp://x\nlast@example.com,seven\nfine@example.com\n";
    done(&call(&app, "import_subscribers", &format!("csv={}", urlencoding(rows)), &cookie).await);
    let html = get_as(&app, "/admin/subscribers", &cookie).await.html();
    let notice = texts(&html, "#notice").pop().unwrap();
    assert!(notice.starts_with("2 added, 0 already subscribed, 4 refused (line 2: "), "{notice}");
    for line in ["line 3: component 999999", "line 4: ", "line 5: 'seven'"] {
        assert!(notice.contains(line), "{line}: {notice}");
    }

    // A file that is not CSV is refused whole, naming the line; nothing is written.
    let count = store.list_subscribers(&all()).await.unwrap().len();
    let broken = "a@example.com\nb@example.com\n\"c@example.com\n";
    let page = call(&app, "import_subscribers", &format!("csv={}", urlencoding(broken)), &cookie).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", page.body);
    let e = page.refusal();
    assert_eq!(e.field.as_deref(), Some("csv"));
    assert!(e.message.starts_with("line 3:"), "{}", e.message);
    assert_eq!(store.list_subscribers(&all()).await.unwrap().len(), count);
}

#[tokio::test]
async fn adding_a_webhook_shows_its_secret_once() {
    let (app, store) = app_with_private().await;
    let cookie = admin(&app, &store).await;
    let form = "kind=webhook&address=http%3A%2F%2F127.0.0.1%3A9%2Fhook";
    done(&call(&app, "add_subscriber", form, &cookie).await);
    let html = get_as(&app, "/admin/subscribers", &cookie).await.html();
    let secret = attrs(&html, "#new-secret input.secret", "value").pop().expect("the secret is shown");
    assert!(secret.starts_with("whsec_"));
    let again = get_as(&app, "/admin/subscribers", &cookie).await.html();
    assert!(attrs(&again, "input.secret", "value").is_empty(), "shown once");
    let twice = call(&app, "add_subscriber", form, &cookie).await;
    assert_eq!((twice.status, twice.refusal().field.as_deref()), (StatusCode::CONFLICT, Some("address")));
    let unconfirmed = call(&app, "add_subscriber", "kind=email&address=ada%40example.com", &cookie).await;
    assert_eq!(unconfirmed.refusal().field.as_deref(), Some("kind"), "no SMTP: confirmed only");
    done(&call(&app, "add_subscriber", "kind=email&address=ada%40example.com&confirmed=on", &cookie).await);
    let bad = call(&app, "add_subscriber", "kind=email&address=nope&confirmed=on", &cookie).await;
    assert_eq!(bad.refusal().field.as_deref(), Some("address"));
}

async fn app_with_private() -> (Router, Store) {
    crate::common::app_with(&["--allow-private-webhooks"], false).await
}

/// A form post as a browser without JavaScript sends it.
fn plain_post(name: &str, form: &str, cookie: &str) -> Request<Body> {
    Request::post(format!("/admin/fn/{name}"))
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000")
        .header("accept", "text/html")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", cookie)
        .body(Body::from(form.to_string()))
        .unwrap()
}

#[tokio::test]
async fn the_notify_box_unticked_means_no_and_a_form_without_it_means_yes() {
    let (app, store) = app("UTC", false).await;
    let cookie = admin(&app, &store).await;
    let form = "title=Quiet&impact=minor&status=investigating&message=x&notify_offered=1";
    assert_eq!(send(&app, plain_post("create_incident", form, &cookie)).await.status, StatusCode::FOUND);
    let quiet = store.recent_incidents(1).await.unwrap()[0].clone();
    assert!(!quiet.updates[0].notify, "offered and unticked");
    let base = format!("incident_id={}&version={}&status=identified&message=y", quiet.id, quiet.version);
    done(&call(&app, "post_update", &format!("{base}&notify_offered=1&notify=on"), &cookie).await);
    let version = store.get_incident(quiet.id).await.unwrap().unwrap().version;
    let base = format!("incident_id={}&version={version}&status=monitoring&message=z", quiet.id);
    done(&call(&app, "post_update", &base, &cookie).await);
    let flags: Vec<bool> =
        store.get_incident(quiet.id).await.unwrap().unwrap().updates.iter().map(|u| u.notify).collect();
    assert_eq!(flags, [false, true, true], "ticked, then a form without the box");
    let html = get_as(&app, "/admin/incidents/new", &cookie).await.html();
    assert_eq!(attrs(&html, "input[name=notify][type=checkbox]", "checked").len(), 1, "ticked by default");
    assert_eq!(attrs(&html, "input[name=notify_offered]", "value"), ["1"]);
}

fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

fn all() -> SubscriberFilter {
    SubscriberFilter { limit: 1000, ..SubscriberFilter::default() }
}

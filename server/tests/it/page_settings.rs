//! The page's settings: stored on both engines (version-checked, audited, a new zone counted),
//! edited through `/api/v1/page` and `/admin/settings`, applied to the public pages and to a
//! second instance within a second.

use crate::common::{self, call, count, fetch, get, plain_post, send, send_raw, signed_in, texts, Reply};
use crate::process;
use app::domain::settings::{FooterLink, PageSettings, PageSettingsInput};
use app::domain::Role;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use server::store::{Actor, Engine, NewToken, Store, StoreError};
use std::time::Duration;

fn full_input() -> PageSettingsInput {
    PageSettingsInput {
        name: "Acme Status".into(),
        time_zone: "Europe/Berlin".into(),
        brand_color: "#1A5FB4".into(),
        support_url: "mailto:help@acme.example".into(),
        footer_links: vec![FooterLink { label: "Privacy".into(), url: "https://acme.example/privacy".into() }],
        about: "We run **Acme**.".into(),
        notice: "Office move on Friday.".into(),
        language: "de".into(),
        follow_browser_language: false,
    }
}

async fn round_trip(store: Store) {
    assert_eq!(store.page_settings().await.unwrap(), None, "a new database has none until a start");
    let first = store.page_settings_or(&PageSettings::first("Beacon Status", "UTC")).await.unwrap();
    assert_eq!((first.name.as_str(), first.time_zone.as_str(), first.version), ("Beacon Status", "UTC", 1));
    let again = store.page_settings_or(&PageSettings::first("Other", "Asia/Tokyo")).await.unwrap();
    assert_eq!(again, first, "a later start's flags change nothing");

    let id = common::add_user(&store, "ada@example.com", Role::Admin, "correct horse battery").await;
    let admin = Actor::User { id, email: "ada@example.com".into() };
    let saved = store.update_page_settings(&admin, &full_input(), Some(1)).await.unwrap();
    assert_eq!(saved.version, 2);
    assert_eq!(saved.brand_color.as_deref(), Some("#1a5fb4"));
    assert_eq!(store.page_settings().await.unwrap(), Some(saved.clone()), "read back as written");
    assert!(!store.keep_uptime_in(chrono_tz::Europe::Berlin).await.unwrap(), "the new zone was counted in the write");

    let stale = store.update_page_settings(&admin, &full_input(), Some(1)).await.unwrap_err();
    assert!(matches!(stale, StoreError::Conflict(_)), "{stale:?}");
    let mut light = full_input();
    light.brand_color = "#ffee00".into();
    match store.update_page_settings(&admin, &light, None).await.unwrap_err() {
        StoreError::Invalid { field, .. } => assert_eq!(field, "brand_color"),
        other => panic!("{other:?}"),
    }
    assert_eq!(store.page_settings().await.unwrap(), Some(saved), "refusals change nothing");
    let audit = store.recent_audit(5).await.unwrap();
    assert_eq!((audit[0].entity_type.as_str(), audit[0].action.as_str()), ("page_settings", "update"));
    assert_eq!(audit[0].actor, "ada@example.com");
    assert_eq!(audit[0].before.as_ref().unwrap()["name"], "Beacon Status");
    assert_eq!(audit[0].after.as_ref().unwrap()["time_zone"], "Europe/Berlin");
}

server::store_test!(settings_round_trip, round_trip);

/// The footer's line that names the page's zone.
fn shown_in(html: &scraper::Html) -> String {
    texts(html, ".site-footer p").into_iter().find(|t| t.starts_with("Times are shown in")).unwrap_or_default()
}

async fn api(app: &Router, method: &str, token: &str, body: Option<Value>) -> Reply {
    let mut req =
        Request::builder().method(method).uri("/api/v1/page").header("authorization", format!("Bearer {token}"));
    let body = match body {
        Some(b) => {
            req = req.header("content-type", "application/json");
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    send_raw(app, req.body(body).unwrap()).await
}

async fn token(store: &Store, role: Role) -> String {
    let new = NewToken { name: format!("{role:?}"), role, expires_at: None };
    store.create_token(&Actor::System, new).await.unwrap().1
}

#[tokio::test]
async fn the_api_changes_what_every_public_surface_shows() {
    let (app, store) = common::app("UTC", true).await;
    let (admin, editor) = (token(&store, Role::Admin).await, token(&store, Role::Editor).await);
    let read = api(&app, "GET", &admin, None).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.text());
    assert_eq!((read.json()["name"].as_str(), read.json()["version"].as_i64()), (Some("Example Status"), Some(1)));
    assert_eq!(api(&app, "GET", &editor, None).await.status, StatusCode::FORBIDDEN);
    assert_eq!(api(&app, "PATCH", &editor, Some(json!({"name": "X"}))).await.status, StatusCode::FORBIDDEN);
    let before = get(&app, "/").await;
    assert!(before.body.contains("Example Status"));

    let patch = json!({
        "name": "Acme Status", "time_zone": "America/Los_Angeles", "brand_color": "#0b5394",
        "support_url": "https://acme.example/help",
        "footer_links": [{"label": "Privacy", "url": "https://acme.example/privacy"}],
        "about": "Status of **Acme**'s services.", "notice": "Read <script>alert(1)</script> *this*.",
        "version": 1
    });
    let changed = api(&app, "PATCH", &admin, Some(patch.clone())).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text());
    assert_eq!(changed.json()["version"], 2);
    assert_eq!(changed.json()["footer_links"][0]["label"], "Privacy");

    // At once, on the page (its cache rendered again), the feeds and API v2.
    let page = get(&app, "/").await;
    let html = page.html();
    assert_eq!(texts(&html, ".site-header .brand"), ["Acme Status"]);
    assert!(texts(&html, "title")[0].starts_with("Acme Status"));
    assert_eq!(texts(&html, ".page-notice em"), ["this"], "the notice is Markdown");
    assert_eq!(count(&html, "script:not([src])"), 0, "the notice's script is inert");
    assert_eq!(texts(&html, ".about strong"), ["Acme"]);
    assert_eq!(common::attrs(&html, ".footer-links a", "href"), ["https://acme.example/privacy"]);
    assert_eq!(common::attrs(&html, ".site-header nav a[rel=noopener]", "href"), ["https://acme.example/help"]);
    assert!(shown_in(&html).contains("America/Los_Angeles"), "{}", shown_in(&html));
    let brand = common::attrs(&html, "link[rel=stylesheet]", "href");
    assert_eq!(brand[1], "/brand.css?v=0b5394", "{brand:?}");
    let css = fetch(&app, &brand[1]).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
    assert!(css.text().contains("background:#0b5394"), "{}", css.text());
    let summary = fetch(&app, "/api/v2/summary.json").await.json();
    assert_eq!(
        (summary["page"]["name"].as_str(), summary["page"]["time_zone"].as_str()),
        (Some("Acme Status"), Some("America/Los_Angeles"))
    );
    let feed = fetch(&app, "/history.atom").await.text();
    assert!(feed.contains("<title>Acme Status"), "{feed}");

    // Refusals name the field and change nothing; a stale version is a conflict.
    let light = api(&app, "PATCH", &admin, Some(json!({"brand_color": "#ffcc00"}))).await;
    assert_eq!(light.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", light.text());
    assert_eq!(light.json()["error"]["field"], "brand_color");
    assert!(light.json()["error"]["message"].as_str().unwrap().contains("WCAG AA"));
    let zone = api(&app, "PATCH", &admin, Some(json!({"time_zone": "Mars/Olympus"}))).await;
    assert_eq!(
        (zone.status, zone.json()["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("time_zone"))
    );
    let unknown = api(&app, "PATCH", &admin, Some(json!({"colour": "#000000"}))).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", unknown.text());
    assert_eq!(api(&app, "PATCH", &admin, Some(patch)).await.status, StatusCode::CONFLICT);
    assert_eq!(api(&app, "GET", &admin, None).await.json()["version"], 2);

    // Removing the colour removes its stylesheet.
    let plain = api(&app, "PATCH", &admin, Some(json!({"brand_color": "", "notice": ""}))).await;
    assert_eq!(plain.status, StatusCode::OK, "{}", plain.text());
    let html = get(&app, "/").await.html();
    assert_eq!(common::attrs(&html, "link[rel=stylesheet]", "href").len(), 1);
    assert_eq!(count(&html, ".page-notice"), 0);
    assert_eq!(fetch(&app, "/brand.css").await.status, StatusCode::NOT_FOUND);

    // The language: one of those listed, and whether browsers choose.
    let unknown = api(&app, "PATCH", &admin, Some(json!({"language": "xx"}))).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", unknown.text());
    assert!(unknown.text().contains("language"), "{}", unknown.text());
    let german = api(&app, "PATCH", &admin, Some(json!({"language": "de", "follow_browser_language": false}))).await;
    assert_eq!(german.status, StatusCode::OK, "{}", german.text());
    let body: Value = serde_json::from_str(&german.text()).unwrap();
    assert_eq!((&body["language"], &body["follow_browser_language"]), (&json!("de"), &json!(false)));
    assert_eq!(body["languages"], json!(["ar", "de", "en", "es", "fr", "ja"]));
    assert_eq!(get(&app, "/").await.html().root_element().value().attr("lang"), Some("de"));
}

#[tokio::test]
async fn admins_edit_the_settings_in_the_console_with_and_without_javascript() {
    let (app, store) = common::app("UTC", true).await;
    common::add_user(&store, "ada@example.com", Role::Admin, "correct horse battery").await;
    common::add_user(&store, "ed@example.com", Role::Editor, "correct horse battery").await;
    let ada = signed_in(&app, "ada@example.com").await;
    let page = common::get_as(&app, "/admin/settings", &ada).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    assert_eq!(common::attrs(&html, "#settings-name", "value"), ["Example Status"]);
    assert_eq!(common::attrs(&html, "#settings-zone", "value"), ["UTC"]);
    let ed = signed_in(&app, "ed@example.com").await;
    assert_eq!(common::get_as(&app, "/admin/settings", &ed).await.status, StatusCode::FORBIDDEN);
    let by_editor = call(&app, "save_settings", "name=Mine&time_zone=UTC&version=1", &ed).await;
    assert_eq!(by_editor.status, StatusCode::FORBIDDEN);

    // With JavaScript: the server function answers with its notice.
    let form = "name=Acme+Status&time_zone=Europe%2FBerlin&brand_color=&support_url=&footer_links=Docs+%7C+https%3A%2F%2Fdocs.acme.example&about=&notice=&version=1";
    let saved = call(&app, "save_settings", form, &ada).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(saved.body.contains("Settings saved."), "{}", saved.body);
    assert_eq!(store.page_settings().await.unwrap().unwrap().time_zone, "Europe/Berlin");
    assert!(shown_in(&get(&app, "/").await.html()).contains("Europe/Berlin"));

    // Without: a refused post comes back with the input and the field named; a good one redirects.
    let form = "name=Acme+Status&time_zone=Europe%2FBerlin&brand_color=%23eeeeee&footer_links=no+bar+here&version=2";
    let refused = send(&app, plain_post("save_settings", form.into(), &ada, "/admin/settings")).await;
    assert!(refused.status.is_redirection(), "{} {}", refused.status, refused.body);
    let back = common::get_as(&app, refused.location(), &ada).await.html();
    assert_eq!(
        common::attrs(&back, "#settings-footer[aria-invalid=true]", "id").len(),
        1,
        "the footer's line is refused first"
    );
    assert_eq!(texts(&back, "#settings-footer"), ["no bar here"], "what was typed is kept");
    let form = "name=Renamed&time_zone=Europe%2FBerlin&version=2";
    let ok = send(&app, plain_post("save_settings", form.into(), &ada, "/admin/settings")).await;
    assert!(
        ok.status.is_redirection() && ok.location().ends_with("/admin/settings"),
        "{} {}",
        ok.status,
        ok.location()
    );
    assert!(common::get_as(&app, "/admin/settings", &ada).await.body.contains("Settings saved."));
    assert_eq!(texts(&get(&app, "/").await.html(), ".site-header .brand"), ["Renamed"]);
    let stale = send(&app, plain_post("save_settings", form.into(), &ada, "/admin/settings")).await;
    let back = common::get_as(&app, stale.location(), &ada).await;
    assert!(back.body.contains("changed by someone else"), "{}", back.body);

    // The default language is chosen from the languages there are; an unknown one is refused.
    let html = common::get_as(&app, "/admin/settings", &ada).await.html();
    let offered = common::attrs(&html, "#settings-language option", "value");
    assert_eq!(offered, ["ar", "de", "en", "es", "fr", "ja"]);
    let form = "name=Renamed&time_zone=Europe%2FBerlin&language=tlh&version=3";
    let refused = call(&app, "save_settings", form, &ada).await;
    assert_eq!(refused.refused_with().split(':').next(), Some("language"), "{}", refused.body);
    let form = "name=Renamed&time_zone=Europe%2FBerlin&language=fr&version=3";
    assert_eq!(call(&app, "save_settings", form, &ada).await.status, StatusCode::OK);
    let settings = store.page_settings().await.unwrap().unwrap();
    assert_eq!((settings.language.as_str(), settings.follow_browser_language), ("fr", false));
    let html = get(&app, "/").await.html();
    assert_eq!(html.root_element().value().attr("lang"), Some("fr"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_on_one_instance_shows_on_the_other_within_a_second() {
    let Some(url) = server::testing::fresh_database_url(Engine::Postgres).await else { return };
    let root = process::site_root();
    process::add_admin(&url, "ada@example.com");
    let a = process::start(&url, &root, &server::testing::temp_dir("data")).await;
    let b = process::start(&url, &root, &server::testing::temp_dir("data")).await;
    assert!(process::get(&b.addr, "/").await.unwrap().body.contains("Beacon Status"), "B's cache is warm");

    let cookie = process::sign_in(&a.addr, "ada@example.com").await;
    let form = "name=Renamed+Status&time_zone=Asia%2FTokyo&notice=Moving+offices&version=1";
    let reply = process::call(&a.addr, "save_settings", form, &cookie).await;
    assert_eq!(reply.status, 200, "{} {}", reply.head, reply.body);
    let took = process::within(Duration::from_secs(1), "B shows A's settings", || async {
        let body = process::get(&b.addr, "/").await.unwrap().body;
        let html = scraper::Html::parse_document(&body);
        body.contains("Renamed Status") && body.contains("Moving offices") && shown_in(&html).contains("Asia/Tokyo")
    })
    .await;
    eprintln!("a settings change on A was visible on B after {took:?}");
    let summary = process::get(&b.addr, "/api/v2/summary.json").await.unwrap().body;
    assert!(summary.contains("\"name\":\"Renamed Status\""), "{summary}");
}

/// A PNG of one transparent pixel.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];
const EVIL_SVG: &str =
    r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>alert(1)</script></svg>"#;

async fn put_image(app: &Router, token: &str, path: &str, content_type: &str, body: &[u8]) -> Reply {
    let req = Request::put(path)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", content_type)
        .body(Body::from(body.to_vec()))
        .unwrap();
    send_raw(app, req).await
}

#[tokio::test]
async fn a_logo_and_favicon_are_uploaded_served_inert_and_removed_through_the_api() {
    let (app, store) = common::app("UTC", true).await;
    let admin = token(&store, Role::Admin).await;
    let editor = token(&store, Role::Editor).await;
    assert_eq!(put_image(&app, &editor, "/api/v1/page/logo", "image/png", PNG).await.status, StatusCode::FORBIDDEN);

    let up = put_image(&app, &admin, "/api/v1/page/logo", "image/png", PNG).await;
    assert_eq!(up.status, StatusCode::OK, "{}", up.text());
    let logo = up.json()["logo"].as_str().expect("the logo's address").to_string();
    assert!(logo.starts_with("/brand/logo?v="), "{logo}");
    let html = get(&app, "/").await.html();
    assert_eq!(common::attrs(&html, ".site-header img.brand__logo", "src"), std::slice::from_ref(&logo));
    assert_eq!(texts(&html, ".site-header .brand"), ["Example Status"], "the name stays beside it");
    let served = fetch(&app, &logo).await;
    assert_eq!((served.status, served.header("content-type")), (StatusCode::OK, "image/png"));
    assert_eq!(served.body, PNG.to_vec());
    assert!(served.header("cache-control").contains("immutable"));
    assert!(served.header("content-security-policy").starts_with("default-src 'none'"));

    // A script-carrying SVG is refused and changes nothing; a clean one is served inert anyway.
    let evil = put_image(&app, &admin, "/api/v1/page/logo", "image/svg+xml", EVIL_SVG.as_bytes()).await;
    assert_eq!(evil.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", evil.text());
    assert_eq!(evil.json()["error"]["field"], "logo");
    assert_eq!(common::attrs(&get(&app, "/").await.html(), "img.brand__logo", "src"), std::slice::from_ref(&logo));
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4" fill="#1a5fb4"/></svg>"##;
    let mislabelled = put_image(&app, &admin, "/api/v1/page/logo", "image/png", svg.as_bytes()).await;
    assert_eq!(mislabelled.status, StatusCode::UNPROCESSABLE_ENTITY);
    let clean = put_image(&app, &admin, "/api/v1/page/logo", "image/svg+xml", svg.as_bytes()).await;
    assert_eq!(clean.status, StatusCode::OK, "{}", clean.text());
    let svg_logo = clean.json()["logo"].as_str().unwrap().to_string();
    assert_ne!(svg_logo, logo, "a new image, a new address");
    let served = fetch(&app, &svg_logo).await;
    assert_eq!(served.header("content-type"), "image/svg+xml");
    assert!(served.header("content-security-policy").contains("default-src 'none'"), "nothing in it may run");

    // The favicon replaces the default icons.
    let icon = put_image(&app, &admin, "/api/v1/page/favicon", "image/x-icon", &[0, 0, 1, 0, 1, 0, 16, 16]).await;
    assert_eq!(icon.status, StatusCode::OK, "{}", icon.text());
    let html = get(&app, "/").await.html();
    let icons = common::attrs(&html, "link[rel=icon]", "href");
    assert_eq!(icons, [icon.json()["favicon"].as_str().unwrap().to_string()]);

    let removed = send_raw(
        &app,
        Request::delete("/api/v1/page/logo")
            .header("authorization", format!("Bearer {admin}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.text());
    assert_eq!(removed.json()["logo"], Value::Null);
    assert_eq!(count(&get(&app, "/").await.html(), "img.brand__logo"), 0);
    assert_eq!(fetch(&app, &svg_logo).await.status, StatusCode::NOT_FOUND);
    let audit = store.recent_audit(1).await.unwrap();
    assert_eq!((audit[0].action.as_str(), audit[0].entity_type.as_str()), ("remove_image", "page_settings"));
}

/// A multipart form post of the settings' image form, as a browser sends it.
fn image_post(cookie: &str, fields: &[(&str, &str, &[u8])]) -> Request<Body> {
    let boundary = "----beacon-test-boundary";
    let mut body = Vec::new();
    for (name, filename, value) in fields {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes());
        if !filename.is_empty() {
            body.extend_from_slice(
                format!("; filename=\"{filename}\"\r\nContent-Type: application/octet-stream").as_bytes(),
            );
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(value);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Request::post("/admin/settings/image")
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000")
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .header("cookie", cookie)
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn admins_upload_and_remove_the_logo_in_the_console() {
    let (app, store) = common::app("UTC", true).await;
    common::add_user(&store, "ada@example.com", Role::Admin, "correct horse battery").await;
    common::add_user(&store, "ed@example.com", Role::Editor, "correct horse battery").await;
    let ada = signed_in(&app, "ada@example.com").await;
    let ed = signed_in(&app, "ed@example.com").await;
    let denied = send(&app, image_post(&ed, &[("kind", "", b"logo"), ("file", "logo.png", PNG)])).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);

    let saved = send(&app, image_post(&ada, &[("kind", "", b"logo"), ("file", "logo.png", PNG)])).await;
    assert_eq!((saved.status, saved.location()), (StatusCode::SEE_OTHER, "/admin/settings"));
    let page = common::get_as(&app, "/admin/settings", &ada).await;
    assert!(page.body.contains("Settings saved."), "{}", page.body);
    let logo = store.page_settings().await.unwrap().unwrap().logo.expect("a logo");
    assert_eq!(common::attrs(&page.html(), "img.image-form__current", "src"), [format!("/brand/logo?v={logo}")]);

    let evil = send(&app, image_post(&ada, &[("kind", "", b"logo"), ("file", "x.svg", EVIL_SVG.as_bytes())])).await;
    assert_eq!(evil.status, StatusCode::SEE_OTHER);
    let back = common::get_as(&app, "/admin/settings", &ada).await.html();
    let alerts = texts(&back, "#images ~ [role=alert], section [role=alert]");
    assert!(alerts.iter().any(|a| a.contains("could run or fetch something")), "{alerts:?}");
    assert_eq!(store.page_settings().await.unwrap().unwrap().logo, Some(logo), "nothing changed");

    let removed = send(&app, image_post(&ada, &[("kind", "", b"logo"), ("remove", "", b"1")])).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert_eq!(store.page_settings().await.unwrap().unwrap().logo, None);
}

//! Helpers for the HTTP tests: a router over a fresh database, requests without a network.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use scraper::{Html, Selector};
use server::config::{Cli, Command};
use server::http::router;
use server::state::AppState;
use server::store::{Engine, Store};
use tower::ServiceExt;

/// A router over a fresh SQLite database, with the sample data when `demo`.
pub async fn app(timezone: &str, demo: bool) -> (Router, Store) {
    app_with(&["--timezone", timezone], demo).await
}

/// Like [`app`], with more `beacon serve` arguments (e.g. `--public-url`).
pub async fn app_with(extra: &[&str], demo: bool) -> (Router, Store) {
    let store = server::testing::fresh_store(Engine::Sqlite).await.expect("sqlite");
    (app_on_with(store.clone(), extra, demo).await, store)
}

/// A router over `store` (another "instance" when called twice on one database).
pub async fn app_on(store: Store, timezone: &str, demo: bool) -> Router {
    app_on_with(store, &["--timezone", timezone], demo).await
}

pub async fn app_on_with(store: Store, extra: &[&str], demo: bool) -> Router {
    state_on_with(store, extra, demo).await.0
}

/// A router over a fresh SQLite database and its state (to look at the public cache).
pub async fn app_and_state(demo: bool) -> (Router, AppState) {
    let store = server::testing::fresh_store(Engine::Sqlite).await.expect("sqlite");
    state_on_with(store, &[], demo).await
}

/// Like [`app_and_state`], with more `beacon serve` arguments.
pub async fn app_and_state_with(extra: &[&str], demo: bool) -> (Router, AppState) {
    let store = server::testing::fresh_store(Engine::Sqlite).await.expect("sqlite");
    state_on_with(store, extra, demo).await
}

async fn state_on_with(store: Store, extra: &[&str], demo: bool) -> (Router, AppState) {
    let mut args = vec!["beacon", "serve", "--title", "Example Status"];
    args.extend_from_slice(extra);
    let cli = <Cli as clap::Parser>::try_parse_from(args).expect("valid arguments");
    let Command::Serve(args) = cli.command else { unreachable!() };
    // As `beacon serve` starts: the page's settings (the flags' on a new database) and the uptime
    // days in its zone, then the sample data.
    let flags = server::page::flags(&args);
    let (settings, read) = match server::page::settings_at_start(&store, &flags).await {
        Ok(settings) => (settings, true),
        Err(e) => {
            eprintln!("serving the flags' settings (the database is meant to be out of reach here?): {e}");
            (flags, false)
        }
    };
    if demo {
        server::demo::load_if_empty(&store, chrono::Utc::now()).await.expect("demo data");
    }
    let site_root = server::testing::temp_dir("site");
    let state = AppState::new(store, &args, &site_root, settings, read);
    tokio::spawn(state.page.clone().follow());
    (router(state.clone(), &site_root), state)
}

/// Creates an account and returns its email.
pub async fn add_user(store: &Store, email: &str, role: app::domain::Role, password: &str) -> i64 {
    let hash = server::auth::password::hash(password).expect("hash");
    let new = server::store::NewUser { email: email.into(), display_name: email.into(), role, password_hash: hash };
    store.create_user(&server::store::Actor::System, new).await.expect("user")
}

pub struct Page {
    pub status: StatusCode,
    pub content_type: String,
    pub body: String,
    pub headers: axum::http::HeaderMap,
}

impl Page {
    pub fn location(&self) -> &str {
        self.headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    /// `name=value` of the session cookie this response sets, if any.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("beacon_session="))
            .and_then(|c| c.split(';').next())
            .map(str::to_string)
    }
}

impl Page {
    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    /// The refusal a server function answered with, read as the console reads it.
    pub fn refusal(&self) -> app::error::AppError {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not a refusal ({e}): {} {}", self.status, self.body))
    }

    /// A refusal as "field: message" (or the message alone).
    pub fn refused_with(&self) -> String {
        let e = self.refusal();
        e.field.map_or(e.message.clone(), |f| format!("{f}: {}", e.message))
    }
}

pub async fn get(app: &Router, path: &str) -> Page {
    send(app, Request::get(path).body(Body::empty()).expect("request")).await
}

/// A GET with a cookie.
pub async fn get_as(app: &Router, path: &str, cookie: &str) -> Page {
    send(app, Request::get(path).header("cookie", cookie).body(Body::empty()).expect("request")).await
}

/// A form POST from a page of this site (its Origin), with an optional cookie.
pub async fn post_form(app: &Router, path: &str, form: &str, cookie: Option<&str>) -> Page {
    post_form_from(app, path, form, cookie, Some("http://127.0.0.1:3000")).await
}

pub async fn post_form_from(app: &Router, path: &str, form: &str, cookie: Option<&str>, origin: Option<&str>) -> Page {
    let mut req = Request::post(path)
        .header("host", "127.0.0.1:3000")
        .header("content-type", "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    if let Some(o) = origin {
        req = req.header("origin", o);
    }
    send(app, req.body(Body::from(form.to_string())).expect("request")).await
}

pub async fn send(app: &Router, req: Request<Body>) -> Page {
    let response = app.clone().oneshot(req).await.expect("response");
    let status = response.status();
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    Page { status, content_type, body: String::from_utf8_lossy(&bytes).into_owned(), headers }
}

/// The trimmed, whitespace-collapsed text of every element matching `selector`.
pub fn texts(html: &Html, selector: &str) -> Vec<String> {
    let sel = Selector::parse(selector).expect("selector");
    html.select(&sel)
        .map(|e| e.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// An HTML page without what moves with the clock: the uptime bars, the days and the months count
/// today until now, so two renders seconds apart may differ there (their data is tested on its own).
/// Nor the footer's other languages, which the static mirror's pages do not offer (its files are in
/// the page's language only), nor the renderer's empty comments that mark where they are not.
pub fn steady_html(body: &str) -> String {
    let mut doc = Html::parse_document(body);
    let moving = Selector::parse(".uptime, table.days, table.months, .languages").expect("selector");
    let mut ids: Vec<_> = doc.select(&moving).map(|e| e.id()).collect();
    ids.extend(doc.tree.nodes().filter(|n| n.value().is_comment()).map(|n| n.id()));
    for id in ids {
        if let Some(mut node) = doc.tree.get_mut(id) {
            node.detach();
        }
    }
    doc.html()
}

pub fn count(html: &Html, selector: &str) -> usize {
    html.select(&Selector::parse(selector).expect("selector")).count()
}

pub fn attrs(html: &Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(selector).expect("selector");
    html.select(&sel).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
}

/// A whole answer: status, headers and body bytes.
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("utf-8 body")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

/// Like [`send`], keeping the body's bytes as they are.
pub async fn send_raw(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.expect("response");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    Reply { status, headers, body: bytes.to_vec() }
}

pub async fn fetch(app: &Router, path: &str) -> Reply {
    send_raw(app, Request::get(path).body(Body::empty()).expect("request")).await
}

/// Signs in with the test password ("correct horse battery") and returns the session cookie.
pub async fn signed_in(app: &Router, email: &str) -> String {
    let form = format!("email={}&password=correct+horse+battery", email.replace('@', "%40"));
    post_form(app, "/admin/login", &form, None).await.session_cookie().expect("session")
}

/// A form post as a browser without JavaScript sends it.
pub fn plain_post(name: &str, form: String, cookie: &str, from: &str) -> Request<Body> {
    Request::post(format!("/admin/fn/{name}"))
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000")
        .header("referer", format!("http://127.0.0.1:3000{from}"))
        .header("accept", "text/html")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", cookie)
        .body(Body::from(form))
        .expect("request")
}

/// A server function call as the hydrated console makes it (JavaScript on).
pub async fn call(app: &Router, name: &str, form: &str, cookie: &str) -> Page {
    let req = Request::post(format!("/admin/fn/{name}"))
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .header("cookie", cookie)
        .body(Body::from(form.to_string()))
        .expect("request");
    send(app, req).await
}

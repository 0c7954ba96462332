//! Helpers for the HTTP tests: a router over a fresh database, requests without a network.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use scraper::{Html, Selector};
use server::config::{Cli, Command};
use server::http::{router, AppState};
use server::store::{Engine, Store};
use tower::ServiceExt;

/// A router over a fresh SQLite database, with the sample data when `demo`.
pub async fn app(timezone: &str, demo: bool) -> (Router, Store) {
    app_with(&["--timezone", timezone], demo).await
}

/// Like [`app`], with more `beacon serve` arguments (e.g. `--public-url`).
pub async fn app_with(extra: &[&str], demo: bool) -> (Router, Store) {
    let store = server::testing::fresh_store(Engine::Sqlite)
        .await
        .expect("sqlite");
    if demo {
        server::demo::load_if_empty(&store, chrono::Utc::now())
            .await
            .expect("demo data");
    }
    let mut args = vec!["beacon", "serve", "--title", "Example Status"];
    args.extend_from_slice(extra);
    let cli = <Cli as clap::Parser>::try_parse_from(args).expect("valid arguments");
    let Command::Serve(args) = cli.command else {
        unreachable!()
    };
    let site_root = server::testing::temp_dir("site");
    let state = AppState::new(store.clone(), &args, &site_root);
    (router(state, &site_root), store)
}

pub struct Page {
    pub status: StatusCode,
    pub content_type: String,
    pub body: String,
}

impl Page {
    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }
}

pub async fn get(app: &Router, path: &str) -> Page {
    let response = app
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Page {
        status,
        content_type,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// The trimmed, whitespace-collapsed text of every element matching `selector`.
pub fn texts(html: &Html, selector: &str) -> Vec<String> {
    let sel = Selector::parse(selector).expect("selector");
    html.select(&sel)
        .map(|e| {
            e.text()
                .collect::<Vec<_>>()
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

pub fn count(html: &Html, selector: &str) -> usize {
    html.select(&Selector::parse(selector).expect("selector"))
        .count()
}

pub fn attrs(html: &Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(selector).expect("selector");
    html.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// A whole answer: status, headers and body bytes.
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("utf-8 body")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.expect("response");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Reply {
        status,
        headers,
        body: bytes.to_vec(),
    }
}

pub async fn fetch(app: &Router, path: &str) -> Reply {
    send(
        app,
        Request::get(path).body(Body::empty()).expect("request"),
    )
    .await
}

//! The security headers of each kind of answer, parsed: public pages, the console, what may be
//! embedded (badges, feeds), the rest; and the request id every answer carries.

use crate::common::{add_user, app, app_with, get, get_as, send, signed_in, Page};
use app::domain::Role;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use std::collections::HashMap;

/// The Content-Security-Policy as directive → sources.
fn policy(page: &Page) -> HashMap<String, Vec<String>> {
    let header = page.headers.get("content-security-policy").expect("a Content-Security-Policy");
    header
        .to_str()
        .unwrap()
        .split(';')
        .filter_map(|directive| {
            let mut words = directive.split_whitespace().map(str::to_string);
            Some((words.next()?, words.collect()))
        })
        .collect()
}

fn header<'a>(page: &'a Page, name: &str) -> Option<&'a str> {
    page.headers.get(name).map(|v| v.to_str().unwrap())
}

fn sources<'a>(csp: &'a HashMap<String, Vec<String>>, directive: &str) -> Vec<&'a str> {
    csp.get(directive).map(|s| s.iter().map(String::as_str).collect()).unwrap_or_default()
}

/// What every answer has, whatever its kind.
fn assert_common(page: &Page, path: &str) {
    let csp = policy(page);
    assert_eq!(sources(&csp, "default-src"), ["'none'"], "{path}");
    assert!(!page.headers["content-security-policy"].to_str().unwrap().contains("unsafe-inline"), "{path}");
    assert_eq!(header(page, "x-content-type-options"), Some("nosniff"), "{path}");
    let referrer = header(page, "referrer-policy").expect("a Referrer-Policy");
    assert!(["same-origin", "strict-origin-when-cross-origin"].contains(&referrer), "{path}: {referrer}");
    assert_eq!(header(page, "strict-transport-security"), None, "{path}: the public URL is http");
}

fn assert_not_framed(page: &Page, path: &str) {
    assert_eq!(sources(&policy(page), "frame-ancestors"), ["'none'"], "{path}");
    assert_eq!(header(page, "x-frame-options"), Some("DENY"), "{path}");
}

#[tokio::test]
async fn public_pages_run_only_their_own_script_and_stylesheet() {
    let (app, _) = app("UTC", true).await;
    for path in ["/", "/history", "/incidents/1", "/no-such-page"] {
        let page = get(&app, path).await;
        assert!(page.content_type.starts_with("text/html"), "{path}");
        assert_common(&page, path);
        assert_not_framed(&page, path);
        let csp = policy(&page);
        assert_eq!(sources(&csp, "script-src"), ["'self'"], "{path}");
        assert_eq!(sources(&csp, "style-src"), ["'self'"], "{path}");
        assert_eq!(sources(&csp, "connect-src"), ["'self'"], "{path}: the live stream and its refresh");
        let html = page.html();
        let scripts = scraper::Selector::parse("script").unwrap();
        for script in html.select(&scripts) {
            assert!(script.value().attr("src").is_some_and(|s| s.starts_with('/')), "{path}: only our own file");
        }
        assert_ne!(header(&page, "cache-control"), Some("no-store"), "{path}: public pages may be cached");
    }
}

#[tokio::test]
async fn a_revalidation_leaves_the_kept_page_its_own_policy() {
    let (app, _) = app("UTC", true).await;
    for path in ["/", "/history.atom", "/api/v2/summary.json"] {
        let first = get(&app, path).await;
        let etag = header(&first, "etag").expect("an ETag").to_string();
        let request = Request::get(path).header("if-none-match", etag).body(Body::empty()).unwrap();
        let again = send(&app, request).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{path}");
        // A 304's headers replace the kept answer's: a policy for "no content" would break the page.
        assert_eq!(header(&again, "content-security-policy"), None, "{path}");
        assert_eq!(header(&again, "x-frame-options"), None, "{path}");
        assert_eq!(header(&again, "x-content-type-options"), Some("nosniff"), "{path}");
    }
}

#[tokio::test]
async fn badges_and_feeds_may_be_embedded_and_the_rest_may_not() {
    let (app, _) = app("UTC", true).await;
    for path in ["/badge.svg", "/components/1/badge.svg", "/history.atom", "/history.rss", "/history.json"] {
        let page = get(&app, path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_common(&page, path);
        assert!(!policy(&page).contains_key("frame-ancestors"), "{path}");
        assert_eq!(header(&page, "x-frame-options"), None, "{path}");
    }
    for path in ["/api/v2/summary.json", "/healthz", "/api/v1/openapi.json", "/api/v2/incidents/999.json"] {
        let page = get(&app, path).await;
        assert_common(&page, path);
        assert_not_framed(&page, path);
    }
}

#[tokio::test]
async fn the_widget_may_be_framed_by_any_site_and_runs_nothing() {
    let (app, _) = app("UTC", true).await;
    let page = get(&app, "/embed").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.content_type.starts_with("text/html"));
    assert_common(&page, "/embed");
    let csp = policy(&page);
    assert!(!csp.contains_key("frame-ancestors"), "any site may frame it");
    assert_eq!(header(&page, "x-frame-options"), None);
    assert_eq!(sources(&csp, "script-src"), Vec::<&str>::new(), "no script runs in it");
    assert_eq!(sources(&csp, "style-src"), ["'self'"]);
    let html = page.html();
    assert_eq!(html.select(&scraper::Selector::parse("script").unwrap()).count(), 0);
    let status = scraper::Selector::parse(".widget__status").unwrap();
    let text: String = html.select(&status).next().expect("the status line").text().collect();
    assert_eq!(text.trim(), "Partial System Outage");
    // Its links leave the frame, to the page's own address.
    for link in html.select(&scraper::Selector::parse("a").unwrap()) {
        assert_eq!(link.value().attr("target"), Some("_blank"), "{}", link.html());
        assert!(link.value().attr("href").is_some_and(|h| h.starts_with("http")), "{}", link.html());
    }
    // Nothing else under it is framed; its error page neither.
    let other = get(&app, "/embed/more").await;
    assert_not_framed(&other, "/embed/more");
}

#[tokio::test]
async fn the_console_allows_its_hydration_scripts_by_nonce_and_is_never_stored() {
    let (app, store) = app("UTC", true).await;
    add_user(&store, "ada@example.com", Role::Admin, "correct horse battery").await;
    let cookie = signed_in(&app, "ada@example.com").await;
    let mut nonces = Vec::new();
    for page in [get(&app, "/admin/login").await, get_as(&app, "/admin", &cookie).await] {
        assert_eq!(page.status, StatusCode::OK);
        assert_common(&page, "/admin");
        assert_not_framed(&page, "/admin");
        assert_eq!(header(&page, "cache-control"), Some("no-store"));
        let csp = policy(&page);
        let script_src = sources(&csp, "script-src");
        let nonce = script_src.iter().find_map(|s| s.strip_prefix("'nonce-")?.strip_suffix('\'')).expect("a nonce");
        assert!(nonce.len() >= 16, "{nonce}");
        assert!(script_src.contains(&"'self'") && script_src.contains(&"'wasm-unsafe-eval'"), "{script_src:?}");
        // Every inline script carries the nonce; the nonce is nowhere else.
        let html = page.html();
        let scripts = scraper::Selector::parse("script").unwrap();
        let inline: Vec<_> = html.select(&scripts).filter(|s| s.value().attr("src").is_none()).collect();
        assert!(!inline.is_empty(), "the hydration script");
        for script in inline {
            assert_eq!(script.value().attr("nonce"), Some(nonce), "{}", script.html());
        }
        assert_eq!(page.body.matches(nonce).count(), html.select(&scripts).count(), "only in nonce attributes");
        for link in html.select(&scraper::Selector::parse("[crossorigin]").unwrap()) {
            let value = link.value().attr("crossorigin").unwrap();
            assert!(["", "anonymous", "use-credentials"].contains(&value), "crossorigin=\"{value}\"");
        }
        // Nothing after the document's end (Leptos's resource scripts belong inside the body).
        if let Some((_, after)) = page.body.split_once("</html>") {
            assert!(after.trim().is_empty(), "after </html>: {after}");
        }
        nonces.push(nonce.to_string());
    }
    assert_ne!(nonces[0], nonces[1], "a new nonce for every answer");
    // The dashboard streams its data as a script: inside the body.
    let dashboard = get_as(&app, "/admin", &cookie).await;
    let body = scraper::Selector::parse("body script").unwrap();
    assert!(dashboard.html().select(&body).count() >= 1, "{}", dashboard.body);
    // Server functions and redirects are the console's too.
    let redirect = get(&app, "/admin").await;
    assert_eq!(redirect.status, StatusCode::SEE_OTHER);
    assert_eq!(header(&redirect, "cache-control"), Some("no-store"));
}

#[tokio::test]
async fn an_https_public_url_adds_strict_transport_security() {
    let (app, _) = app_with(&["--public-url", "https://status.example.com"], true).await;
    for path in ["/", "/admin/login", "/badge.svg", "/api/v2/status.json"] {
        let page = get(&app, path).await;
        let hsts = header(&page, "strict-transport-security").unwrap_or_else(|| panic!("{path}: no HSTS"));
        let max_age: u64 = hsts
            .split(';')
            .find_map(|p| p.trim().strip_prefix("max-age="))
            .and_then(|v| v.parse().ok())
            .expect("max-age");
        assert!(max_age >= 15_552_000, "{path}: at least 180 days, got {max_age}");
    }
}

#[tokio::test]
async fn every_answer_carries_a_request_id_reusing_a_sane_one() {
    let (app, _) = app("UTC", false).await;
    let a = get(&app, "/healthz").await;
    let b = get(&app, "/no-such-page").await;
    let (a, b) = (header(&a, "x-request-id").unwrap(), header(&b, "x-request-id").unwrap());
    assert!(a.len() >= 16 && a != b, "{a} {b}");
    let with = |id: &str| Request::get("/healthz").header("x-request-id", id).body(Body::empty()).unwrap();
    let kept = send(&app, with("lb-7f3a:42")).await;
    assert_eq!(header(&kept, "x-request-id"), Some("lb-7f3a:42"));
    for insane in ["two words", "quote\"d", &"x".repeat(200)] {
        let replaced = send(&app, with(insane)).await;
        let id = header(&replaced, "x-request-id").unwrap();
        assert!(id != insane && id.chars().all(|c| c.is_ascii_hexdigit()), "{insane} became {id}");
    }
}

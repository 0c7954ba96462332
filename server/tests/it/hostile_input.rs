//! Input no user should send: bodies larger than the server accepts (declared or streamed), on
//! the API, the console and the sign-in form alike: a 413 in the shared error shape, never a 500.

use crate::common::{add_user, app, send_raw, signed_in};
use app::domain::Role;
use app::error::{AppError, ErrorCode};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use server::http::body_limit::MAX_BODY;
use server::store::{Actor, NewToken};

fn refusal(body: &[u8]) -> AppError {
    let v: serde_json::Value = serde_json::from_slice(body).expect("JSON");
    serde_json::from_value(v.get("error").cloned().unwrap_or(v)).expect("an error")
}

/// A body of `n` bytes that does not say how long it is: it arrives in pieces.
fn streamed(n: usize) -> Body {
    let chunks = (0..n.div_ceil(64 * 1024)).map(|_| Ok::<_, std::io::Error>(vec![b'x'; 64 * 1024]));
    Body::from_stream(futures_util::stream::iter(chunks))
}

#[tokio::test]
async fn bodies_over_the_limit_are_413_wherever_they_go() {
    let (app, store) = app("UTC", true).await;
    add_user(&store, "ada@example.com", Role::Admin, "correct horse battery").await;
    let cookie = signed_in(&app, "ada@example.com").await;
    let token = store
        .create_token(&Actor::System, NewToken { name: "ops".into(), role: Role::Admin, expires_at: None })
        .await
        .unwrap()
        .1;
    let big = MAX_BODY + 1;
    let requests = |declared: bool| {
        let body = || if declared { Body::from(vec![b'x'; big]) } else { streamed(big) };
        let length = |r: axum::http::request::Builder| if declared { r.header("content-length", big) } else { r };
        vec![
            (
                "API v1",
                length(Request::post("/api/v1/incidents"))
                    .header("authorization", format!("Bearer {token}"))
                    .header("content-type", "application/json")
                    .body(body())
                    .unwrap(),
            ),
            (
                "a console server function",
                length(Request::post("/admin/fn/create_incident"))
                    .header("host", "127.0.0.1:3000")
                    .header("origin", "http://127.0.0.1:3000")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("accept", "application/json")
                    .header("cookie", &cookie)
                    .body(body())
                    .unwrap(),
            ),
        ]
    };
    for (what, req) in requests(true) {
        let reply = send_raw(&app, req).await;
        assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{what} (declared)");
        let e = refusal(&reply.body);
        assert_eq!(e.code, ErrorCode::TooLarge, "{what}");
        assert!(e.message.contains("MiB"), "{what}: {}", e.message);
    }
    // Streamed past the limit: the API says 413; a server function (browsers always declare a
    // form's length) cannot tell a cut-off body from a bad one, and refuses it as 400 `malformed`.
    let streamed: Vec<_> = requests(false).into_iter().map(|(what, req)| (what, send_raw(&app, req))).collect();
    let mut codes = Vec::new();
    for (what, reply) in streamed {
        let reply = reply.await;
        assert!(reply.status.is_client_error(), "{what} (streamed): {}", reply.status);
        codes.push(refusal(&reply.body).code);
    }
    assert_eq!(codes, [ErrorCode::TooLarge, ErrorCode::Malformed]);
    // The sign-in form, declared too large: refused before anything is read.
    let login = Request::post("/admin/login")
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("content-length", big)
        .body(Body::from(vec![b'x'; big]))
        .unwrap();
    assert_eq!(send_raw(&app, login).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    // A plain form post (JavaScript off) gets a page that says what to do, not JSON.
    let plain = Request::post("/admin/fn/save_postmortem")
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html,application/xhtml+xml")
        .header("cookie", &cookie)
        .header("content-length", big)
        .body(Body::from(vec![b'x'; big]))
        .unwrap();
    let page = send_raw(&app, plain).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.header("content-type").starts_with("text/html"), "{}", page.header("content-type"));
    let html = String::from_utf8_lossy(&page.body).into_owned();
    assert!(html.contains("2 MiB") && html.contains("shorten it"), "{html}");
    assert!(store.open_incidents().await.unwrap().iter().all(|i| !i.title.starts_with('x')), "nothing written");
}

//! The API tokens page: an admin creates a token, sees its secret once, and revokes it; the
//! token works on the write API until then.

use crate::common::{add_user, app, attrs, call, get_as, send, send_raw, signed_in, texts};
use app::domain::Role;
use axum::body::Body;
use axum::http::{Request, StatusCode};

/// A form post as a browser without JavaScript sends it.
fn plain_post(name: &str, form: &str, cookie: &str) -> Request<Body> {
    Request::post(format!("/admin/fn/{name}"))
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000")
        .header("referer", "http://127.0.0.1:3000/admin/tokens")
        .header("accept", "text/html")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", cookie)
        .body(Body::from(form.to_string()))
        .unwrap()
}

async fn components_with(app: &axum::Router, secret: &str) -> StatusCode {
    let req = Request::get("/api/v1/components").header("authorization", format!("Bearer {secret}"));
    send_raw(app, req.body(Body::empty()).unwrap()).await.status
}

#[tokio::test]
async fn an_admin_creates_a_token_sees_it_once_and_revokes_it() {
    let (app, store) = app("UTC", true).await;
    add_user(&store, "ada@example.com", Role::Admin, "correct horse battery").await;
    let cookie = signed_in(&app, "ada@example.com").await;

    let created =
        send(&app, plain_post("create_token", "name=alertmanager&role=editor&expires_in_days=30", &cookie)).await;
    assert_eq!(created.status, StatusCode::FOUND, "{}", created.body);
    let page = get_as(&app, "/admin/tokens", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    let secret = attrs(&html, "#new-token input.secret", "value").pop().expect("the secret is shown");
    assert!(secret.starts_with("bcn_") && secret.len() > 40, "{secret}");
    let rows = texts(&html, "table.tokens tbody tr");
    assert!(rows[0].contains("alertmanager") && rows[0].contains("Editor") && rows[0].contains("Active"), "{rows:?}");
    assert!(!rows[0].contains(&secret), "the list never shows a secret");
    // Shown once: a reload does not show it again.
    let again = get_as(&app, "/admin/tokens", &cookie).await.html();
    assert!(attrs(&again, "input.secret", "value").is_empty());
    let stored = store.list_tokens().await.unwrap();
    assert!(stored[0].expires_at.is_some_and(|e| e > chrono::Utc::now() + chrono::Duration::days(29)));

    assert_eq!(components_with(&app, &secret).await, StatusCode::OK);
    let html = get_as(&app, "/admin/tokens", &cookie).await.html();
    assert!(!texts(&html, "table.tokens tbody tr")[0].contains("Never"), "the last use is shown");

    let id = stored[0].id;
    let revoked = call(&app, "revoke_token", &format!("id={id}"), &cookie).await;
    assert!(revoked.status.is_success() || revoked.status.is_redirection(), "{}", revoked.body);
    assert_eq!(components_with(&app, &secret).await, StatusCode::UNAUTHORIZED);
    let html = get_as(&app, "/admin/tokens", &cookie).await.html();
    assert!(texts(&html, "table.tokens tbody tr")[0].contains("Revoked"));
    let audit = store.recent_audit(10).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "revoke" && e.entity_type == "api_token" && e.actor == "ada@example.com"));
}

#[tokio::test]
async fn bad_token_input_is_refused_naming_the_field() {
    let (app, store) = app("UTC", false).await;
    add_user(&store, "ada@example.com", Role::Admin, "correct horse battery").await;
    let cookie = signed_in(&app, "ada@example.com").await;
    for (form, field) in [
        ("name=+&role=editor", "name"),
        ("name=x&role=owner", "role"),
        ("name=x&role=editor&expires_in_days=forever", "expires_in_days"),
    ] {
        let page = call(&app, "create_token", form, &cookie).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{form}: {}", page.body);
        assert_eq!(page.refusal().field.as_deref(), Some(field), "{form}: {}", page.body);
    }
    assert!(store.list_tokens().await.unwrap().is_empty());
    // A refused plain post comes back to the page with the name kept.
    let refused = send(&app, plain_post("create_token", "name=keep+me&role=owner", &cookie)).await;
    assert_eq!(refused.status, StatusCode::FOUND);
    let html = get_as(&app, "/admin/tokens", &cookie).await.html();
    assert_eq!(attrs(&html, "input#token-name", "value"), ["keep me"]);
    assert!(texts(&html, "[role=alert]").iter().any(|t| t.contains("role")));
}

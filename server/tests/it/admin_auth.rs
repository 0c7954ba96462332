//! Signing in and the guard on the admin console, over HTTP.

use crate::common;
use crate::common::{add_user, app, app_on, get, get_as, post_form, post_form_from, texts};
use app::domain::Role;
use axum::http::StatusCode;
use server::store::{Actor, Engine};

const PASSWORD: &str = "correct horse battery";

async fn sign_in(app: &axum::Router, email: &str, password: &str) -> common::Page {
    let form = format!("email={}&password={}", email.replace('@', "%40"), password.replace(' ', "+"));
    post_form(app, "/admin/login", &form, None).await
}

#[tokio::test]
async fn admin_pages_and_server_functions_need_a_session() {
    let (app, _) = app("UTC", true).await;
    let page = get(&app, "/admin").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), "/admin/login?next=/admin");
    let page = post_form(&app, "/admin/fn/dashboard", "", None).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert!(!page.body.contains("Delayed webhook"), "no data without a session");
    // The sign-in page itself is open.
    assert_eq!(get(&app, "/admin/login").await.status, StatusCode::OK);
}

#[tokio::test]
async fn signing_in_opens_the_dashboard_and_signing_out_ends_the_session() {
    let (app, store) = app("UTC", true).await;
    add_user(&store, "ada@example.com", Role::Admin, PASSWORD).await;
    let page = sign_in(&app, "Ada@Example.com", PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), "/admin");
    let set_cookie = page.headers.get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    assert!(!set_cookie.contains("Secure"), "plain http public URL: {set_cookie}");
    let cookie = page.session_cookie().expect("session cookie");

    let dashboard = get_as(&app, "/admin", &cookie).await;
    assert_eq!(dashboard.status, StatusCode::OK);
    let html = dashboard.html();
    assert_eq!(texts(&html, "h1"), ["Dashboard"]);
    assert!(texts(&html, ".incident__title").contains(&"Delayed webhook deliveries".to_string()));
    assert_eq!(texts(&html, ".components .component").len(), 6);

    // The server function answers too, with the session.
    let data = post_form(&app, "/admin/fn/dashboard", "", Some(&cookie)).await;
    assert_eq!(data.status, StatusCode::OK, "{}", data.body);
    assert!(data.body.contains("Delayed webhook deliveries"));

    let out = post_form(&app, "/admin/logout", "", Some(&cookie)).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(get_as(&app, "/admin", &cookie).await.status, StatusCode::SEE_OTHER, "the old cookie is dead");

    let audit = store.recent_audit(5).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "login" && e.actor == "ada@example.com"));
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let (app, store) = app("UTC", false).await;
    add_user(&store, "ada@example.com", Role::Editor, PASSWORD).await;
    let wrong = sign_in(&app, "ada@example.com", "wrong password!").await;
    let unknown = sign_in(&app, "nobody@example.com", PASSWORD).await;
    assert_eq!(wrong.status, StatusCode::SEE_OTHER);
    assert_eq!(wrong.location(), "/admin/login?error=invalid");
    assert_eq!(unknown.location(), wrong.location());
    assert!(
        wrong.session_cookie().is_none()
            || get_as(&app, "/admin", &wrong.session_cookie().unwrap()).await.status == StatusCode::SEE_OTHER
    );
    let html = get(&app, wrong.location()).await.html();
    assert_eq!(texts(&html, "[role=alert]"), ["Invalid email or password."]);
    let audit = store.recent_audit(5).await.unwrap();
    assert_eq!(audit.iter().filter(|e| e.action == "login_failed").count(), 2);
}

#[tokio::test]
async fn repeated_failures_are_throttled_even_with_the_right_password() {
    let (app, store) = app("UTC", false).await;
    add_user(&store, "ada@example.com", Role::Admin, PASSWORD).await;
    for _ in 0..5 {
        assert_eq!(sign_in(&app, "ada@example.com", "wrong password!").await.location(), "/admin/login?error=invalid");
    }
    let page = sign_in(&app, "ada@example.com", PASSWORD).await;
    assert!(page.location().starts_with("/admin/login?error=throttled&wait="), "{}", page.location());
    let html = get(&app, page.location()).await.html();
    assert!(texts(&html, "[role=alert]")[0].starts_with("Too many failed sign-ins. Try again in"));
    // Another account is not affected.
    add_user(&store, "bob@example.com", Role::Editor, PASSWORD).await;
    assert_eq!(sign_in(&app, "bob@example.com", PASSWORD).await.location(), "/admin");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn wrong_passwords_sent_at_once_are_throttled_like_ones_sent_in_turn() {
    let (app, store) = app("UTC", false).await;
    add_user(&store, "ada@example.com", Role::Admin, PASSWORD).await;
    let attempts: Vec<_> = (0..40)
        .map(|i| {
            let app = app.clone();
            tokio::spawn(async move { sign_in(&app, "ada@example.com", &format!("wrong password {i}")).await })
        })
        .collect();
    let mut answers = Vec::new();
    for a in attempts {
        answers.push(a.await.unwrap().location().to_string());
    }
    let checked = answers.iter().filter(|l| *l == "/admin/login?error=invalid").count();
    let throttled = answers.iter().filter(|l| l.starts_with("/admin/login?error=throttled&wait=")).count();
    assert_eq!((checked, throttled), (5, 35), "only the free attempts are checked: {answers:?}");
    let audit = store.recent_audit(50).await.unwrap();
    assert_eq!(audit.iter().filter(|e| e.action == "login_failed").count(), 5);
    // The right password, just after, waits like the rest.
    let page = sign_in(&app, "ada@example.com", PASSWORD).await;
    assert!(page.location().starts_with("/admin/login?error=throttled"), "{}", page.location());
}

#[tokio::test]
async fn an_address_that_cannot_be_an_account_is_a_wrong_sign_in_not_an_outage() {
    let (app, _) = app("UTC", false).await;
    for email in ["ada%00@example.com", "no-at-sign", "%1B%5B31m@example.com"] {
        let form = format!("email={email}&password=whatever+it+is");
        let page = post_form(&app, "/admin/login", &form, None).await;
        assert_eq!(page.location(), "/admin/login?error=invalid", "{email}");
    }
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in_and_loses_its_session() {
    let (app, store) = app("UTC", false).await;
    let id = add_user(&store, "ada@example.com", Role::Admin, PASSWORD).await;
    let cookie = sign_in(&app, "ada@example.com", PASSWORD).await.session_cookie().unwrap();
    assert_eq!(get_as(&app, "/admin", &cookie).await.status, StatusCode::OK);
    store.set_user_disabled(&Actor::System, id, true).await.unwrap();
    assert_eq!(get_as(&app, "/admin", &cookie).await.status, StatusCode::SEE_OTHER);
    assert_eq!(sign_in(&app, "ada@example.com", PASSWORD).await.location(), "/admin/login?error=disabled");
}

#[tokio::test]
async fn cross_origin_posts_are_refused() {
    let (app, store) = app("UTC", false).await;
    add_user(&store, "ada@example.com", Role::Admin, PASSWORD).await;
    let cookie = sign_in(&app, "ada@example.com", PASSWORD).await.session_cookie().unwrap();
    let form = "email=ada%40example.com&password=correct+horse+battery";
    for origin in [Some("https://evil.example"), Some("null"), None] {
        let page = post_form_from(&app, "/admin/login", form, None, origin).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{origin:?}");
        let page = post_form_from(&app, "/admin/logout", "", Some(&cookie), origin).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{origin:?}");
        let page = post_form_from(&app, "/admin/fn/dashboard", "", Some(&cookie), origin).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{origin:?}");
    }
    // The session survived the refused logouts.
    assert_eq!(get_as(&app, "/admin", &cookie).await.status, StatusCode::OK);
}

#[tokio::test]
async fn next_returns_to_the_page_asked_for_but_never_off_site() {
    let (app, store) = app("UTC", false).await;
    add_user(&store, "ada@example.com", Role::Admin, PASSWORD).await;
    let form = "email=ada%40example.com&password=correct+horse+battery&next=%2Fadmin%3Fx%3D1";
    assert_eq!(post_form(&app, "/admin/login", form, None).await.location(), "/admin?x=1");
    let form = "email=ada%40example.com&password=correct+horse+battery&next=https%3A%2F%2Fevil.example";
    assert_eq!(post_form(&app, "/admin/login", form, None).await.location(), "/admin");
}

/// Sessions live in the database: a restarted server, or another instance on the same
/// database, honours them.
async fn sessions_are_shared(store: server::store::Store) {
    add_user(&store, "ada@example.com", Role::Admin, PASSWORD).await;
    let first = app_on(store.clone(), "UTC", false).await;
    let cookie = sign_in(&first, "ada@example.com", PASSWORD).await.session_cookie().unwrap();
    drop(first);
    let second = app_on(store.clone(), "UTC", false).await;
    let third = app_on(store, "UTC", false).await;
    assert_eq!(get_as(&second, "/admin", &cookie).await.status, StatusCode::OK);
    assert_eq!(get_as(&third, "/admin", &cookie).await.status, StatusCode::OK);
    post_form(&third, "/admin/logout", "", Some(&cookie)).await;
    assert_eq!(get_as(&second, "/admin", &cookie).await.status, StatusCode::SEE_OTHER, "signed out everywhere");
}

#[tokio::test]
async fn sessions_survive_a_restart_on_sqlite() {
    sessions_are_shared(server::testing::fresh_store(Engine::Sqlite).await.unwrap()).await;
}

#[tokio::test]
async fn sessions_work_across_instances_on_postgres() {
    if let Some(store) = server::testing::fresh_store(Engine::Postgres).await {
        sessions_are_shared(store).await;
    }
}

#[tokio::test]
async fn the_setup_link_creates_the_first_admin_once() {
    let store = server::testing::fresh_store(Engine::Sqlite).await.unwrap();
    let cli = <server::config::Cli as clap::Parser>::try_parse_from(["beacon", "serve"]).unwrap();
    let server::config::Command::Serve(args) = cli.command else { unreachable!() };
    let site = server::testing::temp_dir("site");
    let state = server::state::AppState::started(store.clone(), &args, &site).await.unwrap();
    let token = state.auth.begin_setup();
    let app = server::http::router(state, &site);

    let wrong =
        post_form(&app, "/admin/setup/nottoken", "email=a%40b.c&display_name=A&password=long+enough+pw", None).await;
    assert_eq!(wrong.location(), "/admin/login?error=setup_used");
    let weak =
        post_form(&app, &format!("/admin/setup/{token}"), "email=a%40b.c&display_name=A&password=short", None).await;
    assert_eq!(weak.location(), format!("/admin/setup/{token}?error=weak_password"));
    let html = get(&app, weak.location()).await.html();
    assert_eq!(texts(&html, "[role=alert]"), ["The password must be at least 10 characters."]);

    let ok = post_form(
        &app,
        &format!("/admin/setup/{token}"),
        "email=ada%40example.com&display_name=Ada&password=long+enough+pw",
        None,
    )
    .await;
    assert_eq!(ok.location(), "/admin");
    let cookie = ok.session_cookie().unwrap();
    assert_eq!(get_as(&app, "/admin", &cookie).await.status, StatusCode::OK);
    let (user, _) = store.find_user_by_email("ada@example.com").await.unwrap().unwrap();
    assert_eq!(user.role, Role::Admin);

    let again = post_form(
        &app,
        &format!("/admin/setup/{token}"),
        "email=eve%40example.com&display_name=Eve&password=long+enough+pw",
        None,
    )
    .await;
    assert_eq!(again.location(), "/admin/login?error=setup_used");
    assert!(store.find_user_by_email("eve@example.com").await.unwrap().is_none());
}

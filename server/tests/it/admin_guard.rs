//! Every console page and every server function, found in the source so that a new one cannot
//! be missed: without a session it redirects to sign-in or answers 401; a cross-origin POST is
//! refused; an editor gets 403 from each admin-only function.

use crate::common::{add_user, app, call, get, send, signed_in};
use app::domain::Role;
use axum::body::Body;
use axum::http::{Request, StatusCode};

/// Values for every server function's arguments (unknown ones are ignored), so that a call
/// reaches the checks inside the function.
const ANY_ARGUMENTS: &str = "id=1&incident_id=1&update_id=1&user_id=1&component_id=1&version=1&name=x&title=x\
    &email=x%40example.com&display_name=x&role=admin&password=long+enough+pw&access=disable&status=operational\
    &message=x&body=x&confirm=on&impact=minor&scheduled_for=2030-01-01T00%3A00&scheduled_until=2030-01-01T01%3A00\
    &current_password=x&new_password=long+enough+pw&confirm_password=long+enough+pw";

/// Functions only admins may call.
const ADMIN_ONLY: &[&str] = &[
    "audit_page",
    "create_token",
    "create_user",
    "delete_component",
    "delete_group",
    "delete_incident",
    "reset_user_password",
    "revoke_token",
    "save_component",
    "save_group",
    "set_user_access",
    "set_user_role",
    "tokens_page",
    "users_page",
];

/// Every source file of the console, its folders' too.
fn admin_sources() -> String {
    fn read(dir: &std::path::Path, all: &mut String) {
        for entry in std::fs::read_dir(dir).expect("a folder of app/src/pages/admin") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                read(&path, all);
            } else {
                *all += &std::fs::read_to_string(path).unwrap_or_default();
            }
        }
    }
    let mut all = String::new();
    read(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../app/src/pages/admin")), &mut all);
    all
}

fn quoted_after(source: &str, marker: &str) -> Vec<String> {
    source.split(marker).skip(1).filter_map(|rest| rest.split('"').next()).map(str::to_string).collect()
}

fn server_functions() -> Vec<String> {
    let names = quoted_after(&admin_sources(), "endpoint = \"");
    assert!(names.len() >= 20, "found only {names:?}");
    names
}

fn pages() -> Vec<String> {
    let paths = quoted_after(&admin_sources(), "path!(\"");
    assert!(paths.len() >= 8, "found only {paths:?}");
    paths.into_iter().map(|p| p.replace(":id", "1").replace(":token", "nope")).collect()
}

#[tokio::test]
async fn without_a_session_pages_redirect_and_functions_answer_401() {
    let (app, _) = app("UTC", true).await;
    for page in pages() {
        let open = page == "/admin/login" || page.starts_with("/admin/setup/");
        let status = get(&app, &page).await.status;
        if open {
            assert_eq!(status, StatusCode::OK, "{page} is open");
        } else {
            assert_eq!(status, StatusCode::SEE_OTHER, "{page} needs a session");
        }
    }
    for name in server_functions() {
        let page = call(&app, &name, ANY_ARGUMENTS, "beacon_session=forged").await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED, "{name}: {}", page.body);
    }
}

#[tokio::test]
async fn cross_origin_posts_to_any_function_are_refused() {
    let (app, store) = app("UTC", true).await;
    add_user(&store, "ada@example.com", Role::Admin, "correct horse battery").await;
    let cookie = signed_in(&app, "ada@example.com").await;
    for name in server_functions() {
        let req = Request::post(format!("/admin/fn/{name}"))
            .header("host", "127.0.0.1:3000")
            .header("origin", "https://evil.example")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", &cookie)
            .body(Body::from(ANY_ARGUMENTS))
            .unwrap();
        assert_eq!(send(&app, req).await.status, StatusCode::FORBIDDEN, "{name}");
    }
}

#[tokio::test]
async fn editors_get_403_from_every_admin_only_function() {
    let (app, store) = app("UTC", true).await;
    add_user(&store, "eve@example.com", Role::Editor, "correct horse battery").await;
    let cookie = signed_in(&app, "eve@example.com").await;
    let known = server_functions();
    for name in ADMIN_ONLY {
        assert!(known.iter().any(|k| k == name), "{name} is not a server function any more");
        let page = call(&app, name, ANY_ARGUMENTS, &cookie).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{name}: {}", page.body);
    }
    // And nothing was changed by those calls.
    assert!(store.get_incident(1).await.unwrap().is_some());
    assert!(store.get_component(1).await.unwrap().is_some());
}

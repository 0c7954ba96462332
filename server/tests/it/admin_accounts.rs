//! The account pages' server functions over HTTP: managing users (admins only), changing one's own
//! password, the last-admin rule, and the audit log's pages and filters.

use crate::common;
use crate::common::{add_user, app, attrs, call, count, get_as, post_form, send, signed_in, texts};
use app::domain::Role;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use server::store::{Actor, NewComponent, Store};

const PASSWORD: &str = "correct horse battery";

async fn sign_in(app: &axum::Router, email: &str, password: &str) -> Option<String> {
    let form = format!("email={}&password={}", email.replace('@', "%40"), password.replace(' ', "+"));
    post_form(app, "/admin/login", &form, None).await.session_cookie()
}

fn ok(page: &common::Page) -> bool {
    page.status.is_success() || page.status.is_redirection()
}

async fn user(store: &Store, email: &str) -> app::domain::User {
    store.find_user_by_email(email).await.unwrap().expect("account").0
}

#[tokio::test]
async fn an_admin_creates_an_account_changes_its_role_resets_its_password_and_disables_it() {
    let (app, store) = app("UTC", false).await;
    add_user(&store, "ada@example.com", Role::Admin, PASSWORD).await;
    let admin = signed_in(&app, "ada@example.com").await;

    let page = call(
        &app,
        "create_user",
        "email=Eve%40Example.com&display_name=Eve+Editor&role=editor&password=first+password+1",
        &admin,
    )
    .await;
    assert!(ok(&page), "{} {}", page.status, page.body);
    let eve = user(&store, "eve@example.com").await;
    assert_eq!((eve.display_name.as_str(), eve.role, eve.disabled), ("Eve Editor", Role::Editor, false));
    assert!(sign_in(&app, "eve@example.com", "first password 1").await.is_some(), "the new account signs in");

    let page = call(&app, "set_user_role", &format!("user_id={}&role=admin", eve.id), &admin).await;
    assert!(ok(&page), "{} {}", page.status, page.body);
    assert_eq!(user(&store, "eve@example.com").await.role, Role::Admin);

    let page =
        call(&app, "reset_user_password", &format!("user_id={}&password=second+password+2", eve.id), &admin).await;
    assert!(ok(&page), "{} {}", page.status, page.body);
    assert!(sign_in(&app, "eve@example.com", "first password 1").await.is_none());
    let eve_session = sign_in(&app, "eve@example.com", "second password 2").await.expect("new password works");

    let page = call(&app, "set_user_access", &format!("user_id={}&access=disable", eve.id), &admin).await;
    assert!(ok(&page), "{} {}", page.status, page.body);
    assert!(user(&store, "eve@example.com").await.disabled);
    let page = call(&app, "users_page", "", &eve_session).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED, "a disabled account's session ends");
    let page = call(&app, "set_user_access", &format!("user_id={}&access=enable", eve.id), &admin).await;
    assert!(ok(&page), "{} {}", page.status, page.body);
    assert!(!user(&store, "eve@example.com").await.disabled);

    // Every change is attributed, and no secret reaches the log.
    let audit = store.recent_audit(10).await.unwrap();
    let by_ada: Vec<&str> = audit
        .iter()
        .filter(|e| e.actor == "ada@example.com" && e.entity_type == "user")
        .map(|e| e.action.as_str())
        .rev()
        .collect();
    assert_eq!(by_ada, ["create", "set_role", "set_password", "set_disabled", "set_disabled"]);
    let role_change = audit.iter().find(|e| e.action == "set_role").unwrap();
    assert_eq!(role_change.before, Some(serde_json::json!({"role": "editor"})));
    assert_eq!(role_change.after, Some(serde_json::json!({"role": "admin"})));
    for e in &audit {
        let json = format!("{:?} {:?}", e.before, e.after);
        assert!(!json.contains("password") && !json.contains("argon2"), "{json}");
    }

    // The page lists every account.
    let html = get_as(&app, "/admin/users", &admin).await.html();
    let emails = texts(&html, ".account__email");
    assert_eq!(emails, ["ada@example.com", "eve@example.com"]);
}

#[tokio::test]
async fn editors_may_not_manage_accounts_or_read_the_audit_log() {
    let (app, store) = app("UTC", false).await;
    add_user(&store, "ada@example.com", Role::Admin, PASSWORD).await;
    let eve = add_user(&store, "eve@example.com", Role::Editor, PASSWORD).await;
    let cookie = signed_in(&app, "eve@example.com").await;
    for (name, form) in [
        ("users_page", String::new()),
        ("create_user", "email=x%40example.com&display_name=X&role=admin&password=long+enough+1".to_string()),
        ("set_user_role", format!("user_id={eve}&role=admin")),
        ("reset_user_password", format!("user_id={eve}&password=long+enough+1")),
        ("set_user_access", format!("user_id={eve}&access=disable")),
        ("audit_page", String::new()),
    ] {
        let page = call(&app, name, &form, &cookie).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{name}: {}", page.body);
    }
    assert_eq!(user(&store, "eve@example.com").await.role, Role::Editor, "nothing changed");
    assert!(store.find_user_by_email("x@example.com").await.unwrap().is_none());
    for path in ["/admin/users", "/admin/audit"] {
        let page = get_as(&app, path, &cookie).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
        let alerts = texts(&page.html(), "[role=alert]");
        assert!(alerts.iter().any(|t| t.contains("Only admins")), "{path}: {}", page.body);
    }
    // Editors see no links to them.
    let html = get_as(&app, "/admin/account", &cookie).await.html();
    assert!(!attrs(&html, "nav a", "href").iter().any(|h| h == "/admin/users" || h == "/admin/audit"));
}

#[tokio::test]
async fn account_pages_and_functions_need_a_session() {
    let (app, _) = app("UTC", false).await;
    for path in ["/admin/users", "/admin/account", "/admin/audit"] {
        assert_eq!(common::get(&app, path).await.status, StatusCode::SEE_OTHER, "{path}");
    }
    for name in [
        "users_page",
        "create_user",
        "set_user_role",
        "reset_user_password",
        "set_user_access",
        "account_page",
        "change_own_password",
        "audit_page",
    ] {
        let page = post_form(&app, &format!("/admin/fn/{name}"), "user_id=1", None).await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED, "{name}");
    }
}

#[tokio::test]
async fn bad_input_is_a_422_naming_the_field() {
    let (app, store) = app("UTC", false).await;
    add_user(&store, "ada@example.com", Role::Admin, PASSWORD).await;
    let admin = signed_in(&app, "ada@example.com").await;
    let ada = user(&store, "ada@example.com").await.id;
    for (name, form, needle) in [
        (
            "create_user",
            "email=eve%40example.com&display_name=Eve&role=editor&password=short",
            "password: password must be at least 10",
        ),
        ("create_user", "email=eve&display_name=Eve&role=editor&password=long+enough+1", "email: "),
        (
            "create_user",
            "email=eve%40example.com&display_name=+&role=editor&password=long+enough+1",
            "display_name must not be empty",
        ),
        (
            "create_user",
            "email=eve%40example.com&display_name=Eve&role=owner&password=long+enough+1",
            "unknown role 'owner'",
        ),
        (
            "create_user",
            "email=ADA%40example.com&display_name=Ada&role=editor&password=long+enough+1",
            "already exists",
        ),
        ("set_user_role", "user_id=1&role=owner", "unknown role 'owner'"),
        ("reset_user_password", "user_id=1&password=short", "password: password must be at least 10"),
        ("set_user_access", "user_id=1&access=ban", "access: unknown access 'ban'"),
        (
            "change_own_password",
            "current_password=wrong+password&new_password=long+enough+1&confirm_password=long+enough+1",
            "current_password: ",
        ),
        (
            "change_own_password",
            "current_password=correct+horse+battery&new_password=long+enough+1&confirm_password=long+enough+2",
            "confirm_password: ",
        ),
        (
            "change_own_password",
            "current_password=correct+horse+battery&new_password=short&confirm_password=short",
            "new_password: password must be at least 10",
        ),
        ("audit_page", "before=yesterday", "before: "),
    ] {
        let form = form.replace("user_id=1", &format!("user_id={ada}"));
        let page = call(&app, name, &form, &admin).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{name} {form}: {}", page.body);
        assert!(page.refused_with().contains(needle), "{name} {form}: {}", page.body);
    }
    let page = call(&app, "set_user_role", "user_id=424242&role=editor", &admin).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "{}", page.body);
    assert_eq!(store.list_users().await.unwrap().len(), 1, "nothing half-written");
    assert!(sign_in(&app, "ada@example.com", PASSWORD).await.is_some(), "the password is unchanged");
}

#[tokio::test]
async fn the_last_active_admin_can_be_neither_demoted_nor_disabled() {
    let (app, store) = app("UTC", false).await;
    let ada = add_user(&store, "ada@example.com", Role::Admin, PASSWORD).await;
    let cookie = signed_in(&app, "ada@example.com").await;
    for (name, form) in [
        ("set_user_role", format!("user_id={ada}&role=editor")),
        ("set_user_access", format!("user_id={ada}&access=disable")),
    ] {
        let page = call(&app, name, &form, &cookie).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {}", page.body);
        assert!(page.body.contains("ada@example.com is the last active admin"), "{name}: {}", page.body);
    }
    let ada_now = user(&store, "ada@example.com").await;
    assert_eq!((ada_now.role, ada_now.disabled), (Role::Admin, false), "rolled back");
    assert!(!store.recent_audit(5).await.unwrap().iter().any(|e| e.action == "set_role"), "nothing recorded");

    // A disabled admin does not count; an active one does.
    let bob = add_user(&store, "bob@example.com", Role::Admin, PASSWORD).await;
    store.set_user_disabled(&Actor::System, bob, true).await.unwrap();
    let page = call(&app, "set_user_role", &format!("user_id={ada}&role=editor"), &cookie).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", page.body);
    store.set_user_disabled(&Actor::System, bob, false).await.unwrap();
    let page = call(&app, "set_user_role", &format!("user_id={ada}&role=editor"), &cookie).await;
    assert!(ok(&page), "{} {}", page.status, page.body);
    assert_eq!(user(&store, "ada@example.com").await.role, Role::Editor);
}

#[tokio::test]
async fn everyone_changes_their_own_password() {
    let (app, store) = app("UTC", false).await;
    add_user(&store, "eve@example.com", Role::Editor, PASSWORD).await;
    let cookie = signed_in(&app, "eve@example.com").await;
    let page = get_as(&app, "/admin/account", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(count(&page.html(), "input[type=password]"), 3);

    let form = "current_password=correct+horse+battery&new_password=a+new+password&confirm_password=a+new+password";
    let page = call(&app, "change_own_password", form, &cookie).await;
    assert!(ok(&page), "{} {}", page.status, page.body);
    assert!(sign_in(&app, "eve@example.com", PASSWORD).await.is_none());
    assert!(sign_in(&app, "eve@example.com", "a new password").await.is_some());
    let audit = store.recent_audit(5).await.unwrap();
    let change = audit.iter().find(|e| e.action == "set_password").expect("audited");
    assert_eq!(get_as(&app, "/admin/account", &cookie).await.status, StatusCode::OK, "this session goes on");
    assert_eq!((change.actor.as_str(), change.before.clone(), change.after.clone()), ("eve@example.com", None, None));
}

#[tokio::test]
async fn a_refused_plain_post_returns_to_the_users_page_with_the_input_kept() {
    let (app, store) = app("UTC", false).await;
    add_user(&store, "ada@example.com", Role::Admin, PASSWORD).await;
    let cookie = signed_in(&app, "ada@example.com").await;
    let req = Request::post("/admin/fn/create_user")
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000")
        .header("referer", "http://127.0.0.1:3000/admin/users")
        .header("accept", "text/html")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", &cookie)
        .body(Body::from("email=eve%40example.com&display_name=Eve+Editor&role=admin&password=short"))
        .unwrap();
    let page = send(&app, req).await;
    assert_eq!(page.status, StatusCode::FOUND);
    let html = get_as(&app, "/admin/users", &cookie).await.html();
    assert!(texts(&html, "[role=alert]").iter().any(|t| t.contains("Password: password must be at least 10")));
    assert_eq!(attrs(&html, "input#new-email", "value"), ["eve@example.com"]);
    assert_eq!(attrs(&html, "input#new-name", "value"), ["Eve Editor"]);
    assert_eq!(attrs(&html, "#new-role option[selected]", "value"), ["admin"]);
    assert!(attrs(&html, "input#new-password", "value").is_empty(), "passwords are never kept");
}

#[tokio::test]
async fn the_audit_log_pages_newest_first_and_filters_exactly() {
    let (app, store) = app("UTC", false).await;
    add_user(&store, "ada@example.com", Role::Admin, PASSWORD).await;
    let eve = add_user(&store, "eve@example.com", Role::Editor, PASSWORD).await;
    for i in 0..120 {
        store.create_component(&Actor::System, NewComponent::named(format!("Component {i}"))).await.unwrap();
    }
    store.create_component(&Actor::System, NewComponent::named("<script>alert(1)</script>")).await.unwrap();
    let cookie = signed_in(&app, "ada@example.com").await;
    let page = call(&app, "set_user_role", &format!("user_id={eve}&role=admin"), &cookie).await;
    assert!(ok(&page), "{}", page.body);
    let total = 1 + 2 + 121 + 1 + 1; // the first start's settings, users, components, the sign-in, the role change

    // Walk every page by its "Older" link: newest first, no entry twice, none left out.
    let mut seen: Vec<i64> = Vec::new();
    let mut path = "/admin/audit".to_string();
    let mut pages = 0;
    loop {
        let page = get_as(&app, &path, &cookie).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let html = page.html();
        let ids: Vec<i64> = attrs(&html, "table.audit tbody tr", "id")
            .iter()
            .map(|id| id.trim_start_matches("audit-").parse().unwrap())
            .collect();
        assert!(ids.len() <= 50);
        seen.extend(ids);
        pages += 1;
        match attrs(&html, "a[rel=next]", "href").pop() {
            Some(next) => path = next,
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), total);
    let mut newest_first = seen.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(seen, newest_first, "newest first, no repeats");

    let first = get_as(&app, "/admin/audit", &cookie).await;
    let html = first.html();
    let newest = texts(&html, "table.audit tbody tr").remove(0);
    assert!(newest.contains("ada@example.com") && newest.contains("set_role") && newest.contains("user"), "{newest}");
    assert!(newest.contains("UTC") || texts(&html, "th").iter().any(|t| t.contains("UTC")));
    // Before and after, pretty and escaped.
    assert!(first.body.contains("&quot;role&quot;: &quot;admin&quot;") || first.body.contains("\"role\": \"admin\""));
    assert!(!first.body.contains("<script>alert(1)</script>"), "escaped");
    assert!(texts(&html, "pre").iter().any(|t| t.contains("<script>alert(1)</script>")));

    // Filters: exact matches, kept in the selects and in the next page's address.
    let html = get_as(&app, "/admin/audit?action=set_role", &cookie).await.html();
    assert_eq!(count(&html, "table.audit tbody tr"), 1);
    assert_eq!(attrs(&html, "#filter-action option[selected]", "value"), ["set_role"]);
    let html = get_as(&app, "/admin/audit?entity_type=user&actor=system", &cookie).await.html();
    assert_eq!(count(&html, "table.audit tbody tr"), 2, "the two accounts made by the system");
    let html = get_as(&app, "/admin/audit?actor=system&entity_type=component", &cookie).await.html();
    assert_eq!(count(&html, "table.audit tbody tr"), 50);
    let next = attrs(&html, "a[rel=next]", "href").pop().expect("older page");
    assert!(next.contains("actor=system") && next.contains("entity_type=component"), "{next}");
    let html = get_as(&app, "/admin/audit?action=set_rol", &cookie).await.html();
    assert_eq!(count(&html, "table.audit tbody tr"), 0, "no prefix matching");
    assert!(texts(&html, ".hint").iter().any(|t| t == "No entries match these filters."));
    let actors = attrs(&html, "#filter-actor option", "value");
    assert!(["", "ada@example.com", "eve@example.com", "system"].iter().all(|a| actors.contains(&a.to_string())));
}

#[tokio::test]
async fn a_new_password_ends_the_accounts_other_sessions() {
    let (app, store) = app("UTC", false).await;
    add_user(&store, "ada@example.com", Role::Admin, PASSWORD).await;
    let eve = add_user(&store, "eve@example.com", Role::Editor, PASSWORD).await;
    let (laptop, phone) = (signed_in(&app, "eve@example.com").await, signed_in(&app, "eve@example.com").await);
    let form = "current_password=correct+horse+battery&new_password=a+new+password&confirm_password=a+new+password";
    assert!(ok(&call(&app, "change_own_password", form, &laptop).await));
    assert_eq!(get_as(&app, "/admin", &laptop).await.status, StatusCode::OK, "the session that changed it goes on");
    assert_eq!(get_as(&app, "/admin", &phone).await.status, StatusCode::SEE_OTHER, "the other session has ended");

    // An admin's reset ends every session of the account.
    let admin = signed_in(&app, "ada@example.com").await;
    let page = call(&app, "reset_user_password", &format!("user_id={eve}&password=another+password"), &admin).await;
    assert!(ok(&page), "{}", page.body);
    assert_eq!(get_as(&app, "/admin", &laptop).await.status, StatusCode::SEE_OTHER);
    assert_eq!(get_as(&app, "/admin", &admin).await.status, StatusCode::OK);
}

#[tokio::test]
async fn guessing_the_current_password_is_throttled() {
    let (app, store) = app("UTC", false).await;
    add_user(&store, "eve@example.com", Role::Editor, PASSWORD).await;
    let cookie = signed_in(&app, "eve@example.com").await;
    let wrong = "current_password=guess&new_password=a+new+password&confirm_password=a+new+password";
    for _ in 0..5 {
        assert_eq!(call(&app, "change_own_password", wrong, &cookie).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let page = call(&app, "change_own_password", wrong, &cookie).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "{}", page.body);
    assert!(page.body.contains("try again in"), "{}", page.body);
    // Even the right password waits now; and the sign-in form shares the wait.
    let right = "current_password=correct+horse+battery&new_password=a+new+password&confirm_password=a+new+password";
    assert_eq!(call(&app, "change_own_password", right, &cookie).await.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(sign_in(&app, "eve@example.com", PASSWORD).await.is_none());
}

//! The console's component server functions over HTTP: editors set statuses, admins manage the
//! list; refusals are 4xx with a reason.

use crate::common;
use crate::common::{add_user, app, call, signed_in};
use app::domain::{ComponentStatus, Role};
use axum::http::StatusCode;

const PASSWORD: &str = "correct horse battery";

fn ok(page: &common::Page) -> bool {
    !page.status.is_client_error() && !page.status.is_server_error()
}

#[tokio::test]
async fn editors_set_statuses_but_only_admins_change_the_list() {
    let (app, store) = app("UTC", true).await;
    add_user(&store, "eve@example.com", Role::Editor, PASSWORD).await;
    add_user(&store, "ada@example.com", Role::Admin, PASSWORD).await;
    let editor = signed_in(&app, "eve@example.com").await;
    let components = store.list_components().await.unwrap();
    let dashboard = components.iter().find(|c| c.name == "Dashboard").unwrap().id;

    let page =
        call(&app, "set_component_status", &format!("component_id={dashboard}&status=major_outage"), &editor).await;
    assert!(ok(&page), "{} {}", page.status, page.body);
    assert_eq!(store.get_component(dashboard).await.unwrap().unwrap().status, ComponentStatus::MajorOutage);
    assert!(common::get(&app, "/").await.body.contains("Major System Outage"), "the public page follows");
    let history = store.component_history(dashboard).await.unwrap();
    assert_eq!(history.last().unwrap().1, ComponentStatus::MajorOutage);

    for (name, form) in [
        ("save_component", "name=New&position=1&visible=on".to_string()),
        ("delete_component", format!("id={dashboard}")),
        ("save_group", "name=G&position=0".to_string()),
        ("delete_group", "id=1".to_string()),
    ] {
        let page = call(&app, name, &form, &editor).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{name}: {}", page.body);
    }

    let admin = signed_in(&app, "ada@example.com").await;
    let page = call(&app, "save_group", "name=Mobile&position=9", &admin).await;
    assert!(ok(&page), "{}", page.body);
    let mobile = store.list_groups().await.unwrap().into_iter().find(|g| g.name == "Mobile").unwrap().id;
    let form = format!("name=iOS+app&group_id={mobile}&position=1&visible=on");
    let page = call(&app, "save_component", &form, &admin).await;
    assert!(ok(&page), "{}", page.body);
    let ios = store.list_components().await.unwrap().into_iter().find(|c| c.name == "iOS app").unwrap();
    assert_eq!((ios.group_id, ios.visible, ios.only_show_if_degraded), (Some(mobile), true, false));
    assert!(!ios.show_uptime, "its uptime box was left unticked");

    // Move it out of the group, hide it, and delete it (it has no history).
    let form = |version: i64| format!("id={}&version={version}&name=iOS+app&group_id=&position=2", ios.id);
    let page = call(&app, "save_component", &form(ios.version), &admin).await;
    assert!(ok(&page), "{}", page.body);
    let moved = store.get_component(ios.id).await.unwrap().unwrap();
    assert_eq!((moved.group_id, moved.visible, moved.position), (None, false, 2));
    let shown = format!("id={}&version={}&name=iOS+app&position=2&visible=on&show_uptime=on", ios.id, moved.version);
    assert!(ok(&call(&app, "save_component", &shown, &admin).await));
    let shown = store.get_component(ios.id).await.unwrap().unwrap();
    assert!(shown.visible && shown.show_uptime, "its uptime shown again");
    // A form loaded before those saves is stale now: refused, not overwriting them.
    let page = call(&app, "save_component", &form(ios.version), &admin).await;
    assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.body);
    assert!(page.body.contains("changed by someone else"), "{}", page.body);
    let group = format!("id={mobile}&version=1&name=Phones&position=9");
    assert!(ok(&call(&app, "save_group", &group, &admin).await));
    assert_eq!(call(&app, "save_group", &group, &admin).await.status, StatusCode::CONFLICT);
    assert!(ok(&call(&app, "delete_component", &format!("id={}", ios.id), &admin).await));
    assert!(store.get_component(ios.id).await.unwrap().is_none());
}

#[tokio::test]
async fn refusals_name_the_problem() {
    let (app, store) = app("UTC", true).await;
    add_user(&store, "ada@example.com", Role::Admin, PASSWORD).await;
    let admin = signed_in(&app, "ada@example.com").await;
    let webhooks = store.list_components().await.unwrap().into_iter().find(|c| c.name == "Webhooks").unwrap().id;
    for (name, form, status, needle) in [
        ("save_component", "name=Dashboard&visible=on".to_string(), StatusCode::UNPROCESSABLE_ENTITY, "already exists"),
        ("save_component", "name=+".to_string(), StatusCode::UNPROCESSABLE_ENTITY, "name must not be empty"),
        ("save_component", "name=X&position=first".to_string(), StatusCode::UNPROCESSABLE_ENTITY, "not a whole number"),
        (
            "save_component",
            "name=X&group_id=777".to_string(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "group 777 does not exist",
        ),
        ("delete_component", format!("id={webhooks}"), StatusCode::CONFLICT, "Hide it instead"),
        ("delete_component", "id=9999".to_string(), StatusCode::NOT_FOUND, "not found"),
        (
            "set_component_status",
            format!("component_id={webhooks}&status=fine"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown component status",
        ),
    ] {
        let page = call(&app, name, &form, &admin).await;
        assert_eq!(page.status, status, "{name} {form}: {}", page.body);
        assert!(page.body.contains(needle), "{name} {form}: {}", page.body);
    }
    assert!(store.get_component(webhooks).await.unwrap().is_some());
}

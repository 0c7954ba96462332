//! The console's maintenance server functions over HTTP.

use crate::common;
use crate::common::{add_user, app, call, signed_in};
use app::domain::{ComponentStatus, MaintenanceStatus, Role};
use axum::http::StatusCode;

#[tokio::test]
async fn an_editor_schedules_maintenance_and_moves_it_along() {
    let (app, store) = app("Europe/Berlin", false).await;
    add_user(&store, "eve@example.com", Role::Editor, "correct horse battery").await;
    let db = store
        .create_component(&server::store::Actor::System, server::store::NewComponent::named("Database"))
        .await
        .unwrap();
    let cookie = signed_in(&app, "eve@example.com").await;

    let form = format!(
        "title=DB+upgrade&message=Planned.&scheduled_for=2030-07-01T02%3A00&scheduled_until=2030-07-01T04%3A00&auto_start=on&components%5B{db}%5D=on"
    );
    let page = call(&app, "schedule_maintenance", &form, &cookie).await;
    assert!(!page.status.is_client_error() && !page.status.is_server_error(), "{}", page.body);
    let m = store.current_maintenance().await.unwrap().pop().unwrap();
    assert_eq!(m.scheduled_for.to_rfc3339(), "2030-07-01T00:00:00+00:00", "read in the page's zone (CEST)");
    assert!(m.auto_start && !m.auto_complete);
    assert_eq!(m.affected.iter().map(|c| c.component_id).collect::<Vec<_>>(), [db]);
    assert!(common::get(&app, "/").await.body.contains("DB upgrade"), "the public page lists it");

    let page =
        call(&app, "post_maintenance_update", &format!("id={}&status=in_progress&message=Started.", m.id), &cookie)
            .await;
    assert!(!page.status.is_client_error(), "{}", page.body);
    assert_eq!(store.get_component(db).await.unwrap().unwrap().status, ComponentStatus::UnderMaintenance);
    let page =
        call(&app, "post_maintenance_update", &format!("id={}&status=completed&message=Done.", m.id), &cookie).await;
    assert!(!page.status.is_client_error(), "{}", page.body);
    assert_eq!(store.get_maintenance(m.id).await.unwrap().unwrap().status, MaintenanceStatus::Completed);
    assert_eq!(store.get_component(db).await.unwrap().unwrap().status, ComponentStatus::Operational);

    for (form, needle) in [
        (
            "title=X&message=&scheduled_for=2030-07-01T04%3A00&scheduled_until=2030-07-01T02%3A00",
            "must end after it starts",
        ),
        ("title=X&message=&scheduled_for=&scheduled_until=2030-07-01T02%3A00", "scheduled_for is required"),
        (
            "title=+&message=&scheduled_for=2030-07-01T01%3A00&scheduled_until=2030-07-01T02%3A00",
            "title must not be empty",
        ),
    ] {
        let page = call(&app, "schedule_maintenance", form, &cookie).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{form}: {}", page.body);
        assert!(page.body.contains(needle), "{form}: {}", page.body);
    }
    let page = call(&app, "post_maintenance_update", "id=999&status=completed&message=x", &cookie).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "{}", page.body);
}

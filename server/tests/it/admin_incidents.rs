//! The console's incident server functions over HTTP: statuses for refused writes, the version
//! check, and the kept input of a refused plain form post.

use crate::common;
use crate::common::{add_user, app, call, get_as, post_form, send, signed_in, texts};
use app::domain::{ComponentStatus, IncidentStatus, Role};
use axum::body::Body;
use axum::http::{Request, StatusCode};

const PASSWORD: &str = "correct horse battery";

#[tokio::test]
async fn an_editor_opens_an_incident_and_posts_updates() {
    let (app, store) = app("UTC", false).await;
    add_user(&store, "eve@example.com", Role::Editor, PASSWORD).await;
    let api =
        store.create_component(&server::store::Actor::System, server::store::NewComponent::named("API")).await.unwrap();
    let cookie = signed_in(&app, "eve@example.com").await;

    let form = format!(
        "title=API+down&impact=critical&status=investigating&message=Looking.&started_at=2026-01-02T03%3A04&components%5B{api}%5D=major_outage"
    );
    let page = call(&app, "create_incident", &form, &cookie).await;
    assert!(page.status.is_success() || page.status.is_redirection(), "{} {}", page.status, page.body);
    let incident = store.open_incidents().await.unwrap().pop().unwrap();
    assert_eq!(incident.title, "API down");
    assert_eq!(incident.started_at.to_rfc3339(), "2026-01-02T03:04:00+00:00");
    assert_eq!(store.get_component(api).await.unwrap().unwrap().status, ComponentStatus::MajorOutage);
    let audit = store.recent_audit(1).await.unwrap();
    assert_eq!((audit[0].actor.as_str(), audit[0].action.as_str()), ("eve@example.com", "create"));

    // Resolving restores the affected component.
    let form = format!(
        "incident_id={}&version={}&status=resolved&message=Fixed.&restore_operational=on",
        incident.id, incident.version
    );
    let page = call(&app, "post_update", &form, &cookie).await;
    assert!(!page.status.is_client_error() && !page.status.is_server_error(), "{} {}", page.status, page.body);
    let resolved = store.get_incident(incident.id).await.unwrap().unwrap();
    assert_eq!(resolved.status, IncidentStatus::Resolved);
    assert_eq!(store.get_component(api).await.unwrap().unwrap().status, ComponentStatus::Operational);

    // A second editor still holding the old version is refused, not silently applied.
    let stale = format!("incident_id={}&version={}&status=monitoring&message=Stale.", incident.id, incident.version);
    let page = call(&app, "post_update", &stale, &cookie).await;
    assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.body);
    assert!(page.body.contains("changed by someone else"), "{}", page.body);
}

#[tokio::test]
async fn bad_input_is_a_4xx_naming_the_field() {
    let (app, store) = app("UTC", false).await;
    add_user(&store, "eve@example.com", Role::Editor, PASSWORD).await;
    let cookie = signed_in(&app, "eve@example.com").await;
    for (form, needle) in [
        ("title=+&impact=minor&status=investigating&message=x", "title must not be empty"),
        ("title=A&impact=huge&status=investigating&message=x", "unknown impact 'huge'"),
        ("title=A&impact=minor&status=fixed&message=x", "unknown incident status 'fixed'"),
        ("title=A&impact=minor&status=investigating&message=x&started_at=yesterday", "started_at"),
        (
            "title=A&impact=minor&status=investigating&message=x&components%5B999%5D=major_outage",
            "component 999 does not exist",
        ),
        ("title=A&impact=minor&status=investigating&message=x&components%5B1%5D=exploded", "unknown component status"),
    ] {
        let page = call(&app, "create_incident", form, &cookie).await;
        assert!(page.status.is_client_error(), "{form}: {} {}", page.status, page.body);
        assert!(page.body.contains(needle), "{form}: {}", page.body);
    }
    assert!(store.open_incidents().await.unwrap().is_empty(), "nothing half-written");
    let page = call(&app, "post_update", "incident_id=424242&version=1&status=resolved&message=x", &cookie).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "{}", page.body);
}

#[tokio::test]
async fn a_refused_plain_form_post_returns_to_the_form_with_the_text_kept() {
    let (app, store) = app("UTC", false).await;
    add_user(&store, "eve@example.com", Role::Editor, PASSWORD).await;
    let cookie = signed_in(&app, "eve@example.com").await;
    let req = Request::post("/admin/fn/create_incident")
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000")
        .header("referer", "http://127.0.0.1:3000/admin/incidents/new")
        .header("accept", "text/html")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", &cookie)
        .body(Body::from("title=&impact=minor&status=investigating&message=Keep+this+text+please."))
        .unwrap();
    let page = send(&app, req).await;
    assert_eq!(page.status, StatusCode::FOUND);
    assert!(page.location().starts_with("http://127.0.0.1:3000/admin/incidents/new"), "{}", page.location());
    let form = get_as(&app, "/admin/incidents/new", &cookie).await;
    let html = form.html();
    assert!(texts(&html, "[role=alert]").iter().any(|t| t.contains("title must not be empty")), "{}", form.body);
    assert_eq!(texts(&html, "textarea#message"), ["Keep this text please."]);
    // Shown once: a reload starts clean.
    let again = get_as(&app, "/admin/incidents/new", &cookie).await.html();
    assert!(texts(&again, "textarea#message")[0].is_empty());
}

#[tokio::test]
async fn incident_pages_and_functions_need_a_session() {
    let (app, _) = app("UTC", true).await;
    for path in ["/admin/incidents/new", "/admin/incidents/1"] {
        let page = common::get(&app, path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
    }
    for name in ["create_incident", "post_update", "incident_editor"] {
        let page = post_form(&app, &format!("/admin/fn/{name}"), "title=x", None).await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED, "{name}");
    }
}

#[tokio::test]
async fn postmortems_are_saved_published_and_withdrawn() {
    let (app, store) = app("UTC", true).await;
    add_user(&store, "eve@example.com", Role::Editor, PASSWORD).await;
    let cookie = signed_in(&app, "eve@example.com").await;
    let (incidents, _) = store.history_page(None, 25).await.unwrap();
    let id = incidents.iter().find(|i| i.title == "Dashboard sign-in failures").unwrap().id;
    let public = |app: axum::Router| async move { common::get(&app, &format!("/incidents/{id}")).await.body };

    let page = call(
        &app,
        "save_postmortem",
        &format!("incident_id={id}&version=0&body=Root+cause%3A+a+config+change.&intent=draft"),
        &cookie,
    )
    .await;
    assert!(!page.status.is_client_error(), "{}", page.body);
    assert!(!public(app.clone()).await.contains("Root cause"), "drafts stay private");
    call(
        &app,
        "save_postmortem",
        &format!("incident_id={id}&version=1&body=Root+cause%3A+a+config+change.&intent=publish"),
        &cookie,
    )
    .await;
    assert!(public(app.clone()).await.contains("Root cause: a config change."));
    let incident = store.get_incident(id).await.unwrap().unwrap();
    assert_eq!(incident.status, IncidentStatus::Resolved, "still resolved after the postmortem");
    call(&app, "save_postmortem", &format!("incident_id={id}&version=2&body=x&intent=unpublish"), &cookie).await;
    assert!(!public(app.clone()).await.contains("Root cause"));
    let page = call(&app, "save_postmortem", &format!("incident_id={id}&version=1&body=stale"), &cookie).await;
    assert_eq!(page.status, StatusCode::CONFLICT, "a stale version: {}", page.body);
    let page = call(&app, "save_postmortem", &format!("incident_id={id}&version=3&body=x&intent=shout"), &cookie).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", page.body);
}

#[tokio::test]
async fn only_admins_delete_incidents_and_only_when_confirmed() {
    let (app, store) = app("UTC", true).await;
    add_user(&store, "eve@example.com", Role::Editor, PASSWORD).await;
    add_user(&store, "ada@example.com", Role::Admin, PASSWORD).await;
    let (incidents, _) = store.history_page(None, 25).await.unwrap();
    let id = incidents[0].id;

    let editor = signed_in(&app, "eve@example.com").await;
    let page = call(&app, "delete_incident", &format!("incident_id={id}&confirm=on"), &editor).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", page.body);
    assert!(store.get_incident(id).await.unwrap().is_some());

    let admin = signed_in(&app, "ada@example.com").await;
    let page = call(&app, "delete_incident", &format!("incident_id={id}"), &admin).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "unconfirmed: {}", page.body);
    assert!(store.get_incident(id).await.unwrap().is_some());
    let page = call(&app, "delete_incident", &format!("incident_id={id}&confirm=on"), &admin).await;
    assert!(!page.status.is_client_error() && !page.status.is_server_error(), "{}", page.body);
    assert!(store.get_incident(id).await.unwrap().is_none());
    assert_eq!(common::get(&app, &format!("/incidents/{id}")).await.status, StatusCode::NOT_FOUND);
    let audit = store.recent_audit(1).await.unwrap();
    assert_eq!((audit[0].actor.as_str(), audit[0].action.as_str()), ("ada@example.com", "delete"));
}

#[tokio::test]
async fn updates_are_edited_and_deleted_with_a_version_check() {
    let (app, store) = app("America/New_York", true).await;
    add_user(&store, "eve@example.com", Role::Editor, PASSWORD).await;
    let cookie = signed_in(&app, "eve@example.com").await;
    let incident = store.open_incidents().await.unwrap().pop().unwrap();
    let first = incident.updates[0].clone();

    let form = format!(
        "incident_id={}&update_id={}&version={}&message=Reworded.&display_at=2026-03-08T01%3A30",
        incident.id, first.id, first.version
    );
    let page = call(&app, "edit_update", &form, &cookie).await;
    assert!(!page.status.is_client_error() && !page.status.is_server_error(), "{}", page.body);
    let edited = store.get_incident(incident.id).await.unwrap().unwrap().updates[0].clone();
    assert_eq!(edited.body, "Reworded.");
    assert_eq!(edited.display_at.to_rfc3339(), "2026-03-08T06:30:00+00:00", "read in the page's zone (EST)");
    let page = call(&app, "edit_update", &form, &cookie).await;
    assert_eq!(page.status, StatusCode::CONFLICT, "a stale version: {}", page.body);

    let last = incident.updates.last().unwrap();
    let page =
        call(&app, "delete_update", &format!("incident_id={}&update_id={}", incident.id, last.id), &cookie).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "unconfirmed: {}", page.body);
    let page =
        call(&app, "delete_update", &format!("incident_id={}&update_id={}&confirm=on", incident.id, last.id), &cookie)
            .await;
    assert!(!page.status.is_client_error(), "{}", page.body);
    let after = store.get_incident(incident.id).await.unwrap().unwrap();
    assert_eq!(after.updates.len(), incident.updates.len() - 1);
    assert_eq!(after.status, IncidentStatus::Monitoring, "the latest remaining update decides");
}

#[tokio::test]
async fn a_template_is_saved_from_the_form_and_prefills_it() {
    let (app, store) = app("UTC", true).await;
    add_user(&store, "eve@example.com", Role::Editor, PASSWORD).await;
    let cookie = signed_in(&app, "eve@example.com").await;
    let api = store.list_components().await.unwrap().into_iter().find(|c| c.name == "REST API").unwrap().id;
    let form = format!(
        "title=API+errors&impact=major&status=investigating&message=We+are+looking.&components%5B{api}%5D=partial_outage\
         &intent=save_template&template_name=API+errors"
    );
    let open_before = store.open_incidents().await.unwrap().len();
    let page = call(&app, "create_incident", &form, &cookie).await;
    assert!(!page.status.is_client_error() && !page.status.is_server_error(), "{}", page.body);
    assert_eq!(store.open_incidents().await.unwrap().len(), open_before, "saving a template opens nothing");
    let template = store.list_templates().await.unwrap().pop().unwrap();
    assert_eq!(
        (template.name.as_str(), template.impact, template.components.as_slice()),
        ("API errors", app::domain::Impact::Major, &[(api, ComponentStatus::PartialOutage)][..])
    );

    let html = get_as(&app, &format!("/admin/incidents/new?template={}", template.id), &cookie).await.html();
    assert_eq!(common::attrs(&html, "input#title", "value"), ["API errors"]);
    assert_eq!(texts(&html, "textarea#message"), ["We are looking."]);
    assert_eq!(
        common::attrs(&html, &format!("select[name='components[{api}]'] option[selected]"), "value"),
        ["partial_outage"]
    );
    assert_eq!(common::attrs(&html, "select#impact option[selected]", "value"), ["major"]);

    // The same template fills an open incident's update form: listed under its status, it sets
    // the status, the message and the component.
    let open = store.open_incidents().await.unwrap().pop().unwrap();
    let editor = format!("/admin/incidents/{}", open.id);
    let html = get_as(&app, &editor, &cookie).await.html();
    assert_eq!(texts(&html, "select#template optgroup[label=Investigating] option"), ["API errors"]);
    assert_eq!(texts(&html, "textarea#message"), [""]);
    let html = get_as(&app, &format!("{editor}?template={}", template.id), &cookie).await.html();
    assert_eq!(texts(&html, "textarea#message"), ["We are looking."]);
    assert_eq!(common::attrs(&html, "select#status option[selected]", "value"), ["investigating"]);
    assert_eq!(
        common::attrs(&html, &format!("select[name='components[{api}]'] option[selected]"), "value"),
        ["partial_outage"]
    );

    let page = call(&app, "create_incident", &form, &cookie).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "a duplicate name: {}", page.body);
    let page = call(&app, "delete_template", &format!("id={}", template.id), &cookie).await;
    assert!(!page.status.is_client_error(), "{}", page.body);
    assert!(store.list_templates().await.unwrap().is_empty());
}

//! The console says what a write did (issue 16): a server function's answer carries the notice, a
//! plain form post leaves it in the session for the page it redirects to, shown once; an update
//! posted from the dashboard leads back there; unknown incidents are 404s; times are in the
//! page's zone everywhere, the audit log too.

use crate::common::{add_user, app, call, get_as, plain_post, send, signed_in, texts};
use app::domain::Role;
use app::pages::admin::notice::Notice;
use axum::http::StatusCode;

const PASSWORD: &str = "correct horse battery";

#[tokio::test]
async fn an_update_from_the_dashboard_says_so_there_with_and_without_javascript() {
    let (app, store) = app("Europe/Berlin", true).await;
    add_user(&store, "eve@example.com", Role::Editor, PASSWORD).await;
    let cookie = signed_in(&app, "eve@example.com").await;
    let incident = store.open_incidents().await.unwrap().pop().expect("the sample data has an open incident");

    // With JavaScript: the answer is the notice, for the dashboard, linking the incident's page.
    let form = format!(
        "incident_id={}&version={}&status=identified&message=Found.&back=%2Fadmin",
        incident.id, incident.version
    );
    let page = call(&app, "post_update", &form, &cookie).await;
    assert!(!page.status.is_client_error() && !page.status.is_server_error(), "{} {}", page.status, page.body);
    let notice: Notice = serde_json::from_str(&page.body).expect("a notice");
    assert_eq!(notice.text, "Update posted.");
    assert_eq!(notice.at, "/admin");
    assert_eq!(notice.public, Some(format!("/incidents/{}", incident.id)));
    // Nothing waits in the session for a call that got its answer.
    let dashboard = get_as(&app, "/admin", &cookie).await.html();
    assert!(texts(&dashboard, ".announce__text").is_empty());

    // Without: a redirect back to the dashboard, which says it once.
    let version = store.get_incident(incident.id).await.unwrap().unwrap().version;
    let form =
        format!("incident_id={}&version={version}&status=monitoring&message=Watching.&back=%2Fadmin", incident.id);
    let page = send(&app, plain_post("post_update", form, &cookie, "/admin")).await;
    assert!(page.status.is_redirection(), "{} {}", page.status, page.body);
    assert!(page.location().ends_with("/admin"), "{}", page.location());
    let dashboard = get_as(&app, "/admin", &cookie).await.html();
    assert_eq!(texts(&dashboard, "[role=status] .announce__text"), ["Update posted. See it on the public page"]);
    let link = crate::common::attrs(&dashboard, ".announce__text a", "href");
    assert_eq!(link, [format!("/incidents/{}", incident.id)]);
    let again = get_as(&app, "/admin", &cookie).await.html();
    assert!(texts(&again, ".announce__text").is_empty(), "shown once");

    // Any other address than the dashboard leads to the incident's page.
    let version = store.get_incident(incident.id).await.unwrap().unwrap().version;
    let form = format!(
        "incident_id={}&version={version}&status=monitoring&message=Still.&back=https%3A%2F%2Fevil.example",
        incident.id
    );
    let page = send(&app, plain_post("post_update", form, &cookie, "/admin")).await;
    assert!(page.location().ends_with(&format!("/admin/incidents/{}", incident.id)), "{}", page.location());
}

#[tokio::test]
async fn every_open_incident_on_the_dashboard_has_its_own_update_form() {
    let (app, store) = app("UTC", true).await;
    add_user(&store, "eve@example.com", Role::Editor, PASSWORD).await;
    let cookie = signed_in(&app, "eve@example.com").await;
    let open = store.open_incidents().await.unwrap();
    assert!(!open.is_empty());
    let html = get_as(&app, "/admin", &cookie).await.html();
    for incident in &open {
        let form = format!("article.quick form input[name=incident_id][value='{}']", incident.id);
        assert_eq!(crate::common::count(&html, &form), 1, "a form for incident {}", incident.id);
    }
    assert_eq!(crate::common::count(&html, "article.quick select[name=status]"), open.len());
    assert_eq!(crate::common::count(&html, "article.quick textarea[name=message]"), open.len());
    // Maintenance links to its form, with its window.
    let maintenance = store.current_maintenance().await.unwrap();
    for m in &maintenance {
        let href = format!("/admin/maintenance#maintenance-{}", m.id);
        assert_eq!(crate::common::attrs(&html, &format!("a[href='{href}']"), "href").len(), 1, "{href}");
    }
}

#[tokio::test]
async fn unknown_incidents_are_404_in_the_console_and_times_read_as_on_the_public_page() {
    let (app, store) = app("America/Los_Angeles", true).await;
    add_user(&store, "ada@example.com", Role::Admin, PASSWORD).await;
    let cookie = signed_in(&app, "ada@example.com").await;
    for path in [
        "/admin/incidents/999999",
        "/admin/incidents/999999/details",
        "/admin/incidents/999999/postmortem",
        "/admin/incidents/abc",
    ] {
        let page = get_as(&app, path, &cookie).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(texts(&page.html(), "[role=alert]").iter().any(|t| t.contains("not found")), "{path}: {}", page.body);
    }
    let incident = store.open_incidents().await.unwrap().pop().unwrap();
    for path in
        [format!("/admin/incidents/{}/details", incident.id), format!("/admin/incidents/{}/postmortem", incident.id)]
    {
        assert_eq!(get_as(&app, &path, &cookie).await.status, StatusCode::OK, "{path}");
    }

    // The audit log: "Dec 07, 2026 - 01:02 PST", not UTC.
    let audit = get_as(&app, "/admin/audit", &cookie).await.html();
    let times = texts(&audit, "td[data-label=When] time");
    assert!(!times.is_empty());
    for t in &times {
        assert!(t.ends_with(" PST") || t.ends_with(" PDT"), "{t}");
        assert!(chrono::NaiveDateTime::parse_from_str(&t[..t.len() - 4], "%b %d, %Y - %H:%M").is_ok(), "{t}");
    }
    // No tokens: said in words, no empty table.
    let tokens = get_as(&app, "/admin/tokens", &cookie).await.html();
    assert_eq!(crate::common::count(&tokens, "table.tokens"), 0);
    assert!(texts(&tokens, "p.hint").iter().any(|t| t == "No tokens yet: create one below."));
}

#[tokio::test]
async fn a_plain_post_after_the_session_ended_leads_to_sign_in_and_back_to_its_form() {
    let (app, _) = app("UTC", true).await;
    let form = "incident_id=1&version=1&status=identified&message=Typed.".to_string();
    let page = send(&app, plain_post("post_update", form.clone(), "beacon_session=gone", "/admin/incidents/1")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), "/admin/login?next=/admin/incidents/1");
    // A Referer outside the console leads to the dashboard after sign-in.
    let page = send(&app, plain_post("post_update", form, "beacon_session=gone", "/../../evil")).await;
    assert_eq!(page.location(), "/admin/login?next=/admin");
}

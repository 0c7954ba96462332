//! The public site over HTTP: each route's status and content, parsed as HTML.

use crate::common::{app, attrs, count, get, texts};
use app::domain::{ComponentStatus, Impact, IncidentStatus};
use axum::http::StatusCode;
use server::store::{Actor, NewComponent, NewIncident, StatusChange};

/// Each component row's name and status in words, in page order (`a` and `b`: two scopes, each
/// followed by the name's selector).
fn rows(html: &scraper::Html, a: &str, b: &str) -> Vec<String> {
    let names =
        texts(html, &format!("{a} .component__label > .component__name, {b} .component__label > .component__name"));
    let statuses = texts(html, &format!("{a} .component__label + .status, {b} .component__label + .status"));
    names.into_iter().zip(statuses).map(|(n, s)| format!("{n} {s}")).collect()
}

#[tokio::test]
async fn the_home_page_shows_banner_components_incidents_maintenance_and_past_days() {
    let (app, _) = app("UTC", true).await;
    let page = get(&app, "/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.content_type, "text/html; charset=utf-8");
    let html = page.html();

    // The webhook incident is major and Webhooks is in a partial outage.
    assert_eq!(texts(&html, "h1"), ["Partial System Outage"]);
    assert_eq!(texts(&html, "title"), ["Example Status"]);

    // Components by group, each status in words; a group shows its worst member.
    let rows = rows(&html, ".components > li >", ".components > li > .component >");
    assert_eq!(rows, ["Developer APIs Partial Outage", "Dashboard Operational", "Data Platform Operational"]);
    assert_eq!(texts(&html, ".group__toggle"), ["3 components", "2 components"]);
    // Descriptions are text beside the names, readable on a phone (no tooltip needed).
    let described = texts(&html, ".component__label");
    assert!(described.contains(&"Webhooks Event deliveries to your endpoints".to_string()), "{described:?}");
    assert!(described.contains(&"Developer APIs The APIs our customers build on".to_string()), "{described:?}");
    assert_eq!(count(&html, ".components [title]"), 0);
    let members = self::rows(&html, ".group__members", ".group__members");
    assert!(members.contains(&"Webhooks Partial Outage".to_string()), "{members:?}");
    assert!(members.contains(&"OAuth 2.0 Operational".to_string()), "{members:?}");
    assert_eq!(members.len(), 5);

    // The active incident in short: its latest status, time and message; the whole trail (four
    // updates) is on its own page, linked from the title.
    let active = texts(&html, "#active-incidents ~ article .incident__title");
    assert_eq!(active, ["Delayed webhook deliveries"]);
    assert_eq!(texts(&html, "#active-incidents ~ article .update__status"), ["Identified"]);
    let times = attrs(&html, "#active-incidents ~ article .update__time time", "datetime");
    assert_eq!(times.len(), 1);
    let posted = texts(&html, "#active-incidents ~ article .update__time");
    assert!(posted[0].starts_with("Identified · Posted ") && posted[0].ends_with(" UTC"), "{posted:?}");
    // The latest message, its Markdown rendered.
    assert_eq!(count(&html, "#active-incidents ~ article .md li"), 2);
    assert_eq!(count(&html, "#active-incidents ~ article .md strong"), 1);
    let link = attrs(&html, "#active-incidents ~ article .incident__title a", "href");
    assert!(link[0].starts_with("/incidents/"), "{link:?}");
    // Nowhere on `/` is a whole trail: each incident and maintenance shows one status line.
    assert_eq!(count(&html, ".update__label"), 0);
    assert_eq!(count(&html, "#maintenance ~ article .update__status"), 1);

    // Upcoming maintenance.
    assert!(texts(&html, "#maintenance ~ article .incident__title")
        .contains(&"Database upgrade for the data platform".to_string()));

    // Seven days of history; quiet ones say so.
    let days = texts(&html, ".day__date");
    assert_eq!(days.len(), 7);
    assert!(count(&html, ".day .quiet") >= 4);
    assert!(texts(&html, ".day .quiet").iter().all(|t| t == "No incidents reported."));
    let past_titles = texts(&html, ".day .incident__title");
    assert!(past_titles.contains(&"Elevated API error rates".to_string()), "{past_titles:?}");
    assert!(past_titles.contains(&"Dashboard sign-in failures".to_string()), "{past_titles:?}");
    // The public page loads one small deferred script (live updates), never the console's bundle.
    only_the_live_script(&html);
}

#[tokio::test]
async fn an_empty_page_is_all_systems_operational() {
    let (app, store) = app("UTC", false).await;
    store.create_component(&Actor::System, NewComponent::named("API")).await.unwrap();
    let html = get(&app, "/").await.html();
    assert_eq!(texts(&html, "h1"), ["All Systems Operational"]);
    assert_eq!(rows(&html, ".components", ".components"), ["API Operational"]);
    assert_eq!(count(&html, "#active-incidents"), 0);
    assert_eq!(texts(&html, ".day .quiet").len(), 7);
}

#[tokio::test]
async fn an_incident_page_shows_the_postmortem_above_the_timeline_and_what_was_affected() {
    let (app, store) = app("America/Los_Angeles", true).await;
    let (incidents, _) = store.history_page(None, 25).await.unwrap();
    let elevated = incidents.iter().find(|i| i.title == "Elevated API error rates").unwrap();
    let page = get(&app, &format!("/incidents/{}", elevated.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    assert_eq!(texts(&html, "h1"), ["Elevated API error rates"]);
    assert_eq!(texts(&html, ".incident-meta .impact"), ["Minor impact"]);
    assert_eq!(texts(&html, ".incident-meta .state"), ["Resolved"]);
    assert_eq!(texts(&html, "main h2"), ["Postmortem", "Summary", "What happened", "What we are changing", "Updates"]);
    assert_eq!(count(&html, ".postmortem table td"), 8);
    assert_eq!(texts(&html, ".update__label"), ["Resolved", "Monitoring", "Identified", "Investigating"]);
    let times = texts(&html, ".update__time");
    assert!(times.iter().all(|t| t.ends_with("PST") || t.ends_with("PDT")), "{times:?}");
    assert_eq!(texts(&html, ".affected"), ["This incident affected: Developer APIs (REST API)."]);

    let dashboard = incidents.iter().find(|i| i.title == "Dashboard sign-in failures").unwrap();
    let html = get(&app, &format!("/incidents/{}", dashboard.id)).await.html();
    assert_eq!(texts(&html, ".affected"), ["This incident affected: Developer APIs (OAuth 2.0) and Dashboard."]);
    assert_eq!(count(&html, ".postmortem"), 0);
}

#[tokio::test]
async fn repeated_statuses_read_update() {
    let (app, store) = app("UTC", true).await;
    let (incidents, _) = store.history_page(None, 25).await.unwrap();
    let delays = incidents.iter().find(|i| i.title == "Processing delays in the data pipeline").unwrap();
    let html = get(&app, &format!("/incidents/{}", delays.id)).await.html();
    assert_eq!(texts(&html, ".update__label"), ["Resolved", "Monitoring", "Update", "Investigating"]);
}

#[tokio::test]
async fn history_lists_incidents_by_month_a_page_at_a_time() {
    let (app, store) = app("UTC", false).await;
    let start = chrono::DateTime::parse_from_rfc3339("2024-01-05T12:00:00Z").unwrap().to_utc();
    for i in 0..30 {
        let new = NewIncident {
            notify: true,
            title: format!("Incident {i:02}"),
            impact: Impact::Minor,
            status: IncidentStatus::Resolved,
            body: "Resolved.".into(),
            started_at: Some(start + chrono::Duration::days(i * 3)),
            display_at: None,
            changes: vec![],
        };
        store.create_incident(&Actor::System, new).await.unwrap();
    }
    let html = get(&app, "/history").await.html();
    let titles = texts(&html, ".history-item__title");
    assert_eq!(titles.len(), 25);
    assert_eq!(titles[0], "Incident 29");
    assert_eq!(texts(&html, ".month h2")[0], "April 2024");
    let older = attrs(&html, "a[rel=next]", "href");
    assert_eq!(older.len(), 1);

    let html = get(&app, &older[0]).await.html();
    assert_eq!(
        texts(&html, ".history-item__title"),
        ["Incident 04", "Incident 03", "Incident 02", "Incident 01", "Incident 00"]
    );
    assert_eq!(texts(&html, ".month h2"), ["January 2024"]);
    assert_eq!(count(&html, "a[rel=next]"), 0);
    assert_eq!(texts(&html, ".pager a"), ["← Newest"]);

    assert!(older[0].starts_with("/history/after/"), "a path, for the static mirror: {}", older[0]);
    let cursor = older[0].trim_start_matches("/history/after/");
    let old_link = get(&app, &format!("/history?after={cursor}")).await;
    assert_eq!(old_link.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(old_link.location(), older[0], "an older ?after= link leads to the same page");

    for bad in ["/history?after=garbage", "/history?after=1.x", "/history?after=%ZZ", "/history/after/1.x"] {
        let page = get(&app, bad).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(texts(&page.html(), "h1"), ["Bad request"], "{bad}");
    }
}

#[tokio::test]
async fn unknown_addresses_get_a_404_page_in_the_sites_look() {
    let (app, _) = app("UTC", true).await;
    for path in
        ["/incidents/999999", "/incidents/abc", "/incidents/-1", "/no/such/page", "/incidents/99999999999999999999999"]
    {
        let page = get(&app, path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(page.content_type.starts_with("text/html"), "{path}");
        let html = page.html();
        assert_eq!(texts(&html, "h1"), ["Page not found"], "{path}");
        assert_eq!(texts(&html, ".brand"), ["Example Status"], "{path}");
    }
}

#[tokio::test]
async fn markdown_and_names_are_rendered_inert() {
    let (app, store) = app("UTC", false).await;
    let c =
        store.create_component(&Actor::System, NewComponent::named("<img src=x onerror=alert('name')>")).await.unwrap();
    let body = "<script>alert('body')</script>\n\nHello <img src=x onerror=alert(1)> \
                [click](javascript:alert(2)) [fine](https://example.com) <a href=\"javascript:alert(3)\">raw</a>";
    let id = store
        .create_incident(
            &Actor::System,
            NewIncident {
                notify: true,
                title: "<script>alert('title')</script>".into(),
                impact: Impact::Critical,
                status: IncidentStatus::Investigating,
                body: body.into(),
                started_at: None,
                display_at: None,
                changes: vec![StatusChange { component_id: c, status: ComponentStatus::MajorOutage }],
            },
        )
        .await
        .unwrap();
    for path in ["/".to_string(), format!("/incidents/{id}"), "/history".to_string()] {
        let page = get(&app, &path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let html = page.html();
        only_the_live_script(&html);
        assert_eq!(count(&html, "img"), 0, "{path}");
        assert_eq!(count(&html, "[onerror]"), 0, "{path}");
        let hrefs = attrs(&html, "a", "href");
        assert!(hrefs.iter().all(|h| !h.to_lowercase().contains("javascript")), "{path}: {hrefs:?}");
        assert!(
            texts(&html, "body").join(" ").contains("<script>alert('title')</script>"),
            "{path}: the title is shown as text"
        );
    }
    let html = get(&app, &format!("/incidents/{id}")).await.html();
    let external = attrs(&html, ".md a", "rel");
    assert_eq!(external, ["nofollow noopener"]);
    assert_eq!(texts(&html, "h1"), ["<script>alert('title')</script>"]);
}

/// The one script a public page has: /live.js, external and deferred; nothing inline.
fn only_the_live_script(html: &scraper::Html) {
    let sources = attrs(html, "script", "src");
    assert_eq!(count(html, "script"), 1);
    assert!(sources.len() == 1 && sources[0].starts_with("/live.js?v="), "{sources:?}");
    assert_eq!(count(html, "script[defer]"), 1);
    assert!(texts(html, "script").iter().all(String::is_empty), "no inline script");
}

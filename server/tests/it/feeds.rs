//! The history feeds over HTTP, read back by an independent parser (feed-rs) and, for JSON Feed,
//! checked against a JSON Schema written from the 1.1 specification.

use crate::common::{app_with, attrs, fetch, get, send_raw, Reply};
use app::domain::{timeline, ComponentStatus, Impact, Incident, IncidentStatus};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{DateTime, SubsecRound, Utc};
use server::store::{Actor, NewComponent, NewIncident, NewUpdate, StatusChange, Store};

const PUBLIC: &str = "https://status.example.com:8443";
const HOST: &str = "status.example.com";

async fn demo() -> (axum::Router, Store) {
    app_with(&["--timezone", "America/Los_Angeles", "--public-url", "https://status.example.com:8443/"], true).await
}

fn parse(reply: &Reply) -> feed_rs::model::Feed {
    feed_rs::parser::parse(reply.body.as_slice()).expect("a feed feed-rs can read")
}

/// An entry's HTML, wherever the format keeps it.
fn content(entry: &feed_rs::model::Entry) -> String {
    entry
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
        .expect("entry content")
}

fn first_strong(html: &str) -> &str {
    let start = html.find("<strong>").expect("a <strong>") + "<strong>".len();
    let end = html[start..].find("</strong>").expect("</strong>") + start;
    &html[start..end]
}

/// The label readers must find first: the postmortem once published, else the latest update's.
fn current_label(i: &Incident) -> &'static str {
    if i.published_postmortem().is_some() {
        return "Postmortem";
    }
    timeline::newest_first(&i.updates)[0].0
}

fn secs(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(0)
}

/// `tag:HOST,YYYY-MM-DD:path` as RFC 4151 has it.
fn assert_tag(id: &str, path: &str) {
    let rest = id.strip_prefix(&format!("tag:{HOST},")).unwrap_or_else(|| panic!("{id} is not a tag: URI of {HOST}"));
    let (date, specific) = rest.split_once(':').expect("a date and a specific part");
    assert!(chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(), "{id}: bad date");
    assert_eq!(specific, path, "{id}");
}

#[tokio::test]
async fn every_format_lists_incidents_and_maintenance_newest_change_first() {
    let (app, store) = demo().await;
    let incidents = store.incidents_by_change(50).await.unwrap();
    let maintenance = store.maintenance_by_change(50).await.unwrap();
    assert_eq!((incidents.len(), maintenance.len()), (5, 1));
    let mut expected: Vec<(DateTime<Utc>, String)> = incidents
        .iter()
        .map(|i| (i.shown_dates().last_changed, format!("incident/{}", i.id)))
        .chain(maintenance.iter().map(|m| (m.shown_dates().last_changed, format!("maintenance/{}", m.id))))
        .collect();
    expected.sort_by_key(|e| std::cmp::Reverse(e.0));

    for (path, content_type) in [
        ("/history.rss", "application/rss+xml; charset=utf-8"),
        ("/history.atom", "application/atom+xml; charset=utf-8"),
        ("/history.json", "application/feed+json"),
    ] {
        let reply = fetch(&app, path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(reply.header("content-type"), content_type, "{path}");
        let feed = parse(&reply);
        assert_eq!(
            feed.title.as_ref().map(|t| t.content.as_str()),
            Some("Example Status - Incident History"),
            "{path}"
        );
        assert_eq!(feed.entries.len(), 6, "{path}");
        let order: Vec<&str> =
            feed.entries.iter().map(|e| e.id.split_once(':').unwrap().1.split_once(':').unwrap().1).collect();
        let expected_order: Vec<&str> = expected.iter().map(|(_, p)| p.as_str()).collect();
        assert_eq!(order, expected_order, "{path}: newest change first");

        for entry in &feed.entries {
            let path_part = entry.id.rsplit_once(',').unwrap().1.split_once(':').unwrap().1;
            assert_tag(&entry.id, path_part);
            let link = &entry.links.first().expect("a link").href;
            assert!(link.starts_with(&format!("{PUBLIC}/")), "{path}: {link}");
            let html = content(entry);
            if let Some(id) = path_part.strip_prefix("incident/") {
                let incident = incidents.iter().find(|i| i.id.to_string() == id).unwrap();
                assert_eq!(link, &format!("{PUBLIC}/incidents/{id}"));
                assert_eq!(first_strong(&html), current_label(incident), "{path} {id}");
                assert_eq!(entry.title.as_ref().unwrap().content, incident.title, "{path}");
                // Every step is there, newest first, with its time in the page's zone.
                assert_eq!(
                    html.matches("<p><small>").count(),
                    incident.updates.len() + usize::from(incident.published_postmortem().is_some()),
                    "{path}: {html}"
                );
                assert!(html.contains(" PDT</small>") || html.contains(" PST</small>"));
                // The shown dates, not the write times (`app::domain::dates`).
                let dates = incident.shown_dates();
                if path != "/history.rss" {
                    assert_eq!(entry.updated, Some(secs(dates.last_changed)), "{path}");
                    assert_eq!(entry.published, Some(secs(dates.first_posted)), "{path}");
                } else {
                    assert_eq!(entry.published, Some(secs(dates.last_changed)), "{path}");
                }
            } else {
                let id = path_part.strip_prefix("maintenance/").unwrap();
                assert_eq!(link, &format!("{PUBLIC}/maintenance/{id}"), "{path}: its own page");
                assert_eq!(first_strong(&html), "Scheduled");
                assert!(html.contains("Scheduled from "), "{html}");
            }
        }
    }
}

#[tokio::test]
async fn the_trail_reads_newest_first_with_update_labels_and_the_postmortem_on_top() {
    let (app, store) = demo().await;
    let feed = parse(&fetch(&app, "/history.atom").await);
    let incidents = store.incidents_by_change(50).await.unwrap();
    let by_title = |t: &str| {
        let i = incidents.iter().find(|i| i.title == t).unwrap();
        let entry = feed.entries.iter().find(|e| e.id.ends_with(&format!(":incident/{}", i.id))).unwrap();
        content(entry)
    };
    let labels = |html: &str| -> Vec<String> {
        html.split("<br><strong>").skip(1).map(|s| s.split("</strong>").next().unwrap().to_string()).collect()
    };
    assert_eq!(
        labels(&by_title("Delayed webhook deliveries")),
        ["Identified", "Monitoring", "Identified", "Investigating"]
    );
    assert_eq!(
        labels(&by_title("Processing delays in the data pipeline")),
        ["Resolved", "Monitoring", "Update", "Investigating"]
    );
    let elevated = by_title("Elevated API error rates");
    assert_eq!(labels(&elevated), ["Postmortem", "Resolved", "Monitoring", "Identified", "Investigating"]);
    assert!(elevated.contains("<h2>What happened</h2>"), "{elevated}");
    assert!(elevated.contains("This incident affected: Developer APIs (REST API)."), "{elevated}");
}

#[tokio::test]
async fn the_feed_describes_itself_with_absolute_links_and_stable_ids() {
    let (app, store) = demo().await;
    let atom = fetch(&app, "/history.atom").await;
    let feed = parse(&atom);
    assert_tag(&feed.id, "history");
    let hrefs: Vec<(&str, &str)> =
        feed.links.iter().map(|l| (l.rel.as_deref().unwrap_or(""), l.href.as_str())).collect();
    assert!(hrefs.contains(&("self", "https://status.example.com:8443/history.atom")));
    assert!(hrefs.contains(&("alternate", "https://status.example.com:8443/")));
    let newest = store.incidents_by_change(1).await.unwrap()[0].shown_dates().last_changed;
    assert_eq!(feed.updated, Some(secs(newest)));
    // The same bytes again: ids and dates do not move between requests.
    assert_eq!(fetch(&app, "/history.atom").await.body, atom.body);

    let rss = fetch(&app, "/history.rss").await.text();
    assert!(rss.contains(
        "<atom:link href=\"https://status.example.com:8443/history.rss\" rel=\"self\" type=\"application/rss+xml\"/>"
    ));
    assert!(rss.contains("<guid isPermaLink=\"false\">tag:status.example.com,"));

    let json = fetch(&app, "/history.json").await.json();
    assert_eq!(json["feed_url"], "https://status.example.com:8443/history.json");
    assert_eq!(json["home_page_url"], "https://status.example.com:8443/");
}

#[tokio::test]
async fn the_json_feed_is_valid_json_feed_1_1() {
    let schema: serde_json::Value = serde_json::from_str(include_str!("fixtures/jsonfeed-1.1.schema.json")).unwrap();
    let validator = jsonschema::options().should_validate_formats(true).build(&schema).expect("the schema compiles");
    let (app, store) = demo().await;
    let webhooks = component_id(&store, "Webhooks").await;
    for path in ["/history.json".to_string(), format!("/components/{webhooks}/history.json")] {
        let feed = fetch(&app, &path).await.json();
        let errors: Vec<String> = validator.iter_errors(&feed).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{path}: {errors:?}");
        assert!(!feed["items"].as_array().unwrap().is_empty());
    }
    // The schema is not a rubber stamp.
    let bad = serde_json::json!({"version": "https://jsonfeed.org/version/1.1", "title": "x",
        "items": [{"id": "1", "date_published": "yesterday"}]});
    assert!(!validator.is_valid(&bad));
}

async fn component_id(store: &Store, name: &str) -> i64 {
    store.list_components().await.unwrap().into_iter().find(|c| c.name == name).unwrap().id
}

#[tokio::test]
async fn a_component_feed_lists_only_the_incidents_that_affected_it() {
    let (app, store) = demo().await;
    let webhooks = component_id(&store, "Webhooks").await;
    let exports = component_id(&store, "Exports").await;
    for ext in ["rss", "atom", "json"] {
        let reply = fetch(&app, &format!("/components/{webhooks}/history.{ext}")).await;
        assert_eq!(reply.status, StatusCode::OK);
        let feed = parse(&reply);
        let titles: Vec<String> = feed.entries.iter().map(|e| e.title.as_ref().unwrap().content.clone()).collect();
        assert_eq!(titles, ["Delayed webhook deliveries"], "{ext}");
        assert_eq!(feed.title.unwrap().content, "Example Status - Webhooks - Incident History");
    }
    let feed = parse(&fetch(&app, &format!("/components/{exports}/history.atom")).await);
    assert_tag(&feed.id, &format!("components/{exports}/history"));
    assert_eq!(feed.entries.len(), 1);

    for path in ["/components/999999/history.rss", "/components/abc/history.atom", "/components/-1/history.json"] {
        let reply = fetch(&app, path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.header("content-type"), "text/html; charset=utf-8");
    }
}

#[tokio::test]
async fn everything_a_staff_member_types_is_escaped() {
    let (app, store) = app_with(&["--public-url", "http://localhost:3000"], false).await;
    let a = Actor::System;
    let c = store.create_component(&a, NewComponent::named("R&D <API> \"v2\"")).await.unwrap();
    let title = "Tom & Jerry's <script>alert(1)</script> \"outage\"";
    let id = store
        .create_incident(
            &a,
            NewIncident {
                notify: true,
                title: title.into(),
                impact: Impact::Minor,
                status: IncidentStatus::Investigating,
                body: "Raw <b>html</b> & **bold** ]]> control".into(),
                started_at: None,
                display_at: None,
                changes: vec![StatusChange { component_id: c, status: ComponentStatus::PartialOutage }],
            },
        )
        .await
        .unwrap();
    store
        .post_update(
            &a,
            id,
            NewUpdate {
                notify: true,
                status: IncidentStatus::Investigating,
                body: "Still looking.".into(),
                display_at: None,
                changes: vec![],
                expected_version: None,
            },
        )
        .await
        .unwrap();
    for path in [
        "/history.rss".to_string(),
        "/history.atom".to_string(),
        "/history.json".to_string(),
        format!("/components/{c}/history.atom"),
    ] {
        let feed = parse(&fetch(&app, &path).await);
        let entry = &feed.entries[0];
        assert_eq!(entry.title.as_ref().unwrap().content, title, "{path}");
        let html = content(entry);
        assert_eq!(first_strong(&html), "Update", "{path}");
        assert!(html.contains("Raw &lt;b&gt;html&lt;/b&gt; &amp; <strong>bold</strong> ]]&gt; "), "{path}: {html}");
        assert!(!html.contains("<script>"), "{path}");
        assert!(html.contains("R&amp;D &lt;API&gt;"), "{path}: {html}");
        assert!(entry.id.starts_with("tag:localhost,"), "{}", entry.id);
        assert!(entry.id.ends_with(&format!(":incident/{id}")), "{}", entry.id);
        assert_eq!(entry.links[0].href, format!("http://localhost:3000/incidents/{id}"));
    }
}

#[tokio::test]
async fn an_empty_page_has_valid_empty_feeds() {
    let (app, store) = app_with(&[], false).await;
    let created = store.page_info().await.unwrap().created_at;
    for path in ["/history.rss", "/history.atom", "/history.json"] {
        let feed = parse(&fetch(&app, path).await);
        assert!(feed.entries.is_empty(), "{path}");
    }
    let feed = parse(&fetch(&app, "/history.atom").await);
    assert_eq!(feed.updated, Some(secs(created)));
    // The default public URL is the listening address; the tag drops its port.
    assert!(feed.id.starts_with("tag:127.0.0.1,"), "{}", feed.id);
}

#[tokio::test]
async fn feeds_answer_head_and_conditional_requests() {
    let (app, _) = demo().await;
    for path in ["/history.rss", "/history.atom", "/history.json"] {
        let full = fetch(&app, path).await;
        let etag = full.header("etag").to_string();
        assert!(etag.starts_with('"') && etag.len() > 2, "{path}: strong ETag");
        assert_eq!(full.header("access-control-allow-origin"), "*");
        assert!(!full.header("cache-control").is_empty());

        let head = send_raw(&app, Request::head(path).body(Body::empty()).unwrap()).await;
        assert_eq!(head.status, StatusCode::OK);
        assert!(head.body.is_empty(), "{path}: HEAD has no body");
        assert_eq!(head.header("etag"), etag);
        assert_eq!(head.header("content-type"), full.header("content-type"));

        let again =
            send_raw(&app, Request::get(path).header("if-none-match", &etag).body(Body::empty()).unwrap()).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{path}");
        assert!(again.body.is_empty());
        assert_eq!(again.header("etag"), etag);

        let stale =
            send_raw(&app, Request::get(path).header("if-none-match", "\"stale\"").body(Body::empty()).unwrap()).await;
        assert_eq!(stale.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn public_pages_announce_the_three_feeds() {
    let (app, _) = demo().await;
    for path in ["/", "/history"] {
        let html = get(&app, path).await.html();
        let types = attrs(&html, "head link[rel=alternate]", "type");
        let hrefs = attrs(&html, "head link[rel=alternate]", "href");
        assert_eq!(types, ["application/rss+xml", "application/atom+xml", "application/feed+json"], "{path}");
        assert_eq!(hrefs, ["/history.rss", "/history.atom", "/history.json"]);
        for href in hrefs {
            assert_eq!(fetch(&app, &href).await.status, StatusCode::OK);
        }
    }
}

/// `/maintenance.ics`, read back by an independent iCalendar parser (the `ical` crate).
#[tokio::test]
async fn maintenance_is_a_calendar_that_calendar_apps_can_read() {
    use chrono::TimeZone;
    let (app, store) = app_with(&["--public-url", "https://status.example.com"], true).await;
    let db = store.list_components().await.unwrap()[0].clone();
    let title = "Database upgrade; phase 2, \\ with a name long enough to fold over more than one line: ünïcödé";
    let (from, until) =
        (Utc.with_ymd_and_hms(2030, 7, 1, 2, 0, 0).unwrap(), Utc.with_ymd_and_hms(2030, 7, 1, 4, 30, 0).unwrap());
    let new = server::store::NewMaintenance {
        notify: true,
        title: title.into(),
        body: "We upgrade the *primary*.\n\nExpect a minute of read-only.".into(),
        scheduled_for: from,
        scheduled_until: until,
        auto_start: true,
        auto_complete: true,
        components: vec![db.id],
    };
    let id = store.create_maintenance(&Actor::System, new).await.unwrap();

    let reply = send_raw(&app, Request::get("/maintenance.ics").body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), "text/calendar; charset=utf-8");
    let raw = String::from_utf8(reply.body.clone()).unwrap();
    assert!(raw.ends_with("END:VCALENDAR\r\n") && !raw.replace("\r\n", "").contains('\n'), "CRLF lines");
    assert!(raw.split("\r\n").all(|l| l.len() <= 75), "folded at 75 octets");

    let mut calendars = ical::IcalParser::new(std::io::BufReader::new(reply.body.as_slice()));
    let calendar = calendars.next().expect("a calendar").expect("well-formed");
    assert!(calendars.next().is_none());
    let windows = store.recent_maintenance(200).await.unwrap();
    assert_eq!(calendar.events.len(), windows.len(), "one event per window");
    let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        e.properties.iter().find(|p| p.name == name).and_then(|p| p.value.clone()).unwrap_or_default()
    };
    let uid = format!("maintenance-{id}@status.example.com");
    let event = calendar.events.iter().find(|e| prop(e, "UID") == uid).expect("the new window");
    assert_eq!(prop(event, "DTSTART"), "20300701T020000Z");
    assert_eq!(prop(event, "DTEND"), "20300701T043000Z");
    let unescaped = prop(event, "SUMMARY").replace("\\;", ";").replace("\\,", ",").replace("\\\\", "\\");
    assert_eq!(unescaped, title);
    let description = prop(event, "DESCRIPTION");
    assert!(description.contains(&db.name) && description.contains("\\n\\nWe upgrade"), "{description}");
    assert_eq!(prop(event, "URL"), format!("https://status.example.com/maintenance/{id}"), "its own page");
    let uids: std::collections::HashSet<String> = calendar.events.iter().map(|e| prop(e, "UID")).collect();
    assert_eq!(uids.len(), calendar.events.len(), "every UID its own");
}

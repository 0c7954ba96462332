//! For search engines: robots.txt names the sitemap; the sitemap index and every file it lists
//! are valid sitemaps (read with an independent XML parser) whose every address answers a page, with
//! an incident's shown last change as its `lastmod`.

use crate::common::{app_with, get};
use app::domain::{ComponentStatus, Impact, IncidentStatus};
use axum::http::StatusCode;
use server::store::{Actor, NewComponent, NewIncident, StatusChange};

const ORIGIN: &str = "https://status.example.com";
const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The root's name and each entry's `(loc, lastmod)`, checked against the protocol's shape.
fn read(xml: &str, root: &str, entry: &str) -> Vec<(String, Option<String>)> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not XML ({e}): {xml}"));
    let top = doc.root_element();
    assert_eq!((top.tag_name().namespace(), top.tag_name().name()), (Some(NS), root), "{xml}");
    top.children()
        .filter(|n| n.is_element())
        .map(|n| {
            assert_eq!(n.tag_name().name(), entry, "{xml}");
            let child = |name: &str| n.children().find(|c| c.has_tag_name((NS, name))).and_then(|c| c.text());
            (child("loc").expect("a loc").to_string(), child("lastmod").map(str::to_string))
        })
        .collect()
}

fn path(loc: &str) -> &str {
    loc.strip_prefix(ORIGIN).unwrap_or_else(|| panic!("{loc} is not on {ORIGIN}"))
}

#[tokio::test]
async fn the_sitemap_lists_every_public_page_with_its_shown_last_change() {
    let (app, store) = app_with(&["--public-url", ORIGIN], true).await;
    let c = store.create_component(&Actor::System, NewComponent::named("Backfilled API")).await.unwrap();
    let old = chrono::DateTime::parse_from_rfc3339("2019-03-04T09:00:00Z").unwrap().to_utc();
    let new = NewIncident {
        title: "An old outage".into(),
        impact: Impact::Major,
        status: IncidentStatus::Resolved,
        body: "Fixed.".into(),
        started_at: Some(old),
        display_at: Some(old + chrono::Duration::hours(2)),
        changes: vec![StatusChange { component_id: c, status: ComponentStatus::Operational }],
        notify: false,
    };
    let backfilled = store.create_incident(&Actor::System, new).await.unwrap();

    let robots = get(&app, "/robots.txt").await;
    assert_eq!(robots.status, StatusCode::OK);
    assert_eq!(robots.content_type, "text/plain; charset=utf-8");
    assert!(robots.body.lines().any(|l| l == "Disallow: /admin"), "{}", robots.body);
    assert!(robots.body.lines().any(|l| l == format!("Sitemap: {ORIGIN}/sitemap.xml")), "{}", robots.body);

    let index = get(&app, "/sitemap.xml").await;
    assert_eq!(index.status, StatusCode::OK);
    assert_eq!(index.content_type, "application/xml; charset=utf-8");
    let files = read(&index.body, "sitemapindex", "sitemap");
    assert!(files.len() >= 3, "pages, incidents and maintenance: {files:?}");
    let mut pages = Vec::new();
    for (loc, _) in &files {
        let file = get(&app, path(loc)).await;
        assert_eq!(file.status, StatusCode::OK, "{loc}");
        pages.extend(read(&file.body, "urlset", "url"));
    }
    for wanted in ["/", "/history", "/subscribe", &format!("/incidents/{backfilled}"), &format!("/components/{c}")] {
        assert!(pages.iter().any(|(loc, _)| path(loc) == wanted), "{wanted} is listed: {pages:?}");
    }
    assert!(pages.iter().any(|(loc, _)| path(loc).starts_with("/maintenance/")), "{pages:?}");
    for (loc, _) in &pages {
        let page = get(&app, path(loc)).await;
        assert_eq!(page.status, StatusCode::OK, "{loc}");
        assert!(page.content_type.starts_with("text/html"), "{loc}");
    }
    let (_, lastmod) = pages.iter().find(|(loc, _)| path(loc) == format!("/incidents/{backfilled}")).unwrap();
    assert_eq!(lastmod.as_deref(), Some("2019-03-04T11:00:00Z"), "the resolution's shown time, not the write");

    // A range with no incident is an empty, valid sitemap; other names are not sitemaps.
    let empty = get(&app, "/sitemaps/incidents-9.xml").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(read(&empty.body, "urlset", "url").is_empty());
    for bad in ["/sitemaps/users-0.xml", "/sitemaps/incidents--1.xml", "/sitemaps/pages"] {
        assert_eq!(get(&app, bad).await.status, StatusCode::NOT_FOUND, "{bad}");
    }
}

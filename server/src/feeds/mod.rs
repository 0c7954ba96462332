//! The history feeds — RSS 2.0, Atom (RFC 4287) and JSON Feed 1.1 — of the whole page (incidents
//! and maintenance) and of one component (the incidents that affected it). One entry per incident
//! or maintenance, newest shown change first (the dates readers are told, `app::domain::dates`);
//! ids are `tag:` URIs (RFC 4151) that never change.

mod atom;
mod content;
mod ical;
mod json;
mod rss;

use crate::cache::{Policy, CACHE_CONTROL};
use crate::error::{self, AppError};
use crate::http::language::{spoken_key, Speaking};
use crate::state::AppState;
use crate::store::PageInfo;
use app::domain::{Incident, Maintenance};
use app::i18n::Lang;
use app::paths;
use app::tr;
use axum::extract::Path;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// Entries per feed.
const LIMIT: i64 = 50;

pub fn routes() -> Router<AppState> {
    let mut router = Router::new().route("/maintenance.ics", get(calendar));
    for format in Format::ALL {
        let ext = format.extension();
        router = router
            .route(
                &format!("/history.{ext}"),
                get(move |state: Speaking, headers: HeaderMap| answer(state, headers, format, None)),
            )
            .route(
                &format!("/components/{{id}}/history.{ext}"),
                get(move |state: Speaking, Path(id): Path<String>, headers: HeaderMap| {
                    answer(state, headers, format, Some(id))
                }),
            );
    }
    router
}

#[derive(Debug, Clone, Copy)]
pub enum Format {
    Rss,
    Atom,
    Json,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Rss => "rss",
            Format::Atom => "atom",
            Format::Json => "json",
        }
    }

    fn policy(self) -> &'static Policy {
        static RSS: Policy =
            Policy { content_type: "application/rss+xml; charset=utf-8", cache_control: CACHE_CONTROL, cors: true };
        static ATOM: Policy =
            Policy { content_type: "application/atom+xml; charset=utf-8", cache_control: CACHE_CONTROL, cors: true };
        static JSON: Policy =
            Policy { content_type: "application/feed+json", cache_control: CACHE_CONTROL, cors: true };
        match self {
            Format::Rss => &RSS,
            Format::Atom => &ATOM,
            Format::Json => &JSON,
        }
    }

    /// The whole page's feed address, the cache's key for it.
    fn site_path(self) -> &'static str {
        match self {
            Format::Rss => "/history.rss",
            Format::Atom => "/history.atom",
            Format::Json => "/history.json",
        }
    }

    pub const ALL: [Format; 3] = [Format::Rss, Format::Atom, Format::Json];

    fn render(self, feed: &Feed) -> String {
        match self {
            Format::Rss => rss::render(feed),
            Format::Atom => atom::render(feed),
            Format::Json => json::render(feed),
        }
    }
}

/// A feed, whatever its format.
struct Feed {
    title: String,
    description: String,
    /// The page a reader opens: the status page.
    home_url: String,
    /// This feed's address without its extension, e.g. `https://status.example.com/history`.
    base_url: String,
    id: String,
    author: String,
    /// The newest entry's change, or the page's creation for an empty feed.
    updated: DateTime<Utc>,
    entries: Vec<Entry>,
}

impl Feed {
    fn self_url(&self, format: Format) -> String {
        format!("{}.{}", self.base_url, format.extension())
    }
}

struct Entry {
    id: String,
    title: String,
    url: String,
    published: DateTime<Utc>,
    updated: DateTime<Utc>,
    content_html: String,
}

async fn answer(Speaking(state): Speaking, headers: HeaderMap, format: Format, component: Option<String>) -> Response {
    let component = match component.map(|id| id.parse::<i64>()) {
        None => None,
        Some(Ok(id)) => Some(id),
        Some(Err(_)) => return error::page(&state.site(), &AppError::not_found("component")),
    };
    let key = match component {
        None => spoken_key(&state, format.site_path()),
        Some(id) => spoken_key(&state, format!("/components/{id}/history.{}", format.extension())),
    };
    let render = || {
        let state = state.clone();
        async move {
            let feed = match component {
                None => site_feed(&state).await?,
                Some(id) => component_feed(&state, id).await?,
            };
            Ok(format.render(&feed).into_bytes())
        }
    };
    state.cache.answer(&headers, key, format.policy(), render, |e| error::page(&state.site(), &e)).await
}

/// Windows in the calendar at most, the latest first.
const CALENDAR_LIMIT: i64 = 200;

/// `/maintenance.ics`, through the public cache like every feed.
async fn calendar(Speaking(state): Speaking, headers: HeaderMap) -> Response {
    static ICS: Policy =
        Policy { content_type: "text/calendar; charset=utf-8", cache_control: CACHE_CONTROL, cors: true };
    let render = || {
        let state = state.clone();
        async move {
            let windows = state.store.recent_maintenance(CALENDAR_LIMIT).await?;
            let host = host_of(&state.public_url);
            Ok(ical::render(&state.site(), &state.public_url, &host, &windows).into_bytes())
        }
    };
    let key = spoken_key(&state, "/maintenance.ics");
    state.cache.answer(&headers, key, &ICS, render, |e| error::page(&state.site(), &e)).await
}

/// What a feed says of the page it belongs to.
pub struct Site<'a> {
    pub title: &'a str,
    pub public_url: &'a str,
    pub tz: Tz,
    pub page: &'a PageInfo,
    /// The language of the feed's own words (its title, the steps' labels).
    pub lang: Lang,
}

impl<'a> Site<'a> {
    fn of(state: &'a AppState, site: &'a app::pages::public::Site, page: &'a PageInfo) -> Site<'a> {
        Site { title: &site.title, public_url: &state.public_url, tz: site.tz, page, lang: site.lang }
    }
}

/// The whole page's feed of incidents and maintenance already read, as `/history.*` answers it:
/// what the fuzz target in `fuzz/` renders.
pub fn site_text(format: Format, site: &Site, incidents: &[Incident], maintenance: &[Maintenance]) -> String {
    format.render(&site_feed_of(site, incidents, maintenance))
}

async fn site_feed(state: &AppState) -> Result<Feed, AppError> {
    let page = state.store.page_info().await?;
    let incidents = state.store.incidents_by_change(LIMIT).await?;
    let maintenance = state.store.maintenance_by_change(LIMIT).await?;
    let site = state.site();
    Ok(site_feed_of(&Site::of(state, &site, &page), &incidents, &maintenance))
}

fn site_feed_of(site: &Site, incidents: &[Incident], maintenance: &[Maintenance]) -> Feed {
    let ids = Ids::new(site.public_url, site.page);
    let mut entries: Vec<(i64, Entry)> = incidents
        .iter()
        .map(|i| (i.id, incident_entry(i, &ids, site)))
        .chain(maintenance.iter().map(|m| (m.id, maintenance_entry(m, &ids, site))))
        .collect();
    entries.sort_by(|(a_id, a), (b_id, b)| b.updated.cmp(&a.updated).then(b_id.cmp(a_id)));
    entries.truncate(LIMIT as usize);
    let title = tr!(site.lang, "feed-title", page = site.title);
    let description = tr!(site.lang, "feed-description", page = site.title);
    feed(site, &ids, "history", title, description, entries)
}

async fn component_feed(state: &AppState, id: i64) -> Result<Feed, AppError> {
    let component =
        state.store.get_component(id).await?.filter(|c| c.visible).ok_or(AppError::not_found("component"))?;
    let page = state.store.page_info().await?;
    let incidents = state.store.component_incidents(id, LIMIT).await?;
    let shown = state.site();
    let site = Site::of(state, &shown, &page);
    let ids = Ids::new(site.public_url, &page);
    let entries = incidents.iter().map(|i| (i.id, incident_entry(i, &ids, &site))).collect();
    let (lang, name) = (site.lang, component.name.as_str());
    let title = tr!(lang, "feed-component-title", page = site.title, component = name);
    let description = tr!(lang, "feed-component-description", page = site.title, component = name);
    let path = format!("components/{id}/history");
    Ok(feed(&site, &ids, &path, title, description, entries))
}

fn feed(site: &Site, ids: &Ids, path: &str, title: String, description: String, entries: Vec<(i64, Entry)>) -> Feed {
    let entries: Vec<Entry> = entries.into_iter().map(|(_, e)| e).collect();
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or(site.page.created_at);
    Feed {
        title,
        description,
        home_url: format!("{}/", site.public_url),
        base_url: format!("{}/{path}", site.public_url),
        id: ids.tag(path),
        author: site.title.to_string(),
        updated,
        entries,
    }
}

/// An entry's dates are the incident's shown dates (`app::domain::dates`): a backfilled incident
/// reads the year it happened, not the day it was written into Beacon.
fn incident_entry(i: &Incident, ids: &Ids, site: &Site) -> Entry {
    let dates = i.shown_dates();
    Entry {
        id: ids.tag(&format!("incident/{}", i.id)),
        title: i.title.clone(),
        url: format!("{}{}", site.public_url, paths::incident(i.id)),
        published: dates.first_posted,
        updated: dates.last_changed,
        content_html: content::incident(i, site.tz, site.lang),
    }
}

fn maintenance_entry(m: &Maintenance, ids: &Ids, site: &Site) -> Entry {
    let dates = m.shown_dates();
    Entry {
        id: ids.tag(&format!("maintenance/{}", m.id)),
        title: m.title.clone(),
        url: format!("{}{}", site.public_url, paths::maintenance(m.id)),
        published: dates.first_posted,
        updated: dates.last_changed,
        content_html: content::maintenance(m, site.tz, site.lang),
    }
}

/// `tag:status.example.com,2024-05-01:incident/12`: the public host without its port, and the
/// day the page was created (a day the host named this page), both fixed for the page's life.
struct Ids {
    prefix: String,
}

impl Ids {
    fn new(public_url: &str, page: &PageInfo) -> Ids {
        Ids { prefix: format!("tag:{},{}:", host_of(public_url), page.created_at.format("%Y-%m-%d")) }
    }

    fn tag(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }
}

/// The host of an http(s) URL, lower-cased, without user, port or path.
fn host_of(url: &str) -> String {
    url::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_ascii_lowercase)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_hosts_drop_port_user_and_path() {
        assert_eq!(host_of("https://Status.Example.com:8443/x"), "status.example.com");
        assert_eq!(host_of("http://127.0.0.1:3000"), "127.0.0.1");
        assert_eq!(host_of("http://u:p@example.org"), "example.org");
        assert_eq!(host_of("http://[::1]:3000"), "[::1]");
    }
}

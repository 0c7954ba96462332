//! For search engines: `/robots.txt` (which names the sitemap) and the sitemap itself (sitemaps.org
//! protocol 0.9). `/sitemap.xml` is an index of small files, so that no answer grows with the
//! history: the site's own pages and the components, then incidents and maintenance in id ranges
//! of [`CHUNK`], each file a range of the primary key with every page's shown last change.

use crate::cache::{Policy, CACHE_CONTROL};
use crate::error::{self, AppError};
use crate::state::AppState;
use crate::store::Listed;
use crate::xml::escape;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, SecondsFormat, Utc};
use std::fmt::Write;

/// Pages per sitemap file (the protocol allows 50,000).
pub const CHUNK: i64 = 10_000;

static XML: Policy =
    Policy { content_type: "application/xml; charset=utf-8", cache_control: CACHE_CONTROL, cors: false };
static TEXT: Policy = Policy { content_type: "text/plain; charset=utf-8", cache_control: CACHE_CONTROL, cors: false };

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/robots.txt", get(robots))
        .route("/sitemap.xml", get(index))
        .route("/sitemaps/{file}", get(file))
}

/// What one sitemap file lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Pages,
    Range(Listed, i64),
}

impl Part {
    fn path(self) -> String {
        match self {
            Part::Pages => "/sitemaps/pages.xml".into(),
            Part::Range(Listed::Incidents, n) => format!("/sitemaps/incidents-{n}.xml"),
            Part::Range(Listed::Maintenance, n) => format!("/sitemaps/maintenance-{n}.xml"),
        }
    }

    fn parse(file: &str) -> Option<Part> {
        let name = file.strip_suffix(".xml")?;
        if name == "pages" {
            return Some(Part::Pages);
        }
        let (kind, n) = name.rsplit_once('-')?;
        let n: i64 = n.parse().ok().filter(|n| (0..=i64::MAX / CHUNK - 1).contains(n))?;
        match kind {
            "incidents" => Some(Part::Range(Listed::Incidents, n)),
            "maintenance" => Some(Part::Range(Listed::Maintenance, n)),
            _ => None,
        }
    }
}

async fn robots(State(state): State<AppState>, headers: HeaderMap) -> Response {
    super::cached(&state, &headers, "/robots.txt", &TEXT, |state| async move {
        Ok(format!("User-agent: *\nDisallow: /admin\n\nSitemap: {}/sitemap.xml\n", base(&state)))
    })
    .await
}

async fn index(State(state): State<AppState>, headers: HeaderMap) -> Response {
    answer(&state, &headers, "/sitemap.xml".into(), |state| async move {
        let mut parts = vec![Part::Pages];
        for kind in [Listed::Incidents, Listed::Maintenance] {
            if let Some(last) = state.store.last_id(kind).await? {
                parts.extend((0..=last.max(0) / CHUNK).map(|n| Part::Range(kind, n)));
            }
        }
        let base = base(&state);
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for part in parts {
            let _ = writeln!(xml, "<sitemap><loc>{}</loc></sitemap>", escape(&format!("{base}{}", part.path())));
        }
        xml.push_str("</sitemapindex>\n");
        Ok(xml)
    })
    .await
}

async fn file(State(state): State<AppState>, Path(file): Path<String>, headers: HeaderMap) -> Response {
    let Some(part) = Part::parse(&file) else {
        return error::page(&state.site(), &AppError::not_found("sitemap"));
    };
    answer(&state, &headers, part.path().into(), move |state| async move {
        let pages: Vec<(String, Option<DateTime<Utc>>)> = match part {
            Part::Pages => {
                let mut pages = vec![("/".to_string(), None), ("/history".into(), None), ("/subscribe".into(), None)];
                let components = state.store.list_components().await?;
                pages.extend(components.iter().filter(|c| c.visible).map(|c| (format!("/components/{}", c.id), None)));
                pages
            }
            Part::Range(kind, n) => {
                let prefix = match kind {
                    Listed::Incidents => "/incidents",
                    Listed::Maintenance => "/maintenance",
                };
                let ids = state.store.ids_with_change(kind, n * CHUNK, (n + 1) * CHUNK).await?;
                ids.into_iter().map(|(id, changed)| (format!("{prefix}/{id}"), Some(changed))).collect()
            }
        };
        let base = base(&state);
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (path, changed) in pages {
            let _ = write!(xml, "<url><loc>{}</loc>", escape(&format!("{base}{path}")));
            if let Some(t) = changed {
                let _ = write!(xml, "<lastmod>{}</lastmod>", t.to_rfc3339_opts(SecondsFormat::Secs, true));
            }
            xml.push_str("</url>\n");
        }
        xml.push_str("</urlset>\n");
        Ok(xml)
    })
    .await
}

fn base(state: &AppState) -> String {
    state.public_url.trim_end_matches('/').to_string()
}

async fn answer<F, Fut>(state: &AppState, headers: &HeaderMap, key: crate::cache::Key, render: F) -> Response
where
    F: FnOnce(AppState) -> Fut,
    Fut: std::future::Future<Output = Result<String, AppError>> + Send + 'static,
{
    super::cached(state, headers, key, &XML, render).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_go_there_and_back_and_nothing_else_is_a_file() {
        for part in [Part::Pages, Part::Range(Listed::Incidents, 0), Part::Range(Listed::Maintenance, 12)] {
            let path = part.path();
            assert_eq!(Part::parse(path.strip_prefix("/sitemaps/").unwrap()), Some(part), "{path}");
        }
        for bad in [
            "pages",
            "incidents-.xml",
            "incidents--1.xml",
            "incidents-x.xml",
            "users-0.xml",
            "incidents-99999999999999999999.xml",
            "incidents-922337203685477.xml",
        ] {
            assert_eq!(Part::parse(bad), None, "{bad}");
        }
    }
}

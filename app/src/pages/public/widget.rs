//! `/embed`: the status in a few lines, for other sites to show in an `<iframe>` (the one page
//! that may be framed). Every link opens the status page itself in a new tab.

use super::parts::time;
use super::Site;
use crate::domain::{Incident, Maintenance, Overall};
use crate::tr;
use leptos::prelude::*;

/// Open incidents listed at most; the rest are counted.
const LISTED: usize = 3;

pub struct WidgetData {
    pub overall: Overall,
    /// Unresolved incidents, newest first.
    pub open: Vec<Incident>,
    /// Maintenance in progress.
    pub active_maintenance: Vec<Maintenance>,
    /// The page's address, for the links out of the frame.
    pub public_url: String,
}

pub fn render_widget(site: &Site, data: &WidgetData) -> String {
    let (base, lang) = (data.public_url.trim_end_matches('/').to_string(), site.lang);
    let overall = lang.overall(data.overall);
    let incidents = data
        .open
        .iter()
        .take(LISTED)
        .map(|i| {
            let latest = i.updates.last().map(|u| (lang.incident_status(u.status), u.display_at));
            view! {
                <li>
                    <a href=format!("{base}/incidents/{}", i.id) target="_blank" rel="noopener">{i.title.clone()}</a>
                    {latest.map(|(label, at)| view! { <span class="widget__meta">{label} " · " {time(at, site)}</span> })}
                </li>
            }
        })
        .collect_view();
    let more = data.open.len().saturating_sub(LISTED);
    let more = (more > 0).then(|| view! { <li class="widget__meta">{tr!(lang, "widget-more", count = more)}</li> });
    let maintenance = match data.active_maintenance.len() {
        0 => None,
        n => Some(tr!(lang, "widget-maintenance", count = n)),
    };
    let page = view! {
        <html lang=lang.tag() dir=lang.dir()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <meta name="robots" content="noindex"/>
                <title>{tr!(lang, "page-description", page = site.title.as_str(), status = overall.clone())}</title>
                <link rel="stylesheet" href=site.stylesheet.clone()/>
            </head>
            <body class="widget">
                <main class=format!("widget__box widget--{}", data.overall.css())>
                    <p class=format!("widget__status status status--{}", data.overall.css())>
                        <span class="status__dot" aria-hidden="true"></span>
                        <a href=format!("{base}/") target="_blank" rel="noopener">{overall}</a>
                    </p>
                    {(!data.open.is_empty()).then(|| view! { <ul class="widget__list">{incidents}{more}</ul> })}
                    {maintenance.map(|m| view! { <p class="widget__meta">{m}</p> })}
                    <p class="widget__meta">
                        <a href=format!("{base}/") target="_blank" rel="noopener">{site.title.clone()}</a>
                    </p>
                </main>
            </body>
        </html>
    };
    let html = Owner::new().with(|| page.to_html());
    format!("<!DOCTYPE html>{}", super::super::markers::valid_markers(&html))
}

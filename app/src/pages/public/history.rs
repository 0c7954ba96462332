//! `/history`: every incident by month, newest first, a page at a time.

use super::parts::{impact_label, time};
use super::{document, Site};
use crate::domain::Incident;
use crate::time::{format_month, local_month};
use leptos::prelude::*;

pub struct HistoryData {
    /// This page's incidents, newest first.
    pub incidents: Vec<Incident>,
    /// The link to the next (older) page, if any.
    pub older: Option<String>,
    /// Whether this is not the first page.
    pub is_continuation: bool,
}

pub fn render_history(site: &Site, data: &HistoryData) -> String {
    let mut months: Vec<((i32, u32), Vec<&Incident>)> = Vec::new();
    for incident in &data.incidents {
        let month = local_month(incident.started_at, site.tz);
        match months.last_mut() {
            Some((m, list)) if *m == month => list.push(incident),
            _ => months.push((month, vec![incident])),
        }
    }
    let empty = data.incidents.is_empty().then(|| view! { <p class="quiet">"No incidents reported."</p> });
    let months = months
        .into_iter()
        .map(|((year, month), incidents)| {
            let items = incidents
                .into_iter()
                .map(|i| {
                    let last = i.updates.last().map(|u| u.status.label()).unwrap_or(i.status.label());
                    view! {
                        <li class="history-item">
                            <a class="history-item__title" href=format!("/incidents/{}", i.id)>{i.title.clone()}</a>
                            <p class="history-item__meta">
                                {impact_label(i.impact)} <span class="state">{last}</span>
                                {time(i.started_at, site)}
                            </p>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="month">
                    <h2>{format_month(year, month)}</h2>
                    <ul class="history">{items}</ul>
                </section>
            }
        })
        .collect_view();
    let pager = (data.is_continuation || data.older.is_some()).then(|| {
        view! {
            <nav class="pager" aria-label="History pages">
                {data.is_continuation.then(|| view! { <a href="/history">"← Newest"</a> })}
                {data.older.clone().map(|href| view! { <a rel="next" href=href>"Older incidents →"</a> })}
            </nav>
        }
    });
    let body = view! {
        <h1>"Incident history"</h1>
        {empty}
        {months}
        {pager}
    };
    let title = format!("Incident history · {}", site.title);
    document(site, title, format!("Past incidents of {}", site.title), body)
}

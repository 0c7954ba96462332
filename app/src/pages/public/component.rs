//! `/components/{id}`: one component: its status, its last 90 days as bars and as a table of the
//! days that had something to tell (the bars' link targets), the uptime of each of its last 12
//! months, the latest incidents and maintenance that concerned it (the rest in its history,
//! `/history/components/{id}`), its feeds and its badge.

use super::history::entry_item;
use super::parts::status_label;
use super::uptime::{day_anchor, notable, outage_text, uptime_bars, Bars, DayIncident, DAYS_ANCHOR};
use super::{document, Site};
use crate::domain::uptime::percent_text;
use crate::domain::{Component, HistoryEntry};
use crate::paths;
use crate::time::{format_date, format_month};
use leptos::prelude::*;

pub struct ComponentData {
    pub component: Component,
    /// The name of its group, if any.
    pub group: Option<String>,
    /// Its last 90 days, when it shows its uptime.
    pub bars: Option<Bars>,
    /// The uptime of each of its last 12 months, newest first: `(year, month, uptime)`.
    pub months: Vec<(i32, u32, Option<f64>)>,
    /// Its latest incidents and maintenance windows, newest first.
    pub events: Vec<HistoryEntry>,
    /// Whether it has older ones (its history has them all).
    pub more: bool,
}

pub fn render_component(site: &Site, data: &ComponentData) -> String {
    let c = &data.component;
    let page = format!("/components/{}", c.id);
    let uptime = data.bars.as_ref().map(|b| uptime_sections(c, b, &data.months, &page));
    let body = view! {
        <article class="component-page">
            <p class="crumb"><a href="/">"← Current status"</a></p>
            <h1>{c.name.clone()}</h1>
            <p class="component-meta">
                {status_label(c.status)}
                {data.group.clone().map(|g| view! { <span>"Part of " {g}</span> })}
            </p>
            {c.description.clone().map(|d| view! { <p class="component-page__description">{d}</p> })}
            {uptime}
            {events(data, site)}
            {follow(c, &page)}
        </article>
    };
    let title = format!("{} · {}", c.name, site.title);
    let description = format!("{}: {}", c.name, c.status.label());
    document(site, title, description, body)
}

/// The bars, the table of notable days and the months.
fn uptime_sections(c: &Component, bars: &Bars, months: &[(i32, u32, Option<f64>)], page: &str) -> impl IntoView {
    let none: Vec<DayIncident> = Vec::new();
    let rows = bars
        .days
        .iter()
        .enumerate()
        .rev()
        .filter_map(|(i, day)| {
            let incidents = bars.incidents.get(i).unwrap_or(&none);
            notable(day, incidents).then_some((day, incidents))
        })
        .map(|(day, incidents)| {
            let uptime = day.uptime().map_or("No data".to_string(), percent_text);
            let outage = outage_text(day).map(|t| view! { <p>{t}</p> });
            let list = (!incidents.is_empty()).then(|| {
                let items = incidents
                    .iter()
                    .map(|(id, t)| view! { <li><a href=format!("/incidents/{id}")>{t.clone()}</a></li> })
                    .collect_view();
                view! { <ul class="plain">{items}</ul> }
            });
            view! {
                <tr id=day_anchor(day.date)>
                    <th scope="row">{format_date(day.date)}</th>
                    <td>{uptime}</td>
                    <td>{outage}{list}</td>
                </tr>
            }
        })
        .collect_view();
    let any = bars.days.iter().enumerate().any(|(i, d)| notable(d, bars.incidents.get(i).unwrap_or(&none)));
    let table = if any {
        view! {
            <div class="table-scroll">
                <table class="days">
                    <thead>
                        <tr><th scope="col">"Day"</th><th scope="col">"Uptime"</th><th scope="col">"Time not operational, incidents"</th></tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    } else {
        view! { <p class="quiet">"No downtime and no incidents in the last 90 days."</p> }.into_any()
    };
    let months = months
        .iter()
        .map(|(year, month, uptime)| {
            let uptime = uptime.map_or("No data".to_string(), percent_text);
            view! { <tr><th scope="row">{format_month(*year, *month)}</th><td>{uptime}</td></tr> }
        })
        .collect_view();
    view! {
        <section class="section" aria-labelledby="uptime">
            <h2 id="uptime">"Uptime, last 90 days"</h2>
            {uptime_bars(bars, Some(page), format!("{}, last 90 days", c.name))}
        </section>
        <section class="section" aria-labelledby=DAYS_ANCHOR>
            <h2 id=DAYS_ANCHOR>"Days with downtime or incidents"</h2>
            <p class="quiet">"Every day not listed had 100% uptime and no incident."</p>
            {table}
        </section>
        <section class="section" aria-labelledby="months">
            <h2 id="months">"Uptime by month"</h2>
            <table class="months">
                <thead><tr><th scope="col">"Month"</th><th scope="col">"Uptime"</th></tr></thead>
                <tbody>{months}</tbody>
            </table>
        </section>
    }
}

/// Its latest incidents and maintenance windows, and the way to the rest.
fn events(data: &ComponentData, site: &Site) -> impl IntoView {
    let c = &data.component;
    let items = data.events.iter().map(|e| entry_item(e, site)).collect_view();
    let empty = data.events.is_empty().then(|| view! { <p class="quiet">"No incidents or maintenance."</p> });
    let more = data.more.then(|| {
        view! {
            <p class="more"><a href=paths::history(Some(c.id))>{format!("All incidents and maintenance of {} →", c.name)}</a></p>
        }
    });
    view! {
        <section class="section" aria-labelledby="events">
            <h2 id="events">"Latest incidents and maintenance"</h2>
            {empty}
            {(!data.events.is_empty()).then(|| view! { <ul class="history">{items}</ul> })}
            {more}
        </section>
    }
}

/// Its feeds and its badge.
fn follow(c: &Component, page: &str) -> impl IntoView {
    let badge = format!("{page}/badge.svg");
    view! {
        <section class="section" aria-labelledby="follow">
            <h2 id="follow">"Follow"</h2>
            <p>
                "Its incidents as a feed: "
                <a href=format!("{page}/history.rss")>"RSS"</a> " · "
                <a href=format!("{page}/history.atom")>"Atom"</a> " · "
                <a href=format!("{page}/history.json")>"JSON Feed"</a>
            </p>
            <p class="badge">
                <img src=badge.clone() alt=format!("{} status badge", c.name)/>
                " "
                <a href=badge>"Status badge (SVG)"</a>
            </p>
        </section>
    }
}

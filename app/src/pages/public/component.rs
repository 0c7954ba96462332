//! `/components/{id}`: one component: its status, its last 90 days as bars and as a table of the
//! days that had something to tell (the bars' link targets), the uptime of each of its last 12
//! months, the latest incidents and maintenance that concerned it (the rest in its history,
//! `/history/components/{id}`), its feeds and its badge.

use super::history::entry_item;
use super::parts::status_label;
use super::uptime::{day_anchor, notable, outage_text, uptime_bars, Bars, DayIncident, DAYS_ANCHOR};
use super::{document, Site};
use crate::domain::{Component, HistoryEntry};
use crate::i18n::Lang;
use crate::{paths, tr};
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
    let (c, lang) = (&data.component, site.lang);
    let page = format!("/components/{}", c.id);
    let uptime = data.bars.as_ref().map(|b| uptime_sections(c, b, &data.months, &page, lang));
    let body = view! {
        <article class="component-page">
            <p class="crumb"><a href="/">{lang.t("back-to-status")}</a></p>
            <h1 dir="auto">{c.name.clone()}</h1>
            <p class="component-meta">
                {status_label(c.status, lang)}
                {data.group.clone().map(|g| view! { <span>{tr!(lang, "part-of", group = g)}</span> })}
            </p>
            {c.description.clone().map(|d| view! { <p class="component-page__description">{d}</p> })}
            {uptime}
            {events(data, site)}
            {follow(c, &page, lang)}
        </article>
    };
    let title = format!("{} · {}", c.name, site.title);
    let description = tr!(lang, "page-description", page = c.name.as_str(), status = lang.component_status(c.status));
    document(site, title, description, body)
}

/// The bars, the table of notable days and the months.
fn uptime_sections(
    c: &Component,
    bars: &Bars,
    months: &[(i32, u32, Option<f64>)],
    page: &str,
    lang: Lang,
) -> impl IntoView {
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
            let uptime = day.uptime().map_or_else(|| lang.t("no-data"), |u| lang.percent(u));
            let outage = outage_text(day, lang).map(|t| view! { <p>{t}</p> });
            let list = (!incidents.is_empty()).then(|| {
                let items = incidents
                    .iter()
                    .map(|(id, t)| view! { <li><a href=format!("/incidents/{id}")>{t.clone()}</a></li> })
                    .collect_view();
                view! { <ul class="plain">{items}</ul> }
            });
            view! {
                <tr id=day_anchor(day.date)>
                    <th scope="row">{lang.date(day.date)}</th>
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
                        <tr>
                            <th scope="col">{lang.t("day")}</th>
                            <th scope="col">{lang.t("uptime")}</th>
                            <th scope="col">{lang.t("days-table-details")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    } else {
        view! { <p class="quiet">{lang.t("no-downtime")}</p> }.into_any()
    };
    let months = months
        .iter()
        .map(|(year, month, uptime)| {
            let uptime = uptime.map_or_else(|| lang.t("no-data"), |u| lang.percent(u));
            view! { <tr><th scope="row">{lang.month(*year, *month)}</th><td>{uptime}</td></tr> }
        })
        .collect_view();
    view! {
        <section class="section" aria-labelledby="uptime">
            <h2 id="uptime">{lang.t("uptime-last-90")}</h2>
            {uptime_bars(bars, Some(page), tr!(lang, "uptime-row-label", name = c.name.as_str()), lang)}
        </section>
        <section class="section" aria-labelledby=DAYS_ANCHOR>
            <h2 id=DAYS_ANCHOR>{lang.t("days-with-downtime")}</h2>
            <p class="quiet">{lang.t("days-not-listed")}</p>
            {table}
        </section>
        <section class="section" aria-labelledby="months">
            <h2 id="months">{lang.t("uptime-by-month")}</h2>
            <table class="months">
                <thead><tr><th scope="col">{lang.t("month")}</th><th scope="col">{lang.t("uptime")}</th></tr></thead>
                <tbody>{months}</tbody>
            </table>
        </section>
    }
}

/// Its latest incidents and maintenance windows, and the way to the rest.
fn events(data: &ComponentData, site: &Site) -> impl IntoView {
    let (c, lang) = (&data.component, site.lang);
    let items = data.events.iter().map(|e| entry_item(e, site)).collect_view();
    let empty = data.events.is_empty().then(|| view! { <p class="quiet">{lang.t("no-events")}</p> });
    let more = data.more.then(|| {
        view! {
            <p class="more"><a href=paths::history(Some(c.id))>{tr!(lang, "all-events-of", name = c.name.as_str())}</a></p>
        }
    });
    view! {
        <section class="section" aria-labelledby="events">
            <h2 id="events">{lang.t("latest-events")}</h2>
            {empty}
            {(!data.events.is_empty()).then(|| view! { <ul class="history">{items}</ul> })}
            {more}
        </section>
    }
}

/// Its feeds and its badge.
fn follow(c: &Component, page: &str, lang: Lang) -> impl IntoView {
    let badge = format!("{page}/badge.svg");
    view! {
        <section class="section" aria-labelledby="follow">
            <h2 id="follow">{lang.t("follow")}</h2>
            <p>
                {lang.t("follow-feeds")} " "
                <a href=format!("{page}/history.rss")>"RSS"</a> " · "
                <a href=format!("{page}/history.atom")>"Atom"</a> " · "
                <a href=format!("{page}/history.json")>"JSON Feed"</a>
            </p>
            <p class="badge">
                <img src=badge.clone() alt=tr!(lang, "badge-alt", name = c.name.as_str())/>
                " "
                <a href=badge>{lang.t("badge-link")}</a>
            </p>
        </section>
    }
}

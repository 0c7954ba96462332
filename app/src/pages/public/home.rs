//! `/`: the banner, active incidents, maintenance, components, and the last days' incidents.

use super::parts::{incident_summary, maintenance_summary, status_label};
use super::uptime::{uptime_bars, uptime_words, Bars};
use super::{document, Site};
use crate::domain::{BoardRow, Component, Incident, Maintenance, Overall};
use crate::i18n::Lang;
use crate::tr;
use chrono::NaiveDate;
use leptos::prelude::*;
use std::collections::HashMap;

pub struct HomeData {
    pub overall: Overall,
    pub board: Vec<BoardRow>,
    /// Unresolved incidents, newest first.
    pub open: Vec<Incident>,
    /// Maintenance not completed yet, soonest first.
    pub maintenance: Vec<Maintenance>,
    /// The last days in the page's zone, newest first, with the incidents that began on each.
    pub days: Vec<(NaiveDate, Vec<Incident>)>,
    /// The uptime bars of each listed component that shows them, by id.
    pub uptime: HashMap<i64, Bars>,
}

pub fn render_home(site: &Site, data: &HomeData) -> String {
    let lang = site.lang;
    let banner = view! {
        <section class=format!("banner banner--{}", data.overall.css()) aria-label=lang.t("banner-label")>
            <h1 class="banner__text">{lang.overall(data.overall)}</h1>
        </section>
    };
    let open = (!data.open.is_empty()).then(|| {
        let cards = data.open.iter().map(|i| incident_summary(i, site, 3, true)).collect_view();
        view! {
            <section class="section" aria-labelledby="active-incidents">
                <h2 id="active-incidents">{lang.t("active-incidents")}</h2>
                {cards}
            </section>
        }
    });
    let maintenance = (!data.maintenance.is_empty()).then(|| {
        let cards = data.maintenance.iter().map(|m| maintenance_summary(m, site)).collect_view();
        view! {
            <section class="section" aria-labelledby="maintenance">
                <h2 id="maintenance">{lang.t("scheduled-maintenance")}</h2>
                {cards}
            </section>
        }
    });
    let about = (!site.about.is_empty()).then(|| {
        view! {
            <section class="section about" aria-label=lang.t("about-label")>
                <div class="md" dir="auto" inner_html=crate::markdown::render(&site.about)></div>
            </section>
        }
    });
    let body = view! {
        {banner}
        {about}
        {open}
        {maintenance}
        {components(&data.board, &data.uptime, lang)}
        {past(&data.days, site)}
        <p class="more"><a href="/history">{lang.t("history-link")}</a></p>
    };
    let description = tr!(lang, "page-description", page = site.title.as_str(), status = lang.overall(data.overall));
    document(site, site.title.clone(), description, body)
}

/// At most this many rows of bars on `/`. A row of bars is some 8 KB of HTML (a link per day), so
/// a page of thousands of components would be megabytes, rendered anew after every change. Past
/// it, group members show their uptime in words and link to their page (which has their bars),
/// and past it still, so do the last groups and components.
pub const BAR_ROWS: usize = 60;

/// A row's uptime: its bars, or its percentage in words when it may not draw them.
fn row_uptime(bars: Option<&Bars>, page: Option<&str>, name: &str, draw: bool, lang: Lang) -> Option<AnyView> {
    let bars = bars?;
    Some(match draw {
        true => uptime_bars(bars, page, tr!(lang, "uptime-row-label", name = name), lang).into_any(),
        false => uptime_words(bars, lang).into_any(),
    })
}

/// A description as visible text under the name: readable on a phone, where a tooltip is not.
fn description(text: &Option<String>) -> Option<impl IntoView> {
    text.clone().filter(|d| !d.trim().is_empty()).map(|d| view! { <span class="component__desc">{d}</span> })
}

/// A component's row: its name (a link to its page) and description, its status, and its uptime
/// if it shows it.
fn component_row(c: &Component, uptime: &HashMap<i64, Bars>, draw: bool, lang: Lang) -> impl IntoView {
    let page = format!("/components/{}", c.id);
    let bars = row_uptime(uptime.get(&c.id), Some(&page), &c.name, draw, lang);
    view! {
        <li class="component">
            <span class="component__label">
                <a class="component__name" href=page.clone()>{c.name.clone()}</a>
                {description(&c.description)}
            </span>
            {status_label(c.status, lang)}
            {bars}
        </li>
    }
}

fn components(board: &[BoardRow], uptime: &HashMap<i64, Bars>, lang: Lang) -> impl IntoView {
    let shows = |c: &Component| uptime.contains_key(&c.id);
    let top = board
        .iter()
        .filter(|row| match row {
            BoardRow::Single(c) => shows(c),
            BoardRow::Group { members, .. } => members.iter().any(shows),
        })
        .count();
    let members = board
        .iter()
        .map(|row| match row {
            BoardRow::Single(_) => 0,
            BoardRow::Group { members, .. } => members.iter().filter(|c| shows(c)).count(),
        })
        .sum::<usize>();
    let members_draw = top + members <= BAR_ROWS;
    let mut drawn = 0;
    let mut draw = |has: bool| {
        drawn += usize::from(has);
        has && drawn <= BAR_ROWS
    };
    let rows = board
        .iter()
        .map(|row| match row {
            BoardRow::Single(c) => {
                let draw = draw(shows(c));
                component_row(c, uptime, draw, lang).into_any()
            }
            BoardRow::Group { group, status, members } => {
                let items = members.iter().map(|c| component_row(c, uptime, members_draw, lang)).collect_view();
                let count = tr!(lang, "group-count", count = members.len());
                // The group's own uptime: the worst of its members that show theirs, day by day.
                let showing: Vec<&Bars> = members.iter().filter_map(|c| uptime.get(&c.id)).collect();
                let bars = (!showing.is_empty()).then(|| Bars::of_group(&showing));
                let bars = row_uptime(bars.as_ref(), None, &group.name, draw(bars.is_some()), lang);
                view! {
                    <li class="group">
                        <div class="component">
                            <span class="component__label">
                                <span class="component__name">{group.name.clone()}</span>
                                {description(&group.description)}
                            </span>
                            {status_label(*status, lang)}
                            {bars}
                        </div>
                        <details open=*status != crate::domain::ComponentStatus::Operational>
                            <summary class="group__toggle">{count}</summary>
                            <ul class="group__members">{items}</ul>
                        </details>
                    </li>
                }
                .into_any()
            }
        })
        .collect_view();
    view! {
        <section class="section" aria-labelledby="components">
            <h2 id="components">{lang.t("components")}</h2>
            <ul class="components">{rows}</ul>
        </section>
    }
}

fn past(days: &[(NaiveDate, Vec<Incident>)], site: &Site) -> impl IntoView {
    let days = days
        .iter()
        .map(|(date, incidents)| {
            let content = if incidents.is_empty() {
                view! { <p class="quiet">{site.lang.t("no-incidents")}</p> }.into_any()
            } else {
                incidents.iter().map(|i| incident_summary(i, site, 4, false)).collect_view().into_any()
            };
            view! {
                <div class="day">
                    <h3 class="day__date"><time datetime=date.format("%Y-%m-%d").to_string()>{site.lang.date(*date)}</time></h3>
                    {content}
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="section" aria-labelledby="past-incidents">
            <h2 id="past-incidents">{site.lang.t("past-incidents")}</h2>
            {days}
        </section>
    }
}

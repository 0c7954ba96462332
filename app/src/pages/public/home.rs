//! `/`: the banner, active incidents, maintenance, components, and the last days' incidents.

use super::parts::{incident_summary, maintenance_summary, status_label};
use super::{document, Site};
use crate::domain::{BoardRow, Incident, Maintenance, Overall};
use crate::time::format_date;
use chrono::NaiveDate;
use leptos::prelude::*;

pub struct HomeData {
    pub overall: Overall,
    pub board: Vec<BoardRow>,
    /// Unresolved incidents, newest first.
    pub open: Vec<Incident>,
    /// Maintenance not completed yet, soonest first.
    pub maintenance: Vec<Maintenance>,
    /// The last days in the page's zone, newest first, with the incidents that began on each.
    pub days: Vec<(NaiveDate, Vec<Incident>)>,
}

pub fn render_home(site: &Site, data: &HomeData) -> String {
    let banner = view! {
        <section class=format!("banner banner--{}", data.overall.css()) aria-label="Overall status">
            <h1 class="banner__text">{data.overall.description()}</h1>
        </section>
    };
    let open = (!data.open.is_empty()).then(|| {
        let cards = data.open.iter().map(|i| incident_summary(i, site, 3, true)).collect_view();
        view! {
            <section class="section" aria-labelledby="active-incidents">
                <h2 id="active-incidents">"Active incidents"</h2>
                {cards}
            </section>
        }
    });
    let maintenance = (!data.maintenance.is_empty()).then(|| {
        let cards = data.maintenance.iter().map(|m| maintenance_summary(m, site)).collect_view();
        view! {
            <section class="section" aria-labelledby="maintenance">
                <h2 id="maintenance">"Scheduled maintenance"</h2>
                {cards}
            </section>
        }
    });
    let body = view! {
        {banner}
        {open}
        {maintenance}
        {components(&data.board)}
        {past(&data.days, site)}
        <p class="more"><a href="/history">"Incident history →"</a></p>
    };
    let description = format!("{}: {}", site.title, data.overall.description());
    document(site, site.title.clone(), description, body)
}

fn components(board: &[BoardRow]) -> impl IntoView {
    let rows = board
        .iter()
        .map(|row| match row {
            BoardRow::Single(c) => view! {
                <li class="component">
                    <span class="component__name" title=c.description.clone()>{c.name.clone()}</span>
                    {status_label(c.status)}
                </li>
            }
            .into_any(),
            BoardRow::Group { group, status, members } => {
                let items = members
                    .iter()
                    .map(|c| {
                        view! {
                            <li class="component">
                                <span class="component__name" title=c.description.clone()>{c.name.clone()}</span>
                                {status_label(c.status)}
                            </li>
                        }
                    })
                    .collect_view();
                let count = if members.len() == 1 {
                    "1 component".to_string()
                } else {
                    format!("{} components", members.len())
                };
                view! {
                    <li class="group">
                        <details open=*status != crate::domain::ComponentStatus::Operational>
                            <summary class="component">
                                <span class="component__name" title=group.description.clone()>
                                    {group.name.clone()}
                                    <span class="group__count">{count}</span>
                                </span>
                                {status_label(*status)}
                            </summary>
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
            <h2 id="components">"Components"</h2>
            <ul class="components">{rows}</ul>
        </section>
    }
}

fn past(days: &[(NaiveDate, Vec<Incident>)], site: &Site) -> impl IntoView {
    let days = days
        .iter()
        .map(|(date, incidents)| {
            let content = if incidents.is_empty() {
                view! { <p class="quiet">"No incidents reported."</p> }.into_any()
            } else {
                incidents.iter().map(|i| incident_summary(i, site, 4, false)).collect_view().into_any()
            };
            view! {
                <div class="day">
                    <h3 class="day__date"><time datetime=date.format("%Y-%m-%d").to_string()>{format_date(*date)}</time></h3>
                    {content}
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="section" aria-labelledby="past-incidents">
            <h2 id="past-incidents">"Past incidents"</h2>
            {days}
        </section>
    }
}

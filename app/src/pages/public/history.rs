//! `/history`: every incident and maintenance window by month, newest first, a page at a time; of
//! the whole page or of one component, chosen with a plain form.

use super::parts::{impact_label, time, window};
use super::subscribe::ChoiceRow;
use super::{document, Site};
use crate::domain::{HistoryEntry, Incident, Maintenance};
use crate::i18n::Lang;
use crate::time::local_month;
use crate::{paths, tr};
use leptos::prelude::*;

pub struct HistoryData {
    /// This page's incidents and maintenance, in history order (newest first).
    pub entries: Vec<HistoryEntry>,
    /// The link to the next (older) page, if any.
    pub older: Option<String>,
    /// Whether this is not the first page.
    pub is_continuation: bool,
    /// What the form offers: every visible component in page order (`subscribe::choices`).
    pub components: Vec<ChoiceRow>,
    /// The component this history is of (id and name), or `None` for the whole page.
    pub component: Option<(i64, String)>,
}

pub fn render_history(site: &Site, data: &HistoryData) -> String {
    let lang = site.lang;
    let mut months: Vec<((i32, u32), Vec<&HistoryEntry>)> = Vec::new();
    for entry in &data.entries {
        let month = local_month(entry.listed_at(), site.tz);
        match months.last_mut() {
            Some((m, list)) if *m == month => list.push(entry),
            _ => months.push((month, vec![entry])),
        }
    }
    let of = data.component.as_ref().map(|(_, name)| name.clone());
    let empty = data.entries.is_empty().then(|| {
        let text = match &of {
            None => lang.t("no-incidents"),
            Some(name) => tr!(lang, "history-empty-of", name = name.as_str()),
        };
        view! { <p class="quiet">{text}</p> }
    });
    let months = months
        .into_iter()
        .map(|((year, month), entries)| {
            let items = entries.into_iter().map(|entry| entry_item(entry, site)).collect_view();
            view! {
                <section class="month">
                    <h2>{lang.month(year, month)}</h2>
                    <ul class="history">{items}</ul>
                </section>
            }
        })
        .collect_view();
    let first_page = paths::history(data.component.as_ref().map(|(id, _)| *id));
    let pager = (data.is_continuation || data.older.is_some()).then(|| {
        view! {
            <nav class="pager" aria-label=lang.t("history-pages")>
                {data.is_continuation.then(|| view! { <a href=first_page>{lang.t("history-newest")}</a> })}
                {data.older.clone().map(|href| view! { <a rel="next" href=href>{lang.t("history-older")}</a> })}
            </nav>
        }
    });
    let heading = match &of {
        None => lang.t("history-heading"),
        Some(name) => tr!(lang, "history-heading-of", name = name.as_str()),
    };
    let body = view! {
        <h1>{heading.clone()}</h1>
        {filter(&data.components, data.component.as_ref().map(|(id, _)| *id), lang)}
        {empty}
        {months}
        {pager}
    };
    let description = match &of {
        None => tr!(lang, "history-description", page = site.title.as_str()),
        Some(name) => tr!(lang, "history-description-of", name = name.as_str(), page = site.title.as_str()),
    };
    document(site, format!("{heading} · {}", site.title), description, body)
}

/// An incident or maintenance in a list of them (the history, a component's page).
pub fn entry_item(entry: &HistoryEntry, site: &Site) -> AnyView {
    match entry {
        HistoryEntry::Incident(i) => incident_item(i, site).into_any(),
        HistoryEntry::Maintenance(m) => maintenance_item(m, site).into_any(),
    }
}

fn incident_item(i: &Incident, site: &Site) -> impl IntoView {
    let lang = site.lang;
    let last = lang.incident_status(i.updates.last().map_or(i.status, |u| u.status));
    view! {
        <li class="history-item">
            <a class="history-item__title" href=paths::incident(i.id)>{i.title.clone()}</a>
            <p class="history-item__meta">
                {impact_label(i.impact, lang)} <span class="state">{last}</span>
                {time(i.started_at, site)}
            </p>
        </li>
    }
}

/// A window, marked as maintenance, with its status and its times.
fn maintenance_item(m: &Maintenance, site: &Site) -> impl IntoView {
    view! {
        <li class="history-item history-item--maintenance">
            <a class="history-item__title" href=paths::maintenance(m.id)>{m.title.clone()}</a>
            <p class="history-item__meta">
                <span class="kind">{site.lang.t("maintenance")}</span>
                <span class="state">{site.lang.maintenance_status(m.status)}</span>
                <span>{window(m, site)}</span>
            </p>
        </li>
    }
}

/// The component filter: a plain GET form (no script), which `/history?component=…` turns into
/// the filtered history's own address.
fn filter(rows: &[ChoiceRow], chosen: Option<i64>, lang: Lang) -> impl IntoView {
    let option = move |id: i64, name: &str| {
        view! { <option value=id.to_string() selected=chosen == Some(id)>{name.to_string()}</option> }
    };
    let options = rows
        .iter()
        .map(|row| match row {
            ChoiceRow::Single(id, name) => option(*id, name).into_any(),
            ChoiceRow::Group { name, members, .. } => {
                let members = members.iter().map(|(id, name)| option(*id, name)).collect_view();
                view! { <optgroup label=name.clone()>{members}</optgroup> }.into_any()
            }
        })
        .collect_view();
    view! {
        <form class="history-filter" method="get" action="/history">
            <label for="history-component">{lang.t("history-filter-component")}</label>
            <select id="history-component" name="component">
                <option value="" selected=chosen.is_none()>{lang.t("history-filter-all")}</option>
                {options}
            </select>
            <button class="button button--quiet" type="submit">{lang.t("history-filter-show")}</button>
        </form>
    }
}

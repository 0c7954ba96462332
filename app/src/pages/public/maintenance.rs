//! `/maintenance/{id}`: one maintenance window, whether scheduled, in progress or completed: its
//! status, its window, its updates and the components it concerns.

use super::parts::{maintenance_components, maintenance_timeline, rich, time, window};
use super::{document, Site};
use crate::domain::Maintenance;
use crate::tr;
use leptos::prelude::*;

pub fn render_maintenance(site: &Site, m: &Maintenance) -> String {
    let lang = site.lang;
    // The shown dates (`domain::dates`), as the feeds and the API give them.
    let completed = m
        .shown_dates()
        .resolved
        .map(|t| view! { " · " {rich(lang, "completed-at", vec![("time", time(t, site).into_any())])} });
    let window = rich(lang, "window", vec![("window", window(m, site).into_any())]);
    let body = view! {
        <article class="incident-page maintenance-page">
            <p class="crumb"><a href="/">{lang.t("back-to-status")}</a></p>
            <h1 dir="auto">{m.title.clone()}</h1>
            <p class="incident-meta">
                <span class="kind">{lang.t("maintenance")}</span>
                <span class=format!("state state--{}", m.status.as_str())>{lang.maintenance_status(m.status)}</span>
                <span class="incident-meta__times">{window} {completed}</span>
            </p>
            <section aria-labelledby="updates">
                <h2 id="updates">{lang.t("updates")}</h2>
                {maintenance_timeline(m, site)}
            </section>
            {maintenance_components(m, lang)}
        </article>
    };
    let title = format!("{} · {}", m.title, site.title);
    let description =
        tr!(lang, "maintenance-description", title = m.title.as_str(), status = lang.maintenance_status(m.status));
    document(site, title, description, body)
}

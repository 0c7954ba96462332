//! `/maintenance/{id}`: one maintenance window, whether scheduled, in progress or completed: its
//! status, its window, its updates and the components it concerns.

use super::parts::{maintenance_components, maintenance_timeline, time, window};
use super::{document, Site};
use crate::domain::Maintenance;
use leptos::prelude::*;

pub fn render_maintenance(site: &Site, m: &Maintenance) -> String {
    // The shown dates (`domain::dates`), as the feeds and the API give them.
    let completed = m.shown_dates().resolved.map(|t| view! { " · Completed " {time(t, site)} });
    let body = view! {
        <article class="incident-page maintenance-page">
            <p class="crumb"><a href="/">"← Current status"</a></p>
            <h1>{m.title.clone()}</h1>
            <p class="incident-meta">
                <span class="kind">"Maintenance"</span>
                <span class=format!("state state--{}", m.status.as_str())>{m.status.label()}</span>
                <span class="incident-meta__times">"Window " {window(m, site)} {completed}</span>
            </p>
            <section aria-labelledby="updates">
                <h2 id="updates">"Updates"</h2>
                {maintenance_timeline(m, site)}
            </section>
            {maintenance_components(m)}
        </article>
    };
    let title = format!("{} · {}", m.title, site.title);
    let description = format!("{} — maintenance, {}", m.title, m.status.label());
    document(site, title, description, body)
}

//! `/incidents/{id}`: one incident, its postmortem when published, its whole trail.

use super::parts::{impact_label, incident_timeline, markdown, time};
use super::{document, Site};
use crate::domain::{affected, Incident};
use leptos::prelude::*;

pub fn render_incident(site: &Site, incident: &Incident) -> String {
    let postmortem = incident.published_postmortem().map(|p| {
        view! {
            <section class="postmortem" aria-labelledby="postmortem">
                <h2 id="postmortem">"Postmortem"</h2>
                {markdown(&p.body)}
                {p.published_at.map(|t| view! { <p class="update__time">"Published " {time(t, site)}</p> })}
            </section>
        }
    });
    let sentence = affected::sentence(&incident.affected).map(|s| view! { <p class="affected">{s}</p> });
    // The shown dates (`domain::dates`), as the feeds and the API give them.
    let dates = incident.shown_dates();
    let resolved = dates.resolved.map(|t| view! { " · Resolved " {time(t, site)} });
    let body = view! {
        <article class="incident-page">
            <p class="crumb"><a href="/">"← Current status"</a></p>
            <h1>{incident.title.clone()}</h1>
            <p class="incident-meta">
                {impact_label(incident.impact)}
                <span class=format!("state state--{}", incident.status.as_str())>{incident.status.label()}</span>
                <span class="incident-meta__times">"Started " {time(incident.started_at, site)} {resolved}</span>
            </p>
            {postmortem}
            <section aria-labelledby="updates">
                <h2 id="updates">"Updates"</h2>
                {incident_timeline(incident, site)}
            </section>
            {sentence}
        </article>
    };
    let title = format!("{} · {}", incident.title, site.title);
    let description = format!("{} — {}", incident.title, incident.status.label());
    document(site, title, description, body)
}

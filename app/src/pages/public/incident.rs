//! `/incidents/{id}`: one incident, its postmortem when published, its whole trail.

use super::parts::{affected_sentence, impact_label, incident_timeline, markdown, rich, time};
use super::{document, Site};
use crate::domain::Incident;
use crate::tr;
use leptos::prelude::*;

pub fn render_incident(site: &Site, incident: &Incident) -> String {
    let lang = site.lang;
    let at = |id: &'static str, t| rich(lang, id, vec![("time", time(t, site).into_any())]);
    let postmortem = incident.published_postmortem().map(|p| {
        view! {
            <section class="postmortem" aria-labelledby="postmortem">
                <h2 id="postmortem">{lang.t("postmortem")}</h2>
                {markdown(&p.body)}
                {p.published_at.map(|t| view! { <p class="update__time">{at("published", t)}</p> })}
            </section>
        }
    });
    let sentence = affected_sentence(&incident.affected, lang).map(|s| view! { <p class="affected">{s}</p> });
    // The shown dates (`domain::dates`), as the feeds and the API give them.
    let dates = incident.shown_dates();
    let resolved = dates.resolved.map(|t| view! { " · " {at("resolved-at", t)} });
    let body = view! {
        <article class="incident-page">
            <p class="crumb"><a href="/">{lang.t("back-to-status")}</a></p>
            <h1 dir="auto">{incident.title.clone()}</h1>
            <p class="incident-meta">
                {impact_label(incident.impact, lang)}
                <span class=format!("state state--{}", incident.status.as_str())>{lang.incident_status(incident.status)}</span>
                <span class="incident-meta__times">{at("started-at", incident.started_at)} {resolved}</span>
            </p>
            {postmortem}
            <section aria-labelledby="updates">
                <h2 id="updates">{lang.t("updates")}</h2>
                {incident_timeline(incident, site)}
            </section>
            {sentence}
        </article>
    };
    let title = format!("{} · {}", incident.title, site.title);
    let description = tr!(
        lang,
        "incident-description",
        title = incident.title.as_str(),
        status = lang.incident_status(incident.status)
    );
    document(site, title, description, body)
}

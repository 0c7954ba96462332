//! Pieces the public pages share: status labels, update trails, incident and maintenance cards.

use super::Site;
use crate::domain::{
    affected, timeline, ComponentStatus, Impact, Incident, IncidentStatus, Maintenance, MaintenanceStatus,
};
use crate::time::{format_time, iso};
use crate::{markdown, paths};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// A status in words beside its colour; the colour is never the only signal.
pub fn status_label(status: ComponentStatus) -> impl IntoView {
    view! {
        <span class=format!("status status--{}", status.css())>
            <span class="status__dot" aria-hidden="true"></span>
            {status.label()}
        </span>
    }
}

pub fn time(t: DateTime<Utc>, site: &Site) -> impl IntoView {
    view! { <time datetime=iso(t)>{format_time(t, site.tz)}</time> }
}

/// Markdown rendered by the one renderer; safe to insert as HTML.
pub fn markdown(body: &str) -> impl IntoView {
    view! { <div class="md" inner_html=markdown::render(body)></div> }
}

pub fn impact_label(impact: Impact) -> impl IntoView {
    let text = match impact {
        Impact::None => "No impact",
        Impact::Minor => "Minor impact",
        Impact::Major => "Major impact",
        Impact::Critical => "Critical impact",
    };
    view! { <span class=format!("impact impact--{}", impact.css())>{text}</span> }
}

/// An incident's updates, newest first, each with its label ("Update" when nothing changed).
pub fn incident_timeline(incident: &Incident, site: &Site) -> impl IntoView {
    let items = timeline::newest_first(&incident.updates)
        .into_iter()
        .map(|(label, u)| {
            view! {
                <li class=format!("update update--{}", u.status.as_str())>
                    <strong class="update__label">{label}</strong>
                    {markdown(&u.body)}
                    <p class="update__time">"Posted " {time(u.display_at, site)}</p>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="timeline">{items}</ol> }
}

/// An incident in short, as the home page lists it: its title (the link to the whole trail), its
/// latest status and when it was posted, and with `excerpt` the latest message (clamped to a few
/// lines on the page). `level` is the title's heading.
pub fn incident_summary(incident: &Incident, site: &Site, level: u8, excerpt: bool) -> impl IntoView {
    let link = view! { <a href=paths::incident(incident.id)>{incident.title.clone()}</a> };
    let title = match level {
        2 => view! { <h2 class="incident__title">{link}</h2> }.into_any(),
        3 => view! { <h3 class="incident__title">{link}</h3> }.into_any(),
        _ => view! { <h4 class="incident__title">{link}</h4> }.into_any(),
    };
    let resolved = incident.status == IncidentStatus::Resolved;
    let latest = timeline::newest_first(&incident.updates).into_iter().next().map(|(label, u)| {
        view! {
            <p class="update__time"><strong class="update__status">{label}</strong> " · Posted " {time(u.display_at, site)}</p>
            {excerpt.then(|| view! { <div class="md md--excerpt" inner_html=markdown::render(&u.body)></div> })}
        }
    });
    view! {
        <article class=format!("incident impact-border--{}{}", incident.impact.css(), if resolved { " incident--resolved" } else { "" })>
            {title}
            {latest}
        </article>
    }
}

/// A maintenance's updates, newest first, labelled as an incident's are.
pub fn maintenance_timeline(m: &Maintenance, site: &Site) -> impl IntoView {
    let items = timeline::maintenance_newest_first(&m.updates)
        .into_iter()
        .map(|(label, u)| {
            view! {
                <li class=format!("update update--{}", u.status.as_str())>
                    <strong class="update__label">{label}</strong>
                    {markdown(&u.body)}
                    <p class="update__time">"Posted " {time(u.display_at, site)}</p>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="timeline">{items}</ol> }
}

/// A maintenance's status in words, in the maintenance colour.
pub fn maintenance_status(status: MaintenanceStatus) -> impl IntoView {
    view! {
        <span class="status status--maint">
            <span class="status__dot" aria-hidden="true"></span>
            {status.label()}
        </span>
    }
}

/// A maintenance's window: "Dec 09, 2026 - 18:00 PST – Dec 09, 2026 - 20:00 PST".
pub fn window(m: &Maintenance, site: &Site) -> impl IntoView {
    view! { {time(m.scheduled_for, site)} " – " {time(m.scheduled_until, site)} }
}

/// "Components: Data Pipeline and Exports.", when the window has any.
pub fn maintenance_components(m: &Maintenance) -> Option<impl IntoView> {
    (!m.affected.is_empty()).then(|| {
        let names: Vec<String> = m.affected.iter().map(|c| c.name.clone()).collect();
        view! { <p class="maintenance__components">{format!("Components: {}.", affected::join_english(&names))}</p> }
    })
}

/// A maintenance in short, as the home page lists it: its title (the link to its page), status and
/// window, components, and its latest update (the whole trail is on its page).
pub fn maintenance_summary(m: &Maintenance, site: &Site) -> impl IntoView {
    let components = maintenance_components(m);
    let latest = timeline::maintenance_newest_first(&m.updates).into_iter().next().map(|(label, u)| {
        view! {
            <p class="update__time"><strong class="update__status">{label}</strong> " · Posted " {time(u.display_at, site)}</p>
            <div class="md md--excerpt" inner_html=markdown::render(&u.body)></div>
        }
    });
    view! {
        <article class="incident maintenance">
            <h3 class="incident__title"><a href=paths::maintenance(m.id)>{m.title.clone()}</a></h3>
            <p class="maintenance__window">{maintenance_status(m.status)} " " {window(m, site)}</p>
            {components}
            {latest}
        </article>
    }
}

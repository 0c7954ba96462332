//! Pieces the public pages share: status labels, update trails, incident and maintenance cards.

use super::Site;
use crate::domain::{
    affected, timeline, AffectedComponent, ComponentStatus, Impact, Incident, IncidentStatus, Maintenance,
    MaintenanceStatus,
};
use crate::i18n::Lang;
use crate::time::iso;
use crate::{markdown, paths, tr};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// A status in words beside its colour; the colour is never the only signal.
pub fn status_label(status: ComponentStatus, lang: Lang) -> impl IntoView {
    view! {
        <span class=format!("status status--{}", status.css())>
            <span class="status__dot" aria-hidden="true"></span>
            {lang.component_status(status)}
        </span>
    }
}

pub fn time(t: DateTime<Utc>, site: &Site) -> impl IntoView {
    view! { <time datetime=iso(t)>{site.lang.time(t, site.tz)}</time> }
}

/// A message with markup in place of its variables (`slots`: each variable's name and view).
pub fn rich(lang: Lang, id: &str, slots: Vec<(&str, AnyView)>) -> impl IntoView {
    let names: Vec<&str> = slots.iter().map(|(name, _)| *name).collect();
    let pieces = lang.pieces(id, &names);
    let mut views: Vec<Option<AnyView>> = slots.into_iter().map(|(_, view)| Some(view)).collect();
    pieces
        .into_iter()
        .map(|piece| match piece {
            Ok(text) => text.into_any(),
            Err(i) => views.get_mut(i).and_then(Option::take).unwrap_or_else(|| ().into_any()),
        })
        .collect_view()
}

/// "Posted Oct 27, 2020 - 23:53 PDT", the time a `<time>`.
fn posted(t: DateTime<Utc>, site: &Site) -> impl IntoView {
    rich(site.lang, "posted", vec![("time", time(t, site).into_any())])
}

/// Markdown rendered by the one renderer; safe to insert as HTML.
pub fn markdown(body: &str) -> impl IntoView {
    view! { <div class="md" dir="auto" inner_html=markdown::render(body)></div> }
}

pub fn impact_label(impact: Impact, lang: Lang) -> impl IntoView {
    view! { <span class=format!("impact impact--{}", impact.css())>{lang.impact(impact)}</span> }
}

/// An incident's updates, newest first, each with its label ("Update" when nothing changed).
pub fn incident_timeline(incident: &Incident, site: &Site) -> impl IntoView {
    let items = timeline::incident_steps(&incident.updates)
        .into_iter()
        .map(|(step, u)| {
            view! {
                <li class=format!("update update--{}", u.status.as_str())>
                    <strong class="update__label">{site.lang.step(step, Lang::incident_status)}</strong>
                    {markdown(&u.body)}
                    <p class="update__time">{posted(u.display_at, site)}</p>
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
    let link = view! { <a href=paths::incident(incident.id) dir="auto">{incident.title.clone()}</a> };
    let title = match level {
        2 => view! { <h2 class="incident__title">{link}</h2> }.into_any(),
        3 => view! { <h3 class="incident__title">{link}</h3> }.into_any(),
        _ => view! { <h4 class="incident__title">{link}</h4> }.into_any(),
    };
    let resolved = incident.status == IncidentStatus::Resolved;
    let latest = timeline::incident_steps(&incident.updates).into_iter().next().map(|(step, u)| {
        view! {
            <p class="update__time">
                <strong class="update__status">{site.lang.step(step, Lang::incident_status)}</strong> " · " {posted(u.display_at, site)}
            </p>
            {excerpt.then(|| view! { <div class="md md--excerpt" dir="auto" inner_html=markdown::render(&u.body)></div> })}
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
    let items = timeline::maintenance_steps(&m.updates)
        .into_iter()
        .map(|(step, u)| {
            view! {
                <li class=format!("update update--{}", u.status.as_str())>
                    <strong class="update__label">{site.lang.step(step, Lang::maintenance_status)}</strong>
                    {markdown(&u.body)}
                    <p class="update__time">{posted(u.display_at, site)}</p>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="timeline">{items}</ol> }
}

/// A maintenance's status in words, in the maintenance colour.
pub fn maintenance_status(status: MaintenanceStatus, lang: Lang) -> impl IntoView {
    view! {
        <span class="status status--maint">
            <span class="status__dot" aria-hidden="true"></span>
            {lang.maintenance_status(status)}
        </span>
    }
}

/// A maintenance's window: "Dec 09, 2026 - 18:00 PST – Dec 09, 2026 - 20:00 PST".
pub fn window(m: &Maintenance, site: &Site) -> impl IntoView {
    view! { {time(m.scheduled_for, site)} " – " {time(m.scheduled_until, site)} }
}

/// "Components: Data Pipeline and Exports.", when the window has any.
pub fn maintenance_components(m: &Maintenance, lang: Lang) -> Option<impl IntoView> {
    (!m.affected.is_empty()).then(|| {
        let names: Vec<String> = m.affected.iter().map(|c| c.name.clone()).collect();
        view! { <p class="maintenance__components">{tr!(lang, "maintenance-components", names = lang.list(&names))}</p> }
    })
}

/// "This incident affected: Developer APIs (Dashboard, OAuth 2.0) and Data Pipeline.", or nothing.
pub fn affected_sentence(affected: &[AffectedComponent], lang: Lang) -> Option<String> {
    let items: Vec<String> = affected::parts(affected)
        .into_iter()
        .map(|(name, members)| match members.is_empty() {
            true => name,
            false => tr!(lang, "affected-group", group = name, members = members.join(&lang.t("list-separator"))),
        })
        .collect();
    (!items.is_empty()).then(|| tr!(lang, "affected", components = lang.list(&items)))
}

/// A maintenance in short, as the home page lists it: its title (the link to its page), status and
/// window, components, and its latest update (the whole trail is on its page).
pub fn maintenance_summary(m: &Maintenance, site: &Site) -> impl IntoView {
    let components = maintenance_components(m, site.lang);
    let latest = timeline::maintenance_steps(&m.updates).into_iter().next().map(|(step, u)| {
        view! {
            <p class="update__time">
                <strong class="update__status">{site.lang.step(step, Lang::maintenance_status)}</strong> " · " {posted(u.display_at, site)}
            </p>
            <div class="md md--excerpt" dir="auto" inner_html=markdown::render(&u.body)></div>
        }
    });
    view! {
        <article class="incident maintenance">
            <h3 class="incident__title"><a href=paths::maintenance(m.id) dir="auto">{m.title.clone()}</a></h3>
            <p class="maintenance__window">{maintenance_status(m.status, site.lang)} " " {window(m, site)}</p>
            {components}
            {latest}
        </article>
    }
}

//! `/admin`: what needs attention now — open incidents, each with its own short update form, so
//! that an update takes one page and no navigation; maintenance; every component's status.

use super::draft::{successes, MarkdownField};
use super::forms::{form_error, on_success, refused, FormError, NotifyBox};
use super::incidents::actions::PostUpdate;
use super::incidents::options;
use super::layout::Console;
use crate::domain::{
    page_order, Component, ComponentGroup, ComponentStatus, Incident, IncidentStatus, Maintenance, User,
};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What the dashboard shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub user: User,
    pub open: Vec<Incident>,
    pub maintenance: Vec<Maintenance>,
    /// Each maintenance window's times in the page's zone, by id.
    pub windows: HashMap<i64, String>,
    pub groups: Vec<ComponentGroup>,
    pub components: Vec<Component>,
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;

    /// What the dashboard needs from the server.
    #[async_trait::async_trait]
    pub trait DashboardBackend: Send + Sync + 'static {
        async fn dashboard(&self, user: User) -> Result<Dashboard, AppError>;
    }
}

#[server(prefix = "/admin/fn", endpoint = "dashboard")]
pub async fn get_dashboard() -> Result<Dashboard, AppError> {
    use super::forms::ssr::{port, signed_in};
    let user = signed_in().await?;
    port::<dyn ssr::DashboardBackend>()?.dashboard(user).await
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    // Bumped by each update posted from the page: the dashboard reloads.
    let changed = RwSignal::new(0u32);
    let data = Resource::new(move || changed.get(), |_| get_dashboard());
    view! {
        <Title text="Dashboard · Beacon admin"/>
        <Suspense fallback=|| view! { <p class="hint">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <DashboardView data=d changed/> }.into_any(),
                    Err(e) => refused("Dashboard", e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DashboardView(data: Dashboard, changed: RwSignal<u32>) -> impl IntoView {
    let open = if data.open.is_empty() {
        view! { <p class="hint">"No open incidents."</p> }.into_any()
    } else {
        data.open.iter().map(|i| view! { <OpenIncident incident=i.clone() changed/> }).collect_view().into_any()
    };
    let maintenance = if data.maintenance.is_empty() {
        view! { <p class="hint">"Nothing scheduled or in progress."</p> }.into_any()
    } else {
        let items = data
            .maintenance
            .iter()
            .map(|m| {
                let window = data.windows.get(&m.id).cloned().unwrap_or_default();
                view! {
                    <li>
                        <a href=format!("/admin/maintenance#maintenance-{}", m.id)>{m.title.clone()}</a>
                        " · " {m.status.label()} " · " {window}
                    </li>
                }
            })
            .collect_view();
        view! { <ul>{items}</ul> }.into_any()
    };
    let ordered = page_order(&data.groups, &data.components);
    let components = if ordered.is_empty() {
        view! { <p class="hint">"No components yet: add them on the Components page."</p> }.into_any()
    } else {
        let rows = ordered
            .into_iter()
            .map(|(c, group)| {
                let group = group.map(|g| format!("{} / ", g.name));
                view! {
                    <li class="component">
                        <span class="component__name">{group} {c.name.clone()}</span>
                        {status(c.status)}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="components">{rows}</ul> }.into_any()
    };
    view! {
        <Console user=data.user.clone()>
            <h1>"Dashboard"</h1>
            <p><a class="button" href="/admin/incidents/new">"New incident"</a></p>
            <section class="section">
                <h2>"Open incidents"</h2>
                {open}
            </section>
            <section class="section">
                <h2>"Maintenance"</h2>
                {maintenance}
            </section>
            <section class="section">
                <h2>"Components"</h2>
                {components}
            </section>
        </Console>
    }
}

/// An open incident with a short update form: status, message, notify. Posted with JavaScript,
/// the dashboard reloads and says so; without, the post comes back here with the same message.
#[component]
fn OpenIncident(incident: Incident, changed: RwSignal<u32>) -> impl IntoView {
    let action = ServerAction::<PostUpdate>::new();
    let form = on_success(action, changed);
    let error = form_error(action, None);
    let pending = action.pending();
    let id = incident.id;
    let (status_id, message_id, notify_id) =
        (format!("s{id}-status"), format!("s{id}-message"), format!("s{id}-notify"));
    let latest = incident.updates.iter().max_by_key(|u| (u.display_at, u.id)).map(|u| u.status.label());
    view! {
        <article class="incident quick" aria-labelledby=format!("i{id}-title")>
            <h3 class="incident__title" id=format!("i{id}-title")><a href=format!("/admin/incidents/{id}")>{incident.title.clone()}</a></h3>
            <p class="hint">
                {incident.status.label()} " · " {incident.impact.label()} " impact · " {incident.updates.len()} " updates"
                {latest.map(|l| format!(" · latest: {l}"))}
            </p>
            <ActionForm action=action node_ref=form attr:class="form quick__form">
                <FormError error/>
                <input type="hidden" name="incident_id" value=id.to_string()/>
                <input type="hidden" name="version" value=incident.version.to_string()/>
                <input type="hidden" name="back" value="/admin"/>
                <input type="hidden" name="restore_operational" value="on"/>
                <div class="row">
                    <div>
                        <label for=status_id.clone()>"Status"</label>
                        <select id=status_id name="status">
                            {options(IncidentStatus::ALL, Some(incident.status), IncidentStatus::as_str, IncidentStatus::label)}
                        </select>
                    </div>
                </div>
                <MarkdownField id=message_id name="message" label="Message (Markdown)".to_string() rows=3
                    initial=String::new() draft=format!("update:{id}") sent=successes(action)/>
                <NotifyBox id=notify_id checked=true/>
                <p class="hint">"Resolving sets the affected components back to Operational. Ctrl+Enter sends."</p>
                <button type="submit" class="button" disabled=move || pending.get()>"Post update"</button>
            </ActionForm>
        </article>
    }
}

fn status(s: ComponentStatus) -> impl IntoView {
    view! {
        <span class=format!("status status--{}", s.css())>
            <span class="status__dot" aria-hidden="true"></span>
            {s.label()}
        </span>
    }
}

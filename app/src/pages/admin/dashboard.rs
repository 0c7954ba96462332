//! `/admin`: what needs attention now — open incidents, maintenance, every component's status.

use super::forms::refused;
use super::layout::Console;
use crate::domain::{page_order, Component, ComponentGroup, ComponentStatus, Incident, Maintenance, User};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// What the dashboard shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub user: User,
    pub open: Vec<Incident>,
    pub maintenance: Vec<Maintenance>,
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
    let data = Resource::new(|| (), |_| get_dashboard());
    view! {
        <Title text="Dashboard · Beacon admin"/>
        <Suspense fallback=|| view! { <p class="hint">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <DashboardView data=d/> }.into_any(),
                    Err(e) => refused("Dashboard", e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DashboardView(data: Dashboard) -> impl IntoView {
    let open = if data.open.is_empty() {
        view! { <p class="hint">"No open incidents."</p> }.into_any()
    } else {
        data.open.iter().map(open_incident).collect_view().into_any()
    };
    let maintenance = if data.maintenance.is_empty() {
        view! { <p class="hint">"Nothing scheduled."</p> }.into_any()
    } else {
        data.maintenance
            .iter()
            .map(|m| view! { <li>{m.title.clone()} " · " {m.status.label()}</li> })
            .collect_view()
            .into_any()
    };
    let ordered = page_order(&data.groups, &data.components);
    let components = ordered
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
                <ul>{maintenance}</ul>
            </section>
            <section class="section">
                <h2>"Components"</h2>
                <ul class="components">{components}</ul>
            </section>
        </Console>
    }
}

fn open_incident(i: &Incident) -> impl IntoView {
    view! {
        <article class="incident">
            <h3 class="incident__title"><a href=format!("/admin/incidents/{}", i.id)>{i.title.clone()}</a></h3>
            <p class="hint">{i.status.label()} " · " {i.impact.label()} " impact · " {i.updates.len()} " updates · "
                <a href=format!("/admin/incidents/{}#message", i.id)>"Post an update"</a>
            </p>
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

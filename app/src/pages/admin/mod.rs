//! The admin console: server-rendered, then hydrated in the browser.

pub mod accounts;
mod audit;
pub mod clock;
pub mod components;
pub mod dashboard;
mod draft;
pub mod forms;
pub mod incidents;
mod layout;
pub mod login;
pub mod maintenance;
pub mod notice;
pub mod settings;
pub mod subscriber;
pub mod subscribers;
pub mod tokens;
mod users;

pub use audit::AuditPage;
pub use dashboard::DashboardPage;
pub use incidents::{IncidentAdminPage, IncidentDetailsPage, IncidentPostmortemPage, NewIncidentPage};
pub use login::{LoginPage, SetupPage};
pub use users::{AccountPage, UsersPage};

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around the console, rendered on the server only.
///
/// The end tags of the body and the document are left out, as HTML allows: Leptos streams the
/// data of the page's resources as scripts after the app, which thus land inside the body rather
/// than after `</html>`. The hydration scripts are written here rather than by `HydrationScripts`,
/// which puts the nonce in `crossorigin`.
pub fn shell(options: LeptosOptions, stylesheet: String) -> impl IntoView {
    use leptos::tachys::html::InertElement;
    let nonce = request_nonce();
    let bundle = format!("/{}/{}", options.site_pkg_dir, options.output_name);
    let start = format!(
        "import init, {{ hydrate }} from \"{bundle}.js\";\n\
         init({{ module_or_path: \"{bundle}_bg.wasm\" }}).then(() => hydrate());"
    );
    view! {
        {InertElement::new("<!DOCTYPE html><html lang=\"en\">")}
        <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <meta name="color-scheme" content="light dark"/>
            <meta name="robots" content="noindex"/>
            <link rel="stylesheet" href=stylesheet/>
            <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
            <link rel="modulepreload" href=format!("{bundle}.js")/>
            <link rel="preload" href=format!("{bundle}_bg.wasm") r#as="fetch" r#type="application/wasm" crossorigin="anonymous"/>
            <script type="module" nonce=nonce>{start}</script>
            <MetaTags/>
        </head>
        {InertElement::new("<body class=\"admin\">")}
        <App/>
    }
}

/// The nonce the server's security headers allow this request's inline scripts by, also
/// given to Leptos for the scripts it adds (see `server/src/http/headers.rs`).
#[cfg(feature = "ssr")]
fn request_nonce() -> Option<leptos::nonce::Nonce> {
    let parts = use_context::<axum::http::request::Parts>()?;
    let nonce = parts.extensions.get::<leptos::nonce::Nonce>()?.clone();
    provide_context(nonce.clone());
    Some(nonce)
}

#[cfg(not(feature = "ssr"))]
fn request_nonce() -> Option<leptos::nonce::Nonce> {
    None
}

/// The console's routes. Each renders whole on the server before it is sent (`Async`), so that
/// pages are complete without JavaScript.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    notice::provide_announced();
    view! {
        <Router>
            <forms::Announcer/>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/admin") view=DashboardPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/components") view=components::ComponentsPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/maintenance") view=maintenance::MaintenancePage ssr=SsrMode::Async/>
                <Route path=path!("/admin/incidents/new") view=NewIncidentPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/incidents/:id") view=IncidentAdminPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/incidents/:id/details") view=IncidentDetailsPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/incidents/:id/postmortem") view=IncidentPostmortemPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/users") view=UsersPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/account") view=AccountPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/audit") view=AuditPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/tokens") view=tokens::TokensPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/settings") view=settings::SettingsPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/subscribers") view=subscribers::SubscribersPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/subscribers/:id") view=subscriber::SubscriberPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/login") view=LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/setup/:token") view=SetupPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <Title text="Not found · Beacon admin"/>
        {forms::refused("Page not found", crate::error::AppError::not_found("page"))}
    }
}

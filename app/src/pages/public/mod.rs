//! The public site: plain server-rendered HTML, complete with JavaScript off, loading no wasm.
//! Each page is a function from data to a whole HTML document.

mod component;
mod error;
mod history;
mod home;
mod incident;
mod maintenance;
mod parts;
mod subscribe;
mod subscription;
mod uptime;
mod widget;

pub use component::{render_component, ComponentData};
pub use error::render_error;
pub use history::{render_history, HistoryData};
pub use home::{render_home, HomeData};
pub use incident::render_incident;
pub use maintenance::render_maintenance;
pub use subscribe::{choices, render_subscribe, Choice, ChoiceRow, Feeds, SubscribeForm};
pub use subscription::{
    render_check_inbox, render_confirmed, render_hook_subscribed, render_manage, render_unsubscribe,
    render_unsubscribed, HookSubscribed, Manage,
};
pub use uptime::{Bars, DayIncident};
pub use widget::{render_widget, WidgetData};

use chrono_tz::Tz;
use leptos::prelude::*;

/// What every public page knows about the site.
#[derive(Debug, Clone)]
pub struct Site {
    /// The page's name, e.g. "Acme Status".
    pub title: String,
    /// The zone every time is shown in.
    pub tz: Tz,
    /// The stylesheet's URL, versioned by its content.
    pub stylesheet: String,
    /// The live-update script's URL (a few hundred bytes, deferred; the page is complete without it).
    pub live_script: String,
    /// The brand colour's stylesheet, when the page has a brand colour.
    pub brand_stylesheet: Option<String>,
    /// Where visitors ask for help, linked in the header.
    pub support_url: Option<String>,
    /// The footer's links: label and address.
    pub footer_links: Vec<(String, String)>,
    /// Markdown on the front page above the components ("about this page").
    pub about: String,
    /// Markdown above the banner on every page.
    pub notice: String,
    /// The uploaded logo's and favicon's addresses, when there are.
    pub logo: Option<String>,
    pub favicon: Option<String>,
}

/// An Open Graph `<meta property=… content=…>` (`property` is not among the view macro's names).
fn og(property: &'static str, content: String) -> impl IntoView {
    use leptos::tachys::html::attribute::custom::custom_attribute;
    leptos::html::meta().add_any_attr(custom_attribute("property", property)).content(content)
}

/// A whole HTML document in the site's frame.
fn document(site: &Site, title: String, description: String, body: impl IntoView + 'static) -> String {
    let page = view! {
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <meta name="description" content=description.clone()/>
                // What a link to the page shows when shared in chat and social apps.
                {og("og:type", "website".into())}
                {og("og:site_name", site.title.clone())}
                {og("og:title", title.clone())}
                {og("og:description", description.clone())}
                <meta name="twitter:card" content="summary"/>
                <meta name="twitter:title" content=title.clone()/>
                <meta name="twitter:description" content=description/>
                <title>{title}</title>
                <link rel="stylesheet" href=site.stylesheet.clone()/>
                {site.brand_stylesheet.clone().map(|href| view! { <link rel="stylesheet" href=href/> })}
                {match site.favicon.clone() {
                    Some(href) => view! { <link rel="icon" href=href/> }.into_any(),
                    None => view! {
                        <link rel="icon" href="/favicon.ico" sizes="48x48"/>
                        <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                    }.into_any(),
                }}
                <link rel="alternate" type="application/rss+xml" title=format!("{} history (RSS)", site.title) href="/history.rss"/>
                <link rel="alternate" type="application/atom+xml" title=format!("{} history (Atom)", site.title) href="/history.atom"/>
                <link rel="alternate" type="application/feed+json" title=format!("{} history (JSON Feed)", site.title) href="/history.json"/>
                <script src=site.live_script.clone() defer></script>
            </head>
            <body>
                <a class="skip" href="#main">"Skip to content"</a>
                <header class="site-header">
                    <div class="wrap site-header__inner">
                        <a class="brand" href="/">
                            {site.logo.clone().map(|src| view! { <img class="brand__logo" src=src alt="" height="32"/> })}
                            {site.title.clone()}
                        </a>
                        <nav aria-label="Site">
                            <a href="/">"Status"</a>
                            <a href="/history">"History"</a>
                            <a class="subscribe-link" href="/subscribe">"Subscribe to updates"</a>
                            {site.support_url.clone().map(|href| view! { <a href=href rel="noopener">"Get help"</a> })}
                        </nav>
                    </div>
                </header>
                <main id="main" class="wrap">
                    {(!site.notice.is_empty()).then(|| view! {
                        <aside class="page-notice" aria-label="Notice">
                            <div class="md" inner_html=crate::markdown::render(&site.notice)></div>
                        </aside>
                    })}
                    {body}
                </main>
                <footer class="site-footer">
                    <div class="wrap">
                        // The live script adds a switch to the visitor's own zone here.
                        <p class="times" data-zone=site.tz.name()>
                            "Times are shown in " <span class="zone">{site.tz.name().to_string()}</span> ". "
                        </p>
                        <p>
                            <a href="/history">"Incident history"</a> " · "
                            <a href="/subscribe">"Subscribe to updates"</a>
                        </p>
                        {(!site.footer_links.is_empty()).then(|| {
                            let links = site.footer_links.iter().map(|(label, href)| view! {
                                <li><a href=href.clone() rel="noopener">{label.clone()}</a></li>
                            }).collect_view();
                            view! { <ul class="footer-links">{links}</ul> }
                        })}
                        <p class="powered">"Powered by Beacon"</p>
                    </div>
                </footer>
            </body>
        </html>
    };
    let html = Owner::new().with(|| page.to_html());
    format!("<!DOCTYPE html>{}", super::markers::valid_markers(&html))
}

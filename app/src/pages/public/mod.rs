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
pub use parts::affected_sentence;
pub use subscribe::refusal;
pub use subscribe::{choices, render_subscribe, Choice, ChoiceRow, Feeds, SubscribeForm};
pub use subscription::{
    render_check_inbox, render_confirmed, render_hook_subscribed, render_manage, render_unsubscribe,
    render_unsubscribed, HookSubscribed, Manage,
};
pub use uptime::{Bars, DayIncident};
pub use widget::{render_widget, WidgetData};

use crate::i18n::Lang;
use crate::tr;
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
    /// The language the page is written in (`i18n`).
    pub lang: Lang,
    /// The page's other languages are offered in its footer (links with `?lang=`).
    pub languages: bool,
}

/// An Open Graph `<meta property=… content=…>` (`property` is not among the view macro's names).
fn og(property: &'static str, content: String) -> impl IntoView {
    use leptos::tachys::html::attribute::custom::custom_attribute;
    leptos::html::meta().add_any_attr(custom_attribute("property", property)).content(content)
}

/// A whole HTML document in the site's frame.
fn document(site: &Site, title: String, description: String, body: impl IntoView + 'static) -> String {
    let lang = site.lang;
    let feed = |id: &str| tr!(lang, id, page = site.title.as_str());
    let page = view! {
        <html lang=lang.tag() dir=lang.dir()>
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
                {og("og:locale", lang.tag().replace('-', "_"))}
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
                <link rel="alternate" type="application/rss+xml" title=feed("feed-title-rss") href="/history.rss"/>
                <link rel="alternate" type="application/atom+xml" title=feed("feed-title-atom") href="/history.atom"/>
                <link rel="alternate" type="application/feed+json" title=feed("feed-title-json") href="/history.json"/>
                <script src=site.live_script.clone() defer></script>
            </head>
            <body>
                <a class="skip" href="#main">{lang.t("skip-to-content")}</a>
                <header class="site-header">
                    <div class="wrap site-header__inner">
                        <a class="brand" href="/">
                            {site.logo.clone().map(|src| view! { <img class="brand__logo" src=src alt="" height="32"/> })}
                            {site.title.clone()}
                        </a>
                        <nav aria-label=lang.t("nav-label")>
                            <a href="/">{lang.t("nav-status")}</a>
                            <a href="/history">{lang.t("nav-history")}</a>
                            <a class="subscribe-link" href="/subscribe">{lang.t("nav-subscribe")}</a>
                            {site.support_url.clone().map(|href| view! { <a href=href rel="noopener">{lang.t("nav-help")}</a> })}
                        </nav>
                    </div>
                </header>
                <main id="main" class="wrap">
                    {(!site.notice.is_empty()).then(|| view! {
                        <aside class="page-notice" aria-label=lang.t("notice-label")>
                            <div class="md" dir="auto" inner_html=crate::markdown::render(&site.notice)></div>
                        </aside>
                    })}
                    {body}
                </main>
                <footer class="site-footer">
                    <div class="wrap">
                        {footer_times(site)}
                        <p>
                            <a href="/history">{lang.t("footer-history")}</a> " · "
                            <a href="/subscribe">{lang.t("footer-subscribe")}</a>
                        </p>
                        {(!site.footer_links.is_empty()).then(|| {
                            let links = site.footer_links.iter().map(|(label, href)| view! {
                                <li><a href=href.clone() rel="noopener">{label.clone()}</a></li>
                            }).collect_view();
                            view! { <ul class="footer-links">{links}</ul> }
                        })}
                        {site.languages.then(|| languages(lang))}
                        <p class="powered">{lang.t("footer-powered")}</p>
                    </div>
                </footer>
            </body>
        </html>
    };
    let html = Owner::new().with(|| page.to_html());
    format!("<!DOCTYPE html>{}", super::markers::valid_markers(&html))
}

/// "Times are shown in Europe/Berlin.", with what the live script needs to offer the visitor's
/// own zone in this language (`%s` stands for a zone).
fn footer_times(site: &Site) -> impl IntoView {
    let (lang, zone) = (site.lang, site.tz.name());
    let text = parts::rich(lang, "footer-times", vec![("zone", view! { <span class="zone">{zone}</span> }.into_any())]);
    view! {
        <p class="times" data-zone=zone data-show-mine=tr!(lang, "local-time-show", zone = "%s")
            data-show-page=tr!(lang, "local-time-page", zone = "%s") data-yours=tr!(lang, "local-time-yours", zone = "%s")>
            {text} " "
        </p>
    }
}

/// The switch between languages: a plain link per language (no script), each in its own words.
fn languages(current: Lang) -> impl IntoView {
    let links = Lang::all()
        .map(|l| match l == current {
            true => view! { <li><span aria-current="true" lang=l.tag()>{l.name()}</span></li> }.into_any(),
            false => {
                view! { <li><a href=format!("?lang={}", l.tag()) hreflang=l.tag() lang=l.tag()>{l.name()}</a></li> }
                    .into_any()
            }
        })
        .collect_view();
    view! {
        <nav class="languages" aria-label=current.t("footer-language")>
            <ul>{links}</ul>
        </nav>
    }
}

//! The pages after subscribing and behind signed links: check your inbox, a webhook's secret,
//! confirmed, manage (components, unsubscribe), and the unsubscribe button and its answer.

use super::parts::rich;
use super::subscribe::{chooser, refusal, Choice, ChoiceRow};
use super::{document, Site};
use crate::domain::SubscriberKind;
use crate::error::AppError;
use crate::i18n::Lang;
use leptos::prelude::*;

fn page(site: &Site, heading: &str, body: impl IntoView + 'static) -> String {
    let title = format!("{heading} · {}", site.title);
    document(site, title, heading.to_string(), body)
}

/// A subscription's kind in words ("Webhook (signed JSON)").
fn kind(lang: Lang, kind: SubscriberKind) -> String {
    lang.t(&format!("subscribe-kind-{}", kind.as_str()))
}

/// An address or URL, emphasised in a sentence.
fn address(text: &str) -> AnyView {
    view! { <strong class="address">{text.to_string()}</strong> }.into_any()
}

fn back(lang: Lang) -> impl IntoView {
    view! { <p><a href="/">{lang.t("back-to-current")}</a></p> }
}

/// The one answer to an email subscription, whatever the address's state: nothing here tells
/// whether it was new, waiting for its confirmation, or confirmed.
pub fn render_check_inbox(site: &Site, email: &str) -> String {
    let lang = site.lang;
    let body = view! {
        <section class="notice-page">
            <h1>{lang.t("inbox-heading")}</h1>
            <p>{rich(lang, "inbox-sent", vec![("address", address(email))])}</p>
            <p>{lang.t("inbox-nothing-before")}</p>
            {back(lang)}
        </section>
    };
    page(site, &lang.t("inbox-heading"), body)
}

/// What a webhook or chat subscription answered.
pub struct HookSubscribed {
    pub kind: SubscriberKind,
    pub url: String,
    /// A new webhook's signing secret, shown this once.
    pub secret: Option<String>,
    /// The absolute manage link of a new subscription.
    pub manage_url: Option<String>,
    /// The URL was subscribed already: nothing changed.
    pub existing: bool,
}

pub fn render_hook_subscribed(site: &Site, hook: &HookSubscribed) -> String {
    let lang = site.lang;
    let heading = lang.t(if hook.existing { "hook-already" } else { "hook-subscribed" });
    let id = if hook.existing { "hook-already-text" } else { "hook-posted" };
    let slots = vec![("kind", kind(lang, hook.kind).into_any()), ("url", address(&hook.url))];
    let intro = view! { <p>{rich(lang, id, slots)}</p> };
    let secret = hook.secret.clone().map(|secret| {
        view! {
            <section class="signing-secret" aria-labelledby="secret">
                <h2 id="secret">{lang.t("secret-heading")}</h2>
                <p><strong>{lang.t("secret-copy")}</strong></p>
                <p><code class="signing-secret__value">{secret}</code></p>
                <p>
                    {rich(lang, "secret-how", vec![
                        ("standard", view! { <a href="https://www.standardwebhooks.com/">"Standard Webhooks"</a> }.into_any()),
                        ("id", view! { <code>"webhook-id"</code> }.into_any()),
                        ("timestamp", view! { <code>"webhook-timestamp"</code> }.into_any()),
                        ("signature", view! { <code>"webhook-signature"</code> }.into_any()),
                    ])}
                </p>
            </section>
        }
    });
    let manage = hook.manage_url.clone().map(|href| {
        view! {
            <p>
                {lang.t("manage-keep")} " "
                <a class="address" href=href.clone()>{href.clone()}</a>
            </p>
        }
    });
    let body = view! {
        <section class="notice-page">
            <h1>{heading.clone()}</h1>
            {intro}
            {secret}
            {manage}
            {back(lang)}
        </section>
    };
    page(site, &heading, body)
}

pub fn render_confirmed(site: &Site, manage_path: &str) -> String {
    let lang = site.lang;
    let body = view! {
        <section class="notice-page">
            <h1>{lang.t("confirmed-heading")}</h1>
            <p>{lang.t("confirmed-text")}</p>
            <p><a href=manage_path.to_string()>{lang.t("confirmed-manage")}</a></p>
            {back(lang)}
        </section>
    };
    page(site, &lang.t("confirmed-heading"), body)
}

/// The manage page: what the subscription is, its components, and the way out.
pub struct Manage {
    pub kind: SubscriberKind,
    pub target: String,
    /// Email not confirmed yet (nothing is sent to it).
    pub unconfirmed: bool,
    pub choice: Choice,
    /// This page's path (its form posts here).
    pub path: String,
    pub unsubscribe_path: String,
    pub saved: bool,
    pub error: Option<AppError>,
}

pub fn render_manage(site: &Site, manage: &Manage, rows: &[ChoiceRow]) -> String {
    let (error, lang) = (manage.error.as_ref(), site.lang);
    let note = if manage.saved {
        Some(view! { <p class="notice" role="status">{lang.t("manage-saved")}</p> }.into_any())
    } else {
        error.map(|e| view! { <p class="error" role="alert">{refusal(e, lang)}</p> }.into_any())
    };
    let unconfirmed = manage.unconfirmed.then(|| view! { <p class="hint">{lang.t("manage-unconfirmed")}</p> });
    let target = vec![("kind", kind(lang, manage.kind).into_any()), ("target", address(&manage.target))];
    let body = view! {
        <h1>{lang.t("manage-heading")}</h1>
        <p>{rich(lang, "manage-target", target)}</p>
        {unconfirmed}
        {note}
        <form class="form subscribe" method="post" action=manage.path.clone()>
            {chooser(rows, &manage.choice, error, lang)}
            <button class="button" type="submit">{lang.t("manage-save")}</button>
        </form>
        <form class="form danger" method="post" action=manage.unsubscribe_path.clone()>
            <p>{lang.t("manage-stop")}</p>
            <button class="button button--danger" type="submit">{lang.t("unsubscribe")}</button>
        </form>
    };
    page(site, &lang.t("manage-heading"), body)
}

/// The page an unsubscribe link opens: one button, since a link scanner's GET must not unsubscribe.
pub fn render_unsubscribe(site: &Site, what: SubscriberKind, target: &str, path: &str) -> String {
    let lang = site.lang;
    let question = vec![("kind", kind(lang, what).into_any()), ("target", address(target))];
    let body = view! {
        <section class="notice-page">
            <h1>{lang.t("unsubscribe")}</h1>
            <p>{rich(lang, "unsubscribe-question", question)}</p>
            <form method="post" action=path.to_string()>
                <button class="button button--danger" type="submit">{lang.t("unsubscribe")}</button>
            </form>
        </section>
    };
    page(site, &lang.t("unsubscribe"), body)
}

/// After unsubscribing; `already` when the subscription was gone before.
pub fn render_unsubscribed(site: &Site, already: bool) -> String {
    let lang = site.lang;
    let text = lang.t(if already { "unsubscribed-already" } else { "unsubscribed-text" });
    let body = view! {
        <section class="notice-page">
            <h1>{lang.t("unsubscribed")}</h1>
            <p>{text}</p>
            <p><a href="/subscribe">{lang.t("subscribe-again")}</a> " · " <a href="/">{lang.t("current-status")}</a></p>
        </section>
    };
    page(site, &lang.t("unsubscribed"), body)
}

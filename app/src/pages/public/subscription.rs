//! The pages after subscribing and behind signed links: check your inbox, a webhook's secret,
//! confirmed, manage (components, unsubscribe), and the unsubscribe button and its answer.

use super::subscribe::{chooser, Choice, ChoiceRow};
use super::{document, Site};
use crate::domain::SubscriberKind;
use crate::error::AppError;
use leptos::prelude::*;

fn page(site: &Site, heading: &str, body: impl IntoView + 'static) -> String {
    let title = format!("{heading} · {}", site.title);
    document(site, title, heading.to_string(), body)
}

/// The one answer to an email subscription, whatever the address's state: nothing here tells
/// whether it was new, waiting for its confirmation, or confirmed.
pub fn render_check_inbox(site: &Site, email: &str) -> String {
    let body = view! {
        <section class="notice-page">
            <h1>"Check your inbox"</h1>
            <p>
                "We sent a message to " <strong class="address">{email.to_string()}</strong>
                " with a link to confirm your subscription (or, if it is confirmed already, a link to manage it)."
            </p>
            <p>"Nothing is sent before you confirm. The confirmation link works for 48 hours."</p>
            <p><a href="/">"Back to the current status"</a></p>
        </section>
    };
    page(site, "Check your inbox", body)
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
    let heading = if hook.existing { "Already subscribed" } else { "Subscribed" };
    let what = format!("{} to ", hook.kind.label());
    let intro = if hook.existing {
        view! {
            <p>
                "This " {what} <strong class="address">{hook.url.clone()}</strong> " was subscribed already; nothing changed. "
                "Its signing secret and manage link were shown when it was first subscribed. "
                "If they are lost, ask the page's staff."
            </p>
        }
        .into_any()
    } else {
        view! {
            <p>"Updates of this page will be posted as " {what} <strong class="address">{hook.url.clone()}</strong> "."</p>
        }
        .into_any()
    };
    let secret = hook.secret.clone().map(|secret| {
        view! {
            <section class="signing-secret" aria-labelledby="secret">
                <h2 id="secret">"Signing secret"</h2>
                <p><strong>"Copy it now: it is shown only this once."</strong></p>
                <p><code class="signing-secret__value">{secret}</code></p>
                <p>
                    "Every delivery is signed as "
                    <a href="https://www.standardwebhooks.com/">"Standard Webhooks"</a>
                    " describes: check the headers " <code>"webhook-id"</code> ", " <code>"webhook-timestamp"</code>
                    " and " <code>"webhook-signature"</code> " with this secret (the Standard Webhooks libraries do "
                    "it in one call), and refuse a delivery whose signature does not match or whose timestamp is old."
                </p>
            </section>
        }
    });
    let manage = hook.manage_url.clone().map(|href| {
        view! {
            <p>
                "Keep this link to change the components or unsubscribe: "
                <a class="address" href=href.clone()>{href.clone()}</a>
            </p>
        }
    });
    let body = view! {
        <section class="notice-page">
            <h1>{heading}</h1>
            {intro}
            {secret}
            {manage}
            <p><a href="/">"Back to the current status"</a></p>
        </section>
    };
    page(site, heading, body)
}

pub fn render_confirmed(site: &Site, manage_path: &str) -> String {
    let body = view! {
        <section class="notice-page">
            <h1>"Subscription confirmed"</h1>
            <p>"You will get an email when an incident or maintenance is posted or updated."</p>
            <p><a href=manage_path.to_string()>"Choose components or unsubscribe"</a></p>
            <p><a href="/">"Back to the current status"</a></p>
        </section>
    };
    page(site, "Subscription confirmed", body)
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
    let error = manage.error.as_ref();
    let note = if manage.saved {
        Some(view! { <p class="notice" role="status">"Saved."</p> }.into_any())
    } else {
        error.map(|e| view! { <p class="error" role="alert">{e.message.clone()}</p> }.into_any())
    };
    let unconfirmed = manage
        .unconfirmed
        .then(|| view! { <p class="hint">"Not confirmed yet: follow the link in the confirmation mail first."</p> });
    let body = view! {
        <h1>"Your subscription"</h1>
        <p>
            {manage.kind.label()} ": " <strong class="address">{manage.target.clone()}</strong>
        </p>
        {unconfirmed}
        {note}
        <form class="form subscribe" method="post" action=manage.path.clone()>
            {chooser(rows, &manage.choice, error)}
            <button class="button" type="submit">"Save"</button>
        </form>
        <form class="form danger" method="post" action=manage.unsubscribe_path.clone()>
            <p>"Stop all updates to this address:"</p>
            <button class="button button--danger" type="submit">"Unsubscribe"</button>
        </form>
    };
    page(site, "Your subscription", body)
}

/// The page an unsubscribe link opens: one button, since a link scanner's GET must not unsubscribe.
pub fn render_unsubscribe(site: &Site, kind: SubscriberKind, target: &str, path: &str) -> String {
    let body = view! {
        <section class="notice-page">
            <h1>"Unsubscribe"</h1>
            <p>"Stop all updates to " {kind.label()} " " <strong class="address">{target.to_string()}</strong> "?"</p>
            <form method="post" action=path.to_string()>
                <button class="button button--danger" type="submit">"Unsubscribe"</button>
            </form>
        </section>
    };
    page(site, "Unsubscribe", body)
}

/// After unsubscribing; `already` when the subscription was gone before.
pub fn render_unsubscribed(site: &Site, already: bool) -> String {
    let text = if already {
        "This subscription was removed already: nothing more will be sent."
    } else {
        "You are unsubscribed: nothing more will be sent."
    };
    let body = view! {
        <section class="notice-page">
            <h1>"Unsubscribed"</h1>
            <p>{text}</p>
            <p><a href="/subscribe">"Subscribe again"</a> " · " <a href="/">"Current status"</a></p>
        </section>
    };
    page(site, "Unsubscribed", body)
}

//! Error pages in the site's look: 404 for unknown addresses, 400 for bad links, 503 and 500.

use super::{document, Site};
use leptos::prelude::*;

/// A page for an HTTP error: `heading` names what happened, `message` says what to do.
pub fn render_error(site: &Site, heading: &str, message: &str) -> String {
    let body = view! {
        <section class="error-page">
            <h1>{heading.to_string()}</h1>
            <p>{message.to_string()}</p>
            <p><a href="/">{site.lang.t("error-home")}</a></p>
        </section>
    };
    document(site, format!("{heading} · {}", site.title), heading.to_string(), body)
}

//! What the server and the browser both compile: the domain, the Markdown renderer, the pages.
//! Public pages are server-rendered only (`ssr`); the admin console also hydrates (`hydrate`).

pub mod domain;
pub mod error;
pub mod i18n;
pub mod markdown;
pub mod pages;
pub mod paths;
pub mod time;

/// The browser's entry point: hydrates the server-rendered admin console.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(pages::admin::App);
}

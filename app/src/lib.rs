//! What the server and the browser both compile: the domain, the Markdown renderer, the pages.
//! Public pages are server-rendered only (`ssr`); the admin console also hydrates (`hydrate`).

pub mod domain;
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod time;

//! The public pages' languages: one Fluent message file per language in `app/locales/` (adding a
//! language is adding a file; `build.rs` finds them). The list of languages is known to both
//! builds (the console offers them as the page's default); the messages, the choice of a
//! visitor's language and the formats of dates and numbers are the server's
//! ([`Lang`], `messages.rs`).

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The language of a page that chose none, and the one a missing message falls back to.
pub const DEFAULT: &str = "en";

/// Whether `tag` names a language the pages speak (one of [`LANGUAGES`]).
pub fn is_language(tag: &str) -> bool {
    LANGUAGES.iter().any(|(t, _)| *t == tag)
}

#[cfg(feature = "ssr")]
mod labels;
#[cfg(feature = "ssr")]
mod messages;
#[cfg(feature = "ssr")]
pub use messages::{Arg, Lang};

#[cfg(all(test, feature = "ssr"))]
mod tests;

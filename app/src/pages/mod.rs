//! The pages: public ones are rendered on the server only; the admin console also hydrates.

pub mod admin;
#[cfg(feature = "ssr")]
pub mod markers;
#[cfg(feature = "ssr")]
pub mod public;

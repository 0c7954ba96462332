//! Bringing a page's history into Beacon from elsewhere.

pub mod statuspage;

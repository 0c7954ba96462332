//! Telling subscribers: signed links, where Beacon may send, what a notification says, and the
//! worker that delivers the outbox by email, signed webhooks and chat messages.

pub mod address;
pub mod chat;
pub mod csv;
pub mod email;
mod email_text;
pub mod links;
pub mod payload;
pub mod staff;
pub mod statuspage;
pub mod webhook;
pub mod worker;

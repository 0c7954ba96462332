//! Telling subscribers: signed links, where Beacon may send, what a notification says, and the
//! worker that delivers the outbox by email, signed webhooks and chat messages.

pub mod address;
pub mod csv;
pub mod links;
pub mod payload;
pub mod staff;

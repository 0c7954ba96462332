//! The domain: what a status page is made of and the rules that derive what it shows. Compiled
//! for the server and the browser alike.

pub mod affected;
pub mod board;
pub mod dates;
pub mod history;
pub mod model;
pub mod overall;
pub mod settings;
pub mod status;
pub mod timeline;
pub mod uptime;
#[cfg(all(test, feature = "ssr"))]
mod uptime_tests;
pub mod validate;

pub use board::{board, page_order, BoardRow};
pub use dates::ShownDates;
pub use history::HistoryEntry;
pub use model::*;
pub use overall::Overall;
pub use status::{
    ComponentStatus, DeliveryState, Impact, IncidentStatus, MaintenanceStatus, NotificationKind, Role, SubscriberKind,
    SubscriberState, UnknownName,
};

//! What a notification says, fixed when its event is fanned out (so that every delivery and
//! every retry of it says the same), and how one attempt went.

use app::domain::{Component, ComponentStatus, Incident, Maintenance};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// The subject of an event as it stood when the event was fanned out; stored as JSON in
/// `notification_events.payload`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Snapshot {
    /// An incident and the update that caused the event.
    Incident { incident: Incident, update_id: i64 },
    /// A maintenance window and the update that caused the event.
    Maintenance { maintenance: Maintenance, update_id: Option<i64> },
    /// A component's status set directly (not through an incident).
    Component { component: Component, old_status: ComponentStatus, new_status: ComponentStatus, at: DateTime<Utc> },
    /// A message to one subscriber about its subscription (confirmation, manage link).
    Subscription,
}

/// The page a notification comes from, as links and headings name it.
#[derive(Debug, Clone)]
pub struct Page {
    pub title: String,
    /// Without a trailing slash.
    pub public_url: String,
    pub tz: Tz,
    /// The page's own language: mail is written in it.
    pub lang: app::i18n::Lang,
}

/// Where senders read the page from at each delivery: fixed, or the instance's settings as last
/// loaded (a renamed page or a new zone shows in the next notification).
#[derive(Clone)]
pub enum PageSource {
    Fixed(Page),
    Live { settings: std::sync::Arc<crate::page::PageCell>, public_url: String },
}

impl PageSource {
    pub fn now(&self) -> Page {
        match self {
            PageSource::Fixed(page) => page.clone(),
            PageSource::Live { settings, public_url } => {
                let site = settings.site();
                Page { title: site.title.clone(), public_url: public_url.clone(), tz: site.tz, lang: site.lang }
            }
        }
    }
}

impl From<Page> for PageSource {
    fn from(page: Page) -> PageSource {
        PageSource::Fixed(page)
    }
}

/// How one attempt to deliver went.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub ok: bool,
    /// The HTTP status or SMTP reply code, when there was one.
    pub code: Option<i64>,
    /// What the receiver answered (shortened), or why it could not be reached.
    pub detail: String,
    /// Trying again cannot help (an SMTP 5xx, a message that cannot be built): no retries.
    pub permanent: bool,
}

impl Outcome {
    pub fn delivered(code: Option<i64>, detail: impl Into<String>) -> Outcome {
        Outcome { ok: true, code, detail: detail.into(), permanent: false }
    }

    pub fn failed(code: Option<i64>, detail: impl Into<String>) -> Outcome {
        Outcome { ok: false, code, detail: detail.into(), permanent: false }
    }

    pub fn refused(code: Option<i64>, detail: impl Into<String>) -> Outcome {
        Outcome { ok: false, code, detail: detail.into(), permanent: true }
    }
}

/// The paths of the subscriber pages that signed links open (tokens from `links`).
pub mod paths {
    pub fn confirm(token: &str) -> String {
        format!("/subscribe/confirm/{token}")
    }
    pub fn manage(token: &str) -> String {
        format!("/subscribe/manage/{token}")
    }
    /// Shows a button on GET; a POST (RFC 8058 one-click, or that button) unsubscribes.
    pub fn unsubscribe(token: &str) -> String {
        format!("/subscribe/unsubscribe/{token}")
    }
}

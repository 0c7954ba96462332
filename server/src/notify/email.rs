//! Subscriber mail over SMTP: one pooled transport, a MIME message per delivery (text and HTML,
//! RFC 8058 one-click unsubscribe, threaded per incident), and the SMTP reply as the outcome.

use super::email_text::{content, Signed};
use super::links::{Links, Purpose};
use super::payload::{paths, Outcome, PageSource, Snapshot};
use crate::store::Claimed;
use app::domain::{NotificationKind, SubscriberKind};
use chrono::Utc;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::{self, PoolConfig};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::fmt;
use std::time::Duration;

/// How long one SMTP command may take before the attempt counts as failed (and is retried).
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);
/// SMTP connections kept open at most; each carries many messages one after another.
const POOL_SIZE: u32 = 3;
/// The longest reply or error kept in the delivery log.
const DETAIL_MAX: usize = 300;

/// Sends subscriber mail. Cheap to clone: clones share the connection pool.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    page: PageSource,
    links: Links,
    /// The host that names Beacon's Message-IDs (the public URL's).
    host: String,
    /// The SMTP password as written and percent-decoded, blanked out of every message we make.
    secrets: Vec<String>,
    /// "host:port", for logs.
    server: String,
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer").field("server", &self.server).field("from", &self.from.to_string()).finish()
    }
}

const URL_FORMS: &str = "expected smtp://HOST:PORT, smtp://HOST:PORT?tls=required (STARTTLS) or \
                         smtps://USER:PASSWORD@HOST:PORT (TLS)";

impl Mailer {
    /// A mailer for `smtp_url` (lettre's URL form, as `--smtp-url` takes it). Connects lazily: a
    /// server that is down shows in the first delivery's outcome, not here.
    pub fn new(smtp_url: &str, from: Mailbox, page: impl Into<PageSource>, links: Links) -> Result<Mailer, String> {
        let parsed = url::Url::parse(smtp_url).map_err(|e| format!("--smtp-url is not a URL ({e}): {URL_FORMS}"))?;
        let mut secrets = Vec::new();
        if let Some(password) = parsed.password().filter(|p| !p.is_empty()) {
            secrets.push(password.to_string());
            let decoded = percent_encoding::percent_decode_str(password).decode_utf8_lossy().into_owned();
            if decoded != password {
                secrets.push(decoded);
            }
        }
        let blank = |s: String| scrub(&secrets, s);
        let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| blank(format!("--smtp-url cannot be used ({e}): {URL_FORMS}")))?;
        let transport = builder
            .timeout(Some(SMTP_TIMEOUT))
            .pool_config(PoolConfig::new().max_size(POOL_SIZE).idle_timeout(Duration::from_secs(60)))
            .build();
        let server = format!(
            "{}:{}",
            parsed.host_str().unwrap_or_default(),
            parsed.port().map(|p| p.to_string()).unwrap_or_else(|| "default port".into())
        );
        let page = page.into();
        let public_url = page.now().public_url;
        let host = url::Url::parse(&public_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .ok_or_else(|| format!("the public URL {public_url} has no host to name mails by"))?;
        Ok(Mailer { transport, from, page, links, host, secrets, server })
    }

    /// Sends one delivery: SMTP 2xx is delivered, 4xx or no answer is failed (tried again), 5xx
    /// is refused (never tried again). The reply code is kept as the outcome's code.
    pub async fn deliver(&self, d: &Claimed, snapshot: &Snapshot) -> Outcome {
        if d.event_kind == NotificationKind::ComponentUpdated {
            // Nothing for a mailbox: nothing to retry, nothing to quarantine the subscriber for.
            return Outcome::delivered(None, "not sent: component changes are not sent by email");
        }
        if d.kind != SubscriberKind::Email {
            return Outcome::refused(None, format!("a {} subscriber is not reached by email", d.kind.as_str()));
        }
        let token = match self.links.sign(link_purpose(d.event_kind), d.subscriber_id, &d.link_nonce, Utc::now()).await
        {
            Ok(token) => token,
            Err(e) => return Outcome::failed(None, format!("could not sign the subscriber's link: {e}")),
        };
        let message = match self.compose(d, snapshot, &token) {
            Ok(message) => message,
            Err(e) => return Outcome::refused(None, e),
        };
        match self.transport.send(message).await {
            Ok(reply) => {
                let code = u16::from(reply.code());
                let text: Vec<&str> = reply.message().collect();
                Outcome::delivered(Some(i64::from(code)), self.detail(format!("{code} {}", text.join(" "))))
            }
            Err(e) => self.failure(&e),
        }
    }

    /// The message for one delivery, given the token of its signed link (a confirm token for a
    /// confirmation, else a manage token: see [`link_purpose`]).
    pub fn compose(&self, d: &Claimed, snapshot: &Snapshot, token: &str) -> Result<Message, String> {
        let to: Mailbox = d.target.parse().map_err(|_| format!("'{}' is not a mail address", d.target))?;
        let page = self.page.now();
        let base = &page.public_url;
        let links = match d.event_kind {
            NotificationKind::Confirmation => Signed::Confirm(format!("{base}{}", paths::confirm(token))),
            _ => Signed::Manage {
                manage: format!("{base}{}", paths::manage(token)),
                unsubscribe: format!("{base}{}", paths::unsubscribe(token)),
            },
        };
        let words = content(&page, d.event_kind, snapshot, &links)?;
        let thread = thread(&self.host, d, snapshot);
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(words.subject)
            .message_id(Some(thread.message_id))
            // A notice, not a person: out-of-office replies and auto-responders stay quiet.
            .raw_header(raw("Auto-Submitted", "auto-generated".into()));
        if let Some(root) = thread.root {
            builder = builder.in_reply_to(root.clone()).references(root);
        }
        if let Signed::Manage { unsubscribe, .. } = &links {
            // RFC 8058: a mail client's unsubscribe button POSTs to this URL; no page to click through.
            builder = builder
                .raw_header(raw("List-Unsubscribe", format!("<{unsubscribe}>")))
                .raw_header(raw("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".into()));
        }
        builder
            .multipart(
                MultiPart::alternative()
                    .singlepart(SinglePart::plain(words.text))
                    .singlepart(SinglePart::html(words.html)),
            )
            .map_err(|e| format!("the mail could not be built: {e}"))
    }

    fn failure(&self, e: &smtp::Error) -> Outcome {
        let detail = self.detail(e.to_string());
        match e.status().map(u16::from) {
            // Our own server turned down our login: the subscriber is not at fault; keep trying
            // (someone will fix the credentials) rather than give up on every subscriber.
            Some(code @ (530 | 534 | 535 | 538)) => Outcome::failed(Some(i64::from(code)), detail),
            Some(code) if e.is_permanent() => Outcome::refused(Some(i64::from(code)), detail),
            Some(code) => Outcome::failed(Some(i64::from(code)), detail),
            None => Outcome::failed(None, format!("{detail} (SMTP server {})", self.server)),
        }
    }

    /// `s` without the password, shortened for the delivery log.
    fn detail(&self, s: String) -> String {
        let s = scrub(&self.secrets, s);
        match s.char_indices().nth(DETAIL_MAX) {
            Some((cut, _)) => format!("{}…", &s[..cut]),
            None => s,
        }
    }
}

/// Which signed link a mail of `kind` carries: a confirmation its confirm link, every other mail
/// its manage link (from which the unsubscribe link is made too).
pub fn link_purpose(kind: NotificationKind) -> Purpose {
    match kind {
        NotificationKind::Confirmation => Purpose::Confirm,
        _ => Purpose::Manage,
    }
}

/// Where a mail sits in its subscriber's mailbox.
#[derive(Debug, Clone, PartialEq)]
struct Thread {
    message_id: String,
    /// The thread's first mail, referred to by `In-Reply-To` and `References`.
    root: Option<String>,
}

/// Threading. Every mail about one incident names the same root, `<incident-{id}-{subscriber}@host>`,
/// in `In-Reply-To` and `References`, and the incident_created mail *is* that root (its own
/// Message-ID), so clients that thread by references (Thunderbird, Apple Mail, Outlook, mutt)
/// hang every update under the first mail, and Gmail, which also wants the same references, groups
/// them too. A subscriber who joined later lacks the root; clients then thread the siblings under a
/// placeholder. Every other mail's Message-ID is `<incident-{id}-update-{update}-{subscriber}@host>`.
/// The subscriber is part of each id because every copy differs (its own links), and ids must be
/// unique per message (RFC 5322); they are stable, so a retried delivery is the same message and
/// is recognised as a duplicate. Maintenance does the same with `maintenance-{id}`, its root being
/// the maintenance_scheduled mail; subscription mails stand alone.
fn thread(host: &str, d: &Claimed, snapshot: &Snapshot) -> Thread {
    let s = d.subscriber_id;
    let (subject, id, update, first) = match snapshot {
        Snapshot::Incident { incident, update_id } => {
            ("incident", incident.id, Some(*update_id), d.event_kind == NotificationKind::IncidentCreated)
        }
        Snapshot::Maintenance { maintenance, update_id } => {
            ("maintenance", maintenance.id, *update_id, d.event_kind == NotificationKind::MaintenanceScheduled)
        }
        Snapshot::Component { .. } | Snapshot::Subscription => {
            return Thread { message_id: format!("<subscription-{}-{s}@{host}>", d.event_id), root: None };
        }
    };
    let root = format!("<{subject}-{id}-{s}@{host}>");
    if first {
        return Thread { message_id: root, root: None };
    }
    let message_id = match update {
        Some(update) => format!("<{subject}-{id}-update-{update}-{s}@{host}>"),
        // A maintenance that started or completed by itself has no update: the event names it.
        None => format!("<{subject}-{id}-event-{}-{s}@{host}>", d.event_id),
    };
    Thread { message_id, root: Some(root) }
}

fn raw(name: &'static str, value: String) -> HeaderValue {
    HeaderValue::new(HeaderName::new_from_ascii_str(name), value)
}

fn scrub(secrets: &[String], mut s: String) -> String {
    for secret in secrets {
        s = s.replace(secret.as_str(), "********");
    }
    s
}

#[async_trait::async_trait]
impl super::worker::Sender for Mailer {
    async fn deliver(&self, delivery: &Claimed, snapshot: &Snapshot) -> Outcome {
        Mailer::deliver(self, delivery, snapshot).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claimed(kind: NotificationKind, subscriber_id: i64, event_id: i64) -> Claimed {
        Claimed {
            delivery_id: 1,
            attempt: 1,
            event_id,
            event_kind: kind,
            payload: String::new(),
            subscriber_id,
            kind: SubscriberKind::Email,
            target: "ada@example.com".into(),
            secret: None,
            link_nonce: "n".into(),
        }
    }

    #[test]
    fn every_mail_of_an_incident_names_one_root_and_the_first_is_it() {
        let incident: app::domain::Incident = serde_json::from_value(serde_json::json!({
            "id": 4, "title": "t", "impact": "minor", "status": "investigating",
            "started_at": "2020-10-28T06:50:00Z", "resolved_at": null, "created_at": "2020-10-28T06:50:00Z",
            "updated_at": "2020-10-28T06:50:00Z", "version": 1, "updates": [], "affected": [], "postmortem": null
        }))
        .unwrap();
        let snap = |update_id| Snapshot::Incident { incident: incident.clone(), update_id };
        let first = thread("s.test", &claimed(NotificationKind::IncidentCreated, 7, 1), &snap(10));
        let second = thread("s.test", &claimed(NotificationKind::IncidentUpdated, 7, 2), &snap(11));
        let other = thread("s.test", &claimed(NotificationKind::IncidentUpdated, 8, 2), &snap(11));
        assert_eq!(first, Thread { message_id: "<incident-4-7@s.test>".into(), root: None });
        assert_eq!(second.message_id, "<incident-4-update-11-7@s.test>");
        assert_eq!(second.root.as_deref(), Some("<incident-4-7@s.test>"));
        assert_ne!(other.message_id, second.message_id, "each subscriber's copy is its own message");
        let again = thread("s.test", &claimed(NotificationKind::IncidentUpdated, 7, 2), &snap(11));
        assert_eq!(again, second, "a retry is the same message");
        let alone = thread("s.test", &claimed(NotificationKind::Confirmation, 7, 3), &Snapshot::Subscription);
        assert_eq!(alone, Thread { message_id: "<subscription-3-7@s.test>".into(), root: None });
    }

    #[test]
    fn only_a_confirmation_carries_a_confirm_link() {
        assert_eq!(link_purpose(NotificationKind::Confirmation), Purpose::Confirm);
        for kind in NotificationKind::ALL.iter().filter(|k| **k != NotificationKind::Confirmation) {
            assert_eq!(link_purpose(*kind), Purpose::Manage, "{kind}");
        }
    }

    #[test]
    fn passwords_are_blanked_out() {
        let secrets = vec!["p@ss".to_string(), "p%40ss".to_string()];
        assert_eq!(scrub(&secrets, "auth p@ss and p%40ss".into()), "auth ******** and ********");
    }
}

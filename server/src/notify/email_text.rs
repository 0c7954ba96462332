//! What a subscriber mail says: its subject and its plain-text and HTML bodies for each kind of
//! event, written side by side so that both always say the same. Pure; `email.rs` signs the
//! links, builds the MIME message and sends it.

// Text for HTML content and attribute values: the same five escapes as XML's.
use super::links::CONFIRM_FOR;
use super::payload::{Page, Snapshot};
use crate::xml::escape;
use app::domain::{timeline, Incident, Maintenance, MaintenanceStatus, NotificationKind};
use app::i18n::Lang;
use app::pages::public::affected_sentence;
use app::{paths, tr};
use std::fmt::Write as _;

/// A mail's words, before they become MIME.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The signed links a mail carries, as full URLs.
#[derive(Debug, Clone, PartialEq)]
pub enum Signed {
    /// A confirmation request holds its confirm link and nothing else.
    Confirm(String),
    /// Every other mail: where to manage the subscription, and where to end it.
    Manage { manage: String, unsubscribe: String },
}

/// The words of a mail about `snapshot` for an event of `kind`; an error when the two do not
/// belong together (trying again cannot help).
pub fn content(page: &Page, kind: NotificationKind, snapshot: &Snapshot, links: &Signed) -> Result<Content, String> {
    use NotificationKind::*;
    let (subject, mut doc) = match (kind, snapshot, links) {
        (IncidentCreated | IncidentUpdated, Snapshot::Incident { incident, update_id }, Signed::Manage { .. }) => {
            incident_mail(page, incident, *update_id)
        }
        (
            MaintenanceScheduled | MaintenanceStarted | MaintenanceUpdated | MaintenanceCompleted,
            Snapshot::Maintenance { maintenance, update_id },
            Signed::Manage { .. },
        ) => maintenance_mail(page, maintenance, *update_id),
        (Confirmation, _, Signed::Confirm(url)) => return Ok(confirmation_mail(page, url)),
        (ManageLink, _, Signed::Manage { manage, .. }) => manage_link_mail(page, manage),
        (ComponentUpdated, _, _) => return Err("component changes are not sent by email".into()),
        (kind, _, _) => return Err(format!("a {} event cannot be written from this payload", kind.as_str())),
    };
    if let Signed::Manage { manage, unsubscribe } = links {
        doc.footer(page, manage, unsubscribe);
    }
    Ok(doc.finish(subject))
}

fn subject(page: &Page, what: &str, title: &str) -> String {
    tr!(page.lang, "email-subject", page = page.title.as_str(), what = what, title = title)
}

fn incident_mail(page: &Page, incident: &Incident, update_id: i64) -> (String, Doc) {
    let lang = page.lang;
    // The label as the page shows it: the status when it changed, "Update" when it did not.
    let trail = timeline::incident_steps(&incident.updates);
    let update = trail.into_iter().find(|(_, u)| u.id == update_id);
    let label = match update {
        Some((step, _)) => lang.step(step, Lang::incident_status),
        None => lang.incident_status(incident.status),
    };
    let subject = subject(page, &label, &incident.title);
    let mut doc = Doc::new(page);
    doc.heading(&incident.title);
    match update {
        Some((step, u)) => {
            let status = lang.incident_status(u.status);
            let shown = match step {
                Some(_) => label,
                None => tr!(lang, "email-status-change", label = label, status = status),
            };
            doc.status_line(&shown, &lang.time(u.display_at, page.tz));
            doc.markdown(&u.body);
        }
        None => doc.status_line(&label, &lang.time(incident.shown_dates().last_changed, page.tz)),
    }
    if let Some(sentence) = affected_sentence(&incident.affected, lang) {
        doc.para(&sentence);
    }
    doc.link(&lang.t("email-view-incident"), &format!("{}{}", page.public_url, paths::incident(incident.id)));
    (subject, doc)
}

fn maintenance_mail(page: &Page, m: &Maintenance, update_id: Option<i64>) -> (String, Doc) {
    let lang = page.lang;
    let trail = timeline::maintenance_steps(&m.updates);
    let update = update_id.and_then(|id| trail.into_iter().find(|(_, u)| u.id == id));
    let status = update.map(|(_, u)| u.status).unwrap_or(m.status);
    let phrase = match (update.map(|(step, _)| step), status) {
        (Some(None), _) => "email-maintenance-update",
        (_, MaintenanceStatus::Scheduled) => "email-maintenance-scheduled",
        (_, MaintenanceStatus::InProgress) => "email-maintenance-in-progress",
        (_, MaintenanceStatus::Verifying) => "email-maintenance-verifying",
        (_, MaintenanceStatus::Completed) => "email-maintenance-completed",
    };
    let subject = subject(page, &lang.t(phrase), &m.title);
    let mut doc = Doc::new(page);
    doc.heading(&m.title);
    let (from, until) = (lang.time(m.scheduled_for, page.tz), lang.time(m.scheduled_until, page.tz));
    let status = lang.maintenance_status(status);
    doc.para(&tr!(lang, "email-maintenance-status", status = status, from = from, until = until));
    if let Some((step, u)) = update {
        doc.status_line(&lang.step(step, Lang::maintenance_status), &lang.time(u.display_at, page.tz));
        doc.markdown(&u.body);
    }
    if !m.affected.is_empty() {
        let names: Vec<String> = m.affected.iter().map(|c| c.name.clone()).collect();
        doc.para(&tr!(lang, "maintenance-components", names = lang.list(&names)));
    }
    doc.link(&lang.t("email-view-maintenance"), &format!("{}{}", page.public_url, paths::maintenance(m.id)));
    (subject, doc)
}

fn confirmation_mail(page: &Page, confirm: &str) -> Content {
    let (lang, name) = (page.lang, page.title.as_str());
    let heading = lang.t("email-confirm-heading");
    let mut doc = Doc::new(page);
    doc.heading(&heading);
    doc.para(&tr!(lang, "email-confirm-asked", page = name));
    doc.link(&heading, confirm);
    doc.para(&tr!(lang, "email-confirm-expires", hours = CONFIRM_FOR.num_hours()));
    doc.finish(format!("[{name}] {heading}"))
}

fn manage_link_mail(page: &Page, manage: &str) -> (String, Doc) {
    let (lang, name) = (page.lang, page.title.as_str());
    let heading = lang.t("manage-heading");
    let mut doc = Doc::new(page);
    doc.heading(&heading);
    doc.para(&tr!(lang, "email-manage-asked", page = name));
    doc.link(&lang.t("email-manage-link"), manage);
    doc.para(&lang.t("email-ignore"));
    (format!("[{name}] {heading}"), doc)
}

// Inline styles only (mail clients drop style sheets); no images, nothing loaded from elsewhere.
const BODY: &str = "margin:0 auto;max-width:600px;padding:24px 16px;font-family:-apple-system,'Segoe UI',\
                    Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;background:#ffffff";
const MUTED: &str = "margin:0 0 16px;font-size:14px;color:#555555";
const H1: &str = "margin:0 0 12px;font-size:22px;line-height:1.3";
const P: &str = "margin:0 0 16px";
const A: &str = "color:#0b57d0;text-decoration:underline";
const FOOT: &str = "margin:24px 0 0;padding-top:12px;border-top:1px solid #dddddd;font-size:13px;color:#555555";

/// A mail written twice at once: plain text and HTML.
struct Doc {
    text: String,
    html: String,
    lang: Lang,
}

impl Doc {
    fn new(page: &Page) -> Doc {
        let mut doc = Doc { text: String::new(), html: String::new(), lang: page.lang };
        let _ = write!(doc.text, "{}\n\n", page.title);
        let _ = writeln!(doc.html, "<p style=\"{MUTED}\">{}</p>", escape(&page.title));
        doc
    }

    fn heading(&mut self, s: &str) {
        let _ = write!(self.text, "{s}\n{}\n\n", "=".repeat(s.chars().count().clamp(3, 72)));
        let _ = writeln!(self.html, "<h1 style=\"{H1}\">{}</h1>", escape(s));
    }

    fn status_line(&mut self, label: &str, time: &str) {
        let _ = write!(self.text, "{label} - {time}\n\n");
        let _ =
            writeln!(self.html, "<p style=\"{P}\"><strong>{}</strong> &middot; {}</p>", escape(label), escape(time));
    }

    fn para(&mut self, s: &str) {
        let _ = write!(self.text, "{s}\n\n");
        let _ = writeln!(self.html, "<p style=\"{P}\">{}</p>", escape(s));
    }

    /// Staff-written Markdown: as written in the text part (Markdown reads as text), rendered and
    /// sanitised by the page's one renderer in the HTML part.
    fn markdown(&mut self, md: &str) {
        let _ = write!(self.text, "{}\n\n", md.trim_end());
        let _ = writeln!(self.html, "<div style=\"{P}\">{}</div>", app::markdown::render_without_images(md));
    }

    fn link(&mut self, label: &str, url: &str) {
        let _ = write!(self.text, "{label}:\n{url}\n\n");
        let _ =
            writeln!(self.html, "<p style=\"{P}\"><a href=\"{}\" style=\"{A}\">{}</a></p>", escape(url), escape(label));
    }

    fn footer(&mut self, page: &Page, manage: &str, unsubscribe: &str) {
        let lang = page.lang;
        let why = tr!(lang, "email-why", page = page.title.as_str());
        let (manage_label, unsubscribe_label) = (lang.t("email-manage"), lang.t("unsubscribe"));
        let _ = writeln!(self.text, "-- \n{why}\n{manage_label}: {manage}\n{unsubscribe_label}: {unsubscribe}");
        let _ = writeln!(
            self.html,
            "<p style=\"{FOOT}\">{}<br><a href=\"{}\" style=\"{A}\">{}</a> &middot; \
             <a href=\"{}\" style=\"{A}\">{}</a></p>",
            escape(&why),
            escape(manage),
            escape(&manage_label),
            escape(unsubscribe),
            escape(&unsubscribe_label)
        );
    }

    fn finish(self, subject: String) -> Content {
        let html = format!(
            "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
             content=\"width=device-width, initial-scale=1\"><title>{}</title></head>\n<body style=\"margin:0;\
             padding:0;background:#ffffff\">\n<div style=\"{BODY}\">\n{}</div>\n</body></html>\n",
            self.lang.tag(),
            self.lang.dir(),
            escape(&subject),
            self.html
        );
        Content { subject, text: self.text, html }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::{AffectedComponent, Impact, IncidentStatus, IncidentUpdate, MaintenanceUpdate};
    use chrono::{TimeZone, Utc};

    fn page() -> Page {
        Page {
            title: "Acme Status".into(),
            public_url: "https://status.acme.test".into(),
            tz: chrono_tz::America::Los_Angeles,
            lang: app::i18n::Lang::default(),
        }
    }

    fn manage() -> Signed {
        Signed::Manage { manage: "https://status.acme.test/m".into(), unsubscribe: "https://status.acme.test/u".into() }
    }

    fn update(id: i64, status: IncidentStatus, body: &str) -> IncidentUpdate {
        let at = Utc.with_ymd_and_hms(2020, 10, 28, 6, 53, 0).unwrap();
        IncidentUpdate {
            id,
            incident_id: 4,
            status,
            body: body.into(),
            display_at: at,
            created_at: at,
            updated_at: at,
            version: 1,
            changes: vec![],
            notify: true,
        }
    }

    fn incident(statuses: &[IncidentStatus]) -> Incident {
        let at = Utc.with_ymd_and_hms(2020, 10, 28, 6, 50, 0).unwrap();
        let updates: Vec<_> =
            statuses.iter().enumerate().map(|(i, s)| update(10 + i as i64, *s, &format!("note {i}"))).collect();
        Incident {
            id: 4,
            title: "API errors".into(),
            impact: Impact::Major,
            status: *statuses.last().unwrap(),
            started_at: at,
            resolved_at: None,
            created_at: at,
            updated_at: at,
            version: 1,
            updates,
            affected: vec![AffectedComponent { component_id: 1, name: "API".into(), group: None }],
            postmortem: None,
        }
    }

    #[test]
    fn incident_subjects_carry_the_label_the_page_shows() {
        use IncidentStatus::*;
        let i = incident(&[Investigating, Investigating, Resolved]);
        let kind = NotificationKind::IncidentUpdated;
        let subject = |update_id| {
            let snapshot = Snapshot::Incident { incident: i.clone(), update_id };
            content(&page(), kind, &snapshot, &manage()).unwrap().subject
        };
        assert_eq!(subject(10), "[Acme Status] Investigating: API errors");
        assert_eq!(subject(11), "[Acme Status] Update: API errors", "a repeated status reads Update");
        assert_eq!(subject(12), "[Acme Status] Resolved: API errors");
        let body = content(&page(), kind, &Snapshot::Incident { incident: i, update_id: 11 }, &manage()).unwrap();
        assert!(body.text.contains("Update (status: Investigating) - Oct 27, 2020 - 23:53 PDT"), "{}", body.text);
        assert!(body.text.contains("note 1") && !body.text.contains("note 0"), "only its own update");
        assert!(body.text.contains("This incident affected: API."), "{}", body.text);
        assert!(body.text.contains("https://status.acme.test/incidents/4"), "{}", body.text);
    }

    #[test]
    fn maintenance_subjects_say_what_happened() {
        let at = Utc.with_ymd_and_hms(2020, 11, 1, 8, 0, 0).unwrap();
        let mu = |id, status| MaintenanceUpdate {
            id,
            maintenance_id: 2,
            status,
            body: "We upgrade the database.".into(),
            display_at: at,
            created_at: at,
            notify: true,
        };
        let m = Maintenance {
            id: 2,
            title: "DB upgrade".into(),
            status: MaintenanceStatus::InProgress,
            scheduled_for: at,
            scheduled_until: at + chrono::Duration::hours(2),
            auto_start: true,
            auto_complete: true,
            created_at: at,
            updated_at: at,
            updates: vec![mu(20, MaintenanceStatus::Scheduled), mu(21, MaintenanceStatus::Scheduled)],
            affected: vec![],
        };
        let subject = |kind, update_id| {
            let snapshot = Snapshot::Maintenance { maintenance: m.clone(), update_id };
            content(&page(), kind, &snapshot, &manage()).unwrap().subject
        };
        use NotificationKind::*;
        assert_eq!(subject(MaintenanceScheduled, Some(20)), "[Acme Status] Scheduled maintenance: DB upgrade");
        assert_eq!(subject(MaintenanceUpdated, Some(21)), "[Acme Status] Maintenance update: DB upgrade");
        assert_eq!(subject(MaintenanceStarted, None), "[Acme Status] Maintenance in progress: DB upgrade");
    }

    #[test]
    fn mismatched_payloads_and_component_changes_are_not_written() {
        let snapshot = Snapshot::Subscription;
        assert!(content(&page(), NotificationKind::IncidentCreated, &snapshot, &manage()).is_err());
        assert!(content(&page(), NotificationKind::ComponentUpdated, &snapshot, &manage()).is_err());
        let confirm = Signed::Confirm("https://status.acme.test/c".into());
        assert!(content(&page(), NotificationKind::ManageLink, &snapshot, &confirm).is_err(), "needs a manage link");
    }

    #[test]
    fn staff_text_is_escaped_in_the_html() {
        let mut i = incident(&[IncidentStatus::Investigating]);
        i.title = "<b>API</b> & \"web\"".into();
        let snapshot = Snapshot::Incident { incident: i, update_id: 10 };
        let c = content(&page(), NotificationKind::IncidentCreated, &snapshot, &manage()).unwrap();
        assert!(c.html.contains("&lt;b&gt;API&lt;/b&gt; &amp; &quot;web&quot;"), "{}", c.html);
        assert!(!c.html.contains("<b>API"), "{}", c.html);
    }
}

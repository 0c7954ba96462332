//! What a subscriber mail says: its subject and its plain-text and HTML bodies for each kind of
//! event, written side by side so that both always say the same. Pure; `email.rs` signs the
//! links, builds the MIME message and sends it.

use super::links::CONFIRM_FOR;
use super::payload::{Page, Snapshot};
use app::domain::{affected, timeline, Incident, Maintenance, MaintenanceStatus, NotificationKind};
use app::time::format_time;
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

fn incident_mail(page: &Page, incident: &Incident, update_id: i64) -> (String, Doc) {
    // The label as the page shows it: the status when it changed, "Update" when it did not.
    let trail = timeline::newest_first(&incident.updates);
    let update = trail.into_iter().find(|(_, u)| u.id == update_id);
    let label = update.map(|(label, _)| label).unwrap_or(incident.status.label());
    let subject = format!("[{}] {label}: {}", page.title, incident.title);
    let mut doc = Doc::new(page);
    doc.heading(&incident.title);
    match update {
        Some((label, u)) => {
            let status = u.status.label();
            let shown = if label == status { label.to_string() } else { format!("{label} (status: {status})") };
            doc.status_line(&shown, &format_time(u.display_at, page.tz));
            doc.markdown(&u.body);
        }
        None => doc.status_line(incident.status.label(), &format_time(incident.updated_at, page.tz)),
    }
    if let Some(sentence) = affected::sentence(&incident.affected) {
        doc.para(&sentence);
    }
    doc.link("View this incident", &format!("{}/incidents/{}", page.public_url, incident.id));
    (subject, doc)
}

fn maintenance_mail(page: &Page, m: &Maintenance, update_id: Option<i64>) -> (String, Doc) {
    let trail = timeline::maintenance_newest_first(&m.updates);
    let update = update_id.and_then(|id| trail.into_iter().find(|(_, u)| u.id == id));
    let status = update.map(|(_, u)| u.status).unwrap_or(m.status);
    let phrase = match (update.map(|(label, _)| label), status) {
        (Some("Update"), _) => "Maintenance update",
        (_, MaintenanceStatus::Scheduled) => "Scheduled maintenance",
        (_, MaintenanceStatus::InProgress) => "Maintenance in progress",
        (_, MaintenanceStatus::Verifying) => "Maintenance verifying",
        (_, MaintenanceStatus::Completed) => "Maintenance completed",
    };
    let subject = format!("[{}] {phrase}: {}", page.title, m.title);
    let mut doc = Doc::new(page);
    doc.heading(&m.title);
    doc.para(&format!(
        "Status: {}. Window: {} to {}.",
        status.label(),
        format_time(m.scheduled_for, page.tz),
        format_time(m.scheduled_until, page.tz)
    ));
    if let Some((label, u)) = update {
        doc.status_line(label, &format_time(u.display_at, page.tz));
        doc.markdown(&u.body);
    }
    if !m.affected.is_empty() {
        let names: Vec<String> = m.affected.iter().map(|c| c.name.clone()).collect();
        doc.para(&format!("Components: {}.", affected::join_english(&names)));
    }
    doc.link("View the status page", &format!("{}/", page.public_url));
    (subject, doc)
}

fn confirmation_mail(page: &Page, confirm: &str) -> Content {
    let mut doc = Doc::new(page);
    doc.heading("Confirm your subscription");
    doc.para(&format!("Someone, hopefully you, asked to receive status updates from {} at this address.", page.title));
    doc.link("Confirm your subscription", confirm);
    doc.para(&format!(
        "The link expires in {} hours. Nothing will be sent to this address before it is clicked; if you did not \
         ask for this, ignore this mail.",
        CONFIRM_FOR.num_hours()
    ));
    doc.finish(format!("[{}] Confirm your subscription", page.title))
}

fn manage_link_mail(page: &Page, manage: &str) -> (String, Doc) {
    let mut doc = Doc::new(page);
    doc.heading("Your subscription");
    doc.para(&format!(
        "Someone, hopefully you, asked to subscribe this address to status updates from {}. It is subscribed \
         already, so nothing changed.",
        page.title
    ));
    doc.link("Choose what you receive, or unsubscribe", manage);
    doc.para("If you did not ask for this, you can ignore this mail.");
    (format!("[{}] Your subscription", page.title), doc)
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
}

impl Doc {
    fn new(page: &Page) -> Doc {
        let mut doc = Doc { text: String::new(), html: String::new() };
        let _ = write!(doc.text, "{}\n\n", page.title);
        let _ = write!(doc.html, "<p style=\"{MUTED}\">{}</p>\n", escape(&page.title));
        doc
    }

    fn heading(&mut self, s: &str) {
        let _ = write!(self.text, "{s}\n{}\n\n", "=".repeat(s.chars().count().clamp(3, 72)));
        let _ = write!(self.html, "<h1 style=\"{H1}\">{}</h1>\n", escape(s));
    }

    fn status_line(&mut self, label: &str, time: &str) {
        let _ = write!(self.text, "{label} - {time}\n\n");
        let _ = write!(self.html, "<p style=\"{P}\"><strong>{}</strong> &middot; {}</p>\n", escape(label), escape(time));
    }

    fn para(&mut self, s: &str) {
        let _ = write!(self.text, "{s}\n\n");
        let _ = write!(self.html, "<p style=\"{P}\">{}</p>\n", escape(s));
    }

    /// Staff-written Markdown: as written in the text part (Markdown reads as text), rendered and
    /// sanitised by the page's one renderer in the HTML part.
    fn markdown(&mut self, md: &str) {
        let _ = write!(self.text, "{}\n\n", md.trim_end());
        let _ = write!(self.html, "<div style=\"{P}\">{}</div>\n", app::markdown::render_without_images(md));
    }

    fn link(&mut self, label: &str, url: &str) {
        let _ = write!(self.text, "{label}:\n{url}\n\n");
        let _ = write!(self.html, "<p style=\"{P}\"><a href=\"{}\" style=\"{A}\">{}</a></p>\n", escape(url), escape(label));
    }

    fn footer(&mut self, page: &Page, manage: &str, unsubscribe: &str) {
        let why = format!("You receive this because this address is subscribed to status updates from {}.", page.title);
        let _ = write!(self.text, "-- \n{why}\nManage your subscription: {manage}\nUnsubscribe: {unsubscribe}\n");
        let _ = write!(
            self.html,
            "<p style=\"{FOOT}\">{}<br><a href=\"{}\" style=\"{A}\">Manage your subscription</a> &middot; \
             <a href=\"{}\" style=\"{A}\">Unsubscribe</a></p>\n",
            escape(&why),
            escape(manage),
            escape(unsubscribe)
        );
    }

    fn finish(self, subject: String) -> Content {
        let html = format!(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
             content=\"width=device-width, initial-scale=1\"><title>{}</title></head>\n<body style=\"margin:0;\
             padding:0;background:#ffffff\">\n<div style=\"{BODY}\">\n{}</div>\n</body></html>\n",
            escape(&subject),
            self.html
        );
        Content { subject, text: self.text, html }
    }
}

/// Text for HTML content and attribute values.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

//! Chat messages for incoming-webhook URLs: Slack (text and blocks), Discord (an embed) and
//! Microsoft Teams (an Adaptive Card), each with the status, the title, the update's text and a
//! link to the page. Sent through the webhook client ([`Http`]), unsigned.

use super::payload::{Outcome, Page, PageSource, Snapshot};
use super::webhook::Http;
use super::worker::Sender;
use crate::store::Claimed;
use app::domain::timeline::{maintenance_newest_first, newest_first};
use app::domain::{ComponentStatus, Impact, IncidentStatus, MaintenanceStatus, SubscriberKind};
use app::paths;
use app::time::format_time;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

/// How much of an update's text a message carries (chat services cut longer ones themselves,
/// less gracefully).
const BODY_CHARS: usize = 1500;

/// What every chat format says, in its own shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// "Investigating" or "Update", "Maintenance in progress", "Component status".
    pub status: String,
    pub title: String,
    /// The update's Markdown as written (shortened), or a sentence.
    pub text: String,
    pub link: String,
    pub at: DateTime<Utc>,
    /// Name and value pairs: impact, affected components, the window.
    pub facts: Vec<(String, String)>,
    /// RGB, for formats that colour a message.
    pub color: u32,
}

const GREEN: u32 = 0x2e_a0_43;
const YELLOW: u32 = 0xd4_a0_17;
const ORANGE: u32 = 0xe0_6c_00;
const RED: u32 = 0xcf_22_2e;
const BLUE: u32 = 0x3b_73_d6;

fn shorten(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= BODY_CHARS {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(BODY_CHARS).collect();
    // At a word's end when there is one near.
    if let Some(space) = cut.rfind(char::is_whitespace).filter(|i| *i > BODY_CHARS / 2) {
        cut.truncate(space);
    }
    format!("{}…", cut.trim_end())
}

fn impact_color(impact: Impact) -> u32 {
    match impact {
        Impact::None | Impact::Minor => YELLOW,
        Impact::Major => ORANGE,
        Impact::Critical => RED,
    }
}

fn component_color(status: ComponentStatus) -> u32 {
    match status {
        ComponentStatus::Operational => GREEN,
        ComponentStatus::UnderMaintenance => BLUE,
        ComponentStatus::DegradedPerformance => YELLOW,
        ComponentStatus::PartialOutage => ORANGE,
        ComponentStatus::MajorOutage => RED,
    }
}

fn names(affected: &[app::domain::AffectedComponent]) -> Option<String> {
    (!affected.is_empty()).then(|| affected.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", "))
}

/// What to say about `snapshot`; `None` for a message about a subscription (email only).
pub fn message(snapshot: &Snapshot, page: &Page) -> Option<Message> {
    match snapshot {
        Snapshot::Incident { incident, update_id } => {
            let labelled = newest_first(&incident.updates);
            let (label, update) = labelled.iter().find(|(_, u)| u.id == *update_id).or(labelled.first()).copied()?;
            let mut facts = vec![("Impact".to_string(), incident.impact.label().to_string())];
            facts.extend(names(&incident.affected).map(|n| ("Affected".to_string(), n)));
            let color = if update.status == IncidentStatus::Resolved { GREEN } else { impact_color(incident.impact) };
            Some(Message {
                status: label.to_string(),
                title: incident.title.clone(),
                text: shorten(&update.body),
                link: format!("{}{}", page.public_url, paths::incident(incident.id)),
                at: update.display_at,
                facts,
                color,
            })
        }
        Snapshot::Maintenance { maintenance: m, update_id } => {
            let labelled = maintenance_newest_first(&m.updates);
            let found = labelled.iter().find(|(_, u)| Some(u.id) == *update_id).or(labelled.first()).copied();
            let window =
                format!("{} to {}", format_time(m.scheduled_for, page.tz), format_time(m.scheduled_until, page.tz));
            let mut facts = vec![("Window".to_string(), window)];
            facts.extend(names(&m.affected).map(|n| ("Affected".to_string(), n)));
            let color = if m.status == MaintenanceStatus::Completed { GREEN } else { BLUE };
            Some(Message {
                status: format!("Maintenance: {}", found.map_or(m.status.label(), |(label, _)| label)),
                title: m.title.clone(),
                text: found.map(|(_, u)| shorten(&u.body)).unwrap_or_default(),
                link: format!("{}{}", page.public_url, paths::maintenance(m.id)),
                at: found.map_or(m.shown_dates().last_changed, |(_, u)| u.display_at),
                facts,
                color,
            })
        }
        Snapshot::Component { component, old_status, new_status, at } => Some(Message {
            status: "Component status".to_string(),
            title: format!("{} is {}", component.name, new_status.label()),
            text: format!("{} changed from {} to {}.", component.name, old_status.label(), new_status.label()),
            link: format!("{}/", page.public_url),
            at: *at,
            facts: Vec::new(),
            color: component_color(*new_status),
        }),
        Snapshot::Subscription => None,
    }
}

/// Slack's mrkdwn treats these three as markup.
fn slack_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

pub fn slack(m: &Message, page: &Page) -> Value {
    let heading = format!("*{}* · <{}|{}>", slack_escape(&m.status), m.link, slack_escape(&m.title));
    let mut blocks = vec![json!({"type": "section", "text": {"type": "mrkdwn", "text": heading}})];
    if !m.text.is_empty() {
        blocks.push(json!({"type": "section", "text": {"type": "mrkdwn", "text": slack_escape(&m.text)}}));
    }
    let mut context: Vec<Value> =
        m.facts.iter().map(|(k, v)| json!({"type": "mrkdwn", "text": format!("*{k}:* {}", slack_escape(v))})).collect();
    context.push(
        json!({"type": "mrkdwn", "text": format!("{} · {}", slack_escape(&page.title), format_time(m.at, page.tz))}),
    );
    blocks.push(json!({"type": "context", "elements": context}));
    json!({"text": format!("{}: {} {}", m.status, m.title, m.link), "blocks": blocks})
}

pub fn discord(m: &Message, page: &Page) -> Value {
    let fields: Vec<Value> = m.facts.iter().map(|(k, v)| json!({"name": k, "value": v, "inline": true})).collect();
    let description = if m.text.is_empty() { m.status.clone() } else { format!("**{}**: {}", m.status, m.text) };
    json!({
        "embeds": [{
            "title": format!("{}: {}", m.status, m.title).chars().take(256).collect::<String>(),
            "url": m.link,
            "description": description,
            "color": m.color,
            "fields": fields,
            "timestamp": m.at.to_rfc3339_opts(SecondsFormat::Secs, true),
            "footer": {"text": page.title},
        }],
    })
}

pub fn teams(m: &Message, page: &Page) -> Value {
    let mut body = vec![
        json!({"type": "TextBlock", "text": m.status, "weight": "Bolder", "color": "Accent", "wrap": true}),
        json!({"type": "TextBlock", "text": m.title, "size": "Large", "weight": "Bolder", "wrap": true}),
    ];
    if !m.text.is_empty() {
        body.push(json!({"type": "TextBlock", "text": m.text, "wrap": true}));
    }
    let mut facts: Vec<Value> = m.facts.iter().map(|(k, v)| json!({"title": k, "value": v})).collect();
    facts.push(json!({"title": "Posted", "value": format_time(m.at, page.tz)}));
    body.push(json!({"type": "FactSet", "facts": facts}));
    json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": null,
            "content": {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard",
                "version": "1.4",
                "body": body,
                "actions": [{"type": "Action.OpenUrl", "title": format!("Open {}", page.title), "url": m.link}],
            },
        }],
    })
}

/// Sends chat messages to Slack, Discord and Teams subscribers.
pub struct Chat {
    pub http: Http,
    pub page: PageSource,
}

#[async_trait::async_trait]
impl Sender for Chat {
    async fn deliver(&self, d: &Claimed, snapshot: &Snapshot) -> Outcome {
        let page = self.page.now();
        let Some(m) = message(snapshot, &page) else {
            return Outcome::delivered(None, "nothing to tell a chat");
        };
        let body = match d.kind {
            SubscriberKind::Slack => slack(&m, &page),
            SubscriberKind::Discord => discord(&m, &page),
            SubscriberKind::Teams => teams(&m, &page),
            other => return Outcome::refused(None, format!("{other} is not a chat service")),
        };
        self.http.post(&d.target, body.to_string(), &[]).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_maintenance_message_links_its_own_page_in_every_format() {
        use app::domain::{Maintenance, MaintenanceUpdate};
        let at = chrono::Utc::now();
        let update = MaintenanceUpdate {
            id: 30,
            maintenance_id: 3,
            status: MaintenanceStatus::Scheduled,
            body: "A new version.".into(),
            display_at: at,
            created_at: at,
            notify: true,
        };
        let maintenance = Maintenance {
            id: 3,
            title: "DB upgrade".into(),
            status: MaintenanceStatus::Scheduled,
            scheduled_for: at,
            scheduled_until: at + chrono::Duration::hours(1),
            auto_start: true,
            auto_complete: true,
            created_at: at,
            updated_at: at,
            updates: vec![update],
            affected: Vec::new(),
        };
        let page = Page {
            title: "Acme Status".into(),
            public_url: "https://status.acme.test".into(),
            tz: chrono_tz::UTC,
            lang: app::i18n::Lang::default(),
        };
        let snapshot = Snapshot::Maintenance { maintenance, update_id: Some(30) };
        let m = message(&snapshot, &page).expect("a message");
        let link = "https://status.acme.test/maintenance/3";
        assert_eq!(m.link, link);
        assert!(slack(&m, &page)["text"].as_str().is_some_and(|t| t.ends_with(link)));
        assert_eq!(discord(&m, &page)["embeds"][0]["url"], link);
        assert!(teams(&m, &page).to_string().contains(link));
    }

    #[test]
    fn long_text_is_cut_at_a_word() {
        let long = "word ".repeat(1000);
        let cut = shorten(&long);
        assert!(cut.ends_with("word…") && cut.chars().count() <= BODY_CHARS + 1, "{cut}");
        assert_eq!(shorten("  short  "), "short");
        assert_eq!(slack_escape("a < b & c > d"), "a &lt; b &amp; c &gt; d");
    }
}

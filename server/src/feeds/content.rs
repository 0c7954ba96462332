//! An entry's content: the whole trail as HTML, newest step first, in the shape Statuspage's feeds
//! have and their readers parse — `<p><small>Oct 27, 23:53 PDT</small><br><strong>Monitoring</strong>
//! - body…</p>`, where the first `<strong>` is the latest step's label.

use crate::xml::escape;
use app::domain::{affected, timeline, Incident, Maintenance};
use app::markdown;
use app::time::{format_time, format_time_short};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// The label of a published postmortem's step, shown above the updates.
pub const POSTMORTEM: &str = "Postmortem";

pub fn incident(incident: &Incident, tz: Tz) -> String {
    let mut out = String::new();
    if let Some(p) = incident.published_postmortem() {
        let at = p.published_at.unwrap_or(p.updated_at);
        step(&mut out, at, POSTMORTEM, &p.body, tz);
    }
    for (label, update) in timeline::newest_first(&incident.updates) {
        step(&mut out, update.display_at, label, &update.body, tz);
    }
    if let Some(sentence) = affected::sentence(&incident.affected) {
        out.push_str(&format!("<p>{}</p>", escape(&sentence)));
    }
    out
}

pub fn maintenance(m: &Maintenance, tz: Tz) -> String {
    let mut out = String::new();
    for (label, update) in timeline::maintenance_newest_first(&m.updates) {
        step(&mut out, update.display_at, label, &update.body, tz);
    }
    out.push_str(&format!(
        "<p>Scheduled from {} until {}.</p>",
        escape(&format_time(m.scheduled_for, tz)),
        escape(&format_time(m.scheduled_until, tz))
    ));
    if !m.affected.is_empty() {
        let names: Vec<String> = m.affected.iter().map(|c| c.name.clone()).collect();
        out.push_str(&format!("<p>Components: {}.</p>", escape(&affected::join_english(&names))));
    }
    out
}

/// One step. The body's first paragraph continues the step's own paragraph after " - "; any
/// further blocks (lists, tables, more paragraphs) follow it.
fn step(out: &mut String, at: DateTime<Utc>, label: &str, body: &str, tz: Tz) {
    out.push_str(&format!(
        "<p><small>{}</small><br><strong>{}</strong>",
        escape(&format_time_short(at, tz)),
        escape(label)
    ));
    let html = markdown::render(body);
    let first_paragraph = html.strip_prefix("<p>").and_then(|rest| rest.split_once("</p>"));
    match first_paragraph {
        Some((first, rest)) => {
            out.push_str(" - ");
            out.push_str(first);
            out.push_str("</p>");
            out.push_str(rest.trim());
        }
        None => {
            out.push_str("</p>");
            out.push_str(html.trim());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn render(body: &str) -> String {
        let mut out = String::new();
        let at = Utc.with_ymd_and_hms(2020, 10, 28, 6, 53, 0).unwrap();
        let la: Tz = "America/Los_Angeles".parse().unwrap();
        step(&mut out, at, "Monitoring", body, la);
        out
    }

    #[test]
    fn a_one_paragraph_body_reads_like_statuspage() {
        assert_eq!(
            render("A fix is **out**."),
            "<p><small>Oct 27, 23:53 PDT</small><br><strong>Monitoring</strong> - A fix is <strong>out</strong>.</p>"
        );
    }

    #[test]
    fn further_blocks_follow_the_step_and_raw_html_stays_text() {
        assert_eq!(
            render("Cause found.\n\n- one\n- <b>two</b>"),
            "<p><small>Oct 27, 23:53 PDT</small><br><strong>Monitoring</strong> - Cause found.</p>\
             <ul>\n<li>one</li>\n<li>&lt;b&gt;two&lt;/b&gt;</li>\n</ul>"
        );
        assert_eq!(
            render("## Heading"),
            "<p><small>Oct 27, 23:53 PDT</small><br><strong>Monitoring</strong></p><h2>Heading</h2>"
        );
    }
}

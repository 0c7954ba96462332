//! An entry's content: the whole trail as HTML, newest step first, in the shape Statuspage's feeds
//! have and their readers parse — `<p><small>Oct 27, 23:53 PDT</small><br><strong>Monitoring</strong>
//! - body…</p>`, where the first `<strong>` is the latest step's label.

use crate::xml::escape;
use app::domain::{timeline, Incident, Maintenance};
use app::i18n::Lang;
use app::markdown;
use app::pages::public::affected_sentence;
use app::tr;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

pub fn incident(incident: &Incident, tz: Tz, lang: Lang) -> String {
    let mut out = String::new();
    if let Some(p) = incident.published_postmortem() {
        let at = p.published_at.unwrap_or(p.updated_at);
        step(&mut out, at, &lang.t("postmortem"), &p.body, tz, lang);
    }
    for (changed, update) in timeline::incident_steps(&incident.updates) {
        step(&mut out, update.display_at, &lang.step(changed, Lang::incident_status), &update.body, tz, lang);
    }
    if let Some(sentence) = affected_sentence(&incident.affected, lang) {
        out.push_str(&format!("<p>{}</p>", escape(&sentence)));
    }
    out
}

pub fn maintenance(m: &Maintenance, tz: Tz, lang: Lang) -> String {
    let mut out = String::new();
    for (changed, update) in timeline::maintenance_steps(&m.updates) {
        step(&mut out, update.display_at, &lang.step(changed, Lang::maintenance_status), &update.body, tz, lang);
    }
    let (from, until) = (lang.time(m.scheduled_for, tz), lang.time(m.scheduled_until, tz));
    out.push_str(&format!("<p>{}</p>", escape(&tr!(lang, "feed-scheduled", from = from, until = until))));
    if !m.affected.is_empty() {
        let names: Vec<String> = m.affected.iter().map(|c| c.name.clone()).collect();
        out.push_str(&format!("<p>{}</p>", escape(&tr!(lang, "maintenance-components", names = lang.list(&names)))));
    }
    out
}

/// One step. The body's first paragraph continues the step's own paragraph after " - "; any
/// further blocks (lists, tables, more paragraphs) follow it.
fn step(out: &mut String, at: DateTime<Utc>, label: &str, body: &str, tz: Tz, lang: Lang) {
    out.push_str(&format!(
        "<p><small>{}</small><br><strong>{}</strong>",
        escape(&lang.time_short(at, tz)),
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
        step(&mut out, at, "Monitoring", body, la, Lang::fallback());
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

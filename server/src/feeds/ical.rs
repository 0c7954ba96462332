//! `/maintenance.ics`: the page's maintenance windows as an iCalendar feed (RFC 5545) that
//! calendar apps subscribe to: one event per window, in UTC (each app shows it in its own zone),
//! with the affected components and the latest update as its description. An event keeps its UID
//! for life, and its SEQUENCE grows with every update, so calendars move a window that moved.

use app::domain::{Maintenance, MaintenanceStatus};
use app::i18n::Lang;
use app::pages::public::Site;
use app::tr;
use chrono::{DateTime, Utc};

/// The calendar's text, lines ending in CRLF and folded at 75 octets.
pub fn render(site: &Site, public_url: &str, host: &str, windows: &[Maintenance]) -> String {
    let lang = site.lang;
    let mut out = String::new();
    let mut line = |text: String| fold(&mut out, &text);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//Beacon//Status page//EN".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", text(&tr!(lang, "calendar-name", page = site.title.as_str()))));
    for m in windows {
        line("BEGIN:VEVENT".into());
        line(format!("UID:maintenance-{}@{}", m.id, text(host)));
        line(format!("DTSTAMP:{}", stamp(m.updated_at)));
        line(format!("LAST-MODIFIED:{}", stamp(m.updated_at)));
        line(format!("DTSTART:{}", stamp(m.scheduled_for)));
        line(format!("DTEND:{}", stamp(m.scheduled_until.max(m.scheduled_for + chrono::Duration::minutes(1)))));
        line(format!("SEQUENCE:{}", m.updates.len().saturating_sub(1)));
        line(format!("SUMMARY:{}", text(&m.title)));
        line(format!("DESCRIPTION:{}", text(&description(m, lang))));
        line(format!("URL:{}", text(&format!("{public_url}{}", app::paths::maintenance(m.id)))));
        line("STATUS:CONFIRMED".into());
        line("TRANSP:OPAQUE".into());
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

fn description(m: &Maintenance, lang: Lang) -> String {
    let names: Vec<String> = m.affected.iter().map(|c| c.name.clone()).collect();
    let mut d = tr!(lang, "sentence", text = lang.maintenance_status(m.status));
    if !names.is_empty() {
        d += &format!(" {}", tr!(lang, "maintenance-components", names = lang.list(&names)));
    }
    if let Some(latest) = m.updates.last().filter(|u| !u.body.trim().is_empty()) {
        d += &format!("\n\n{}", latest.body.trim());
    }
    if m.status == MaintenanceStatus::Completed {
        d += &format!("\n\n{}", lang.t("calendar-over"));
    }
    d
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value: backslash, semicolon, comma and line breaks escaped; other control characters
/// (which no content line may carry) left out.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so that no line is longer than 75 octets (a fold is CRLF and a
/// space; characters are never split).
fn fold(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_long_lines_fold_between_characters() {
        assert_eq!(text("a;b,c\\d\r\ne\u{7}"), "a\\;b\\,c\\\\d\\ne");
        let mut out = String::new();
        fold(&mut out, &format!("SUMMARY:{}", "é".repeat(60)));
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        assert_eq!(out.replace("\r\n ", ""), format!("SUMMARY:{}\r\n", "é".repeat(60)));
    }
}

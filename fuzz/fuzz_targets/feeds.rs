//! The feed writers (RSS 2.0, Atom, JSON Feed): whatever incident titles, update bodies,
//! postmortems and component names hold, the XML is well-formed, the JSON parses, every title
//! arrives whole and every entry's HTML runs nothing.

#![no_main]

use app::domain::{
    AffectedComponent, Impact, Incident, IncidentStatus, IncidentUpdate, Maintenance, MaintenanceStatus,
    MaintenanceUpdate, Postmortem,
};
use arbitrary::Arbitrary;
use chrono::{DateTime, Utc};
use libfuzzer_sys::fuzz_target;
use server::feeds::{site_text, Format, Site};
use server::store::PageInfo;

#[derive(Debug, Arbitrary)]
struct Input {
    site_title: String,
    tz: u16,
    incidents: Vec<IncidentIn>,
    maintenance: Vec<MaintenanceIn>,
}

#[derive(Debug, Arbitrary)]
struct IncidentIn {
    title: String,
    times: (Time, Time),
    updates: Vec<(u8, String, Time)>,
    postmortem: Option<(String, Option<Time>)>,
    affected: Vec<(String, Option<String>)>,
}

#[derive(Debug, Arbitrary)]
struct MaintenanceIn {
    title: String,
    window: (Time, Time),
    updates: Vec<(u8, String, Time)>,
    affected: Vec<String>,
}

/// Any time the API can be sent (RFC 3339 has four-digit years: 0000 to 9999).
#[derive(Debug, Arbitrary)]
struct Time(u64);

impl Time {
    fn at(&self) -> DateTime<Utc> {
        const YEAR_0: i64 = -62_167_219_200;
        const YEAR_10000: i64 = 253_402_300_800;
        let seconds = YEAR_0 + (self.0 % (YEAR_10000 - YEAR_0) as u64) as i64;
        DateTime::from_timestamp(seconds, 0).expect("in chrono's range")
    }
}

fn pick<T: Copy>(all: &[T], n: u8) -> T {
    all[n as usize % all.len()]
}

fn incident(id: i64, i: &IncidentIn) -> Incident {
    let (created, updated) = (i.times.0.at(), i.times.1.at());
    let statuses = [
        IncidentStatus::Investigating,
        IncidentStatus::Identified,
        IncidentStatus::Monitoring,
        IncidentStatus::Resolved,
    ];
    let updates: Vec<IncidentUpdate> = i
        .updates
        .iter()
        .enumerate()
        .map(|(n, (status, body, at))| IncidentUpdate {
            id: n as i64 + 1,
            incident_id: id,
            status: pick(&statuses, *status),
            body: body.clone(),
            display_at: at.at(),
            created_at: created,
            updated_at: updated,
            version: 1,
            changes: Vec::new(),
            notify: true,
        })
        .collect();
    Incident {
        id,
        title: i.title.clone(),
        impact: Impact::Major,
        status: updates.last().map_or(IncidentStatus::Investigating, |u| u.status),
        started_at: created,
        resolved_at: None,
        created_at: created,
        updated_at: updated,
        version: 1,
        updates,
        affected: i
            .affected
            .iter()
            .enumerate()
            .map(|(n, (name, group))| AffectedComponent {
                component_id: n as i64,
                name: name.clone(),
                group: group.clone(),
            })
            .collect(),
        postmortem: i.postmortem.as_ref().map(|(body, published)| Postmortem {
            incident_id: id,
            body: body.clone(),
            published_at: published.as_ref().map(Time::at),
            updated_at: updated,
            version: 1,
        }),
    }
}

fn maintenance(id: i64, m: &MaintenanceIn) -> Maintenance {
    let statuses = [
        MaintenanceStatus::Scheduled,
        MaintenanceStatus::InProgress,
        MaintenanceStatus::Verifying,
        MaintenanceStatus::Completed,
    ];
    let (from, until) = (m.window.0.at(), m.window.1.at());
    Maintenance {
        id,
        title: m.title.clone(),
        status: MaintenanceStatus::Scheduled,
        scheduled_for: from,
        scheduled_until: until,
        auto_start: true,
        auto_complete: true,
        created_at: from,
        updated_at: until,
        updates: m
            .updates
            .iter()
            .enumerate()
            .map(|(n, (status, body, at))| MaintenanceUpdate {
                id: n as i64 + 1,
                maintenance_id: id,
                status: pick(&statuses, *status),
                body: body.clone(),
                display_at: at.at(),
                created_at: at.at(),
                notify: true,
            })
            .collect(),
        affected: m
            .affected
            .iter()
            .enumerate()
            .map(|(n, name)| AffectedComponent { component_id: n as i64, name: name.clone(), group: None })
            .collect(),
    }
}

/// A title as an XML parser reads it back: without the characters XML cannot carry, line
/// breaks normalised (parsers differ on a lone `\r`, so both sides are normalised).
fn as_xml_reads(title: &str) -> String {
    let kept: String = title
        .chars()
        .filter(|&c| matches!(c, '\t' | '\n' | '\r') || !(c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}'))
        .collect();
    kept.replace("\r\n", "\n").replace('\r', "\n")
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn check_xml(format: Format, text: &str, titles: &[String], entry: &str, content: &str) {
    let doc =
        roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{format:?} is not well-formed XML: {e}\n{text}"));
    let entries: Vec<_> = doc.descendants().filter(|n| n.has_tag_name(entry)).collect();
    assert_eq!(entries.len(), titles.len(), "{format:?}: entries");
    let child_text = |n: &roxmltree::Node, name: &str| {
        n.children().find(|c| c.has_tag_name(name)).map(|c| c.text().unwrap_or("").to_string())
    };
    let read: Vec<String> = entries
        .iter()
        .map(|e| child_text(e, "title").expect("a title").replace("\r\n", "\n").replace('\r', "\n"))
        .collect();
    let sent: Vec<String> = titles.iter().map(|t| as_xml_reads(t)).collect();
    assert_eq!(sorted(read), sorted(sent), "{format:?}: titles");
    for e in &entries {
        let html = child_text(e, content).expect("content");
        if let Err(what) = beacon_fuzz::inert(&html) {
            panic!("{format:?}: {what} in an entry's HTML {html:?}");
        }
    }
}

fuzz_target!(|input: Input| {
    let tz = chrono_tz::TZ_VARIANTS[input.tz as usize % chrono_tz::TZ_VARIANTS.len()];
    let start = DateTime::from_timestamp(1_700_000_000, 0).expect("a time");
    let page = PageInfo { id: "fuzz".into(), created_at: start, updated_at: start };
    let site = Site {
        title: &input.site_title,
        public_url: "https://status.example.com",
        tz,
        page: &page,
        lang: app::i18n::Lang::default(),
    };
    let incidents: Vec<Incident> = input.incidents.iter().enumerate().map(|(n, i)| incident(n as i64 + 1, i)).collect();
    let maintenance: Vec<Maintenance> =
        input.maintenance.iter().enumerate().map(|(n, m)| maintenance(n as i64 + 1, m)).collect();
    // The feed keeps the 50 changed last; which 50 is the store's business, so feed at most 50.
    if incidents.len() + maintenance.len() > 50 {
        return;
    }
    let titles: Vec<String> =
        incidents.iter().map(|i| i.title.clone()).chain(maintenance.iter().map(|m| m.title.clone())).collect();

    let rss = site_text(Format::Rss, &site, &incidents, &maintenance);
    check_xml(Format::Rss, &rss, &titles, "item", "description");
    let atom = site_text(Format::Atom, &site, &incidents, &maintenance);
    check_xml(Format::Atom, &atom, &titles, "entry", "content");

    let json = site_text(Format::Json, &site, &incidents, &maintenance);
    let feed: serde_json::Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("JSON Feed does not parse: {e}"));
    let items = feed["items"].as_array().expect("items");
    let read: Vec<String> = items.iter().map(|i| i["title"].as_str().expect("a title").to_string()).collect();
    assert_eq!(sorted(read), sorted(titles), "JSON Feed: titles");
    assert_eq!(feed["title"], format!("{} - Incident History", input.site_title));
});

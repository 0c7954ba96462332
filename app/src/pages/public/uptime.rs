//! The uptime bars: a component's or group's days as a row of bars coloured by the day's worst
//! status. Each bar carries its text (date, uptime, time in each non-operational status, the day's
//! incidents), visually hidden but read by screen readers and shown above the row while the bar is
//! hovered or focused. A component's bars link to their day on its page (the day's row, or the list
//! of days when it was quiet), so every day is reachable by keyboard, touch and with JavaScript off.
//! Written as one string per row: `/` carries a bar per day per component, so each is kept short.

use crate::domain::uptime::{group_days, uptime, Day};
use crate::domain::ComponentStatus;
use crate::i18n::Lang;
use crate::tr;
use chrono::NaiveDate;
use leptos::prelude::*;
use pulldown_cmark_escape::escape_html;

/// An incident a day names: its id and title.
pub type DayIncident = (i64, String);

/// A component's or group's days, oldest first, with each day's incidents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bars {
    pub days: Vec<Day>,
    /// One list per day, in the same order.
    pub incidents: Vec<Vec<DayIncident>>,
}

impl Bars {
    /// A group's bars from its members' (each over the same days): per day the worst member's
    /// colour and largest downtime (`domain::uptime::group_days`), and every member's incidents.
    pub fn of_group(members: &[&Bars]) -> Bars {
        let days = group_days(&members.iter().map(|m| m.days.clone()).collect::<Vec<_>>());
        let mut incidents: Vec<Vec<DayIncident>> = vec![Vec::new(); days.len()];
        for member in members {
            for (day, list) in incidents.iter_mut().zip(&member.incidents) {
                for incident in list {
                    if !day.iter().any(|(id, _)| *id == incident.0) {
                        day.push(incident.clone());
                    }
                }
            }
        }
        Bars { days, incidents }
    }
}

/// The statuses a day's text names, worst first.
const NAMED: [ComponentStatus; 4] = [
    ComponentStatus::MajorOutage,
    ComponentStatus::PartialOutage,
    ComponentStatus::DegradedPerformance,
    ComponentStatus::UnderMaintenance,
];

/// The time in each non-operational status, worst first: "Partial Outage 34 min, …"; `None` if none.
pub fn outage_text(day: &Day, lang: Lang) -> Option<String> {
    let parts: Vec<String> = NAMED
        .iter()
        .filter(|s| day.outage.of(**s) > 0)
        .map(|s| {
            tr!(
                lang,
                "day-status-time",
                status = lang.component_status(*s),
                duration = lang.duration(day.outage.of(*s))
            )
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(&lang.t("list-separator")))
}

/// What a bar says: "Nov 20, 2026: 99.31% uptime. Partial Outage 34 min. Incidents: …".
pub fn day_text(day: &Day, incidents: &[DayIncident], lang: Lang) -> String {
    let mut text = lang.day_uptime(day.date, day.uptime());
    if day.uptime().is_none() {
        return text;
    }
    if let Some(outage) = outage_text(day, lang) {
        text += " ";
        text += &tr!(lang, "sentence", text = outage);
    }
    let titles: Vec<String> = incidents.iter().map(|(_, title)| title.clone()).collect();
    match titles.as_slice() {
        [] => {}
        [one] => text += &format!(" {}", tr!(lang, "day-incident", title = one.as_str())),
        many => text += &format!(" {}", tr!(lang, "day-incidents", titles = many.join(&lang.t("list-separator")))),
    }
    text
}

/// Whether a day has something to tell (non-operational time or an incident): such a day has a
/// row of its own on the component page.
pub fn notable(day: &Day, incidents: &[DayIncident]) -> bool {
    !day.outage.is_empty() || !incidents.is_empty()
}

/// The anchor of a day's row on the component page.
pub fn day_anchor(date: NaiveDate) -> String {
    format!("day-{}", date.format("%Y-%m-%d"))
}

/// The anchor of the component page's list of days.
pub const DAYS_ANCHOR: &str = "days";

/// The bars' HTML: a link per day to `page` (a component's page), or for a group a focusable bar.
fn bars_html(bars: &Bars, page: Option<&str>, lang: Lang) -> String {
    let mut html = String::with_capacity(bars.days.len() * 80);
    let none: Vec<DayIncident> = Vec::new();
    for (i, day) in bars.days.iter().enumerate() {
        let incidents = bars.incidents.get(i).unwrap_or(&none);
        let class = day.worst.map_or("none", ComponentStatus::css);
        match page {
            Some(page) => {
                let anchor = if notable(day, incidents) { day_anchor(day.date) } else { DAYS_ANCHOR.to_string() };
                html += &format!("<a class=\"d {class}\" href=\"{page}#{anchor}\"><span>");
            }
            None => html += &format!("<span class=\"d {class}\" tabindex=\"0\"><span>"),
        }
        let _ = escape_html(&mut html, &day_text(day, incidents, lang));
        html += if page.is_some() { "</span></a>" } else { "</span></span>" };
    }
    html
}

/// The uptime over all the days in words, for a row that draws no bars (see `home::BAR_ROWS`).
pub fn uptime_words(bars: &Bars, lang: Lang) -> impl IntoView {
    let total = uptime_total(bars, lang);
    view! { <p class="uptime uptime__words">{tr!(lang, "uptime-words", total = total, days = bars.days.len())}</p> }
}

/// "99.95% uptime" over all the days, or that there is no data yet.
fn uptime_total(bars: &Bars, lang: Lang) -> String {
    uptime(&bars.days)
        .map_or_else(|| lang.t("uptime-no-data"), |u| tr!(lang, "uptime-total", percent = lang.percent(u)))
}

/// A row of bars with its legend and the uptime over all its days. `page`: where a component's
/// days link to (its page's path); `label` names the row for screen readers.
pub fn uptime_bars(bars: &Bars, page: Option<&str>, label: String, lang: Lang) -> impl IntoView {
    let total = uptime_total(bars, lang);
    let count = bars.days.len();
    view! {
        <div class="uptime">
            <div class="bars" role="group" aria-label=label inner_html=bars_html(bars, page, lang)></div>
            <p class="uptime__legend">
                <span class="uptime__from" aria-hidden="true">{tr!(lang, "uptime-days-ago", days = count)}</span>
                <span class="uptime__from--short" aria-hidden="true">{tr!(lang, "uptime-days-ago", days = 30)}</span>
                <span class="uptime__total">{total}</span>
                <span aria-hidden="true">{lang.t("uptime-today")}</span>
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::uptime::Outage;

    fn day(tracked_minutes: i64, status: ComponentStatus, minutes: i64) -> Day {
        let mut outage = Outage::default();
        outage.add(status, minutes * 60_000);
        let worst = (tracked_minutes > 0).then(|| outage.worst().unwrap_or(ComponentStatus::Operational));
        let date = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
        Day { date, tracked: tracked_minutes * 60_000, outage, downtime: outage.downtime(), worst }
    }

    #[test]
    fn a_day_says_its_date_uptime_outage_and_incidents() {
        let quiet = day(1440, ComponentStatus::Operational, 0);
        let en = Lang::fallback();
        assert_eq!(day_text(&quiet, &[], en), "Nov 20, 2026: 100% uptime.");
        assert!(!notable(&quiet, &[]));
        let bad = day(1440, ComponentStatus::MajorOutage, 72);
        let incidents = vec![(1, "API down".to_string()), (2, "Slow <pages>".to_string())];
        assert_eq!(
            day_text(&bad, &incidents, en),
            "Nov 20, 2026: 95.00% uptime. Major Outage 1 h 12 min. Incidents: API down, Slow <pages>."
        );
        assert_eq!(day_text(&day(0, ComponentStatus::Operational, 0), &[], en), "Nov 20, 2026: no data.");
    }

    #[test]
    fn bars_link_to_their_day_and_escape_what_staff_wrote() {
        let bars = Bars {
            days: vec![day(1440, ComponentStatus::Operational, 0), day(1440, ComponentStatus::PartialOutage, 10)],
            incidents: vec![vec![], vec![(7, "<b>bold</b>".to_string())]],
        };
        let html = bars_html(&bars, Some("/components/3"), Lang::fallback());
        assert!(
            html.starts_with("<a class=\"d ok\" href=\"/components/3#days\"><span>Nov 20, 2026: 100% uptime."),
            "{html}"
        );
        assert!(html.contains("<a class=\"d major\" href=\"/components/3#day-2026-11-20\">"), "{html}");
        assert!(html.contains("Incident: &lt;b&gt;bold&lt;/b&gt;."), "{html}");
        let group = bars_html(&bars, None, Lang::fallback());
        assert!(group.starts_with("<span class=\"d ok\" tabindex=\"0\"><span>"), "{group}");
    }
}

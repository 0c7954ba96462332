//! The uptime bars on `/` and the component pages, parsed as HTML: the days in the page's zone,
//! their texts and links, the groups, the days without data, the months, the paged incidents.

use crate::common::{app, attrs, count, get, texts};
use app::domain::{ComponentStatus, Impact, IncidentStatus};
use app::time::{format_date, local_date};
use axum::http::StatusCode;
use chrono::{Duration, DurationRound, Utc};
use chrono_tz::Tz;
use server::store::{Actor, NewComponent, NewGroup, NewIncident, NewMaintenance, StatusChange, Store};

async fn component_id(store: &Store, name: &str) -> i64 {
    store.list_components().await.unwrap().into_iter().find(|c| c.name == name).expect(name).id
}

async fn incident_id(store: &Store, title: &str) -> i64 {
    let (incidents, _) = store.history_page(None, 50).await.unwrap();
    incidents.into_iter().find(|i| i.title == title).expect(title).id
}

/// The texts of the bars of the row whose name is `name`.
fn bars_of(html: &scraper::Html, name: &str) -> Vec<String> {
    texts(html, &format!(".bars[aria-label=\"{name}, last 90 days\"] > .d"))
}

#[tokio::test]
async fn the_home_page_shows_90_days_per_component_and_group_in_the_pages_zone() {
    let la: Tz = "America/Los_Angeles".parse().unwrap();
    let (app, store) = app("America/Los_Angeles", true).await;
    let html = get(&app, "/").await.html();

    // Every sample component and both groups, 90 days each, with the 90 days' uptime in words.
    assert_eq!(count(&html, ".bars"), 8);
    assert_eq!(count(&html, ".bars > .d"), 8 * 90);
    let totals = texts(&html, ".uptime__total");
    assert_eq!(totals.len(), 8);
    assert!(totals.iter().all(|t| t.ends_with("% uptime")), "{totals:?}");

    // The last bar is today in the page's zone; each component's bars link to its page.
    let rest = component_id(&store, "REST API").await;
    let today = local_date(Utc::now(), la);
    let bars = bars_of(&html, "REST API");
    assert_eq!(bars.len(), 90);
    assert!(bars[89].starts_with(&format!("{}: ", format_date(today))), "{}", bars[89]);
    let links = attrs(&html, ".bars[aria-label=\"REST API, last 90 days\"] > a.d", "href");
    assert_eq!(links.len(), 90);
    assert!(links.iter().all(|l| l.starts_with(&format!("/components/{rest}#"))), "{links:?}");
    assert_eq!(attrs(&html, &format!("a.component__name[href=\"/components/{rest}\"]"), "href").len(), 1);

    // Two days ago: 41 minutes of partial outage (weighing 12.3) and an hour degraded.
    let elevated = incident_id(&store, "Elevated API error rates").await;
    let started = store.get_incident(elevated).await.unwrap().unwrap().started_at;
    let day = local_date(started, la);
    let text = format!(
        "{}: 99.14% uptime. Partial Outage 41 min, Degraded Performance 1 h 00 min. Incident: Elevated API error rates.",
        format_date(day)
    );
    let at = bars.iter().position(|b| *b == text).unwrap_or_else(|| panic!("{text} among {bars:?}"));
    assert_eq!(links[at], format!("/components/{rest}#day-{}", day.format("%Y-%m-%d")));
    let classes = attrs(&html, ".bars[aria-label=\"REST API, last 90 days\"] > a.d", "class");
    assert_eq!(classes[at], "d major", "a partial outage's colour");
    assert!(bars[..60].iter().all(|b| b.ends_with(": 100% uptime.")), "quiet days: {:?}", &bars[..60]);
    assert!(links[..60].iter().all(|l| l.ends_with("#days")), "a quiet day links to the list of days");

    // Webhooks is in a partial outage now, and its group shows it for today.
    let hooks = bars_of(&html, "Webhooks");
    assert!(hooks[89].contains("Partial Outage") && hooks[89].contains("Delayed webhook deliveries"), "{}", hooks[89]);
    let group = ".bars[aria-label=\"Developer APIs, last 90 days\"] > span.d";
    assert_eq!(attrs(&html, group, "tabindex").len(), 90, "a group's days are reachable by keyboard");
    assert_eq!(attrs(&html, group, "class")[89], "d major");
    let grouped = bars_of(&html, "Developer APIs");
    assert!(grouped[at].contains("Elevated API error rates"), "its members' incidents: {}", grouped[at]);
}

#[tokio::test]
async fn a_new_component_has_no_data_before_today_and_one_without_uptime_shows_none() {
    let (app, store) = app("UTC", false).await;
    let a = Actor::System;
    let fresh = store.create_component(&a, NewComponent::named("Fresh")).await.unwrap();
    let quiet = NewComponent { show_uptime: false, ..NewComponent::named("Quiet") };
    let quiet = store.create_component(&a, quiet).await.unwrap();
    let html = get(&app, "/").await.html();
    let bars = bars_of(&html, "Fresh");
    assert_eq!(bars.len(), 90);
    assert!(bars[..89].iter().all(|b| b.ends_with(": no data.")), "{bars:?}");
    // Today counts from its creation until the start of this minute (a page counts whole minutes).
    let created = store.get_component(fresh).await.unwrap().unwrap().created_at;
    let counted = Utc::now().duration_trunc(Duration::minutes(1)).unwrap();
    let today = format_date(local_date(Utc::now(), Tz::UTC));
    let classes = attrs(&html, ".bars > .d", "class");
    assert_eq!(classes[0], "d none", "no data is not shown as up");
    if created < counted {
        assert_eq!((bars[89].clone(), classes[89].as_str()), (format!("{today}: 100% uptime."), "d ok"));
        assert_eq!(texts(&html, ".uptime__total"), ["100% uptime"]);
    } else {
        assert_eq!((bars[89].clone(), classes[89].as_str()), (format!("{today}: no data."), "d none"));
        assert_eq!(texts(&html, ".uptime__total"), ["No data yet"]);
    }
    // The names and statuses, each row once.
    assert_eq!(texts(&html, ".components .component__name"), ["Fresh", "Quiet"]);
    assert_eq!(texts(&html, ".components .component__label + .status"), ["Operational", "Operational"]);

    // Its page has no uptime; both pages exist, a hidden component's does not.
    let page = get(&app, &format!("/components/{quiet}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(count(&page.html(), ".bars"), 0);
    assert_eq!(get(&app, &format!("/components/{fresh}")).await.status, StatusCode::OK);
    let hidden = NewComponent { visible: false, ..NewComponent::named("Hidden") };
    let hidden = store.create_component(&a, hidden).await.unwrap();
    for path in [format!("/components/{hidden}"), "/components/999".into(), "/components/abc".into()] {
        let page = get(&app, &path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(texts(&page.html(), "title").len(), 1, "the site's own page");
    }
}

#[tokio::test]
async fn the_component_page_shows_its_days_months_incidents_feeds_and_badge() {
    let (app, store) = app("America/Los_Angeles", true).await;
    let rest = component_id(&store, "REST API").await;
    let page = get(&app, &format!("/components/{rest}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.html();
    assert_eq!(texts(&html, "h1"), ["REST API"]);
    assert_eq!(texts(&html, ".component-meta"), ["Operational Part of Developer APIs"]);
    assert_eq!(texts(&html, ".component-page__description"), ["api.example.com"]);
    assert_eq!(count(&html, ".bars > a.d"), 90);

    // The bars' link targets: a row for each day with downtime or incidents, with its links.
    let elevated = incident_id(&store, "Elevated API error rates").await;
    let la: Tz = "America/Los_Angeles".parse().unwrap();
    let day = local_date(store.get_incident(elevated).await.unwrap().unwrap().started_at, la);
    let row = format!("tr#day-{}", day.format("%Y-%m-%d"));
    assert_eq!(
        texts(&html, &format!("{row} > *")),
        [
            format_date(day),
            "99.14%".to_string(),
            "Partial Outage 41 min, Degraded Performance 1 h 00 min Elevated API error rates".to_string()
        ]
    );
    assert_eq!(attrs(&html, &format!("{row} a"), "href"), [format!("/incidents/{elevated}")]);
    let targets = attrs(&html, ".bars > a.d", "href");
    for row in attrs(&html, ".days tbody tr", "id") {
        assert!(targets.contains(&format!("/components/{rest}#{row}")), "{row} is a bar's target");
    }

    // Twelve months, newest first; those before the component existed have no data.
    let months = texts(&html, ".months tbody tr");
    assert_eq!(months.len(), 12);
    assert!(months[0].ends_with('%'), "{months:?}");
    assert!(months[11].ends_with("No data"), "{months:?}");

    // The incidents that concerned it, newest first; its feeds and badge.
    let events = texts(&html, "#events ~ .history .history-item__title");
    assert_eq!(events, ["Delayed webhook deliveries", "Elevated API error rates"]);
    let hrefs = attrs(&html, "#follow ~ p a", "href");
    for feed in ["history.rss", "history.atom", "history.json", "badge.svg"] {
        assert!(hrefs.contains(&format!("/components/{rest}/{feed}")), "{feed} in {hrefs:?}");
    }
    assert_eq!(attrs(&html, ".badge img", "src"), [format!("/components/{rest}/badge.svg")]);
}

#[tokio::test]
async fn a_components_incidents_and_maintenance_are_paged_at_path_addresses() {
    let (app, store) = app("UTC", false).await;
    let a = Actor::System;
    let api = store.create_component(&a, NewComponent::named("API")).await.unwrap();
    let start = Utc::now() - Duration::days(200);
    for i in 0..24 {
        let new = NewIncident {
            notify: false,
            title: format!("Incident {i:02}"),
            impact: Impact::Minor,
            status: IncidentStatus::Resolved,
            body: "Done.".into(),
            started_at: Some(start + Duration::days(i)),
            display_at: None,
            changes: vec![StatusChange { component_id: api, status: ComponentStatus::Operational }],
        };
        store.create_incident(&a, new).await.unwrap();
    }
    let window = NewMaintenance {
        notify: false,
        title: "Database upgrade".into(),
        body: "Planned.".into(),
        scheduled_for: start + Duration::days(30),
        scheduled_until: start + Duration::days(30) + Duration::hours(2),
        auto_start: true,
        auto_complete: true,
        components: vec![api],
    };
    store.create_maintenance(&a, window).await.unwrap();

    let first = get(&app, &format!("/components/{api}")).await.html();
    let titles = texts(&first, "#events ~ .history .history-item__title");
    assert_eq!(titles.len(), 10, "the latest ten");
    assert_eq!(titles[0], "Database upgrade", "the newest first, maintenance among them");
    assert_eq!(titles[1], "Incident 23");
    assert_eq!(attrs(&first, "#events ~ .history a", "href")[0], "/maintenance/1", "each links to its page");
    // The rest is in the component's history, which pages through all of them.
    assert_eq!(attrs(&first, "#events ~ .more a", "href"), [format!("/history/components/{api}")]);
    let history = get(&app, &format!("/history/components/{api}")).await.html();
    assert_eq!(texts(&history, ".history-item__title").len(), 25);
}

#[tokio::test]
async fn a_page_of_many_components_draws_bars_for_its_groups_and_words_for_the_rest() {
    let (app, store) = app("UTC", false).await;
    let a = Actor::System;
    // Three groups of 20 and five more on their own: 68 rows of bars, more than `/` draws.
    for g in 0..3 {
        let group = NewGroup { name: format!("Region {g}"), description: None, position: g };
        let group = store.create_group(&a, group).await.unwrap();
        for i in 0..20 {
            let c =
                NewComponent { group_id: Some(group), position: i, ..NewComponent::named(format!("R{g} service {i}")) };
            store.create_component(&a, c).await.unwrap();
        }
    }
    for i in 0..5 {
        store
            .create_component(&a, NewComponent { position: 10 + i, ..NewComponent::named(format!("Lone {i}")) })
            .await
            .unwrap();
    }
    let html = get(&app, "/").await.html();
    assert_eq!(count(&html, ".bars"), 8, "the three groups and the five on their own");
    let words = texts(&html, ".group__members .uptime__words");
    assert_eq!(words.len(), 60);
    // Created this minute or the last: no data yet, or 100% (a page counts whole minutes).
    let said = ["100% uptime, last 90 days", "No data yet, last 90 days"];
    assert!(words.iter().all(|w| said.contains(&w.as_str())), "{words:?}");
    assert_eq!(count(&html, ".group__members .bars"), 0);
    // Each member still links to its page, which has its bars.
    let first = attrs(&html, ".group__members a.component__name", "href");
    assert_eq!(first.len(), 60);
    assert_eq!(count(&get(&app, &first[0]).await.html(), ".bars > a.d"), 90);
}

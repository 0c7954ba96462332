//! `beacon import statuspage`: recorded Statuspage files (fixtures/statuspage, in the public API
//! v2 shapes) and a local stand-in for the manage API, imported twice, broken, and redirected.

use axum::extract::{Path as UrlPath, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use server::store::{Engine, Store};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures/statuspage")
}

fn beacon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("STATUSPAGE_API_KEY")
        .output()
        .expect("run beacon")
}

fn import_dir(dir: &Path, url: &str) -> Output {
    beacon(&["import", "statuspage", dir.to_str().expect("utf-8 path"), "--database-url", url])
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn assert_ok(out: &Output) {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
}

/// Exit code 2 and exactly one line on stderr containing `needle`.
fn assert_refused(out: &Output, needle: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line expected, got: {stderr}");
    assert!(lines[0].contains(needle), "expected '{needle}' in: {}", lines[0]);
}

/// A copy of the recorded export to break or change.
fn copy_of_fixtures() -> PathBuf {
    let dir = server::testing::temp_dir("statuspage");
    std::fs::create_dir_all(dir.join("incidents")).unwrap();
    for name in [
        "components.json",
        "incidents.json",
        "scheduled-maintenances.json",
        "summary.json",
        "incidents/bk2tq5ydl8pw.json",
    ] {
        std::fs::copy(fixtures().join(name), dir.join(name)).unwrap();
    }
    dir
}

fn edit(dir: &Path, name: &str, change: impl FnOnce(&mut Value)) {
    let path = dir.join(name);
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    change(&mut v);
    std::fs::write(path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

/// Rows per table: what an import must not change when it is refused or repeated.
async fn counts(store: &Store) -> Vec<(&'static str, i64)> {
    let mut out = Vec::new();
    for table in [
        "component_groups",
        "components",
        "incidents",
        "incident_updates",
        "incident_update_components",
        "incident_components",
        "postmortems",
        "maintenances",
        "maintenance_updates",
        "maintenance_components",
        "component_status_history",
        "statuspage_ids",
        "audit_log",
    ] {
        let n: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(store.pool()).await.unwrap();
        out.push((table, n));
    }
    out
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

async fn beacon_id(store: &Store, statuspage_id: &str) -> i64 {
    store.incident_for_statuspage_id(statuspage_id).await.unwrap().expect("imported")
}

/// What the recorded export must become.
async fn check_imported(store: &Store) {
    let groups = store.list_groups().await.unwrap();
    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["Developer APIs", "EU", "US"]);
    assert_eq!(groups[0].description.as_deref(), Some("Public APIs for developers"));
    let components = store.list_components().await.unwrap();
    let names: Vec<&str> = components.iter().map(|c| c.name.as_str()).collect();
    // Page order kept; Beacon's names are unique, so the second "Login" carries its group's name.
    assert_eq!(names, ["OAuth 2.0", "Dashboard Developer APIs", "Website", "API", "Login", "Login (US)"]);
    let website = &components[2];
    assert_eq!(website.status, app::domain::ComponentStatus::DegradedPerformance);
    assert_eq!(website.description.as_deref(), Some("www.acme.example and the docs"));
    assert_eq!(components[0].group_id, Some(groups[0].id));
    assert_eq!(components[5].group_id, Some(groups[2].id));

    let api = store.get_incident(beacon_id(store, "p0qjfl1dbc1w").await).await.unwrap().unwrap();
    assert_eq!(api.title, "Elevated API errors");
    assert_eq!(api.impact, app::domain::Impact::Major);
    assert_eq!(api.status, app::domain::IncidentStatus::Resolved);
    assert_eq!(api.started_at, at("2023-11-14T06:41:03.620-08:00"));
    assert_eq!(api.created_at, at("2023-11-14T06:41:03.620-08:00"));
    assert_eq!(api.resolved_at, Some(at("2023-11-14T08:10:45.100-08:00")));
    let statuses: Vec<&str> = api.updates.iter().map(|u| u.status.as_str()).collect();
    assert_eq!(statuses, ["investigating", "identified", "monitoring", "resolved"], "oldest first");
    assert_eq!(api.updates[2].body, "We rolled back the deploy.\n\n- errors: down to 0.1%\n- latency: normal");
    assert_eq!(api.updates[1].display_at, at("2023-11-14T07:10:00.000-08:00"));
    let first: Vec<(&str, &str, &str)> = api.updates[0]
        .changes
        .iter()
        .map(|c| (c.component_name.as_str(), c.old_status.as_str(), c.new_status.as_str()))
        .collect();
    assert_eq!(first, [("OAuth 2.0", "operational", "degraded_performance"), ("API", "operational", "major_outage")]);
    let affected: Vec<&str> = api.affected.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(affected, ["OAuth 2.0", "API"]);

    // Backfilled: written in 2024, shown in 2019; its postmortem published days later.
    let old = store.get_incident(beacon_id(store, "bk2tq5ydl8pw").await).await.unwrap().unwrap();
    assert_eq!(old.started_at, at("2019-03-04T08:00:00.000-08:00"));
    assert_eq!(old.updates[0].display_at, at("2019-03-04T08:05:00.000-08:00"));
    assert_eq!(old.updates[0].created_at, at("2024-04-30T14:58:00.000-07:00"));
    assert_eq!(old.updates[0].body, "Nobody can sign in.\nWe are on it.");
    let postmortem = old.postmortem.expect("postmortem");
    assert!(postmortem.body.starts_with("## What happened"), "{}", postmortem.body);
    assert_eq!(postmortem.published_at, Some(at("2019-03-08T12:00:00.000-08:00")));
    // Its last change as the feeds tell it: the postmortem's publication, not the import's day.
    let shown: i64 = sqlx::query_scalar("SELECT shown_updated_at FROM incidents WHERE id = $1")
        .bind(old.id)
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(shown, at("2019-03-08T12:00:00.000-08:00").timestamp_millis());

    let open = store.open_incidents().await.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].title, "Website slow to load");
    assert_eq!(open[0].status, app::domain::IncidentStatus::Monitoring);

    let maintenance = store.current_maintenance().await.unwrap();
    assert_eq!(maintenance.len(), 1, "the upcoming window; the other one is completed");
    assert_eq!(maintenance[0].title, "Network maintenance");
    assert_eq!(maintenance[0].scheduled_for, at("2030-06-01T01:00:00.000-07:00"));
    let done: (String, i64) = sqlx::query_as(
        "SELECT m.status, (SELECT COUNT(*) FROM maintenance_updates u WHERE u.maintenance_id = m.id) \
         FROM maintenances m WHERE m.title = 'Database upgrade'",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(done, ("completed".to_string(), 3));
    let page_id = store.page_info().await.unwrap().id;
    assert_eq!(page_id, "y2j98763l56q", "a new database takes the Statuspage page's id");
}

async fn import_twice_on(engine: Engine) {
    let Some(url) = server::testing::fresh_database_url(engine).await else { return };
    let out = import_dir(&fixtures(), &url);
    assert_ok(&out);
    assert!(stdout(&out).contains("created 6 components, 3 groups, 3 incidents, 2 maintenance"), "{}", stdout(&out));
    assert!(stdout(&out).contains("shows times in America/Los_Angeles"), "{}", stdout(&out));
    let store = Store::connect(&url).await.unwrap();
    check_imported(&store).await;
    // A new database takes the page's name and zone as its settings, its uptime days counted in it.
    let settings = store.page_settings().await.unwrap().expect("settings");
    assert_eq!(settings.time_zone, "America/Los_Angeles");
    assert_eq!(settings.name, "Acme Status");
    assert!(!store.keep_uptime_in(chrono_tz::America::Los_Angeles).await.unwrap(), "counted in the page's zone");
    let before = counts(&store).await;
    let audit = store.recent_audit(5).await.unwrap();
    assert_eq!((audit[0].action.as_str(), audit[0].actor.as_str()), ("import_statuspage", "system"));

    // Again: nothing new, nothing written (not even an audit entry).
    let out = import_dir(&fixtures(), &url);
    assert_ok(&out);
    assert!(stdout(&out).contains("created nothing; updated nothing"), "{}", stdout(&out));
    assert_eq!(counts(&store).await, before);

    // A title changed on Statuspage and a new update: re-imported in place, nothing duplicated.
    let dir = copy_of_fixtures();
    edit(&dir, "incidents.json", |v| {
        v["incidents"][1]["name"] = json!("Elevated API error rates");
        let mut extra = v["incidents"][0]["incident_updates"][0].clone();
        extra["id"] = json!("zz9newupdate");
        extra["status"] = json!("resolved");
        extra["body"] = json!("Pages load normally again.");
        extra["display_at"] = json!("2024-05-02T11:00:00.000-07:00");
        v["incidents"][0]["incident_updates"].as_array_mut().unwrap().insert(0, extra);
    });
    let out = import_dir(&dir, &url);
    assert_ok(&out);
    assert!(stdout(&out).contains("updated 2 incidents"), "{}", stdout(&out));
    let api = store.get_incident(beacon_id(&store, "p0qjfl1dbc1w").await).await.unwrap().unwrap();
    assert_eq!(api.title, "Elevated API error rates");
    assert_eq!(api.updates.len(), 4);
    assert!(store.open_incidents().await.unwrap().is_empty(), "the new update resolved it");
    let after = counts(&store).await;
    for ((table, n), (_, m)) in before.iter().zip(&after) {
        let grown = match *table {
            "incident_updates" | "audit_log" => 1,
            "statuspage_ids" => 1,
            _ => 0,
        };
        assert_eq!(*m, n + grown, "{table}");
    }
}

#[tokio::test]
async fn the_recorded_export_imports_once_however_often_it_runs_on_sqlite() {
    import_twice_on(Engine::Sqlite).await;
}

#[tokio::test]
async fn the_recorded_export_imports_once_however_often_it_runs_on_postgres() {
    import_twice_on(Engine::Postgres).await;
}

#[tokio::test]
async fn a_broken_file_is_refused_in_one_line_and_changes_nothing() {
    let url = server::testing::fresh_database_url(Engine::Sqlite).await.unwrap();
    assert_ok(&import_dir(&fixtures(), &url));
    let store = Store::connect(&url).await.unwrap();
    let before = counts(&store).await;
    type Break = Box<dyn FnOnce(&Path)>;
    let cases: Vec<(Break, &str)> = vec![
        (
            Box::new(|d: &Path| std::fs::write(d.join("incidents.json"), "{\"incidents\": [").unwrap()),
            "incidents.json: not JSON: ",
        ),
        (
            Box::new(|d: &Path| {
                edit(d, "incidents.json", |v| v["incidents"][1]["incident_updates"][0]["status"] = json!("foo"))
            }),
            "incidents.json: incidents[1].incident_updates[0].status: unknown status \"foo\"",
        ),
        (
            Box::new(|d: &Path| {
                edit(d, "incidents.json", |v| {
                    v["incidents"][1]["incident_updates"][0]["affected_components"][0]["code"] = json!("nosuchthing1")
                })
            }),
            "incidents.json: incidents[1].incident_updates[0].affected_components[0].code: component \"nosuchthing1\" is not among the page's components",
        ),
        (
            Box::new(|d: &Path| edit(d, "components.json", |v| v["components"][3]["status"] = json!("broken"))),
            "components.json: components[3].status: unknown component status 'broken'",
        ),
        (
            Box::new(|d: &Path| {
                edit(d, "scheduled-maintenances.json", |v| {
                    v["scheduled_maintenances"][1]["scheduled_until"] = json!("last tuesday")
                })
            }),
            "scheduled-maintenances.json: scheduled_maintenances[1].scheduled_until: \"last tuesday\" is not an ISO 8601 time",
        ),
        (
            Box::new(|d: &Path| {
                edit(d, "incidents/bk2tq5ydl8pw.json", |v| v["incident"]["name"] = json!("   "))
            }),
            "incidents/bk2tq5ydl8pw.json: incident.name: name must not be empty",
        ),
        (Box::new(|d: &Path| std::fs::remove_file(d.join("components.json")).unwrap()), "components.json: cannot read"),
        (
            Box::new(|d: &Path| edit(d, "summary.json", |v| v["page"]["time_zone"] = json!("Mars/Olympus"))),
            "page.time_zone: unknown time zone 'Mars/Olympus'",
        ),
    ];
    for (break_it, needle) in cases {
        let dir = copy_of_fixtures();
        // Something new beside the damage, so that a half-written import would show.
        edit(&dir, "incidents.json", |v| v["incidents"][0]["name"] = json!("Renamed"));
        break_it(&dir);
        assert_refused(&import_dir(&dir, &url), needle);
        assert_eq!(counts(&store).await, before, "{needle}");
    }
    let open = store.open_incidents().await.unwrap();
    assert_eq!(open[0].title, "Website slow to load");
}

#[tokio::test]
async fn an_old_statuspage_link_redirects_to_the_imported_incident() {
    let url = server::testing::fresh_database_url(Engine::Sqlite).await.unwrap();
    assert_ok(&import_dir(&fixtures(), &url));
    let store = Store::connect(&url).await.unwrap();
    let id = beacon_id(&store, "p0qjfl1dbc1w").await;
    let app = crate::common::app_on(store, "UTC", false).await;
    let page = crate::common::get(&app, "/incidents/p0qjfl1dbc1w").await;
    assert!(page.status == StatusCode::PERMANENT_REDIRECT || page.status == StatusCode::MOVED_PERMANENTLY);
    assert_eq!(page.location(), format!("/incidents/{id}"));
    let target = crate::common::get(&app, page.location()).await;
    assert_eq!(target.status, StatusCode::OK);
    assert!(target.body.contains("Elevated API errors"));
    for unknown in ["/incidents/zzzzzzzzzzzz", "/incidents/x0ljvc9m1wx%2F", "/incidents/99999"] {
        assert_eq!(crate::common::get(&app, unknown).await.status, StatusCode::NOT_FOUND, "{unknown}");
    }
}

#[tokio::test]
async fn an_all_digit_statuspage_id_redirects_unless_it_is_an_incident_here() {
    let dir = copy_of_fixtures();
    for name in ["incidents.json", "summary.json"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        std::fs::write(dir.join(name), text.replace("p0qjfl1dbc1w", "202012345678").replace("x0ljvc9m1wxj", "1"))
            .unwrap();
    }
    let url = server::testing::fresh_database_url(Engine::Sqlite).await.unwrap();
    assert_ok(&import_dir(&dir, &url));
    let store = Store::connect(&url).await.unwrap();
    let digits = beacon_id(&store, "202012345678").await;
    let own_title = store.get_incident(1).await.unwrap().expect("an incident 1").title;
    let app = crate::common::app_on(store, "UTC", false).await;
    let page = crate::common::get(&app, "/incidents/202012345678").await;
    assert_eq!(
        (page.status, page.location()),
        (StatusCode::PERMANENT_REDIRECT, format!("/incidents/{digits}").as_str())
    );
    // Beacon's own incident 1 comes first; the imported one is at its own address.
    let own = crate::common::get(&app, "/incidents/1").await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.body.contains(&own_title), "{own_title}");
    assert_eq!(crate::common::get(&app, "/incidents/99999").await.status, StatusCode::NOT_FOUND);
}

/// The manage API's answers, built from the recorded files: a page, groups, components and
/// incidents (maintenance among them), served `PER_PAGE` rows at a time whatever is asked.
#[derive(Clone)]
struct StandIn {
    page: Value,
    groups: Vec<Value>,
    components: Vec<Value>,
    incidents: Vec<Value>,
}

const STAND_IN_PER_PAGE: usize = 2;
const KEY: &str = "0a1b2c3d4e5f";

fn stand_in() -> StandIn {
    let read = |name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(fixtures().join(name)).unwrap()).unwrap()
    };
    let components = read("components.json");
    let all = components["components"].as_array().unwrap();
    let groups = all.iter().filter(|c| c["group"] == json!(true)).cloned().collect();
    let mut incidents: Vec<Value> = read("incidents.json")["incidents"].as_array().unwrap().clone();
    incidents.extend(read("scheduled-maintenances.json")["scheduled_maintenances"].as_array().unwrap().iter().cloned());
    let detail = read("incidents/bk2tq5ydl8pw.json")["incident"].clone();
    for i in incidents.iter_mut().filter(|i| i["id"] == detail["id"]) {
        *i = detail.clone();
    }
    StandIn { page: read("summary.json")["page"].clone(), groups, components: all.clone(), incidents }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_manage_api_answer_names_the_request_and_the_field() {
    let mut data = stand_in();
    data.incidents[2]["incident_updates"][1]["status"] = json!("foo");
    let base = serve_stand_in(data).await;
    let url = server::testing::fresh_database_url(Engine::Sqlite).await.unwrap();
    let out = tokio::task::spawn_blocking(move || {
        beacon(&[
            "import",
            "statuspage",
            "--url",
            &base,
            "--api-key",
            KEY,
            "--page-id",
            "y2j98763l56q",
            "--database-url",
            &url,
        ])
    })
    .await
    .unwrap();
    let needle = "GET /v1/pages/y2j98763l56q/incidents?page=2&per_page=100: [0].incident_updates[1].status: unknown status \"foo\"";
    assert_refused(&out, needle);
}

async fn serve_stand_in(data: StandIn) -> String {
    fn rows(list: &[Value], q: &HashMap<String, String>) -> Json<Value> {
        let page: usize = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
        let start = (page - 1) * STAND_IN_PER_PAGE;
        Json(Value::Array(list.iter().skip(start).take(STAND_IN_PER_PAGE).cloned().collect()))
    }
    let authorized =
        |h: &HeaderMap| h.get("authorization").and_then(|v| v.to_str().ok()) == Some(&format!("OAuth {KEY}"));
    let d = data.clone();
    let app = Router::new().route(
        "/v1/pages/{page}/{*what}",
        get(
            move |UrlPath((page, what)): UrlPath<(String, String)>,
                  Query(q): Query<HashMap<String, String>>,
                  h: HeaderMap| {
                let d = d.clone();
                async move {
                    if !authorized(&h) || page != "y2j98763l56q" {
                        return Err(StatusCode::UNAUTHORIZED);
                    }
                    Ok(match what.as_str() {
                        "components" => rows(&d.components, &q),
                        "component-groups" => rows(&d.groups, &q),
                        "incidents" => rows(&d.incidents, &q),
                        _ => return Err(StatusCode::NOT_FOUND),
                    })
                }
            },
        ),
    );
    let page = data.page.clone();
    let app = app.route(
        "/v1/pages/{page}",
        get(move |h: HeaderMap| {
            let page = page.clone();
            async move {
                if authorized(&h) {
                    Ok(Json(page))
                } else {
                    Err(StatusCode::UNAUTHORIZED)
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_is_read_through_the_manage_api_page_by_page() {
    let base = serve_stand_in(stand_in()).await;
    let url = server::testing::fresh_database_url(Engine::Sqlite).await.unwrap();
    let run = |key: &'static str| {
        let (base, url) = (base.clone(), url.clone());
        tokio::task::spawn_blocking(move || {
            beacon(&[
                "import",
                "statuspage",
                "--url",
                &base,
                "--api-key",
                key,
                "--page-id",
                "y2j98763l56q",
                "--database-url",
                &url,
            ])
        })
    };
    assert_refused(&run("wrong").await.unwrap(), "GET /v1/pages/y2j98763l56q: HTTP 401 Unauthorized: check --api-key");
    assert_refused(
        &tokio::task::spawn_blocking(|| beacon(&["import", "statuspage"])).await.unwrap(),
        "give an export folder, or --url, --api-key and --page-id",
    );
    let out = run(KEY).await.unwrap();
    assert_ok(&out);
    let store = Store::connect(&url).await.unwrap();
    check_imported(&store).await;
    let before = counts(&store).await;
    assert_ok(&run(KEY).await.unwrap());
    assert_eq!(counts(&store).await, before, "read again, nothing duplicated");
}

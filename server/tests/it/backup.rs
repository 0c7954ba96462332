//! `beacon export` and `beacon import beacon`: the round trip SQLite → PostgreSQL → SQLite is
//! exact (every table compared row by row, both files byte for byte), a restored database
//! serves the same page and hands out fresh ids, and a flawed file or a non-empty database is
//! refused with one line and nothing changed.

use crate::process;
use app::domain::{ComponentStatus as CS, Impact, IncidentStatus as IS, IncidentTemplate, Role, SubscriberKind};
use server::store::{Actor, AttemptResult, Engine, NewIncident, NewSubscriber, NewToken, StatusChange, Store};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn beacon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run beacon")
}

fn export(url: &str, out: &Path) {
    let done = beacon(&["export", "--database-url", url, "--out", out.to_str().unwrap()]);
    assert!(done.status.success(), "export from {url}: {}", String::from_utf8_lossy(&done.stderr));
}

fn import(url: &str, file: &Path) -> Output {
    beacon(&["import", "beacon", "--database-url", url, file.to_str().unwrap()])
}

/// Non-zero exit and exactly one line on stderr containing `needle`.
fn assert_refused(out: &Output, needle: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "expected a refusal: {stderr}");
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line expected, got: {stderr}");
    assert!(lines[0].contains(needle), "expected '{needle}' in: {}", lines[0]);
}

fn sqlite_url(label: &str) -> String {
    format!("sqlite://{}", server::testing::temp_dir(label).join("beacon.db").display())
}

/// Every kind of row: the sample page, accounts, tokens, templates, subscribers with deliveries
/// and attempts, a signing key, a deleted incident (so a counter stands above the highest id),
/// and the rows a backup leaves out (a session, a sign-in failure).
async fn fill(store: &Store) {
    let a = Actor::System;
    server::demo::load_if_empty(store, chrono::Utc::now()).await.expect("demo");
    crate::common::add_user(store, "ada@example.com", Role::Admin, "correct horse battery").await;
    crate::common::add_user(store, "bob@example.com", Role::Editor, "correct horse battery").await;
    store.create_token(&a, NewToken { name: "ops".into(), role: Role::Editor, expires_at: None }).await.unwrap();
    let components = store.list_components().await.unwrap();
    let first = components[0].id;
    let template = IncidentTemplate {
        id: 0,
        name: "DB down".into(),
        title: "Database unavailable".into(),
        body: "We are looking into it. «ünïcode» \"quotes\"\nand a second line\ttab".into(),
        status: IS::Investigating,
        impact: Impact::Major,
        components: vec![(first, CS::MajorOutage)],
    };
    store.create_template(&a, template).await.unwrap();
    let sub =
        |kind, target: &str, components| NewSubscriber { kind, target: target.into(), components, confirmed: true };
    store.subscribe(&a, sub(SubscriberKind::Email, "reader@example.com", None), false).await.unwrap();
    store
        .subscribe(&a, sub(SubscriberKind::Webhook, "https://hooks.example/x", Some(vec![first])), false)
        .await
        .unwrap();
    store.signing_key("links").await.unwrap();
    let new = |title: &str| NewIncident {
        title: title.into(),
        impact: Impact::Minor,
        status: IS::Investigating,
        body: "Slow.".into(),
        started_at: None,
        display_at: None,
        changes: vec![StatusChange { component_id: first, status: CS::DegradedPerformance }],
        notify: true,
    };
    store.create_incident(&a, new("Backup test")).await.unwrap();
    for event in store.unsent_events(100).await.unwrap() {
        store.fan_out(&event, Some("{\"x\":1}")).await.unwrap();
    }
    let now = chrono::Utc::now();
    let claimed = store.claim_deliveries("one", now, now + chrono::Duration::seconds(60), 100).await.unwrap();
    assert!(!claimed.is_empty(), "deliveries to record");
    let results: Vec<AttemptResult> = claimed
        .iter()
        .map(|c| AttemptResult {
            delivery_id: c.delivery_id,
            attempt: c.attempt,
            ok: true,
            code: Some(200),
            detail: "ok".into(),
            retry_at: None,
        })
        .collect();
    store.record_attempts("one", &results).await.unwrap();
    let gone = store.create_incident(&a, new("Deleted")).await.unwrap();
    store.delete_incident(&a, gone).await.unwrap();
    sqlx::query("INSERT INTO sessions (id, data, expires_at) VALUES ('s1', $1, 4102444800000)")
        .bind(vec![1u8, 2, 3])
        .execute(store.pool())
        .await
        .unwrap();
    sqlx::query("INSERT INTO login_failures (key, failures, last_failure_at) VALUES ('email:x', 3, 1)")
        .execute(store.pool())
        .await
        .unwrap();
}

/// Every row of every table (and the id counters), as SQLite itself quotes them: an
/// independent reading, not the backup's own.
async fn dump(url: &str) -> Vec<String> {
    let path = url.trim_start_matches("sqlite://");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{path}")).await.expect("open sqlite");
    let tables: Vec<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .fetch_all(&pool)
        .await
        .unwrap();
    // What a backup leaves out on purpose (derived rollups are counted again at the first start).
    let skipped = |t: &String| server::backup::SKIPPED.iter().any(|(name, _)| name == t);
    let mut out = Vec::new();
    for table in tables.into_iter().filter(|t| !skipped(t)) {
        let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid")
            .bind(&table)
            .fetch_all(&pool)
            .await
            .unwrap();
        let quoted = columns.iter().map(|c| format!("quote(\"{c}\")")).collect::<Vec<_>>().join(" || ',' || ");
        let sql = format!("SELECT {quoted} FROM \"{table}\" ORDER BY 1");
        let rows: Vec<String> = sqlx::query_scalar(&sql).fetch_all(&pool).await.unwrap();
        out.push(format!("{table}: {} rows", rows.len()));
        out.extend(rows.into_iter().map(|r| format!("{table}: {r}")));
    }
    pool.close().await;
    out
}

/// The uptime rollups of a SQLite database, in order.
async fn rollups(url: &str) -> Vec<(i64, String, i64, i64, i64, i64)> {
    let pool = sqlx::SqlitePool::connect(url).await.expect("open sqlite");
    let sql =
        "SELECT component_id, day, degraded_ms, partial_ms, major_ms, maintenance_ms FROM uptime_days ORDER BY 1, 2";
    let rows = sqlx::query_as(sql).fetch_all(&pool).await.unwrap();
    pool.close().await;
    rows
}

async fn public_page(url: &str) -> String {
    let data = server::testing::temp_dir("data");
    let site = process::site_root();
    let extra = ["--public-url", "http://status.test", "--title", "Backup Status"];
    let server = process::start_with(url, &site, &data, &extra).await;
    let home = process::get(&server.addr, "/").await.expect("/");
    assert!(home.body.contains("class=\"bars\""), "the page has its uptime bars");
    let api = process::get(&server.addr, "/api/v2/summary.json").await.expect("summary");
    format!("{}\n{}", crate::common::steady_html(&home.body), api.body)
}

#[tokio::test]
async fn the_round_trip_across_engines_is_exact() {
    let original = sqlite_url("backup-original");
    let store = Store::connect(&original).await.unwrap();
    fill(&store).await;
    store.pool().close().await;
    // What an import from Statuspage keeps (its id map) goes along too.
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures/statuspage");
    let imported = beacon(&["import", "statuspage", "--database-url", &original, fixtures.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    // The newest incident deleted, so that the id counter stands above the highest id.
    let store = Store::connect(&original).await.unwrap();
    let newest: i64 = sqlx::query_scalar("SELECT MAX(id) FROM incidents").fetch_one(store.pool()).await.unwrap();
    store.delete_incident(&Actor::System, newest).await.unwrap();
    store.pool().close().await;
    let dir = server::testing::temp_dir("backup-files");
    let (first, second) = (dir.join("first.jsonl"), dir.join("second.jsonl"));
    export(&original, &first);
    let text = std::fs::read_to_string(&first).unwrap();
    for line in text.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
    }
    assert!(!text.contains("\"table\":\"sessions\"") && !text.contains("email:x"), "ephemeral tables left out");
    assert!(text.contains("hooks.example") && text.contains("$argon2id$"), "subscribers and password hashes in");
    assert!(text.contains("\"table\":\"statuspage_ids\"") && text.contains("y2j98763l56q"), "the Statuspage id map in");

    // Through PostgreSQL when there is one: its export is the same bytes.
    let middle = server::testing::fresh_database_url(Engine::Postgres).await;
    let source = match &middle {
        Some(pg) => {
            let done = import(pg, &first);
            assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
            export(pg, &second);
            assert!(std::fs::read(&first).unwrap() == std::fs::read(&second).unwrap(), "the PostgreSQL export differs");
            second.clone()
        }
        None => first.clone(),
    };
    let restored = sqlite_url("backup-restored");
    let done = import(&restored, &source);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    let (before, after) = (dump(&original).await, dump(&restored).await);
    assert!(before.len() > 100, "a full database: {}", before.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b, a);
    }
    assert_eq!(before.len(), after.len());
    assert!(before.iter().any(|r| r.starts_with("sqlite_sequence: 'incidents'")), "counters compared too");

    // A server on the restored database serves the same page as one on the original.
    assert_eq!(public_page(&restored).await, public_page(&original).await);
    // The uptime rollups are not in the file: that first start counted them again, to what the
    // original's writes had kept.
    let original_rollups = rollups(&original).await;
    assert!(!original_rollups.is_empty(), "the original has days with downtime");
    assert_eq!(rollups(&restored).await, original_rollups);
    if let Some(pg) = &middle {
        assert_eq!(public_page(pg).await, public_page(&original).await);
    }

    // New rows after a restore never reuse an id, not even a deleted incident's.
    let counter: i64 = {
        let store = Store::connect(&original).await.unwrap();
        let sql = "SELECT seq FROM sqlite_sequence WHERE name = 'incidents'";
        let seq = sqlx::query_scalar(sql).fetch_one(store.pool()).await.unwrap();
        store.pool().close().await;
        seq
    };
    for url in std::iter::once(&restored).chain(middle.as_ref()) {
        let store = Store::connect(url).await.unwrap();
        let new = NewIncident {
            title: "After the restore".into(),
            impact: Impact::None,
            status: IS::Investigating,
            body: "New.".into(),
            started_at: None,
            display_at: None,
            changes: vec![],
            notify: false,
        };
        let id = store.create_incident(&Actor::System, new).await.unwrap();
        let highest: i64 = sqlx::query_scalar("SELECT MAX(id) FROM incidents WHERE id < $1")
            .bind(id)
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert!(counter > highest, "the original's counter stands above its highest incident (one was deleted)");
        assert_eq!(id, counter + 1, "{url}: an id the original handed out is not given again");
    }

    // The original has content: a restore into it is refused.
    assert_refused(&import(&original, &first), "the database is not empty (table users has rows)");
}

/// The file with `edit` applied to its lines.
fn edited(file: &Path, label: &str, edit: impl FnOnce(&mut Vec<String>)) -> PathBuf {
    let mut lines: Vec<String> = std::fs::read_to_string(file).unwrap().lines().map(str::to_string).collect();
    edit(&mut lines);
    let path = file.with_file_name(format!("{label}.jsonl"));
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

#[tokio::test]
async fn a_flawed_file_is_refused_and_changes_nothing() {
    let original = sqlite_url("backup-flawed-source");
    let store = Store::connect(&original).await.unwrap();
    fill(&store).await;
    store.pool().close().await;
    let good = server::testing::temp_dir("backup-flawed").join("good.jsonl");
    export(&original, &good);
    let text = std::fs::read_to_string(&good).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l.starts_with(needle)).unwrap() + 1;
    let incidents = line_of("{\"table\":\"incidents\"");

    let truncated = edited(&good, "truncated", |l| l.truncate(incidents + 2));
    let wrong_type = edited(&good, "wrong-type", |l| {
        // The first incident's title (column 2) as a number.
        let row: Vec<serde_json::Value> = serde_json::from_str(&l[incidents]).unwrap();
        let mut row = row;
        row[1] = serde_json::json!(42);
        l[incidents] = serde_json::to_string(&row).unwrap();
    });
    let dangling = edited(&good, "dangling", |l| {
        let at = l.iter().position(|x| x.starts_with("{\"table\":\"incident_updates\"")).unwrap() + 1;
        let mut row: Vec<serde_json::Value> = serde_json::from_str(&l[at]).unwrap();
        row[1] = serde_json::json!(9999);
        l[at] = serde_json::to_string(&row).unwrap();
    });
    let newer = edited(&good, "newer", |l| l[0] = "{\"format\":\"beacon-export\",\"version\":2,\"schema\":9}".into());
    let not_ours = edited(&good, "not-ours", |l| l[0] = "{\"hello\":1}".into());

    let target = sqlite_url("backup-flawed-target");
    Store::connect(&target).await.unwrap().pool().close().await;
    let empty = dump(&target).await;
    assert_refused(&import(&target, &truncated), "the file ends before the export does inside table incidents");
    let row = incidents + 1;
    assert_refused(
        &import(&target, &wrong_type),
        &format!("line {row}: table incidents, column title: expected text or null, found 42"),
    );
    let update_line = line_of("{\"table\":\"incident_updates\"") + 1;
    assert_refused(
        &import(&target, &dangling),
        &format!("line {update_line}: table incident_updates: the database refuses the row"),
    );
    assert_refused(&import(&target, &newer), "format version 2, newer than this Beacon reads (1)");
    assert_refused(&import(&target, &not_ours), "line 1: not a Beacon export");
    assert_eq!(dump(&target).await, empty, "nothing was written");

    // The good file still goes in afterwards.
    let done = import(&target, &good);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    assert_eq!(dump(&target).await, dump(&original).await);
}

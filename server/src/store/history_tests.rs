//! The public history on SQLite and PostgreSQL: incidents and maintenance in one order, pages
//! that neither skip nor repeat an entry whatever their size (equal times of both kinds across
//! page boundaries), old cursors, the history of one component, and the indexes every read walks.

use super::*;
use crate::store_test;
use app::domain::{ComponentStatus as CS, HistoryEntry, Impact, IncidentStatus as IS};
use chrono::{Duration, TimeZone};

fn t(h: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap() + Duration::hours(h)
}

async fn incident(store: &Store, title: &str, at: DateTime<Utc>, components: &[i64]) -> i64 {
    let new = NewIncident {
        notify: false,
        title: title.into(),
        impact: Impact::Minor,
        status: IS::Resolved,
        body: "Resolved.".into(),
        started_at: Some(at),
        display_at: None,
        changes: components.iter().map(|c| StatusChange { component_id: *c, status: CS::Operational }).collect(),
    };
    store.create_incident(&Actor::System, new).await.unwrap()
}

async fn window(store: &Store, title: &str, at: DateTime<Utc>, components: &[i64]) -> i64 {
    let new = NewMaintenance {
        notify: false,
        title: title.into(),
        body: "Planned.".into(),
        scheduled_for: at,
        scheduled_until: at + Duration::hours(1),
        auto_start: false,
        auto_complete: false,
        components: components.to_vec(),
    };
    store.create_maintenance(&Actor::System, new).await.unwrap()
}

/// "I Title" or "M Title", for comparing pages.
fn names(entries: &[HistoryEntry]) -> Vec<String> {
    entries
        .iter()
        .map(|e| match e {
            HistoryEntry::Incident(i) => format!("I {}", i.title),
            HistoryEntry::Maintenance(m) => format!("M {}", m.title),
        })
        .collect()
}

/// Every page of the history of `component` at `size` entries a page, joined.
async fn walk(store: &Store, component: Option<i64>, size: i64) -> Vec<String> {
    let mut all = Vec::new();
    let mut after = None;
    for _ in 0..100 {
        let (page, next) = store.history_entries(component, after, size).await.unwrap();
        assert!(page.len() as i64 <= size);
        all.extend(names(&page));
        match next {
            Some(cursor) => {
                assert_eq!(page.len() as i64, size, "only the last page is short");
                after = Some(cursor.to_string().parse().unwrap());
            }
            None => return all,
        }
    }
    panic!("the history does not end: {all:?}");
}

async fn both_kinds_in_one_order(store: Store) {
    // Equal times of both kinds, created in a mixed order; one incident moved back in time.
    incident(&store, "a", t(10), &[]).await;
    window(&store, "b", t(10), &[]).await;
    incident(&store, "c", t(10), &[]).await;
    window(&store, "d", t(20), &[]).await;
    window(&store, "e", t(10), &[]).await;
    incident(&store, "f", t(5), &[]).await;
    incident(&store, "g", t(10), &[]).await;
    window(&store, "h", t(1), &[]).await;
    let moved = incident(&store, "i", t(30), &[]).await;
    let version = store.get_incident(moved).await.unwrap().unwrap().version;
    let edit = IncidentEdit { started_at: Some(t(10)), ..IncidentEdit::default() };
    store.edit_incident(&Actor::System, moved, edit, version).await.unwrap();

    // Newest first; at one time the incidents (latest created first), then the maintenance.
    let expected = ["M d", "I i", "I g", "I c", "I a", "M e", "M b", "I f", "M h"];
    for size in 1..=10 {
        assert_eq!(walk(&store, None, size).await, expected, "{size} a page");
    }
}
store_test!(history_lists_both_kinds_in_one_order_at_every_page_size, both_kinds_in_one_order);

async fn old_cursors(store: Store) {
    let a = incident(&store, "a", t(10), &[]).await;
    window(&store, "b", t(10), &[]).await;
    window(&store, "c", t(9), &[]).await;
    incident(&store, "d", t(11), &[]).await;
    // What the incident-only history wrote after `a`: its start and id.
    let old: EntryCursor = format!("{}.{a}", ms(t(10))).parse().unwrap();
    let (page, next) = store.history_entries(None, Some(old), 10).await.unwrap();
    assert_eq!(names(&page), ["M b", "M c"], "it goes on from the same incident");
    assert_eq!(next, None);
}
store_test!(an_old_incident_cursor_goes_on_from_its_incident, old_cursors);

async fn of_one_component(store: Store) {
    let a = Actor::System;
    let api = store.create_component(&a, NewComponent::named("API")).await.unwrap();
    let web = store.create_component(&a, NewComponent::named("Web")).await.unwrap();
    incident(&store, "api down", t(10), &[api]).await;
    incident(&store, "web down", t(11), &[web]).await;
    incident(&store, "both down", t(10), &[api, web]).await;
    window(&store, "api window", t(10), &[api]).await;
    window(&store, "web window", t(12), &[web]).await;
    window(&store, "both window", t(3), &[web, api]).await;
    // Added to an incident afterwards, and that incident moved in time: its place follows.
    let later = incident(&store, "web, then api too", t(40), &[web]).await;
    let version = store.get_incident(later).await.unwrap().unwrap().version;
    let edit = IncidentEdit { started_at: Some(t(7)), components: Some(vec![web, api]), ..IncidentEdit::default() };
    store.edit_incident(&a, later, edit, version).await.unwrap();

    for size in 1..=6 {
        assert_eq!(
            walk(&store, Some(api), size).await,
            ["I both down", "I api down", "M api window", "I web, then api too", "M both window"],
            "{size} a page"
        );
    }
    assert_eq!(
        walk(&store, Some(web), 2).await,
        ["M web window", "I web down", "I both down", "I web, then api too", "M both window"]
    );
    let nothing = store.create_component(&a, NewComponent::named("Quiet")).await.unwrap();
    assert_eq!(store.history_entries(Some(nothing), None, 25).await.unwrap(), (Vec::new(), None));
}
store_test!(the_history_of_one_component, of_one_component);

/// Each statement's plan, in the engine's words. PostgreSQL is steered away from plain scans and
/// hash and merge joins, which it rightly prefers while tables are small (at 100,000 incidents it
/// chooses this plan by itself): what is checked is that indexes can serve every read.
async fn plan(store: &Store, sql: &str, component: Option<i64>) -> Vec<String> {
    let mut conn = store.pool().acquire().await.unwrap();
    let postgres = store.engine() == Engine::Postgres;
    if postgres {
        for set in ["SET enable_seqscan = off", "SET enable_hashjoin = off", "SET enable_mergejoin = off"] {
            sqlx::query(set).execute(&mut *conn).await.unwrap();
        }
    }
    let explain = if postgres { format!("EXPLAIN {sql}") } else { format!("EXPLAIN QUERY PLAN {sql}") };
    let query = sqlx::query(&explain).bind(i64::MAX).bind(i64::MAX).bind(26_i64);
    let query = match component {
        Some(id) => query.bind(id),
        None => query,
    };
    let rows = query.fetch_all(&mut *conn).await.unwrap();
    if postgres {
        sqlx::query("RESET ALL").execute(&mut *conn).await.unwrap();
    }
    let column = if postgres { "QUERY PLAN" } else { "detail" };
    rows.iter().map(|r| sqlx::Row::get::<String, _>(r, column)).collect()
}

/// Whether a plan reads a whole table or a whole index: SQLite's `SCAN` (with or without an
/// index), PostgreSQL's `Seq Scan`, or an index scan without an `Index Cond` (a walk of all of it).
fn reads_everything(plan: &[String]) -> bool {
    let mut unbounded_index = false;
    for line in plan {
        let node = line.trim_start().trim_start_matches("-> ").trim_start();
        if node.starts_with("SCAN ") || node.starts_with("Seq Scan") {
            return true;
        }
        if node.starts_with("Index Cond:") {
            unbounded_index = false;
        } else if !node.contains(':') || node.contains("(cost=") {
            if unbounded_index {
                return true;
            }
            unbounded_index = node.contains("Index Scan") || node.contains("Index Only Scan");
        }
    }
    unbounded_index
}

async fn reads_walk_indexes(store: Store) {
    let a = Actor::System;
    let api = store.create_component(&a, NewComponent::named("API")).await.unwrap();
    for sql in [
        "INSERT INTO incidents (title, impact, status, started_at, created_at, updated_at) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) \
         SELECT 'bulk', 'none', 'resolved', i * 1000, 0, 0 FROM n",
        "INSERT INTO maintenances (title, status, scheduled_for, scheduled_until, created_at, updated_at) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) \
         SELECT 'bulk', 'completed', i * 1000, i * 1000 + 1, 0, 0 FROM n",
    ] {
        sqlx::query(sql).execute(store.pool()).await.unwrap();
    }
    let link = "INSERT INTO incident_components (incident_id, component_id) SELECT id, $1 FROM incidents";
    sqlx::query(link).bind(api).execute(store.pool()).await.unwrap();
    let link = "INSERT INTO maintenance_components (maintenance_id, component_id) SELECT id, $1 FROM maintenances";
    sqlx::query(link).bind(api).execute(store.pool()).await.unwrap();
    sqlx::query("ANALYZE").execute(store.pool()).await.unwrap();

    for (component, indexes) in [
        (None, ["incidents_started_at", "maintenances_scheduled_for"]),
        (Some(api), ["incident_components_history", "maintenance_components_history"]),
    ] {
        for (sql, index) in history::statements(component).iter().zip(indexes) {
            let plan = plan(&store, sql, component).await;
            assert!(plan.iter().any(|l| l.contains(index)), "{sql}\nshould use {index}:\n{plan:#?}");
            assert!(!reads_everything(&plan), "{sql}\nreads a whole table or index:\n{plan:#?}");
        }
    }
    let (page, _) = store.history_entries(Some(api), None, 25).await.unwrap();
    assert_eq!(page.len(), 25);
}

#[test]
fn whole_reads_are_told_from_bounded_ones() {
    let lines = |text: &str| text.lines().map(str::to_string).collect::<Vec<_>>();
    assert!(reads_everything(&lines("SCAN incidents")));
    assert!(reads_everything(&lines("SCAN incidents USING INDEX incidents_started_at")));
    assert!(!reads_everything(&lines("SEARCH incidents USING INDEX incidents_started_at (started_at<?)")));
    assert!(reads_everything(&lines(
        "Limit  (cost=0.28..2.53 rows=26 width=21)\n  ->  Seq Scan on incidents  (cost=0)"
    )));
    let hash = "Hash Semi Join  (cost=4.03..101.57 rows=26 width=67)\n  Hash Cond: (incidents.id = x.incident_id)\n  \
                ->  Index Scan using incidents_pkey on incidents  (cost=0.28..92.28 rows=2000 width=67)\n  \
                ->  Hash  (cost=3.43..3.43 rows=26 width=8)";
    assert!(reads_everything(&lines(hash)));
    let nested =
        "Nested Loop  (cost=3.77..115.52 rows=26 width=67)\n  ->  Limit  (cost=0.28..3.17 rows=26 width=16)\n  \
                  ->  Index Only Scan using incident_components_history on incident_components  (cost=0.28..111.39)\n  \
                  Index Cond: ((component_id = '1'::bigint) AND (listed_at <= '9'::bigint))\n  \
                  Filter: ((listed_at < '9'::bigint) OR (incident_id < '9'::bigint))\n  \
                  ->  Index Scan using incidents_pkey on incidents  (cost=0.28..4.29 rows=1 width=67)\n  \
                  Index Cond: (id = incident_components.incident_id)";
    assert!(!reads_everything(&lines(nested)));
}
store_test!(history_reads_walk_their_indexes, reads_walk_indexes);

//! Fresh databases for tests: a SQLite file in a new temporary folder, or a new PostgreSQL
//! database on the server named by `BEACON_TEST_POSTGRES` (default the local one, user postgres).
//! With `CI` set, a missing PostgreSQL fails the test; elsewhere it is skipped with a reason.

use crate::store::{Engine, Store};
use sqlx::Connection;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/postgres";
/// Test databases older than this are dropped by later runs (a failed test leaves its own).
const STALE_SECS: u64 = 3600;

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_suffix() -> String {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default();
    format!("{secs}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// A URL for a new, empty database of `engine`, or `None` when PostgreSQL is not available
/// outside CI.
pub async fn fresh_database_url(engine: Engine) -> Option<String> {
    match engine {
        Engine::Sqlite => {
            let dir = std::env::temp_dir().join(format!("beacon-test-{}", unique_suffix()));
            Some(format!("sqlite://{}", dir.join("beacon.db").display()))
        }
        Engine::Postgres => fresh_postgres().await,
    }
}

/// A migrated store on a new, empty database of `engine`.
pub async fn fresh_store(engine: Engine) -> Option<Store> {
    let url = fresh_database_url(engine).await?;
    Some(Store::connect(&url).await.unwrap_or_else(|e| panic!("opening {url}: {e}")))
}

fn postgres_admin_url() -> String {
    std::env::var("BEACON_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_POSTGRES.to_string())
}

async fn fresh_postgres() -> Option<String> {
    let admin_url = postgres_admin_url();
    let mut admin = match sqlx::PgConnection::connect(&admin_url).await {
        Ok(c) => c,
        Err(e) if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) => {
            panic!("PostgreSQL is required in CI but {admin_url} is not reachable: {e}")
        }
        Err(e) => {
            eprintln!("skipping the PostgreSQL half of this test: {admin_url} is not reachable ({e})");
            return None;
        }
    };
    drop_stale(&mut admin).await;
    let name = format!("beacon_test_{}", unique_suffix());
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap_or_else(|e| panic!("creating test database {name}: {e}"));
    let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(b, _)| b);
    Some(format!("{base}/{name}"))
}

async fn drop_stale(admin: &mut sqlx::PgConnection) {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default();
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'beacon\\_test\\_%'")
            .fetch_all(&mut *admin)
            .await
            .unwrap_or_default();
    for name in names {
        let created: Option<u64> = name.strip_prefix("beacon_test_").and_then(|r| r.split('_').next()?.parse().ok());
        if created.is_some_and(|t| t + STALE_SECS < now) {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut *admin).await;
        }
    }
}

/// A new empty folder under the system's temporary folder.
pub fn temp_dir(label: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("beacon-{label}-{}", unique_suffix()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
    dir
}

/// Runs `$body` (an async fn taking a `Store`) once per engine, as two tests named after them.
#[macro_export]
macro_rules! store_test {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let store = $crate::testing::fresh_store($crate::store::Engine::Sqlite).await.expect("sqlite");
                super::$body(store).await;
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(store) = $crate::testing::fresh_store($crate::store::Engine::Postgres).await {
                    super::$body(store).await;
                }
            }
        }
    };
}

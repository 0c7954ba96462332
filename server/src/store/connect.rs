//! Opening the database: the engine is chosen by the URL's scheme, SQLite files and their folder
//! are created on first start, and migrations run before anything else touches the schema.

use super::Store;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::Executor;
use std::path::{Path, PathBuf};
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Why the database could not be opened; each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("the database URL '{0}' is not understood: use sqlite://PATH (e.g. sqlite://data/beacon.db) or postgres://USER@HOST/DB")]
    InvalidUrl(String),
    #[error("cannot create the database folder {}: {source} (choose a writable place with --database-url)", path.display())]
    Folder { path: PathBuf, source: std::io::Error },
    #[error("cannot open the database {url}: {source} (check --database-url / DATABASE_URL and that the database is running and reachable)")]
    Unreachable { url: String, source: sqlx::Error },
    #[error("cannot bring the {engine:?} database up to date: {source}")]
    Migrate { engine: Engine, source: sqlx::migrate::MigrateError },
}

impl Engine {
    pub fn of_url(url: &str) -> Option<Engine> {
        if url.starts_with("sqlite:") {
            Some(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Engine::Postgres)
        } else {
            None
        }
    }
}

/// The URL with its password replaced, for messages and logs.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = rest.split_once('/').map_or((rest, None), |(a, t)| (a, Some(t)));
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{user}:***@{host}"),
            None => format!("{userinfo}@{host}"),
        },
        None => authority.to_string(),
    };
    match tail {
        Some(t) => format!("{scheme}://{authority}/{t}"),
        None => format!("{scheme}://{authority}"),
    }
}

/// The file path inside a `sqlite:` URL, or `None` for an in-memory database.
fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

impl Store {
    /// Opens the database at `url` (creating a SQLite file and its folder when missing) and runs
    /// the migrations.
    pub async fn connect(url: &str) -> Result<Store, ConnectError> {
        Store::open(url, None).await
    }

    /// [`Store::connect`], giving up on reaching the database after `wait` (the driver would go
    /// on trying for the pool's acquire timeout, 5 s): for a start that has a last good copy of
    /// the public pages to serve while the database is away.
    pub async fn connect_within(url: &str, wait: Duration) -> Result<Store, ConnectError> {
        Store::open(url, Some(wait)).await
    }

    async fn open(url: &str, wait: Option<Duration>) -> Result<Store, ConnectError> {
        let (engine, url) = prepare(url)?;
        let connecting = pool_options(engine).connect(&url);
        let connected = match wait {
            None => connecting.await,
            Some(wait) => tokio::time::timeout(wait, connecting).await.unwrap_or(Err(sqlx::Error::PoolTimedOut)),
        };
        let pool = connected.map_err(|source| ConnectError::Unreachable { url: redact(&url), source })?;
        let store = Store { pool, engine, changes: Default::default(), outbox: Default::default() };
        store.migrate().await?;
        Ok(store)
    }

    /// A store whose connections open on first use: for starting while the database is down.
    /// Run [`Store::migrate`] once it is reachable.
    pub fn connect_lazy(url: &str) -> Result<Store, ConnectError> {
        let (engine, url) = prepare(url)?;
        let pool = pool_options(engine)
            .connect_lazy(&url)
            .map_err(|source| ConnectError::Unreachable { url: redact(&url), source })?;
        Ok(Store { pool, engine, changes: Default::default(), outbox: Default::default() })
    }

    /// Brings the schema up to date.
    pub async fn migrate(&self) -> Result<(), ConnectError> {
        let migrator = match self.engine {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.pool).await.map_err(|source| ConnectError::Migrate { engine: self.engine, source })
    }
}

/// The engine, and the URL as the driver gets it (a SQLite file's folder is created first).
fn prepare(url: &str) -> Result<(Engine, String), ConnectError> {
    let engine = Engine::of_url(url).ok_or_else(|| ConnectError::InvalidUrl(redact(url)))?;
    sqlx::any::install_default_drivers();
    let mut url = url.to_string();
    if engine == Engine::Sqlite {
        if let Some(path) = sqlite_path(&url) {
            create_folder(&path)?;
        }
        if !url.contains("mode=") {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str("mode=rwc");
        }
    }
    Ok((engine, url))
}

fn pool_options(engine: Engine) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(if engine == Engine::Sqlite { 8 } else { 16 })
        .acquire_timeout(Duration::from_secs(5))
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if engine == Engine::Sqlite {
                    // WAL lets readers run beside the writer; wait for locks instead of failing.
                    conn.execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;")
                        .await?;
                }
                Ok(())
            })
        })
}

/// The folder of the SQLite file at `url`, if it names one: the default data folder.
pub fn sqlite_folder(url: &str) -> Option<PathBuf> {
    let path = sqlite_path(url)?;
    Some(path.parent().filter(|p| !p.as_os_str().is_empty()).map_or_else(|| PathBuf::from("."), Path::to_path_buf))
}

fn create_folder(db_file: &Path) -> Result<(), ConnectError> {
    let Some(folder) = db_file.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return Ok(());
    };
    std::fs::create_dir_all(folder).map_err(|source| ConnectError::Folder { path: folder.to_path_buf(), source })?;
    // Fail here, with a clear message, rather than at the first write.
    let probe = folder.join(".beacon-write-test");
    std::fs::write(&probe, b"")
        .and_then(|()| std::fs::remove_file(&probe))
        .map_err(|source| ConnectError::Folder { path: folder.to_path_buf(), source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(redact("postgres://beacon:s3cret@db:5432/beacon"), "postgres://beacon:***@db:5432/beacon");
        assert_eq!(redact("postgres://beacon@db/beacon"), "postgres://beacon@db/beacon");
        assert_eq!(redact("sqlite://data/beacon.db"), "sqlite://data/beacon.db");
    }

    #[test]
    fn sqlite_paths_come_out_of_every_url_form() {
        assert_eq!(sqlite_path("sqlite://data/beacon.db"), Some(PathBuf::from("data/beacon.db")));
        assert_eq!(sqlite_path("sqlite:data/b.db?mode=rwc"), Some(PathBuf::from("data/b.db")));
        assert_eq!(sqlite_path("sqlite:///var/lib/beacon/b.db"), Some(PathBuf::from("/var/lib/beacon/b.db")));
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_folder("sqlite://data/beacon.db"), Some(PathBuf::from("data")));
        assert_eq!(sqlite_folder("sqlite:beacon.db"), Some(PathBuf::from(".")));
        assert_eq!(sqlite_folder("sqlite:///var/lib/beacon/b.db"), Some(PathBuf::from("/var/lib/beacon")));
        assert_eq!(sqlite_folder("postgres://db/beacon"), None);
        assert_eq!(Engine::of_url("mysql://x"), None);
        assert_eq!(Engine::of_url("postgresql://x/y"), Some(Engine::Postgres));
    }
}

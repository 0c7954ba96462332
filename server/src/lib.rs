//! Beacon's server: configuration, the store, the HTTP routes, sample data.

pub mod api;
pub mod auth;
pub mod backup;
pub mod cache;
pub mod config;
mod connections;
pub mod demo;
pub mod error;
pub mod feeds;
pub mod http;
pub mod import;
pub mod jobs;
pub mod metrics;
pub mod mirror;
pub mod notify;
pub mod page;
mod priority;
pub mod sealed;
pub mod site;
pub mod state;
pub mod store;
#[doc(hidden)]
pub mod testing;
mod tokens_cli;
mod users_cli;
pub mod xml;

use cache::disk;
use config::{Cli, Command, DatabaseArgs, ImportCommand, ServeArgs};
use connections::Limits;
use std::path::{Path, PathBuf};
use std::time::Duration;
use store::{ConnectError, Engine, Store};

/// Why Beacon could not start; each message says what to fix.
#[derive(Debug, thiserror::Error)]
pub enum Fatal {
    #[error(transparent)]
    Database(#[from] ConnectError),
    #[error("cannot use the data folder {}: {source} (choose a writable folder with --data-dir or BEACON_DATA_DIR)", path.display())]
    DataDir { path: PathBuf, source: std::io::Error },
    #[error("cannot listen on {addr}: {source} (choose another address with --addr or BEACON_ADDR)")]
    Listen { addr: std::net::SocketAddr, source: std::io::Error },
    #[error("cannot find the site files (stylesheet and client bundle) in {0}: run scripts/build first, or point --site-root / BEACON_SITE_ROOT at them")]
    SiteRoot(String),
    #[error("cannot load the sample data: {0}")]
    Demo(store::StoreError),
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Store(store::StoreError),
    #[error("cannot set up the client for webhooks and chat: {0}")]
    Notify(String),
    #[error(transparent)]
    Mirror(#[from] mirror::MirrorError),
}

pub async fn run(cli: Cli) -> Result<(), Fatal> {
    match cli.command {
        Command::Migrate(db) => {
            Store::connect(db.url()).await?;
            tracing::info!("the database is up to date");
            Ok(())
        }
        Command::Serve(args) => serve(args).await,
        Command::User { command } => users_cli::run(command).await,
        Command::Token { command } => tokens_cli::run(command).await,
        Command::Export(args) => backup::export_cli(args).await,
        Command::ExportStatic(args) => mirror::export_static_cli(args).await,
        Command::Import { command } => match command {
            ImportCommand::Statuspage(args) => import::statuspage::run(args).await,
            ImportCommand::Beacon(args) => backup::import_cli(args).await,
        },
    }
}

/// How long a start that found a snapshot waits for the database before serving the snapshot.
const SNAPSHOT_START_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

async fn serve(args: ServeArgs) -> Result<(), Fatal> {
    let site_root = site::find_site_root(args.site_root.as_deref()).map_err(Fatal::SiteRoot)?;
    // The port first: a second instance started by mistake stops here, before touching the database.
    let listener = connections::listen(args.addr).map_err(|source| Fatal::Listen { addr: args.addr, source })?;
    let data_dir = args.data_dir();
    let snapshot = disk::load(&data_dir).unwrap_or_else(|e| {
        tracing::warn!(cause = %e, file = %disk::path(&data_dir).display(), "ignoring the public cache snapshot");
        None
    });
    let url = args.database.url();
    // With a last good copy to serve, a database that does not answer at once is not waited for.
    let connected = match snapshot {
        Some(_) => Store::connect_within(url, SNAPSHOT_START_WAIT).await,
        None => Store::connect(url).await,
    };
    let (store, degraded) = match connected {
        Ok(store) => (store, false),
        // With a last good copy to serve, a database that is down does not keep the page down.
        Err(e @ ConnectError::Unreachable { .. }) if snapshot.is_some() => {
            tracing::warn!("{e}; serving the last good copy of the public pages (marked stale) until it is back");
            (Store::connect_lazy(url)?, true)
        }
        Err(e) => return Err(e.into()),
    };
    check_data_dir(&data_dir)?;
    let settings = match degraded {
        false => page::settings_at_start(&store, &page::flags(&args)).await.map_err(Fatal::Store)?,
        true => page::flags(&args),
    };
    if args.demo && !degraded {
        demo::load_if_empty(&store, chrono::Utc::now()).await.map_err(Fatal::Demo)?;
    }
    let state = state::AppState::new(store.clone(), &args, &site_root, settings, !degraded);
    tokio::spawn(state.page.clone().follow());
    if let Some(entries) = snapshot {
        state.cache.restore(entries);
    }
    if degraded {
        state.cache.assume_unavailable();
        tokio::spawn(migrate_when_reachable(state.clone(), args.public_url(), page::flags(&args)));
    } else {
        offer_first_admin(&state, &args.public_url()).await.map_err(Fatal::Store)?;
    }
    if Engine::of_url(url) == Some(Engine::Postgres) {
        tokio::spawn(store::listen::changes(url.to_string(), store.changes().clone()));
    }
    tokio::spawn(disk::keep_writing(state.cache.clone(), data_dir.clone()));
    tokio::spawn(auth::sessions::sweep_expired(store.clone()));
    deliveries(&state, &args, &data_dir)?.start_in_background().map_err(|e| Fatal::Notify(e.to_string()))?;
    tokio::spawn(jobs::maintenance(store));
    if let Some(metrics_addr) = args.metrics_addr {
        let metrics = tokio::net::TcpListener::bind(metrics_addr)
            .await
            .map_err(|source| Fatal::Listen { addr: metrics_addr, source })?;
        tracing::info!("serving /metrics on http://{metrics_addr}");
        let router = http::metrics_router(state.clone());
        tokio::spawn(async move {
            if let Err(e) = axum::serve(metrics, router).await {
                tracing::error!(cause = %e, "the metrics address stopped answering");
            }
        });
    }
    if let Some(dir) = &args.mirror_dir {
        std::fs::create_dir_all(dir)
            .map_err(|source| Fatal::Mirror(mirror::MirrorError::Write { path: dir.clone(), source }))?;
        tokio::spawn(mirror::keep_current(mirror::Mirror::new(&state, &site_root), dir.clone()));
    }
    let (cache, closing) = (state.cache.clone(), state.closing.clone());
    let state_title = state.site().title.clone();
    let app = http::router(state, &site_root);
    let limits = Limits::new(&args.limits);
    let addr = listener.local_addr().unwrap_or(args.addr);
    tracing::info!("serving {} on http://{addr} (public URL {})", state_title, args.public_url());
    connections::serve(listener, app, limits, async move {
        shutdown().await;
        closing.close();
    })
    .await;
    disk::flush(&cache, &data_dir);
    Ok(())
}

/// The notification worker of this instance (it waits for the database itself).
fn deliveries(state: &state::AppState, args: &ServeArgs, data_dir: &Path) -> Result<notify::worker::Worker, Fatal> {
    use notify::{chat::Chat, payload::PageSource, webhook::Http, webhook::Webhooks, worker};
    let http = Http::new(args.notify.allow_private_webhooks).map_err(|e| Fatal::Notify(e.to_string()))?;
    let public_url = state.public_url.trim_end_matches('/').to_string();
    let page = PageSource::Live { settings: state.page.clone(), public_url: public_url.clone() };
    let email = match (&args.notify.smtp_url, &args.notify.mail_from) {
        (Some(url), Some(from)) => {
            let mailer = notify::email::Mailer::new(url, from.clone(), page.clone(), state.links.clone())
                .map_err(Fatal::Notify)?;
            Some(std::sync::Arc::new(mailer) as std::sync::Arc<dyn worker::Sender>)
        }
        _ => None,
    };
    let senders = worker::Senders {
        email,
        webhook: std::sync::Arc::new(Webhooks { http: http.clone(), links: state.links.clone(), public_url }),
        chat: std::sync::Arc::new(Chat { http, page: page.clone() }),
    };
    let retry = worker::RetryPolicy::from_seconds(args.notify.retry_seconds);
    let owner = worker::instance_id(data_dir);
    Ok(worker::Worker::new(state.store.clone(), owner, senders, retry, state.metrics.clone(), page))
}

/// The database the `user` and `token` commands manage; never an empty one made by mistake.
pub(crate) async fn open_existing(db: &DatabaseArgs) -> Result<Store, Fatal> {
    Ok(Store::connect(db.existing().map_err(Fatal::Usage)?).await?)
}

/// Creates the data folder and makes sure it can be written, so that the snapshot will be.
fn check_data_dir(data_dir: &Path) -> Result<(), Fatal> {
    let probe = data_dir.join(".beacon-write-test");
    std::fs::create_dir_all(data_dir)
        .and_then(|()| std::fs::write(&probe, b""))
        .and_then(|()| std::fs::remove_file(&probe))
        .map_err(|source| Fatal::DataDir { path: data_dir.to_path_buf(), source })
}

/// On a database without accounts, logs the one-time link that creates the first admin.
async fn offer_first_admin(state: &state::AppState, public_url: &str) -> Result<(), store::StoreError> {
    if state.store.count_users().await? == 0 {
        let token = state.auth.begin_setup();
        // Deliberately logged: whoever can read the server's log may create the first admin.
        tracing::warn!(
            "no staff account exists yet: create the first admin at {public_url}/admin/setup/{token} \
             (or run `beacon user add --email EMAIL --role admin --password-stdin`)"
        );
    }
    Ok(())
}

/// Started without the database: bring its schema up to date once it answers (trying again
/// with a growing pause), then render everything afresh.
async fn migrate_when_reachable(
    state: state::AppState,
    public_url: String,
    flags: app::domain::settings::PageSettings,
) {
    let mut pause = Duration::from_secs(1);
    while let Err(e) = state.store.migrate().await {
        tracing::warn!(cause = %e, "the database is still unreachable; trying again");
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_secs(30));
    }
    tracing::info!("the database is reachable; its schema is up to date");
    if let Err(e) = page::settings_at_start(&state.store, &flags).await {
        tracing::warn!(cause = %e, "cannot count the uptime days in the page's zone; the bars may be off until a restart");
    }
    state.store.changes().bump();
    if let Err(e) = offer_first_admin(&state, &public_url).await {
        tracing::warn!(cause = %e, "cannot count the staff accounts");
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutting down");
}

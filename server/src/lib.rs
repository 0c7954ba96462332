//! Beacon's server: configuration, the store, the HTTP routes, sample data.

pub mod api;
pub mod auth;
pub mod cache;
pub mod config;
pub mod demo;
pub mod feeds;
pub mod http;
pub mod jobs;
pub mod store;
#[doc(hidden)]
pub mod testing;
mod users_cli;

use config::{Cli, Command, DatabaseArgs, ServeArgs};
use store::{ConnectError, Store};

/// Why Beacon could not start; each message says what to fix.
#[derive(Debug, thiserror::Error)]
pub enum Fatal {
    #[error(transparent)]
    Database(#[from] ConnectError),
    #[error("cannot listen on {addr}: {source} (choose another address with --addr or BEACON_ADDR)")]
    Listen { addr: std::net::SocketAddr, source: std::io::Error },
    #[error("cannot find the site files (stylesheet and client bundle) in {0}: run scripts/build first, or point --site-root / BEACON_SITE_ROOT at them")]
    SiteRoot(String),
    #[error("cannot load the sample data: {0}")]
    Demo(store::StoreError),
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Store(store::StoreError),
}

pub async fn run(cli: Cli) -> Result<(), Fatal> {
    match cli.command {
        Command::Migrate(DatabaseArgs { database_url }) => {
            Store::connect(&database_url).await?;
            tracing::info!("the database is up to date");
            Ok(())
        }
        Command::Serve(args) => serve(args).await,
        Command::User { command } => users_cli::run(command).await,
    }
}

async fn serve(args: ServeArgs) -> Result<(), Fatal> {
    let site_root = http::assets::find_site_root(args.site_root.as_deref()).map_err(Fatal::SiteRoot)?;
    let store = Store::connect(&args.database.database_url).await?;
    if args.demo {
        demo::load_if_empty(&store, chrono::Utc::now()).await.map_err(Fatal::Demo)?;
    }
    let listener =
        tokio::net::TcpListener::bind(args.addr).await.map_err(|source| Fatal::Listen { addr: args.addr, source })?;
    let state = http::AppState::new(store.clone(), &args, &site_root);
    if store.count_users().await.map_err(Fatal::Store)? == 0 {
        let token = state.auth.begin_setup();
        // Deliberately logged: whoever can read the server's log may create the first admin.
        tracing::warn!(
            "no staff account exists yet: create the first admin at {}/admin/setup/{token} \
             (or run `beacon user add --email EMAIL --role admin --password-stdin`)",
            args.public_url()
        );
    }
    tokio::spawn(auth::sessions::sweep_expired(store.clone()));
    tokio::spawn(jobs::maintenance(store));
    let app = http::router(state, &site_root);
    tracing::info!("serving {} on http://{} (public URL {})", args.title, args.addr, args.public_url());
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown())
        .await
        .map_err(Fatal::Serve)
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

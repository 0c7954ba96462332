//! The command line: every option is a flag with an environment variable and a default. Nothing
//! else reads the environment.

use app::domain::Role;
use chrono_tz::Tz;
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "beacon",
    version,
    about = "Beacon: a self-hosted status page and incident timeline.",
    long_about = "Beacon: a self-hosted status page and incident timeline.\n\n\
                  Runs on a SQLite file with no configuration, or on PostgreSQL for several instances."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// How log lines are written to standard error: text (coloured only on a terminal) or json
    /// (one object a line, for log collectors).
    #[arg(long, env = "BEACON_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
// Parsed once at start: the size of `Serve` costs nothing worth a Box.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Serve the status page, its feeds and APIs, and the admin console.
    Serve(ServeArgs),
    /// Bring the database schema up to date and exit.
    Migrate(DatabaseArgs),
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage tokens for the write API (/api/v1).
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Write the whole dataset to one file: a backup, or the way to move to the other engine.
    Export(ExportArgs),
    /// Write the public site as files any static host or CDN serves (pages, feeds, API v2 JSON,
    /// badges, stylesheet); takes every `serve` option, so that the pages say what `serve` shows.
    ExportStatic(ExportStaticArgs),
    /// Load data into the database: a Beacon export, or a page's history from Statuspage.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The file to write (JSON Lines, see docs/EXPORT.md); `-` for standard output. It appears
    /// under this name only once complete.
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct ExportStaticArgs {
    /// The folder to write (created when missing). Only files an earlier export wrote there are
    /// replaced or removed; each is replaced whole.
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import a Statuspage page (components, groups, incidents, postmortems, maintenance) from
    /// an export folder or through the manage API. Running it again adds what is new and
    /// updates what changed; a refused file changes nothing.
    Statuspage(StatuspageImportArgs),
    /// Restore a `beacon export` file into a new, empty database (SQLite or PostgreSQL), ids and
    /// all; the schema is brought up to date first. A flawed file changes nothing.
    Beacon(BeaconImportArgs),
}

#[derive(Debug, Clone, Args)]
pub struct BeaconImportArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The file `beacon export` wrote.
    pub file: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct StatuspageImportArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// A folder holding the public API v2 files as downloaded: components.json and
    /// incidents.json, with summary.json, scheduled-maintenances.json and incidents/{id}.json
    /// when there.
    #[arg(conflicts_with_all = ["url", "api_key", "page_id"])]
    pub dir: Option<PathBuf>,
    /// Read the page through the manage API at this address instead, e.g. https://api.statuspage.io.
    #[arg(long, requires_all = ["api_key", "page_id"])]
    pub url: Option<String>,
    /// The manage API key (a user's API key, sent as `Authorization: OAuth KEY`).
    #[arg(long, env = "STATUSPAGE_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,
    /// The page's id (from its Statuspage settings, e.g. 4lzycl8t1x0c).
    #[arg(long)]
    pub page_id: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print its secret on standard output; it is shown this once.
    Add(TokenAddArgs),
    /// List the tokens (never their secrets).
    List(DatabaseArgs),
    /// Revoke a token at once.
    Revoke(TokenIdArgs),
}

#[derive(Debug, Clone, Args)]
pub struct TokenAddArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// What the token is for; the audit log shows it as "token NAME".
    #[arg(long)]
    pub name: String,
    /// editor (incidents, updates, postmortems, maintenance, component status) or admin (also components and groups, deletions).
    #[arg(long, default_value = "editor", value_parser = parse_role)]
    pub role: Role,
    /// Days until the token stops working (default: it does not expire).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub expires_in_days: Option<u32>,
}

#[derive(Debug, Clone, Args)]
pub struct TokenIdArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The token's id, as `beacon token list` shows it.
    pub id: i64,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; the password is read from standard input.
    Add(UserAddArgs),
    /// List the accounts.
    List(DatabaseArgs),
    /// Set an account's password, read from standard input.
    Passwd(UserPasswordArgs),
    /// Disable an account: it can no longer sign in and its sessions end.
    Disable(UserEmailArgs),
    /// Enable a disabled account again.
    Enable(UserEmailArgs),
}

#[derive(Debug, Clone, Args)]
pub struct UserEmailArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The account's email address.
    #[arg(long)]
    pub email: String,
}

#[derive(Debug, Clone, Args)]
pub struct UserPasswordArgs {
    #[command(flatten)]
    pub account: UserEmailArgs,
    /// Read the password from standard input (required: passwords never go on the command line).
    #[arg(long, required = true)]
    pub password_stdin: bool,
}

#[derive(Debug, Clone, Args)]
pub struct UserAddArgs {
    #[command(flatten)]
    pub account: UserEmailArgs,
    /// The name shown in the console and the audit log. Default: the part of the email before @.
    #[arg(long)]
    pub name: Option<String>,
    /// admin (everything) or editor (incidents, updates, postmortems, maintenance, statuses).
    #[arg(long, value_parser = parse_role)]
    pub role: Role,
    /// Read the password from standard input (required: passwords never go on the command line).
    #[arg(long, required = true)]
    pub password_stdin: bool,
}

fn parse_role(s: &str) -> Result<Role, String> {
    s.parse::<Role>().map_err(|e| e.to_string())
}

/// The database used when none is named, and its file.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/beacon.db";
const DEFAULT_DATABASE_FILE: &str = "data/beacon.db";

#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// Where the data lives: sqlite://PATH (the file and its folder are created on first start)
    /// or postgres://USER:PASSWORD@HOST:PORT/DATABASE. Default: sqlite://data/beacon.db.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
}

impl DatabaseArgs {
    /// The URL given, or the default.
    pub fn url(&self) -> &str {
        self.database_url.as_deref().unwrap_or(DEFAULT_DATABASE_URL)
    }

    /// The URL of a database that is already there: for the commands that manage one (`user`,
    /// `token`), which must not create an empty database in the working folder by mistake.
    pub fn existing(&self) -> Result<&str, String> {
        if self.database_url.is_none() && !std::path::Path::new(DEFAULT_DATABASE_FILE).exists() {
            return Err(format!(
                "no database at {DEFAULT_DATABASE_FILE} (the default): pass --database-url or set DATABASE_URL to the database `beacon serve` uses"
            ));
        }
        Ok(self.url())
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,

    /// The IP address and port to listen on, e.g. 0.0.0.0:3000 for every interface.
    #[arg(long, env = "BEACON_ADDR", default_value = "127.0.0.1:3000", value_parser = parse_addr)]
    pub addr: SocketAddr,

    /// The IANA time zone every time on the page is shown in, e.g. America/Los_Angeles: the
    /// default of a new database only. The page's settings keep it; change it later in
    /// /admin/settings (or PATCH /api/v1/page), not here.
    #[arg(long, env = "BEACON_TIMEZONE", default_value = "UTC", value_parser = parse_timezone)]
    pub timezone: Tz,

    /// The address visitors reach Beacon at, used for absolute links in feeds and emails,
    /// e.g. https://status.example.com. Default: http://ADDR.
    #[arg(long, env = "BEACON_PUBLIC_URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,

    /// The name of the page, shown in its header and title: the default of a new database only.
    /// The page's settings keep it; change it later in /admin/settings (or PATCH /api/v1/page).
    #[arg(long, env = "BEACON_TITLE", default_value = "Beacon Status")]
    pub title: String,

    /// Load realistic sample data when the database is empty (a database with content is never
    /// touched).
    #[arg(long, env = "BEACON_DEMO")]
    pub demo: bool,

    /// Minutes without a request after which a staff session ends (1 to 525600, a year).
    #[arg(long, env = "BEACON_SESSION_IDLE_MINUTES", default_value_t = 720,
          value_parser = clap::value_parser!(u32).range(1..=525_600))]
    pub session_idle_minutes: u32,

    /// Hours after signing in at which a staff session ends, however active it is (1 to 8784, a
    /// year).
    #[arg(long, env = "BEACON_SESSION_LIFETIME_HOURS", default_value_t = 168,
          value_parser = clap::value_parser!(u32).range(1..=8784))]
    pub session_lifetime_hours: u32,

    #[command(flatten)]
    pub limits: ConnectionLimits,

    #[command(flatten)]
    pub notify: NotifyArgs,

    /// A secret that scrapers of `/metrics` must send (`Authorization: Bearer <token>`). Without
    /// it, `/metrics` is open to whoever reaches it.
    #[arg(long, env = "BEACON_METRICS_TOKEN", value_parser = parse_metrics_token)]
    pub metrics_token: Option<String>,

    /// Serve `/metrics` on this address (e.g. 127.0.0.1:9100, reachable only from inside)
    /// instead of the main one.
    #[arg(long, env = "BEACON_METRICS_ADDR", value_parser = parse_addr)]
    pub metrics_addr: Option<SocketAddr>,

    /// The folder holding the stylesheet and the admin console's client bundle (pkg/). Default:
    /// the `site` folder next to the build (target/site), as built by scripts/build.
    #[arg(long, env = "BEACON_SITE_ROOT")]
    pub site_root: Option<PathBuf>,

    /// The folder for Beacon's own files: the last good copy of the public pages
    /// (public-cache/), which a restart serves while the database is unreachable. Default: the
    /// SQLite file's folder, or `data` (in the working folder) with PostgreSQL.
    #[arg(long, env = "BEACON_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// Keep a static copy of the public site in this folder (as `beacon export-static` writes
    /// it), rewritten within seconds of each change, for a static host or CDN to serve while
    /// Beacon or its database is down.
    #[arg(long, env = "BEACON_MIRROR_DIR")]
    pub mirror_dir: Option<PathBuf>,
}

fn parse_metrics_token(s: &str) -> Result<String, String> {
    if s.len() < 16 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("use at least 16 characters, without spaces (e.g. from `openssl rand -hex 32`)".into());
    }
    Ok(s.to_string())
}

/// How subscribers are told.
#[derive(Debug, Clone, Args)]
pub struct NotifyArgs {
    /// The SMTP server subscriber mail goes through: smtp://HOST:PORT (plain), add
    /// ?tls=required for STARTTLS, or smtps://HOST:PORT for TLS; a user and password go in the
    /// URL (smtps://USER:PASSWORD@HOST). Without it, email subscriptions are not offered.
    #[arg(long, env = "BEACON_SMTP_URL", hide_env_values = true, requires = "mail_from")]
    pub smtp_url: Option<String>,

    /// The sender of subscriber mail, e.g. "Example Status <status@example.com>".
    #[arg(long, env = "BEACON_MAIL_FROM", value_parser = parse_mailbox)]
    pub mail_from: Option<lettre::message::Mailbox>,

    /// Allow webhook and chat URLs that reach loopback, private or link-local addresses (an
    /// intranet receiver, tests). Off: only public addresses can be subscribed.
    #[arg(long, env = "BEACON_ALLOW_PRIVATE_WEBHOOKS")]
    pub allow_private_webhooks: bool,

    /// Seconds before the first retry of a failed delivery (with jitter); each further retry waits
    /// twice as long, up to 6 hours, for at least 24 hours in all.
    #[arg(long, env = "BEACON_RETRY_SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub retry_seconds: u64,
}

fn parse_mailbox(s: &str) -> Result<lettre::message::Mailbox, String> {
    s.parse().map_err(|_| {
        format!("'{s}' is not a mail address: use status@example.com or \"Example Status <status@example.com>\"")
    })
}

/// What a client may hold: slow or idle connections are closed, and only so many are open at once.
#[derive(Debug, Clone, Copy, Args)]
pub struct ConnectionLimits {
    /// Seconds a client may take to send a request's headers (the first request's counting from
    /// when it connects); then its connection is closed.
    #[arg(long, env = "BEACON_HEADER_TIMEOUT_SECONDS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout_seconds: u64,

    /// Seconds a client may take to send a request's body and Beacon to start its answer; then it
    /// gets 408 and the connection is closed. A stream that has started (/events) is not cut.
    #[arg(long, env = "BEACON_REQUEST_TIMEOUT_SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout_seconds: u64,

    /// Seconds a kept-alive connection may wait for its next request before it is closed.
    #[arg(long, env = "BEACON_IDLE_TIMEOUT_SECONDS", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub idle_timeout_seconds: u64,

    /// Connections open at once. At the cap, the one that has waited longest for a request is
    /// closed to make room; when all are answering, new ones wait. Lowered to fit the process's
    /// open-file limit, which Beacon raises as far as allowed at start.
    #[arg(long, env = "BEACON_MAX_CONNECTIONS", default_value_t = 10_000,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub max_connections: u32,
}

impl ServeArgs {
    pub fn data_dir(&self) -> PathBuf {
        self.data_dir
            .clone()
            .or_else(|| crate::store::sqlite_folder(self.database.url()))
            .unwrap_or_else(|| PathBuf::from("data"))
    }

    pub fn public_url(&self) -> String {
        self.public_url.clone().unwrap_or_else(|| format!("http://{}", self.addr))
    }
}

fn parse_addr(s: &str) -> Result<SocketAddr, String> {
    s.parse::<SocketAddr>().map_err(|_| {
        format!("'{s}' is not an IP address and port: use an IP address such as 127.0.0.1:3000 (0.0.0.0:3000 for every interface, [::1]:3000 for IPv6)")
    })
}

fn parse_timezone(s: &str) -> Result<Tz, String> {
    s.parse::<Tz>().map_err(|_| format!("unknown time zone '{s}' (use an IANA name such as UTC or Europe/Berlin)"))
}

fn parse_public_url(s: &str) -> Result<String, String> {
    let trimmed = s.trim_end_matches('/');
    let rest = trimmed.strip_prefix("https://").or_else(|| trimmed.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => Ok(trimmed.to_string()),
        _ => Err(format!("'{s}' is not an http(s) URL (e.g. https://status.example.com)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn defaults_need_no_configuration() {
        let cli = Cli::try_parse_from(["beacon", "serve"]).unwrap();
        let Command::Serve(args) = cli.command else { panic!("serve") };
        assert_eq!(args.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(args.timezone, Tz::UTC);
        assert_eq!(args.public_url(), "http://127.0.0.1:3000");
        assert_eq!(args.data_dir(), PathBuf::from("data"), "beside the default SQLite file");
        let cli = Cli::try_parse_from(["beacon", "serve", "--database-url", "postgres://db/beacon"]).unwrap();
        let Command::Serve(args) = cli.command else { panic!("serve") };
        assert_eq!(args.data_dir(), PathBuf::from("data"));
        let cli = Cli::try_parse_from(["beacon", "serve", "--database-url", "sqlite:///srv/b.db", "--data-dir", "/x"]);
        let Command::Serve(args) = cli.unwrap().command else { panic!("serve") };
        assert_eq!(args.data_dir(), PathBuf::from("/x"));
    }

    #[test]
    fn bad_values_are_refused_with_a_reason() {
        let err = Cli::try_parse_from(["beacon", "serve", "--timezone", "Mars/Olympus"]).unwrap_err();
        assert!(err.to_string().contains("unknown time zone 'Mars/Olympus'"), "{err}");
        let err = Cli::try_parse_from(["beacon", "serve", "--public-url", "status.example.com"]).unwrap_err();
        assert!(err.to_string().contains("is not an http(s) URL"), "{err}");
        let ok = Cli::try_parse_from(["beacon", "serve", "--public-url", "https://status.example.com/"]).unwrap();
        let Command::Serve(args) = ok.command else { panic!("serve") };
        assert_eq!(args.public_url(), "https://status.example.com");
    }
}

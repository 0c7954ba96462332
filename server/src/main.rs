//! `beacon`: parse the command line, set up logging, run; a configuration problem ends with exit
//! code 2 and one line saying what to fix.

use clap::error::ErrorKind;
use clap::Parser;
use server::config::{Cli, LogFormat};
use std::io::IsTerminal;
use std::process::ExitCode;

/// Tasks a runtime worker runs per visit of the shared queue (see `main`).
const SHARED_QUEUE_INTERVAL: u32 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        Err(e) => {
            let rendered = e.render().to_string();
            eprintln!(
                "beacon: {}",
                rendered.lines().next().unwrap_or("invalid command line").trim_start_matches("error: ")
            );
            return ExitCode::from(2);
        }
    };
    logging(cli.log_format);
    fewer_malloc_arenas();
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    // Every other task a worker runs comes from the shared queue when it holds any. A worker's own
    // queue holds 256 tasks; past that (more connections with a request waiting than that, per
    // worker) half of them move to the shared queue, which tokio's default visits once in about
    // 31 tasks: those connections then waited many turns while the others had theirs. With 258
    // busy connections on one worker the p99 was 21 ms rather than 6, with 512 67 ms rather than
    // 13 (docs/BENCHMARKS.md §12).
    builder.global_queue_interval(SHARED_QUEUE_INTERVAL);
    let runtime = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("beacon: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(server::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("beacon: {e}");
            ExitCode::from(2)
        }
    }
}

/// Log lines on standard error: coloured text on a terminal, plain text elsewhere (a file, a
/// pipe, journald), or one JSON object a line for log collectors.
fn logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.with_ansi(std::io::stderr().is_terminal()).init(),
        LogFormat::Json => builder.json().with_current_span(true).with_span_list(false).init(),
    }
}

/// As many of glibc's allocation arenas as processors, rather than its default of eight times as
/// many: every thread that allocates (workers, the render and delivery threads, SQLite's, blocking
/// threads) would otherwise get an arena of its own, each keeping what was freed in it. With 1,000
/// connections on `/` the peak RSS was 75 MB, 62 MB with two arenas (docs/BENCHMARKS.md §3). An
/// operator's own `MALLOC_ARENA_MAX` is left as it is.
fn fewer_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        let processors = std::thread::available_parallelism().map_or(2, usize::from);
        let arenas = libc::c_int::try_from(processors).unwrap_or(libc::c_int::MAX);
        // SAFETY: mallopt only sets a tunable of the allocator; called before any other thread
        // exists. A refusal (0) leaves glibc's default, which is only more memory.
        unsafe { libc::mallopt(libc::M_ARENA_MAX, arenas) };
    }
}

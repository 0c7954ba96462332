//! The `beacon` binary: help, and bad configuration ending with exit code 2 and one line.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Output};

fn beacon(args: &[&str]) -> Output {
    beacon_in(&std::env::current_dir().expect("a working folder"), args)
}

/// `beacon ARGS` run in the folder `dir`.
fn beacon_in(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("BEACON_ADDR")
        .env_remove("BEACON_TIMEZONE")
        .env_remove("BEACON_SITE_ROOT")
        .env_remove("BEACON_DATA_DIR")
        .output()
        .expect("run beacon")
}

/// Any free port: `serve` listens before it opens the database, and 3000 may be taken.
const ANY_PORT: &str = "127.0.0.1:0";

/// A site folder with a stylesheet, so that `serve` gets past its first check.
fn site_root() -> PathBuf {
    let root = server::testing::temp_dir("site");
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    std::fs::write(root.join("pkg/beacon.css"), "body{}").unwrap();
    root
}

fn sqlite_url() -> String {
    format!("sqlite://{}", server::testing::temp_dir("db").join("beacon.db").display())
}

/// Exit code 2 and exactly one line on stderr containing `needle`.
fn assert_refused(out: &Output, needle: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line expected, got: {stderr}");
    assert!(lines[0].contains(needle), "expected '{needle}' in: {}", lines[0]);
    assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"), "{stderr}");
}

#[test]
fn help_explains_every_option() {
    let out = beacon(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("serve") && text.contains("migrate"), "{text}");

    let out = beacon(&["serve", "--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for option in [
        "--addr",
        "--database-url",
        "--timezone",
        "--public-url",
        "--title",
        "--demo",
        "--site-root",
        "--data-dir",
        "--header-timeout-seconds",
        "--request-timeout-seconds",
        "--idle-timeout-seconds",
        "--max-connections",
        "--log-format",
    ] {
        assert!(text.contains(option), "{option} missing from serve --help");
    }
    for env in
        ["BEACON_ADDR", "DATABASE_URL", "BEACON_TIMEZONE", "BEACON_PUBLIC_URL", "BEACON_SITE_ROOT", "BEACON_DATA_DIR"]
    {
        assert!(text.contains(env), "{env} missing from serve --help");
    }
}

#[test]
fn an_unknown_time_zone_is_refused() {
    assert_refused(&beacon(&["serve", "--timezone", "Mars/Olympus"]), "unknown time zone 'Mars/Olympus'");
}

#[test]
fn an_unparseable_database_url_is_refused() {
    let root = site_root();
    let out = beacon(&[
        "serve",
        "--addr",
        ANY_PORT,
        "--site-root",
        root.to_str().unwrap(),
        "--database-url",
        "mysql://db/beacon",
    ]);
    assert_refused(&out, "is not understood");
    let out = beacon(&["migrate", "--database-url", "nonsense"]);
    assert_refused(&out, "is not understood");
}

#[test]
fn an_unreachable_database_is_refused_without_its_password() {
    let root = site_root();
    // Nothing listens on port 1.
    let url = "postgres://beacon:hunter2@127.0.0.1:1/beacon";
    let out = beacon(&["serve", "--addr", ANY_PORT, "--site-root", root.to_str().unwrap(), "--database-url", url]);
    assert_refused(&out, "cannot open the database postgres://beacon:***@127.0.0.1:1/beacon");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("hunter2"));
}

#[test]
fn a_data_folder_that_cannot_be_created_is_refused() {
    let root = site_root();
    let file = server::testing::temp_dir("file").join("not-a-folder");
    std::fs::write(&file, "").unwrap();
    let url = format!("sqlite://{}/beacon.db", file.display());
    let out = beacon(&["serve", "--addr", ANY_PORT, "--site-root", root.to_str().unwrap(), "--database-url", &url]);
    assert_refused(&out, "cannot create the database folder");
}

#[test]
fn a_data_dir_that_cannot_be_written_is_refused() {
    let root = site_root();
    let file = server::testing::temp_dir("file").join("not-a-folder");
    std::fs::write(&file, "").unwrap();
    let args = ["serve", "--addr", ANY_PORT, "--site-root", root.to_str().unwrap(), "--database-url", &sqlite_url()];
    let out = beacon(&[&args[..], &["--data-dir", file.to_str().unwrap()]].concat());
    assert_refused(&out, &format!("cannot use the data folder {}", file.display()));
}

#[test]
fn an_address_in_use_is_refused_before_the_database_is_touched() {
    let root = site_root();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let url = sqlite_url();
    let out = beacon(&["serve", "--site-root", root.to_str().unwrap(), "--database-url", &url, "--addr", &addr]);
    assert_refused(&out, &format!("cannot listen on {addr}"));
    let file = PathBuf::from(url.trim_start_matches("sqlite://"));
    assert!(!file.exists(), "{} was created", file.display());
}

#[test]
fn a_host_name_for_the_address_is_refused_with_a_hint() {
    let out = beacon(&["serve", "--addr", "localhost:3000"]);
    assert_refused(&out, "'localhost:3000' is not an IP address and port: use an IP address such as 127.0.0.1:3000");
    assert_refused(&beacon(&["serve", "--addr", "127.0.0.1"]), "use an IP address such as 127.0.0.1:3000");
}

#[test]
fn limits_that_would_lock_everyone_out_are_refused() {
    for flag in [
        "--session-idle-minutes",
        "--session-lifetime-hours",
        "--header-timeout-seconds",
        "--request-timeout-seconds",
        "--idle-timeout-seconds",
        "--max-connections",
    ] {
        assert_refused(&beacon(&["serve", flag, "0"]), &format!("invalid value '0' for '{flag}"));
    }
}

#[test]
fn account_commands_never_create_the_default_database() {
    let dir = server::testing::temp_dir("cwd");
    for args in [&["user", "list"][..], &["token", "list"], &["user", "disable", "--email", "a@example.com"]] {
        let out = beacon_in(&dir, args);
        assert_refused(&out, "no database at data/beacon.db (the default): pass --database-url");
        assert!(!dir.join("data").exists(), "{args:?} created a database");
    }
    // Once there (made by `serve` or `migrate`), it is the one they use.
    assert!(beacon_in(&dir, &["migrate"]).status.success());
    let out = beacon_in(&dir, &["user", "list"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no accounts yet"));
}

#[test]
fn a_missing_site_folder_is_refused() {
    let empty = server::testing::temp_dir("empty");
    let out = beacon(&["serve", "--site-root", empty.to_str().unwrap()]);
    assert_refused(&out, "cannot find the site files");
}

#[test]
fn migrate_creates_the_database_and_its_folder() {
    let dir = server::testing::temp_dir("migrate").join("nested/data");
    let url = format!("sqlite://{}", dir.join("beacon.db").display());
    let out = beacon(&["migrate", "--database-url", &url]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.join("beacon.db").is_file());
}

#[test]
fn tokens_are_created_listed_and_revoked_from_the_command_line() {
    let url = sqlite_url();
    let out = beacon(&["token", "add", "--database-url", &url, "--name", "provisioning", "--role", "admin"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let secret = stdout.trim();
    assert!(secret.starts_with("bcn_") && !secret.contains(char::is_whitespace), "only the secret on stdout: {stdout}");
    let list = beacon(&["token", "list", "--database-url", &url]);
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(listed.contains("provisioning\tadmin") && listed.contains("active"), "{listed}");
    assert!(!listed.contains(secret), "the list never shows a secret");
    let revoked = beacon(&["token", "revoke", "--database-url", &url, "1"]);
    assert!(revoked.status.success());
    assert!(String::from_utf8_lossy(&beacon(&["token", "list", "--database-url", &url]).stdout).contains("revoked"));
    assert_refused(&beacon(&["token", "revoke", "--database-url", &url, "99"]), "no token has the id 99");
    let bad = beacon(&["token", "add", "--database-url", &url, "--name", "x", "--role", "owner"]);
    assert_eq!(bad.status.code(), Some(2));
}

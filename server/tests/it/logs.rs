//! What `beacon serve` writes to standard error when that is a pipe: plain text without colour
//! codes, or with `--log-format json` one JSON object a line; either way the request id that
//! the answer carried is on the request's line.

use crate::process::{exchange, free_addr, get, site_root};
use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Starts `beacon serve` with its standard error piped to us, and waits until it answers.
async fn serve_logging(extra: &[&str]) -> (Child, String) {
    let url = server::testing::fresh_database_url(server::store::Engine::Sqlite).await.expect("sqlite");
    let addr = free_addr();
    let child = Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(["serve", "--addr", &addr, "--database-url", &url, "--site-root"])
        .arg(site_root())
        .arg("--data-dir")
        .arg(server::testing::temp_dir("data"))
        .args(extra)
        .env_remove("RUST_LOG")
        .env_remove("BEACON_LOG_FORMAT")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start beacon");
    let deadline = Instant::now() + Duration::from_secs(30);
    while get(&addr, "/healthz").await.map_or(true, |r| r.status != 200) {
        assert!(Instant::now() < deadline, "beacon did not answer within 30 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (child, addr)
}

/// Stops the server and returns everything it wrote to standard error.
fn stop(mut child: Child) -> String {
    let _ = child.kill();
    let _ = child.wait();
    let mut stderr = String::new();
    child.stderr.take().expect("piped").read_to_string(&mut stderr).expect("utf-8 logs");
    stderr
}

#[tokio::test]
async fn text_logs_to_a_pipe_have_no_colour_codes_and_carry_the_request_id() {
    let (child, addr) = serve_logging(&[]).await;
    let reply = exchange(&addr, "GET /history HTTP/1.1\r\nX-Request-Id: probe-42", "").await.unwrap();
    assert_eq!(reply.header("x-request-id"), "probe-42");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let logs = stop(child);
    assert!(!logs.contains('\u{1b}'), "ESC in the logs: {logs:?}");
    let line = logs.lines().find(|l| l.contains("probe-42")).unwrap_or_else(|| panic!("no request line: {logs}"));
    assert!(line.contains("/history") && line.contains("200"), "{line}");
}

/// Whether `value` holds the string `wanted` anywhere.
fn holds(value: &serde_json::Value, wanted: &str) -> bool {
    match value {
        serde_json::Value::String(s) => s == wanted,
        serde_json::Value::Array(items) => items.iter().any(|v| holds(v, wanted)),
        serde_json::Value::Object(fields) => fields.values().any(|v| holds(v, wanted)),
        _ => false,
    }
}

#[tokio::test]
async fn json_logs_are_one_object_a_line_with_the_request_id() {
    let (child, addr) = serve_logging(&["--log-format", "json"]).await;
    let reply = get(&addr, "/api/v2/status.json").await.unwrap();
    assert_eq!(reply.status, 200);
    let id = reply.header("x-request-id").to_string();
    assert!(!id.is_empty());
    tokio::time::sleep(Duration::from_millis(200)).await;
    let logs = stop(child);
    let lines: Vec<serde_json::Value> = logs
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert!(lines.iter().any(|l| l["fields"]["message"].as_str().is_some_and(|m| m.starts_with("serving"))));
    let answered = lines.iter().find(|l| holds(l, &id)).unwrap_or_else(|| panic!("no line with {id}: {logs}"));
    assert_eq!(answered["fields"]["path"], "/api/v2/status.json", "{answered}");
    assert_eq!(answered["fields"]["status"], 200, "{answered}");
}

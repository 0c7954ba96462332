//! Helpers for tests that run real `beacon serve` processes: start one and wait for it, speak
//! HTTP/1.1 to it, sign in, call a server function.

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const PASSWORD: &str = "correct horse battery";

/// A running `beacon serve`, killed when dropped.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Server {
    /// Asks the server to stop, as a service manager would (SIGTERM), and waits up to `limit` for
    /// it to exit; its exit status, or `None` if it is still running.
    pub fn terminate(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let sent = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        assert!(sent.is_ok_and(|s| s.success()), "kill -TERM");
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Ends the process at once, as `kill -9` does: no shutdown, no flush.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_addr() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("address").to_string()
}

/// A site folder with a stylesheet, enough for `serve`.
pub fn site_root() -> PathBuf {
    let root = server::testing::temp_dir("site");
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    std::fs::write(root.join("pkg/beacon.css"), "body{}").unwrap();
    root
}

/// Starts `beacon serve` and waits until `/` answers 200.
pub async fn start(database_url: &str, site_root: &Path, data_dir: &Path) -> Server {
    start_with(database_url, site_root, data_dir, &[]).await
}

/// Like [`start`], with more `beacon serve` arguments.
pub async fn start_with(database_url: &str, site_root: &Path, data_dir: &Path, extra: &[&str]) -> Server {
    launch(Command::new(env!("CARGO_BIN_EXE_beacon")), database_url, site_root, data_dir, extra).await
}

/// Like [`start_with`], under an open-file limit of `files` (soft and hard, as `ulimit -n` sets).
pub async fn start_with_file_limit(
    files: u32,
    database_url: &str,
    site_root: &Path,
    data_dir: &Path,
    extra: &[&str],
) -> Server {
    let mut shell = Command::new("sh");
    shell.arg("-c").arg(format!("ulimit -n {files} && exec \"$0\" \"$@\"")).arg(env!("CARGO_BIN_EXE_beacon"));
    launch(shell, database_url, site_root, data_dir, extra).await
}

async fn launch(mut command: Command, database_url: &str, site_root: &Path, data_dir: &Path, extra: &[&str]) -> Server {
    let addr = free_addr();
    let child = command
        .args(["serve", "--addr", &addr, "--database-url", database_url])
        .args(extra)
        .arg("--site-root")
        .arg(site_root)
        .arg("--data-dir")
        .arg(data_dir)
        .env("RUST_LOG", std::env::var("BEACON_TEST_LOG").unwrap_or("warn".into()))
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start beacon");
    let server = Server { child, addr };
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if get(&server.addr, "/").await.is_ok_and(|r| r.status == 200) {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("beacon on {} did not answer within 30 s", server.addr);
}

/// Creates an admin with [`PASSWORD`] through `beacon user add`.
pub fn add_admin(database_url: &str, email: &str) {
    let mut add = Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(["user", "add", "--email", email, "--role", "admin", "--password-stdin", "--database-url", database_url])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("beacon user add");
    add.stdin.take().unwrap().write_all(format!("{PASSWORD}\n").as_bytes()).unwrap();
    assert!(add.wait().unwrap().success());
}

pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Reply {
    /// A header's value (names compared case-insensitively), or "".
    pub fn header(&self, name: &str) -> &str {
        self.head
            .lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
            .map_or("", |(_, v)| v.trim())
    }

    pub fn stale(&self) -> bool {
        self.header("x-beacon-stale") == "1"
    }
}

/// One HTTP/1.1 exchange (`request` without the final blank line's headers: Host and
/// Connection are added).
pub async fn exchange(addr: &str, request_line_and_headers: &str, body: &str) -> std::io::Result<Reply> {
    let request = format!(
        "{request_line_and_headers}\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    stream.write_all(request.as_bytes()).await?;
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(15), stream.read_to_end(&mut raw))
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "no answer within 15 s"))??;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Ok(Reply { status, head: head.to_string(), body: body.to_string() })
}

pub async fn get(addr: &str, path: &str) -> std::io::Result<Reply> {
    exchange(addr, &format!("GET {path} HTTP/1.1"), "").await
}

pub async fn get_as(addr: &str, path: &str, cookie: &str) -> Reply {
    exchange(addr, &format!("GET {path} HTTP/1.1\r\nCookie: {cookie}"), "").await.expect("an answer")
}

/// Signs in and returns the session cookie (`name=value`).
pub async fn sign_in(addr: &str, email: &str) -> String {
    let form = format!("email={}&password=correct+horse+battery", email.replace('@', "%40"));
    let head = format!(
        "POST /admin/login HTTP/1.1\r\nOrigin: http://{addr}\r\nContent-Type: application/x-www-form-urlencoded"
    );
    let reply = exchange(addr, &head, &form).await.expect("an answer");
    assert_eq!(reply.status, 303, "{}", reply.head);
    let cookie = reply.header("set-cookie");
    cookie.split(';').next().filter(|c| c.starts_with("beacon_session=")).expect("a session cookie").to_string()
}

/// A console server function call, as the hydrated console makes it.
pub async fn call(addr: &str, name: &str, form: &str, cookie: &str) -> Reply {
    let head = format!(
        "POST /admin/fn/{name} HTTP/1.1\r\nOrigin: http://{addr}\r\nCookie: {cookie}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nAccept: application/json"
    );
    exchange(addr, &head, form).await.expect("an answer")
}

/// Polls `check` every 20 ms until it holds; the time it took, or a panic naming `what` after
/// `limit`.
pub async fn within<F, Fut>(limit: Duration, what: &str, mut check: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    loop {
        if check().await {
            return started.elapsed();
        }
        assert!(started.elapsed() < limit, "{what}: not within {limit:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

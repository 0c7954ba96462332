//! Independent protocol peers, in Python from PyPI (installed by scripts/setup.sh into a venv):
//! a real SMTP server (aiosmtpd) and a Standard Webhooks verifier (`standardwebhooks`). Without
//! the venv a test fails in CI and is skipped elsewhere, saying why.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// The venv's Python: `BEACON_TEST_PYTHON`, or the one scripts/setup.sh makes.
pub fn python() -> Option<PathBuf> {
    let path = std::env::var_os("BEACON_TEST_PYTHON").map(PathBuf::from).unwrap_or_else(|| {
        let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
        home.join(".cache/beacon/peers-venv/bin/python")
    });
    if path.exists() {
        return Some(path);
    }
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("{} is missing: run scripts/test (it installs aiosmtpd and standardwebhooks)", path.display());
    }
    eprintln!("skipping: {} is missing (scripts/test installs it)", path.display());
    None
}

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/peers").join(name)
}

/// A running aiosmtpd on loopback; every mail it received is a file in `folder`.
pub struct SmtpSink {
    child: Child,
    pub port: u16,
    pub folder: PathBuf,
}

impl SmtpSink {
    pub fn start() -> Option<SmtpSink> {
        let python = python()?;
        let folder = server::testing::temp_dir("mail");
        let mut child = Command::new(python)
            .arg(script("smtp_sink.py"))
            .arg(&folder)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the SMTP sink");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).expect("SMTP sink ready line");
        let port = line.trim().strip_prefix("ready ").and_then(|p| p.parse().ok()).expect("ready PORT");
        Some(SmtpSink { child, port, folder })
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The mails received so far, oldest first, each as its raw text.
    pub fn mails(&self) -> Vec<String> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.folder)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        names.retain(|p| p.extension().is_some_and(|e| e == "eml"));
        names.sort();
        names.iter().map(|p| std::fs::read_to_string(p).unwrap_or_default()).collect()
    }

    /// Waits up to `secs` until at least `n` mails arrived; all of them.
    pub async fn wait_for(&self, n: usize, secs: u64) -> Vec<String> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            let mails = self.mails();
            if mails.len() >= n || std::time::Instant::now() > deadline {
                return mails;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `standardwebhooks` verifier, kept running for many checks.
pub struct Verifier {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Verifier {
    pub fn start() -> Option<Verifier> {
        let python = python()?;
        let mut child = Command::new(python)
            .arg(script("verify_webhook.py"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the webhook verifier");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Some(Verifier { child, stdin, stdout })
    }

    /// `Ok(())` when the package accepts the delivery, else its reason.
    pub fn verify(&mut self, secret: &str, headers: &[(&str, &str)], body: &str) -> Result<(), String> {
        let headers: serde_json::Map<String, serde_json::Value> =
            headers.iter().map(|(k, v)| (k.to_string(), serde_json::Value::from(*v))).collect();
        let case = serde_json::json!({"secret": secret, "headers": headers, "body": body});
        writeln!(self.stdin, "{case}").unwrap();
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        match line.trim() {
            "ok" => Ok(()),
            other => Err(other.to_string()),
        }
    }
}

impl Drop for Verifier {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

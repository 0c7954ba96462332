//! Two `beacon serve` processes on one PostgreSQL database: a session started on one works on
//! the other (sessions live in the database).

use server::store::Engine;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_addr() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("address").to_string()
}

/// One HTTP/1.1 exchange; returns the status and the whole response text.
fn http(addr: &str, request: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.write_all(request.as_bytes())?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Ok((status, response))
}

fn start(addr: &str, database_url: &str, site_root: &str) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(["serve", "--addr", addr, "--database-url", database_url, "--site-root", site_root])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start beacon");
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let probe = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
        if http(addr, &probe).is_ok_and(|(status, _)| status == 200) {
            return server;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("beacon on {addr} did not answer within 20 s");
}

#[tokio::test]
async fn a_session_started_on_one_instance_works_on_another() {
    let Some(url) = server::testing::fresh_database_url(Engine::Postgres).await else { return };
    let root = server::testing::temp_dir("site");
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    std::fs::write(root.join("pkg/beacon.css"), "body{}").unwrap();
    let root = root.to_str().unwrap().to_string();

    let mut add = Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args([
            "user",
            "add",
            "--email",
            "ada@example.com",
            "--role",
            "admin",
            "--password-stdin",
            "--database-url",
            &url,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("beacon user add");
    add.stdin.take().unwrap().write_all(b"correct horse battery\n").unwrap();
    assert!(add.wait().unwrap().success());

    let (a, b) = (free_addr(), free_addr());
    let _first = start(&a, &url, &root);
    let _second = start(&b, &url, &root);

    let form = "email=ada%40example.com&password=correct+horse+battery";
    let login = format!(
        "POST /admin/login HTTP/1.1\r\nHost: {a}\r\nOrigin: http://{a}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    );
    let (status, response) = http(&a, &login).unwrap();
    assert_eq!(status, 303, "{response}");
    let cookie = response
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string();

    let dashboard =
        |addr: &str| format!("GET /admin HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n");
    let (status, response) = http(&b, &dashboard(&b)).unwrap();
    assert_eq!(status, 200, "the other instance honours the session: {response}");
    assert!(response.contains("Dashboard"));
    let (status, _) = http(&b, "GET /admin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    assert_eq!(status, 303, "and still refuses a request without it");
}

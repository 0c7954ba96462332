//! Real sockets against a real `beacon serve` with short limits: clients that send their headers
//! or body too slowly, or nothing, or stay idle after an answer, are cut within their timeout,
//! while ordinary requests and the live stream go on; at the connection cap, a client waiting for
//! a request makes room, and when every connection is answering, newcomers wait.

use crate::process::{get, site_root, start_with, start_with_file_limit, Server};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const SHORT: [&str; 6] =
    ["--header-timeout-seconds", "1", "--request-timeout-seconds", "2", "--idle-timeout-seconds", "1"];

async fn beacon(extra: &[&str]) -> Server {
    let url = server::testing::fresh_database_url(server::store::Engine::Sqlite).await.expect("sqlite");
    start_with(&url, &site_root(), &server::testing::temp_dir("data"), extra).await
}

/// Reads until the server closes the connection; what it sent and when it closed, or `None`
/// if it is still open after `limit`.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> Option<(Duration, String)> {
    let started = Instant::now();
    let mut received = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = limit.checked_sub(started.elapsed())?;
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some((started.elapsed(), String::from_utf8_lossy(&received).into())),
            Ok(Ok(n)) => received.extend_from_slice(&buf[..n]),
        }
    }
}

/// Writes `chunks` one every `pause`, in the background, until the connection fails.
fn trickle(mut writer: tokio::net::tcp::OwnedWriteHalf, chunk: &'static str, pause: Duration) {
    tokio::spawn(async move {
        while writer.write_all(chunk.as_bytes()).await.is_ok() {
            tokio::time::sleep(pause).await;
        }
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_and_idle_clients_are_cut_while_others_are_answered() {
    let beacon = beacon(&SHORT).await;
    let addr = beacon.addr.clone();

    // Headers one line at a time, every 300 ms: cut after the 1 s header timeout.
    let slow_headers = async {
        let (mut read, mut write) = TcpStream::connect(&addr).await.unwrap().into_split();
        write.write_all(format!("GET / HTTP/1.1\r\nHost: {addr}\r\n").as_bytes()).await.unwrap();
        trickle(write, "X-Slow: 1\r\n", Duration::from_millis(300));
        let mut buf = [0u8; 64];
        let started = Instant::now();
        let closed = tokio::time::timeout(Duration::from_secs(4), read.read(&mut buf)).await;
        assert!(matches!(closed, Ok(Ok(0)) | Ok(Err(_))), "slow headers: still open after 4 s");
        started.elapsed()
    };
    // Nothing at all: cut after the header timeout too.
    let silent = async {
        let mut stream = TcpStream::connect(&addr).await.unwrap();
        closed_within(&mut stream, Duration::from_secs(4)).await.expect("a silent client is cut").0
    };
    // A body ten bytes at a time: 408 once the 2 s request timeout has passed, then closed.
    let slow_body = async {
        let (mut read, mut write) = TcpStream::connect(&addr).await.unwrap().into_split();
        let head = format!(
            "POST /admin/login HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
        );
        write.write_all(head.as_bytes()).await.unwrap();
        trickle(write, "email=a%40b", Duration::from_millis(300));
        let started = Instant::now();
        let mut received = Vec::new();
        let read_all = tokio::time::timeout(Duration::from_secs(6), read.read_to_end(&mut received)).await;
        assert!(read_all.is_ok(), "slow body: still open after 6 s");
        (started.elapsed(), String::from_utf8_lossy(&received).into_owned())
    };
    // One answer, then idle: cut after the 1 s idle timeout.
    let idle = async {
        let mut stream = TcpStream::connect(&addr).await.unwrap();
        stream.write_all(format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes()).await.unwrap();
        let mut buf = [0u8; 1024];
        let n = stream.read(&mut buf).await.unwrap();
        assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"), "the first answer");
        closed_within(&mut stream, Duration::from_secs(4)).await.expect("an idle client is cut").0
    };
    // Meanwhile, ordinary requests are answered at once.
    let ordinary = async {
        tokio::time::sleep(Duration::from_millis(500)).await;
        for _ in 0..5 {
            let started = Instant::now();
            let reply = get(&addr, "/").await.expect("an answer");
            assert_eq!(reply.status, 200);
            assert!(started.elapsed() < Duration::from_secs(1), "answered at once");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    };
    let (headers, silent, (body, answer), idle, ()) = tokio::join!(slow_headers, silent, slow_body, idle, ordinary);
    for (what, took, least) in [("slow headers", headers, 0.9), ("silent", silent, 0.9), ("idle", idle, 0.9)] {
        assert!(took.as_secs_f64() >= least && took < Duration::from_secs(3), "{what}: cut after {took:?}");
    }
    assert!(body >= Duration::from_millis(1900) && body < Duration::from_secs(4), "slow body: cut after {body:?}");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    // In the shared error shape.
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    let e: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {answer}"));
    assert_eq!(e["error"]["code"], "timeout", "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_live_stream_outlasts_the_request_and_idle_timeouts() {
    let beacon = beacon(&SHORT).await;
    let mut stream = TcpStream::connect(&beacon.addr).await.unwrap();
    let request = format!("GET /events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n", beacon.addr);
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut buf = [0u8; 1024];
    let n = stream.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    assert!(closed_within(&mut stream, Duration::from_secs(4)).await.is_none(), "the stream stays open");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_graceful_shutdown_ends_the_live_stream_and_idle_connections() {
    let data = server::testing::temp_dir("data");
    let url = server::testing::fresh_database_url(server::store::Engine::Sqlite).await.expect("sqlite");
    let mut beacon = start_with(&url, &site_root(), &data, &["--idle-timeout-seconds", "600"]).await;
    let mut stream = listen(&beacon.addr).await;
    let mut idle = TcpStream::connect(&beacon.addr).await.unwrap();
    idle.write_all(format!("GET /healthz HTTP/1.1\r\nHost: {}\r\n\r\n", beacon.addr).as_bytes()).await.unwrap();
    let mut buf = [0u8; 1024];
    assert!(idle.read(&mut buf).await.unwrap() > 0);
    let status = tokio::task::block_in_place(|| beacon.terminate(Duration::from_secs(10)));
    assert!(status.is_some_and(|s| s.success()), "exits by itself, successfully: {status:?}");
    assert!(closed_within(&mut stream, Duration::from_secs(1)).await.is_some(), "the stream ended");
    assert!(closed_within(&mut idle, Duration::from_secs(1)).await.is_some(), "the idle connection ended");
    assert!(server::cache::disk::path(&data).exists(), "the snapshot is written at shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_a_small_file_limit_idle_sockets_do_not_stop_other_requests() {
    // The report: with 128 files, 150 idle sockets stopped every other request.
    let url = server::testing::fresh_database_url(server::store::Engine::Sqlite).await.expect("sqlite");
    let (site, data) = (site_root(), server::testing::temp_dir("data"));
    let limits = ["--header-timeout-seconds", "60", "--idle-timeout-seconds", "60"];
    let beacon = start_with_file_limit(128, &url, &site, &data, &limits).await;
    let mut idle = Vec::new();
    for _ in 0..150 {
        idle.push(TcpStream::connect(&beacon.addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    for path in ["/", "/healthz", "/api/v2/summary.json", "/history", "/"] {
        let started = Instant::now();
        let reply = tokio::time::timeout(Duration::from_secs(3), get(&beacon.addr, path)).await;
        let reply = reply.unwrap_or_else(|_| panic!("{path}: no answer within 3 s")).expect("an answer");
        assert_eq!(reply.status, 200, "{path}");
        assert!(started.elapsed() < Duration::from_secs(2), "{path}: took {:?}", started.elapsed());
    }
}

/// Opens the live stream and reads its first answer; the stream stays open.
async fn listen(addr: &str) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(format!("GET /events HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes()).await.unwrap();
    let mut buf = [0u8; 1024];
    let n = stream.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    stream
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_the_connection_cap_a_waiting_client_makes_room_and_else_newcomers_wait() {
    let beacon = beacon(&["--max-connections", "2", "--header-timeout-seconds", "30"]).await;
    let addr = beacon.addr.clone();
    // Let the connection `start` used end before the two that fill the cap.
    tokio::time::sleep(Duration::from_millis(200)).await;

    // Two clients that say nothing: a newcomer is answered at once, and the older one is closed.
    let mut oldest = TcpStream::connect(&addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut younger = TcpStream::connect(&addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    assert_eq!(get(&addr, "/healthz").await.expect("an answer").status, 200);
    assert!(started.elapsed() < Duration::from_secs(1), "answered at once: {:?}", started.elapsed());
    assert!(closed_within(&mut oldest, Duration::from_secs(1)).await.is_some(), "the oldest made room");
    assert!(closed_within(&mut younger, Duration::from_millis(200)).await.is_none(), "the younger stays");
    drop(younger);
    tokio::time::sleep(Duration::from_millis(200)).await;

    // Two live streams, both answering: a newcomer waits until one ends.
    let first = listen(&addr).await;
    let _second = listen(&addr).await;
    let waiting = tokio::spawn({
        let addr = addr.clone();
        async move {
            let started = Instant::now();
            let reply = get(&addr, "/healthz").await.expect("an answer");
            (started.elapsed(), reply.status)
        }
    });
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(!waiting.is_finished(), "answered past the cap");
    drop(first);
    let (took, status) = waiting.await.unwrap();
    assert_eq!(status, 200);
    assert!(took < Duration::from_secs(3), "answered once a place was free: {took:?}");
}

/// The live stream's connection is answered without hyper (connections/streamed.rs): an
/// independent client reads its head and chunks, with the edge's headers on them; a change
/// reaches it; when its reader goes, it ends and is no longer counted. An HTTP/1.0 reader (nginx
/// proxying by default) gets the events unframed. A request hyper has to read (its head in two
/// parts) is answered the same, on a connection kept open.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_live_stream_is_framed_for_any_client_and_ends_when_its_reader_goes() {
    use crate::metrics::{parse, value};
    use crate::process::{add_admin, call, sign_in, start, within};
    let url = server::testing::fresh_database_url(server::store::Engine::Sqlite).await.expect("sqlite");
    let store = server::store::Store::connect(&url).await.unwrap();
    server::demo::load_if_empty(&store, chrono::Utc::now()).await.unwrap();
    let dashboard = store.list_components().await.unwrap().into_iter().find(|c| c.name == "Dashboard").unwrap().id;
    add_admin(&url, "ada@example.com");
    let beacon = start(&url, &site_root(), &server::testing::temp_dir("data")).await;
    let addr = beacon.addr.clone();
    let live = || async {
        let scraped = get(&addr, "/metrics").await.expect("an answer");
        value(&parse(&scraped.body), "beacon_live_connections", &[])
    };

    let client = reqwest::Client::new();
    let request = client.get(format!("http://{addr}/events")).header("accept", "text/event-stream");
    let mut stream = request.send().await.expect("the stream's head");
    assert_eq!(stream.status(), 200);
    let header = |name: &str| stream.headers().get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    assert_eq!(header("content-type"), "text/event-stream");
    assert_eq!(header("cache-control"), "no-store");
    assert_eq!(header("x-content-type-options"), "nosniff", "the edge's headers");
    assert!(!header("x-request-id").is_empty(), "the edge's request id");
    assert_eq!(header("transfer-encoding"), "chunked");
    assert_eq!(header("connection"), "close");
    httpdate::parse_http_date(&header("date")).expect("an HTTP date");
    let mut read = String::new();
    let mut until = async |stream: &mut reqwest::Response, what: &str| {
        while !read.contains(what) {
            let chunk = tokio::time::timeout(Duration::from_secs(5), stream.chunk()).await;
            let chunk = chunk.unwrap_or_else(|_| panic!("no {what:?} within 5 s: {read}")).expect("a chunk");
            read.push_str(&String::from_utf8_lossy(&chunk.expect("the stream is open")));
        }
    };
    until(&mut stream, "event: hello").await;
    assert_eq!(live().await, Some(1.0));

    let cookie = sign_in(&addr, "ada@example.com").await;
    let reply =
        call(&addr, "set_component_status", &format!("component_id={dashboard}&status=major_outage"), &cookie).await;
    assert_eq!(reply.status, 200, "{} {}", reply.head, reply.body);
    until(&mut stream, "event: change").await;

    drop(stream);
    within(Duration::from_secs(2), "the stream ends when its reader goes", || async { live().await == Some(0.0) })
        .await;

    // HTTP/1.0, as nginx proxies by default: no chunks, the stream runs until the close.
    let mut old = TcpStream::connect(&addr).await.unwrap();
    old.write_all(b"GET /events HTTP/1.0\r\nConnection: close\r\n\r\n").await.unwrap();
    let got = until_hello(&mut old).await;
    let (head, body) = got.split_once("\r\n\r\n").expect("a head");
    assert!(head.starts_with("http/1.1 200") && !head.contains("transfer-encoding"), "{head}");
    assert!(body.starts_with("event: hello\n"), "the events themselves, unframed: {body:?}");
    drop(old);

    let mut split = TcpStream::connect(&addr).await.unwrap();
    split.write_all(format!("GET /events HTTP/1.1\r\nHost: {addr}\r\n").as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    split.write_all(b"Accept: text/event-stream\r\n\r\n").await.unwrap();
    let head = until_hello(&mut split).await;
    assert!(head.starts_with("http/1.1 200") && head.contains("text/event-stream"), "{head}");
    assert!(!head.contains("connection: close"), "hyper's answer, on a connection kept open: {head}");
}

/// What a live stream's connection sends up to its `hello` event, lower-cased.
async fn until_hello(stream: &mut TcpStream) -> String {
    let mut got = Vec::new();
    while !String::from_utf8_lossy(&got).contains("event: hello") {
        let mut buf = [0u8; 1024];
        let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf)).await.unwrap().unwrap();
        assert!(n > 0, "open until its hello: {}", String::from_utf8_lossy(&got));
        got.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&got).to_lowercase()
}

/// A large answer goes out from a sealed memory file with `sendfile` (`server::sealed`): over real
/// sockets, to clients reading at once and to one whose requests are pipelined, every byte arrives
/// as the compressed copy says it should. (A body taken in parts by a full socket, from offsets
/// inside it, is `sealed::tests`': loopback's buffers take a page of this size whole.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_answers_sent_from_sealed_files_arrive_whole() {
    use std::io::Read;
    let url = server::testing::fresh_database_url(server::store::Engine::Sqlite).await.expect("sqlite");
    let store = server::store::Store::connect(&url).await.unwrap();
    server::demo::load_if_empty(&store, chrono::Utc::now()).await.unwrap();
    let beacon = start_with(&url, &site_root(), &server::testing::temp_dir("data"), &[]).await;
    let addr = beacon.addr.clone();
    let client = reqwest::Client::new();
    let fetch = |coding: &'static str| {
        let request = client.get(format!("http://{addr}/")).header("accept-encoding", coding);
        async move { request.send().await.expect("an answer").bytes().await.expect("a body") }
    };
    let gzipped = fetch("gzip").await;
    let mut expected = Vec::new();
    flate2::read::GzDecoder::new(&gzipped[..]).read_to_end(&mut expected).expect("gzip");
    assert!(expected.len() >= server::sealed::FROM, "the page is large enough to be sealed: {}", expected.len());

    // Many clients at once, each on a connection of its own.
    let all = futures_util::future::join_all((0..16).map(|_| fetch("identity"))).await;
    assert!(all.iter().all(|body| body[..] == expected[..]), "every plain answer is the page");
    let sealed = std::fs::read_dir(format!("/proc/{}/fd", beacon.pid()))
        .unwrap()
        .filter_map(|fd| std::fs::read_link(fd.ok()?.path()).ok())
        .filter(|target| target.to_string_lossy().contains("memfd:beacon-answer"))
        .count();
    assert!(sealed >= 1, "the plain page is kept in a sealed file");

    // Three requests pipelined on one connection with a small receive window, read only after the
    // server has written what the socket takes.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut stream = socket.connect(addr.parse().unwrap()).await.unwrap();
    let request = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nAccept-Encoding: identity\r\n\r\n");
    stream.write_all(request.repeat(3).as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut received = Vec::new();
    let mut read_more = async |received: &mut Vec<u8>, answer: usize| {
        let mut buf = [0u8; 1024];
        let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf)).await.unwrap().unwrap();
        assert!(n > 0, "answer {answer}: closed early");
        received.extend_from_slice(&buf[..n]);
    };
    let mut at = 0;
    for answer in 0..3 {
        let (head_end, length) = loop {
            let text = String::from_utf8_lossy(&received[at..]).to_lowercase();
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text[..end].lines().find_map(|l| l.strip_prefix("content-length: ")).expect("a length");
                break (at + end + 4, length.trim().parse::<usize>().unwrap());
            }
            read_more(&mut received, answer).await;
        };
        while received.len() < head_end + length {
            read_more(&mut received, answer).await;
        }
        assert_eq!(&received[head_end..head_end + length], &expected[..], "answer {answer}'s body");
        at = head_end + length;
    }
}

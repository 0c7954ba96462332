//! A connection whose first request is the live stream's (`GET /events`, nothing after its head
//! to read) is answered here rather than by hyper, which keeps two 8 KiB buffers (one to read
//! into, one to write headers from) for as long as a connection is open: most of what an open
//! stream cost, and 10,000 open pages keep 10,000 streams open (docs/BENCHMARKS.md §13). A stream
//! asked for on a connection that has answered other requests before stays with hyper.
//!
//! Only the framing differs. The request is read from the head already waiting on the socket (it
//! is looked at first without taking it: anything else, or a head not whole yet, is left to
//! hyper), goes through the same router as every other request (the edge: its log line, limits,
//! security headers and metrics), and its answer is written as it comes, each part at once,
//! chunked; the connection closes when the answer ends or the reader goes away.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, Response, StatusCode, Uri, Version};
use http_body::Body as _;
use std::io::ErrorKind;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// The most of a head looked at: a browser's request for the stream, cookies included, is well
/// under it; a longer one goes to hyper.
const HEAD_MAX: usize = 4096;
/// The most header lines taken.
const HEADERS_MAX: usize = 48;

/// Waits for the connection's first bytes: `Ok(Some)` when they are the live stream's request,
/// whole (its head then taken off the socket); `Ok(None)` when they are anything else, left
/// untouched for hyper; `Err` when the head could not be taken (the connection is then closed).
pub(super) async fn first_request(stream: &TcpStream) -> std::io::Result<Option<Request<Body>>> {
    loop {
        // Readiness may be reported before any byte has arrived: then look again.
        if stream.readable().await.is_err() {
            return Ok(None);
        }
        let mut buf = [0u8; HEAD_MAX];
        let looked = stream.try_io(tokio::io::Interest::READABLE, || peek(stream, &mut buf));
        let n = match looked {
            Err(e) if e.kind() == ErrorKind::WouldBlock => continue,
            // hyper meets the socket's error itself.
            Err(_) => return Ok(None),
            Ok(n) => n,
        };
        let Some((request, len)) = parse(&buf[..n]) else { return Ok(None) };
        // Every byte of the head was just looked at, so it is all there to take.
        if stream.try_read(&mut buf[..len])? != len {
            return Err(std::io::Error::other("the head could not be taken whole"));
        }
        return Ok(Some(request));
    }
}

#[cfg(unix)]
fn peek(stream: &TcpStream, buf: &mut [u8]) -> std::io::Result<usize> {
    use std::os::fd::AsRawFd;
    // SAFETY: recv writes at most buf.len() bytes into buf, which outlives the call.
    let n = unsafe { libc::recv(stream.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len(), libc::MSG_PEEK) };
    if n < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(n as usize)
}

#[cfg(not(unix))]
fn peek(_: &TcpStream, _: &mut [u8]) -> std::io::Result<usize> {
    Err(ErrorKind::Unsupported.into())
}

/// `bytes` as the live stream's request, if they are its whole head and nothing more (no body, no
/// pipelined request after it): a GET of `/events` (a query allowed), HTTP/1.0 or 1.1, no upgrade.
fn parse(bytes: &[u8]) -> Option<(Request<Body>, usize)> {
    // Most connections are not the stream's: those are told apart before their head is parsed,
    // which hyper does anyway.
    if !bytes.starts_with(b"GET /events") {
        return None;
    }
    let mut headers = [httparse::EMPTY_HEADER; HEADERS_MAX];
    let mut parsed = httparse::Request::new(&mut headers);
    let httparse::Status::Complete(len) = parsed.parse(bytes).ok()? else { return None };
    if len != bytes.len() {
        return None;
    }
    let path = parsed.path?;
    if parsed.method? != "GET" || !(path == "/events" || path.starts_with("/events?")) {
        return None;
    }
    let version = match parsed.version? {
        0 => Version::HTTP_10,
        _ => Version::HTTP_11,
    };
    let mut map = HeaderMap::with_capacity(parsed.headers.len());
    for h in parsed.headers.iter() {
        let name = header::HeaderName::from_bytes(h.name.as_bytes()).ok()?;
        let body_or_upgrade = name == header::TRANSFER_ENCODING
            || (name == header::CONTENT_LENGTH && h.value != b"0")
            || name == header::UPGRADE
            || name == header::EXPECT;
        if body_or_upgrade {
            return None;
        }
        map.append(name, HeaderValue::from_bytes(h.value).ok()?);
    }
    let mut request = Request::new(Body::empty());
    *request.method_mut() = Method::GET;
    *request.uri_mut() = Uri::try_from(path).ok()?;
    *request.version_mut() = version;
    *request.headers_mut() = map;
    Some((request, len))
}

/// Writes `response` to the reader of `version`, its body part by part as it comes, until it ends
/// or the reader goes away.
pub(super) async fn write(stream: &mut TcpStream, version: Version, response: Response<Body>) {
    let (parts, mut body) = response.into_parts();
    let bodiless = parts.status.is_informational()
        || parts.status == StatusCode::NO_CONTENT
        || parts.status == StatusCode::NOT_MODIFIED;
    let stated = parts.headers.contains_key(header::CONTENT_LENGTH);
    let length = body.size_hint().exact().filter(|_| !stated && !bodiless);
    // A body of unknown length goes in chunks to an HTTP/1.1 reader, else up to the close.
    let chunked = !bodiless && !stated && length.is_none() && version == Version::HTTP_11;
    let head = head(parts.status, &parts.headers, length, chunked);
    drop(parts);
    if stream.write_all(&head).await.is_err() {
        return;
    }
    drop(head);
    loop {
        let frame = tokio::select! {
            frame = std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)) => frame,
            () = gone(stream) => return,
        };
        let data = match frame {
            Some(Ok(frame)) => match frame.into_data() {
                Ok(data) if !data.is_empty() && !bodiless => data,
                _ => continue,
            },
            Some(Err(_)) => return,
            None => break,
        };
        let sent = if chunked {
            let mut chunk = Vec::with_capacity(data.len() + 12);
            chunk.extend_from_slice(format!("{:x}\r\n", data.len()).as_bytes());
            chunk.extend_from_slice(&data);
            chunk.extend_from_slice(b"\r\n");
            stream.write_all(&chunk).await
        } else {
            stream.write_all(&data).await
        };
        if sent.is_err() {
            return;
        }
    }
    if chunked {
        let _ = stream.write_all(b"0\r\n\r\n").await;
    }
    let _ = stream.shutdown().await;
}

/// The status line and headers, with the date, the framing and `Connection: close`.
fn head(status: StatusCode, headers: &HeaderMap, length: Option<u64>, chunked: bool) -> Vec<u8> {
    let mut head = Vec::with_capacity(512);
    let reason = status.canonical_reason().unwrap_or("");
    head.extend_from_slice(format!("HTTP/1.1 {} {reason}\r\n", status.as_u16()).as_bytes());
    let skipped = [header::CONNECTION, header::TRANSFER_ENCODING];
    for (name, value) in headers.iter().filter(|(name, _)| !skipped.contains(name)) {
        head.extend_from_slice(name.as_str().as_bytes());
        head.extend_from_slice(b": ");
        head.extend_from_slice(value.as_bytes());
        head.extend_from_slice(b"\r\n");
    }
    if !headers.contains_key(header::DATE) {
        head.extend_from_slice(
            format!("date: {}\r\n", httpdate::fmt_http_date(std::time::SystemTime::now())).as_bytes(),
        );
    }
    if let Some(length) = length {
        head.extend_from_slice(format!("content-length: {length}\r\n").as_bytes());
    }
    if chunked {
        head.extend_from_slice(b"transfer-encoding: chunked\r\n");
    }
    head.extend_from_slice(b"connection: close\r\n\r\n");
    head
}

/// Resolves when the reader has closed its end (or sent anything more: no second request is
/// answered on this connection).
async fn gone(stream: &TcpStream) {
    let mut buf = [0u8; 64];
    loop {
        if stream.readable().await.is_err() {
            return;
        }
        match stream.try_read(&mut buf) {
            Err(e) if e.kind() == ErrorKind::WouldBlock => continue,
            _ => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn only_a_whole_bodiless_get_of_the_stream_is_taken() {
        let browser = "GET /events HTTP/1.1\r\nHost: status.example\r\nAccept: text/event-stream\r\n\
                       Cookie: a=b\r\nContent-Length: 0\r\n\r\n";
        let (request, len) = parse(browser.as_bytes()).expect("the stream's request");
        assert_eq!(len, browser.len());
        assert_eq!(request.uri(), "/events");
        assert_eq!(request.headers()["accept"], "text/event-stream");
        assert_eq!(request.headers()["cookie"], "a=b");
        // Anything after the head (a pipelined request) is hyper's to answer in turn.
        assert!(parse(format!("{browser}GET / HTTP/1.1\r\n\r\n").as_bytes()).is_none(), "pipelined");
        assert!(parse(b"GET /events?x=1 HTTP/1.0\r\n\r\n").is_some(), "a query, HTTP/1.0");

        for other in [
            "GET /events HTTP/1.1\r\nHost: a\r\n",                  // not whole yet
            "GET / HTTP/1.1\r\n\r\n",                               // another page
            "GET /eventsx HTTP/1.1\r\n\r\n",                        // another path
            "HEAD /events HTTP/1.1\r\n\r\n",                        // another method
            "POST /events HTTP/1.1\r\nContent-Length: 2\r\n\r\nab", // a body
            "GET /events HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", // a body
            "GET /events HTTP/1.1\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n",
            "GET http://a/events HTTP/1.1\r\n\r\n",        // absolute form
            "GET /events HTTP/1.1\r\nBad Name: x\r\n\r\n", // malformed
        ] {
            assert!(parse(other.as_bytes()).is_none(), "{other:?} is left to hyper");
        }
    }
}

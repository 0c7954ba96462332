//! Accepting connections: each may take so long for a request's headers, for its body and the
//! start of its answer, and so long idle between requests; only so many are open at once (at the
//! cap, the one waiting longest for a request makes room); at shutdown, no new ones are accepted
//! and open ones finish their answer first.
//!
//! Why not hyper's own header timeout: it runs from the moment a connection goes idle, so a
//! kept-alive connection could never wait longer for its next request than for its headers.

use crate::config::ConnectionLimits;
use crate::error::{AppError, ErrorCode};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue, Request, Response};
use axum::Router;
use bytes::Bytes;
use http_body::{Body as HttpBody, Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{watch, Notify, Semaphore};
use tokio::time::{Instant, Sleep};
use tower::ServiceExt;

mod streamed;

/// The limits as durations, and the connection cap once fitted to the open-file limit.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header: Duration,
    pub request: Duration,
    pub idle: Duration,
    pub max_connections: usize,
}

impl Limits {
    pub fn new(config: &ConnectionLimits) -> Limits {
        Limits {
            header: Duration::from_secs(config.header_timeout_seconds),
            request: Duration::from_secs(config.request_timeout_seconds),
            idle: Duration::from_secs(config.idle_timeout_seconds),
            max_connections: fit_to_file_limit(config.max_connections as usize),
        }
    }
}

/// Connections a burst may leave waiting to be accepted (the kernel caps it at
/// `net.core.somaxconn`, 4096 on current Linux).
const ACCEPT_BACKLOG: u32 = 4096;

/// The listening socket, with room for a crowd to wait to be accepted: at the default backlog (128,
/// the standard library's) a burst of new connections, such as thousands of open pages reconnecting
/// after a restart, overflows it, and the connections dropped wait a second before they try again.
pub fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() { TcpSocket::new_v4()? } else { TcpSocket::new_v6()? };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(ACCEPT_BACKLOG)
}

/// Serves `app` on `listener` until `shutdown` resolves, then waits for open connections to finish.
pub async fn serve(listener: TcpListener, app: Router, limits: Limits, shutdown: impl Future<Output = ()>) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let open = Open::default();
    let (stop, stopping) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, or a connection reset before it was accepted.
                    tracing::warn!(cause = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        // At the cap, the connection that has waited longest for a request makes room (a slow
        // client's, or an idle one's); when all are answering, this one waits for a place.
        let permit = match permits.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                open.shed_one();
                tokio::select! {
                    () = &mut shutdown => break,
                    permit = permits.clone().acquire_owned() => match permit {
                        Ok(permit) => permit,
                        Err(_) => break,
                    },
                }
            }
        };
        let (app, stopping, open) = (app.clone(), stopping.clone(), open.clone());
        tokio::spawn(async move {
            let activity = Arc::new(Activity::new());
            let key = open.insert(&activity);
            connection(stream, remote, app, limits, activity, stopping).await;
            open.remove(key);
            drop(permit);
        });
    }
    drop(listener);
    stop.send_replace(true);
    // Every permit back: every connection has ended.
    let _ = permits.acquire_many(u32::try_from(limits.max_connections).unwrap_or(u32::MAX)).await;
}

/// The open connections, to find one to close when the cap is reached.
#[derive(Clone, Default)]
struct Open(Arc<Mutex<Registry>>);

/// Each open connection's activity by a key of its own; the next key.
#[derive(Default)]
struct Registry {
    next: u64,
    all: HashMap<u64, Arc<Activity>>,
}

impl Open {
    fn insert(&self, activity: &Arc<Activity>) -> u64 {
        let mut open = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let key = open.next;
        open.next += 1;
        open.all.insert(key, activity.clone());
        key
    }

    fn remove(&self, key: u64) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).all.remove(&key);
    }

    /// Closes the connection that has waited longest for a request, if any is waiting.
    fn shed_one(&self) {
        let open = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let waiting = open
            .all
            .values()
            .filter(|a| !a.shed.load(Ordering::Relaxed))
            .filter_map(|a| Some((a.waiting_since()?, a)))
            .min_by_key(|(since, _)| *since);
        if let Some((_, activity)) = waiting {
            activity.shed();
        }
    }
}

async fn connection(
    mut stream: TcpStream,
    remote: SocketAddr,
    app: Router,
    limits: Limits,
    activity: Arc<Activity>,
    mut stopping: watch::Receiver<bool>,
) {
    // Answers go out at once rather than waiting on Nagle's algorithm for more bytes to send.
    let _ = stream.set_nodelay(true);
    let expired = activity.expired(limits);
    tokio::pin!(expired);
    // The first request: the live stream's is answered without hyper (streamed.rs).
    let first = tokio::select! {
        first = streamed::first_request(&stream) => first,
        () = &mut expired => return,
        _ = stopping.changed() => return,
    };
    match first {
        Ok(Some(request)) => {
            let version = request.version();
            let _in_flight = activity.begin();
            let response = respond(request, app, remote, Instant::now() + limits.request, None).await;
            streamed::write(&mut stream, version, response).await;
            return;
        }
        Ok(None) => {}
        Err(_) => return,
    }
    let io = TokioIo::new(Watched { stream, activity: activity.clone() });
    let answering = activity.clone();
    let service = hyper::service::service_fn(move |request| {
        answer(request, app.clone(), remote, answering.clone(), limits.request)
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.header_read_timeout(None);
    // On the heap, so that a stream's connection (above) does not carry hyper's size.
    let mut conn = Box::pin(builder.serve_connection(io, service));
    let mut closing = false;
    loop {
        tokio::select! {
            ended = conn.as_mut() => {
                if let Err(e) = ended {
                    tracing::debug!(cause = %e, %remote, "connection ended");
                }
                return;
            }
            // Too slow, idle too long or making room, with no answer under way: drop it.
            () = &mut expired => return,
            _ = stopping.changed(), if !closing => {
                closing = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

/// One request through hyper: its body must arrive, and the answer start, within `timeout`.
async fn answer(
    request: Request<Incoming>,
    app: Router,
    remote: SocketAddr,
    activity: Arc<Activity>,
    timeout: Duration,
) -> Result<Response<Tracked>, Infallible> {
    let in_flight = activity.begin();
    let deadline = Instant::now() + timeout;
    let late = Arc::new(AtomicBool::new(false));
    let request = request.map(|body| Body::new(Deadline::new(body, deadline, late.clone())));
    let response = respond(request, app, remote, deadline, Some(late)).await;
    Ok(response.map(|body| Tracked { body, _in_flight: in_flight }))
}

/// The router's answer to `request`, which must start by `deadline` (the request's body has the
/// same one); `late` says whether the body missed it.
async fn respond(
    mut request: Request<Body>,
    app: Router,
    remote: SocketAddr,
    deadline: Instant,
    late: Option<Arc<AtomicBool>>,
) -> Response<Body> {
    let late = || late.as_ref().is_some_and(|late| late.load(Ordering::Relaxed));
    request.extensions_mut().insert(ConnectInfo(remote));
    match tokio::time::timeout_at(deadline, app.oneshot(request)).await {
        Ok(Ok(response)) if !late() => response,
        Ok(Err(never)) => match never {},
        Ok(Ok(_)) => too_slow(late_request()),
        Err(_) if late() => too_slow(late_request()),
        Err(_) => too_slow(AppError::new(ErrorCode::Unavailable, "The answer took too long; try again in a moment.")),
    }
}

fn late_request() -> AppError {
    AppError::new(ErrorCode::Timeout, "The request did not arrive in time.")
}

/// The refusal in the shared error shape, and the connection closed (what is left of a late body
/// is not read).
fn too_slow(e: AppError) -> Response<Body> {
    let mut response = axum::response::IntoResponse::into_response(e);
    let headers = response.headers_mut();
    headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    crate::http::headers::plain(headers);
    response
}

/// What a connection is doing, for its deadline.
#[derive(Debug, Clone, Copy)]
enum Phase {
    /// Waiting for a request to begin: the first since the connection opened, or the next one.
    Waiting { since: Instant, first: bool },
    /// Part of a request's headers has arrived.
    Head { since: Instant },
    /// Requests are being answered (their answers may stream for long, e.g. /events).
    Busy(usize),
}

struct Activity {
    phase: Mutex<Phase>,
    changed: Notify,
    /// Closed to make room for another connection.
    shed: AtomicBool,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            phase: Mutex::new(Phase::Waiting { since: Instant::now(), first: true }),
            changed: Notify::new(),
            shed: AtomicBool::new(false),
        }
    }

    /// Since when it has been waiting for a request (or for the rest of its headers).
    fn waiting_since(&self) -> Option<Instant> {
        match *self.phase.lock().unwrap_or_else(PoisonError::into_inner) {
            Phase::Waiting { since, .. } | Phase::Head { since } => Some(since),
            Phase::Busy(_) => None,
        }
    }

    fn shed(&self) {
        self.shed.store(true, Ordering::Relaxed);
        self.changed.notify_one();
    }

    fn update(&self, change: impl FnOnce(Phase) -> Phase) {
        let mut phase = self.phase.lock().unwrap_or_else(PoisonError::into_inner);
        *phase = change(*phase);
        self.changed.notify_one();
    }

    /// Bytes arrived: while waiting, a request has begun (the first one's clock runs from the
    /// connection's start).
    fn received(&self) {
        let mut phase = self.phase.lock().unwrap_or_else(PoisonError::into_inner);
        if let Phase::Waiting { since, first } = *phase {
            *phase = Phase::Head { since: if first { since } else { Instant::now() } };
            drop(phase);
            self.changed.notify_one();
        }
    }

    fn begin(self: &Arc<Self>) -> InFlight {
        self.update(|phase| match phase {
            Phase::Busy(n) => Phase::Busy(n + 1),
            _ => Phase::Busy(1),
        });
        InFlight(self.clone())
    }

    fn deadline(&self, limits: Limits) -> Option<Instant> {
        match *self.phase.lock().unwrap_or_else(PoisonError::into_inner) {
            Phase::Waiting { since, first: true } | Phase::Head { since } => Some(since + limits.header),
            Phase::Waiting { since, first: false } => Some(since + limits.idle),
            Phase::Busy(_) => None,
        }
    }

    /// Resolves once the connection has been too slow or idle for too long.
    async fn expired(&self, limits: Limits) {
        loop {
            let changed = self.changed.notified();
            if self.shed.load(Ordering::Relaxed) && self.waiting_since().is_some() {
                return;
            }
            match self.deadline(limits) {
                Some(deadline) if deadline <= Instant::now() => return,
                Some(deadline) => {
                    tokio::select! {
                        () = tokio::time::sleep_until(deadline) => {}
                        () = changed => {}
                    }
                }
                None => changed.await,
            }
        }
    }
}

/// Marks the end of an answer when its body has been sent (or dropped).
struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.update(|phase| match phase {
            Phase::Busy(n) if n > 1 => Phase::Busy(n - 1),
            _ => Phase::Waiting { since: Instant::now(), first: false },
        });
    }
}

/// An answer's body, holding its [`InFlight`] mark.
struct Tracked {
    body: Body,
    _in_flight: InFlight,
}

impl HttpBody for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// A request body that fails once its deadline has passed (and says so in `late`).
struct Deadline {
    body: Incoming,
    timer: Pin<Box<Sleep>>,
    late: Arc<AtomicBool>,
}

impl Deadline {
    fn new(body: Incoming, deadline: Instant, late: Arc<AtomicBool>) -> Deadline {
        Deadline { body, timer: Box::pin(tokio::time::sleep_until(deadline)), late }
    }
}

impl HttpBody for Deadline {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        if this.timer.as_mut().poll(cx).is_ready() {
            this.late.store(true, Ordering::Relaxed);
            return Poll::Ready(Some(Err("the request body did not arrive in time".into())));
        }
        Pin::new(&mut this.body).poll_frame(cx).map_err(Into::into)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The socket, telling [`Activity`] when bytes arrive.
struct Watched {
    stream: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            this.activity.received();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    /// A body kept in a sealed file goes out with `sendfile` (see `crate::sealed`); the rest as
    /// usual.
    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let stream = &mut self.get_mut().stream;
        #[cfg(target_os = "linux")]
        if let Some(found) = crate::sealed::find(bufs) {
            use std::os::fd::AsRawFd;
            let socket = stream.as_raw_fd();
            loop {
                std::task::ready!(stream.poll_write_ready(cx))?;
                match stream.try_io(tokio::io::Interest::WRITABLE, || crate::sealed::send(socket, bufs, found)) {
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
                    written => return Poll::Ready(written),
                }
            }
        }
        Pin::new(stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// File descriptors kept for everything but connections: the database pool, the snapshot, logs.
/// (and the sealed files of large answers, `crate::sealed`).
const RESERVED_FILES: usize = 64 + crate::sealed::MAX_FILES;

/// `wanted` connections, or fewer if the open-file limit (first raised as far as allowed) cannot
/// hold them beside [`RESERVED_FILES`]: past it, accepting fails and every request suffers.
fn fit_to_file_limit(wanted: usize) -> usize {
    let Some(limit) = raise_file_limit() else { return wanted };
    let fits = limit.saturating_sub(RESERVED_FILES.min(limit / 2)).max(1);
    if fits < wanted {
        tracing::info!(
            "serving at most {fits} connections at once, not {wanted}: the open-file limit is {limit} \
             (raise it with `ulimit -n` or LimitNOFILE=)"
        );
    }
    fits.min(wanted)
}

/// Raises the soft open-file limit to the hard one; the limit now in force.
#[cfg(unix)]
fn raise_file_limit() -> Option<usize> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit and setrlimit only read and write the struct passed to them.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return None;
        }
        // Linux refuses more than fs.nr_open (usually 2^20) even when the hard limit is unlimited.
        let target = limit.rlim_max.min(1 << 20);
        if target > limit.rlim_cur {
            let raised = libc::rlimit { rlim_cur: target, rlim_max: limit.rlim_max };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit.rlim_cur = target;
            }
        }
    }
    usize::try_from(limit.rlim_cur).ok()
}

#[cfg(not(unix))]
fn raise_file_limit() -> Option<usize> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nobody accepts here: the kernel completes each connection and keeps it waiting. At the
    /// default backlog of 128, the 130th would be dropped and retried only a second later.
    #[tokio::test]
    async fn a_burst_of_connections_waits_to_be_accepted_rather_than_dropped() {
        let listener = listen("127.0.0.1:0".parse().unwrap()).unwrap();
        let addr = listener.local_addr().unwrap();
        let mut waiting = Vec::new();
        for n in 0..300 {
            let connected = tokio::time::timeout(Duration::from_millis(500), TcpStream::connect(addr)).await;
            waiting.push(connected.unwrap_or_else(|_| panic!("connection {n} was not taken in")).unwrap());
        }
        drop(listener);
    }
}

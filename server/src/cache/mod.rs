//! The public cache: every public GET is answered from memory — the rendered bytes per route,
//! compressed once — and rendered again only after a change (the store's generation moved on) or
//! after [`MAX_AGE`] (for text that changes with time, such as "past 7 days"). Concurrent requests
//! for a route that needs rendering share one render.
//!
//! Who waits for a change's render: the request that starts it, and whoever must see the newest
//! ([`wants_newest`]: staff, who just wrote, and a reload or the live script's fetch). Everyone
//! else gets the copy before the change at once while the render is under way: a crowd reading
//! through a stream of updates never queues behind renders, and sees each change a render later.
//! A route a crowd reads is also rendered at most once every [`CROWD_PACE`]: changes that come
//! faster are gathered into the next render, so that the renders of a stream of writes take a
//! bounded share of the processor however fast the writes come (whoever must see the newest still
//! starts a render at once).
//! Renders run on a thread that yields to the readers ([`renderer`]), so that their work does not
//! delay the answers either.
//! Nobody waits longer than [`FRESH_WAIT`]; a render that takes longer — the database is going
//! away and its queries wait for the pool's timeout — goes on in the background while the last
//! good bytes answer, with `X-Beacon-Stale: 1`. When rendering fails because the database is
//! unavailable, the last good bytes are served too.
//!
//! Only successful (200) answers are kept; the number of routes kept is bounded, the least
//! recently requested going first.

mod counters;
pub mod disk;
mod entry;
mod health;
pub mod renderer;

pub use counters::CacheCounters;
pub use entry::{accepts, Entry, Policy, STALE_HEADER};
pub use health::Probe;

use crate::error::{AppError, ErrorCode};
use crate::store::Changes;
use axum::http::HeaderMap;
use axum::response::Response;
use health::Health;
use std::borrow::Cow;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::{Duration, Instant};
use tokio::runtime::Handle;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Routes kept at most.
pub const CAPACITY: usize = 2048;
/// Entries older than this are rendered again in the background (still served meanwhile).
pub const MAX_AGE: Duration = Duration::from_secs(60);
/// The longest a request waits for a render when there is no copy to answer with (then a 503).
const WAIT: Duration = Duration::from_secs(10);
/// The longest any request waits for a render that a last good copy could answer for instead,
/// counted from the render's start: however many requests arrive meanwhile, none waits longer.
pub const FRESH_WAIT: Duration = Duration::from_millis(500);
/// A route read by a crowd (at least [`CROWD`] readers answered with the copy before a change
/// since its last render started) is rendered again no sooner than this after that start, except
/// for whoever must see the newest ([`wants_newest`]); everyone else gets the copy before.
const CROWD_PACE: Duration = Duration::from_millis(500);
/// Readers answered from the copy before a change, between two renders' starts, that make a crowd.
const CROWD: u32 = 64;

/// Shared caches (CDNs, proxies) may keep an answer 5 s, serve it a little longer while they check
/// back, and keep serving it for a day when Beacon fails. Browsers check back every time (a cheap
/// 304): whoever just posted an update sees it on their next load.
pub const CACHE_CONTROL: &str = "public, max-age=0, s-maxage=5, stale-while-revalidate=30, stale-if-error=86400";

pub type Key = Cow<'static, str>;
type Outcome = Result<Arc<Entry>, AppError>;

#[derive(Clone)]
pub struct Cache {
    inner: Arc<Inner>,
}

struct Inner {
    slots: RwLock<HashMap<Key, Arc<Slot>>>,
    changes: Arc<Changes>,
    health: Arc<Health>,
    capacity: usize,
    max_age: Duration,
    /// Time origin of `Slot::last_hit`.
    epoch: Instant,
    renders: AtomicU64,
    counters: CacheCounters,
    /// Set when an entry changed since the last disk snapshot.
    dirty: AtomicBool,
    /// Keep gzip and brotli copies beside the bytes (not for the static mirror, which writes
    /// each answer once).
    compress: bool,
    /// Runs before every render (see [`Cache::preparing`]).
    prepare: Option<Prepare>,
    /// Where renders run (see [`Cache::rendering_on`]); by default where they are asked for.
    renderer: Option<Handle>,
}

/// Work every render waits for first.
pub type Prepare = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

#[derive(Default)]
struct Slot {
    state: Mutex<SlotState>,
    /// Milliseconds after `epoch` of the last request: who goes first when the cache is full.
    last_hit: AtomicU64,
}

#[derive(Default)]
struct SlotState {
    /// The last good answer, current or not.
    good: Option<Arc<Entry>>,
    /// The newest render under way, and the generation it started at.
    rendering: Option<Rendering>,
    /// Readers answered with the copy before a change since the last render started.
    behind: u32,
    /// When the last render started (a crowd's route waits [`CROWD_PACE`] from it).
    last_start: Option<Instant>,
}

/// A render under way: the generation it started at, its outcome when done, and until when a
/// request with a last good copy to fall back on waits for it.
struct Rendering {
    generation: u64,
    outcome: watch::Receiver<Option<Outcome>>,
    deadline: Instant,
}

impl Slot {
    fn lock(&self) -> MutexGuard<'_, SlotState> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What a request does after looking at its slot.
enum Next {
    Serve(Arc<Entry>, bool),
    /// The copy before a change whose render is under way.
    Behind(Arc<Entry>),
    /// Wait for the render (until the deadline, when there is a last good copy to answer with).
    Wait(watch::Receiver<Option<Outcome>>, Option<(Arc<Entry>, Instant)>),
    Unavailable,
}

impl Cache {
    pub fn new(changes: Arc<Changes>, probe: Probe) -> Cache {
        Cache::with_limits(changes, probe, CAPACITY, MAX_AGE)
    }

    pub fn with_limits(changes: Arc<Changes>, probe: Probe, capacity: usize, max_age: Duration) -> Cache {
        let health = Arc::new(Health::new(probe, changes.clone()));
        Cache {
            inner: Arc::new(Inner {
                slots: RwLock::new(HashMap::new()),
                changes,
                health,
                capacity: capacity.max(1),
                max_age,
                epoch: Instant::now(),
                renders: AtomicU64::new(0),
                counters: CacheCounters::default(),
                dirty: AtomicBool::new(false),
                compress: true,
                prepare: None,
                renderer: None,
            }),
        }
    }

    /// This cache with `prepare` run before every render, whatever the route (the page's settings
    /// of the render's generation: `page::PageCell::fresh`). Call it on a new cache, before it is
    /// shared.
    pub fn preparing(self, prepare: Prepare) -> Cache {
        self.set_up("take a preparation", |inner| inner.prepare = Some(prepare))
    }

    /// This cache with its renders run on `renderer` ([`renderer::handle`]: a thread that yields
    /// to the readers). Call it on a new cache, before it is shared.
    pub fn rendering_on(self, renderer: Option<Handle>) -> Cache {
        self.set_up("move its renders", |inner| inner.renderer = renderer)
    }

    /// Changes how a new cache renders; a cache already shared keeps how it renders (and says so).
    fn set_up(mut self, what: &str, change: impl FnOnce(&mut Inner)) -> Cache {
        match Arc::get_mut(&mut self.inner) {
            Some(inner) => change(inner),
            None => tracing::error!("a cache already shared cannot {what}; its renders go on as they were"),
        }
        self
    }

    /// A cache for the static mirror's renders: one route at a time, not compressed, apart from
    /// the visitors' cache so that writing out every page evicts none of theirs.
    pub fn for_mirror(changes: Arc<Changes>, probe: Probe) -> Cache {
        let mut cache = Cache::with_limits(changes, probe, 1, MAX_AGE);
        if let Some(inner) = Arc::get_mut(&mut cache.inner) {
            inner.compress = false;
        }
        cache
    }

    /// The answer for `key`: from memory when current; otherwise rendered (once, however many
    /// ask at the same time) by `render`, whose bytes are labelled by `policy`. Errors become
    /// responses through `on_error`, except that a server-side failure serves the last good copy.
    pub async fn answer<R, Fut, E>(
        &self,
        request: &HeaderMap,
        key: impl Into<Key>,
        policy: &'static Policy,
        render: R,
        on_error: E,
    ) -> Response
    where
        R: FnOnce() -> Fut,
        Fut: Future<Output = Result<Vec<u8>, AppError>> + Send + 'static,
        E: FnOnce(AppError) -> Response,
    {
        let render = move || {
            let rendering = render();
            async move { rendering.await.map(|body| (body, policy)) }
        };
        self.answer_labelled(request, key, render, on_error).await
    }

    /// [`Cache::answer`] for a route whose label the render itself finds (an uploaded image, whose
    /// content type is known once it is read): `render` gives the bytes and their policy.
    pub async fn answer_labelled<R, Fut, E>(
        &self,
        request: &HeaderMap,
        key: impl Into<Key>,
        render: R,
        on_error: E,
    ) -> Response
    where
        R: FnOnce() -> Fut,
        Fut: Future<Output = Result<(Vec<u8>, &'static Policy), AppError>> + Send + 'static,
        E: FnOnce(AppError) -> Response,
    {
        let key = key.into();
        let slot = self.slot(&key);
        let next = {
            let mut state = slot.lock();
            self.next(&key, &slot, &mut state, || wants_newest(request), render)
        };
        let counters = &self.inner.counters;
        let (mut rx, last_good) = match next {
            Next::Serve(entry, stale) => {
                if stale { &counters.stale } else { &counters.hits }.inc();
                return entry.response(request, stale);
            }
            Next::Behind(entry) => {
                counters.behind.inc();
                return entry.response(request, false);
            }
            Next::Unavailable => {
                counters.misses.inc();
                self.forget_if_unused(&key, &slot);
                return on_error(AppError::unavailable());
            }
            Next::Wait(rx, last_good) => (rx, last_good),
        };
        counters.misses.inc();
        let deadline = last_good.as_ref().map_or(Instant::now() + WAIT, |(_, deadline)| *deadline);
        let waited = tokio::time::timeout_at(deadline.into(), rx.wait_for(Option::is_some)).await;
        let last_good = last_good.map(|(good, _)| good);
        let outcome = match waited {
            Ok(Ok(outcome)) => outcome.clone().unwrap_or(Err(AppError::internal())),
            Ok(Err(_)) => Err(AppError::internal()),
            // The render goes on; the last good copy answers meanwhile.
            Err(_) if last_good.is_some() => Err(AppError::unavailable()),
            Err(_) => {
                self.inner.health.mark_down();
                Err(AppError::unavailable())
            }
        };
        match (outcome, last_good) {
            (Ok(entry), _) => entry.response(request, false),
            (Err(e), Some(good)) if e.status_code().is_server_error() => {
                counters.stale.inc();
                good.response(request, true)
            }
            (Err(e), _) => on_error(e),
        }
    }

    fn next<R, Fut>(
        &self,
        key: &Key,
        slot: &Arc<Slot>,
        state: &mut SlotState,
        newest: impl FnOnce() -> bool,
        render: R,
    ) -> Next
    where
        R: FnOnce() -> Fut,
        Fut: Future<Output = Result<(Vec<u8>, &'static Policy), AppError>> + Send + 'static,
    {
        let generation = self.inner.changes.current();
        let down = self.inner.health.is_down();
        if let Some(good) = state.good.clone().filter(|g| g.generation >= generation) {
            if !down && state.rendering.is_none() && good.rendered_at.elapsed() >= self.inner.max_age {
                // Time-dependent text: refresh behind the scenes, serve this meanwhile.
                self.start(key, slot, state, generation, render);
            }
            return Next::Serve(good, false);
        }
        if down {
            return state.good.clone().map_or(Next::Unavailable, |good| Next::Serve(good, true));
        }
        // A reader who need not see the newest takes the copy before the change rather than queue
        // while someone else's render of it is under way (within its time), or, on a crowd's
        // route, until the pace allows the next render.
        let lag_until = match &state.rendering {
            Some(r) if r.generation >= generation => Some(r.deadline),
            _ => state.last_start.filter(|_| state.behind >= CROWD).map(|start| start + CROWD_PACE),
        };
        if let Some(good) = state.good.as_ref().filter(|_| lag_until.is_some_and(|t| Instant::now() < t) && !newest()) {
            let good = good.clone();
            state.behind = state.behind.saturating_add(1);
            return Next::Behind(good);
        }
        let (outcome, deadline) = match &state.rendering {
            Some(r) if r.generation >= generation => (r.outcome.clone(), r.deadline),
            _ => self.start(key, slot, state, generation, render),
        };
        Next::Wait(outcome, state.good.clone().map(|good| (good, deadline)))
    }

    /// Starts rendering `key` as of `generation`, in a task of its own (it completes even when
    /// every request waiting for it has gone).
    fn start<R, Fut>(
        &self,
        key: &Key,
        slot: &Arc<Slot>,
        state: &mut SlotState,
        generation: u64,
        render: R,
    ) -> (watch::Receiver<Option<Outcome>>, Instant)
    where
        R: FnOnce() -> Fut,
        Fut: Future<Output = Result<(Vec<u8>, &'static Policy), AppError>> + Send + 'static,
    {
        let (tx, rx) = watch::channel(None);
        let now = Instant::now();
        let deadline = now + FRESH_WAIT;
        state.rendering = Some(Rendering { generation, outcome: rx.clone(), deadline });
        (state.last_start, state.behind) = (Some(now), 0);
        self.inner.renders.fetch_add(1, Ordering::Relaxed);
        let started = now;
        let (prepare, render) = (self.inner.prepare.clone(), render());
        let rendering = self.spawn(async move {
            if let Some(prepare) = prepare {
                prepare().await;
            }
            render.await
        });
        let (cache, slot, key) = (self.clone(), slot.clone(), key.clone());
        let compress = self.inner.compress;
        self.spawn(async move {
            let outcome = match rendering.await {
                Ok(Ok((body, policy))) if !compress => Ok(Arc::new(Entry::uncompressed(generation, policy, body))),
                Ok(Ok((body, policy))) => {
                    match tokio::task::spawn_blocking(move || Entry::render(generation, policy, body)).await {
                        Ok(entry) => Ok(Arc::new(entry)),
                        Err(_) => Err(AppError::internal()),
                    }
                }
                Ok(Err(e)) => Err(e),
                Err(e) => {
                    tracing::error!(cause = %e, key = %key, "rendering failed");
                    Err(AppError::internal())
                }
            };
            cache.inner.counters.render_seconds.0.observe(started.elapsed().as_secs_f64());
            cache.finish(&key, &slot, generation, &outcome);
            tx.send_replace(Some(outcome));
        });
        (rx, deadline)
    }

    /// Runs `task` where renders run.
    fn spawn<F>(&self, task: F) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        match &self.inner.renderer {
            Some(renderer) => renderer.spawn(task),
            None => tokio::spawn(task),
        }
    }

    /// Keeps what a render produced.
    fn finish(&self, key: &Key, slot: &Arc<Slot>, generation: u64, outcome: &Outcome) {
        let mut state = slot.lock();
        if state.rendering.as_ref().is_some_and(|r| r.generation == generation) {
            state.rendering = None;
        }
        let newer = state.good.as_ref().is_none_or(|good| good.generation <= generation);
        match outcome {
            Ok(entry) => {
                self.inner.health.mark_up();
                if newer {
                    state.good = Some(entry.clone());
                    self.inner.dirty.store(true, Ordering::Release);
                }
            }
            Err(e) if e.code == ErrorCode::Unavailable => self.inner.health.mark_down(),
            // Keep the last good copy for whatever else goes wrong on our side.
            Err(e) if e.status_code().is_server_error() => {}
            // Gone or never there (404, 400): nothing to fall back on.
            Err(_) => {
                self.inner.health.mark_up();
                if newer && state.good.take().is_some() {
                    self.inner.dirty.store(true, Ordering::Release);
                }
            }
        }
        drop(state);
        self.forget_if_unused(key, slot);
    }

    /// Drops a slot with nothing in it, so that requests for addresses that never answer 200
    /// take no room.
    fn forget_if_unused(&self, key: &Key, slot: &Arc<Slot>) {
        let unused = |slot: &Slot| {
            let state = slot.lock();
            state.good.is_none() && state.rendering.is_none()
        };
        if !unused(slot) {
            return;
        }
        // Again under the map's lock: a request may have picked the slot up meanwhile.
        let mut slots = self.inner.slots.write().unwrap_or_else(|p| p.into_inner());
        if slots.get(key).is_some_and(|s| Arc::ptr_eq(s, slot)) && unused(slot) {
            slots.remove(key);
        }
    }

    /// The slot of `key`, made (and room made for it) when missing.
    fn slot(&self, key: &Key) -> Arc<Slot> {
        let now = self.inner.epoch.elapsed().as_millis() as u64;
        let found = self.inner.slots.read().unwrap_or_else(|p| p.into_inner()).get(key).cloned();
        let slot = match found {
            Some(slot) => slot,
            None => {
                let mut slots = self.inner.slots.write().unwrap_or_else(|p| p.into_inner());
                if !slots.contains_key(key) && slots.len() >= self.inner.capacity {
                    evict(&mut slots);
                }
                slots.entry(key.clone()).or_default().clone()
            }
        };
        slot.last_hit.store(now, Ordering::Relaxed);
        slot
    }

    /// What the cache counts, for the metrics.
    pub fn counters(&self) -> &CacheCounters {
        &self.inner.counters
    }

    /// Renders started since the cache was made (for tests and figures).
    pub fn renders(&self) -> u64 {
        self.inner.renders.load(Ordering::Relaxed)
    }

    /// Routes kept now.
    pub fn len(&self) -> usize {
        self.inner.slots.read().unwrap_or_else(|p| p.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Answer from memory without asking the database until a probe finds it again (the server
    /// started while it was down).
    pub fn assume_unavailable(&self) {
        self.inner.health.mark_down();
    }

    pub fn database_unavailable(&self) -> bool {
        self.inner.health.is_down()
    }

    /// Up to `limit` good entries, most recently requested first; clears the "changed" mark.
    pub(crate) fn take_snapshot(&self, limit: usize) -> Option<Vec<(String, Arc<Entry>)>> {
        if !self.inner.dirty.swap(false, Ordering::AcqRel) {
            return None;
        }
        let slots = self.inner.slots.read().unwrap_or_else(|p| p.into_inner());
        let mut all: Vec<(u64, String, Arc<Entry>)> = slots
            .iter()
            .filter_map(|(key, slot)| {
                let good = slot.lock().good.clone()?;
                Some((slot.last_hit.load(Ordering::Relaxed), key.to_string(), good))
            })
            .collect();
        drop(slots);
        all.sort_by_key(|e| std::cmp::Reverse(e.0));
        Some(all.into_iter().take(limit).map(|(_, key, entry)| (key, entry)).collect())
    }

    /// Asks for another snapshot (the last one could not be written).
    pub(crate) fn mark_changed(&self) {
        self.inner.dirty.store(true, Ordering::Release);
    }

    /// Puts entries (from the disk snapshot) in place as last good copies, stale from the start.
    pub fn restore(&self, entries: Vec<(String, Entry)>) {
        let mut slots = self.inner.slots.write().unwrap_or_else(|p| p.into_inner());
        for (key, entry) in entries.into_iter().take(self.inner.capacity) {
            let slot = slots.entry(Cow::Owned(key)).or_default();
            slot.lock().good = Some(Arc::new(entry));
        }
    }
}

/// Whether a request must see the newest answer rather than the copy before a change whose render
/// is under way: staff (a session or a token: whoever just wrote sees the write on their next
/// request) and a request asking for a fresh answer (`Cache-Control: no-cache` or `max-age=0`:
/// a browser's reload, the live script's fetch after a change).
pub fn wants_newest(request: &HeaderMap) -> bool {
    use axum::http::header::{AUTHORIZATION, CACHE_CONTROL, COOKIE};
    let values = |name: axum::http::HeaderName| request.get_all(name).into_iter().filter_map(|v| v.to_str().ok());
    request.contains_key(AUTHORIZATION)
        || values(CACHE_CONTROL)
            .flat_map(|v| v.split(','))
            .any(|d| matches!(d.trim().to_ascii_lowercase().as_str(), "no-cache" | "max-age=0"))
        || values(COOKIE)
            .flat_map(|v| v.split(';'))
            .any(|pair| pair.trim().strip_prefix(crate::auth::SESSION_COOKIE).is_some_and(|r| r.starts_with('=')))
}

/// Removes the least recently requested slot that is not rendering.
fn evict(slots: &mut HashMap<Key, Arc<Slot>>) {
    let victim = slots
        .iter()
        .filter(|(_, slot)| slot.lock().rendering.is_none())
        .min_by_key(|(_, slot)| slot.last_hit.load(Ordering::Relaxed))
        .map(|(key, _)| key.clone());
    if let Some(key) = victim {
        slots.remove(&key);
    }
}

#[cfg(test)]
mod tests;

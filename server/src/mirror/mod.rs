//! The static mirror: the public site written out as files that any static host or CDN serves
//! (`beacon export-static`), and kept current while Beacon runs (`beacon serve --mirror-dir`), so
//! that the page can be served from elsewhere while everything Beacon runs on is down.
//!
//! Every file holds the bytes visitors get: it is rendered by the visitors' own routes (through a
//! cache of the mirror's own, so that writing out every page evicts none of theirs). The
//! addresses are found as a visitor finds them, by following the links of the pages from `/`,
//! with the few that machines read and nothing links ([`SEEDS`]) and each component's history,
//! which the history's filter form leads to; and as a Statuspage client finds records' JSON, by
//! the ids the API's lists name (the latest 50, the open ones, the maintenance), not one file per
//! record of the whole history (each holds the page's `updated_at`, which every write moves, so
//! that would be every record rewritten for every change). A pass writes only the files whose bytes changed,
//! and removes only what an earlier pass wrote that is gone; one that cannot finish (the
//! database went away) leaves the last files in place. While serving, a pass renders again only
//! what may have changed ([`memory`]), and a change is first written to the front of the site
//! ([`Mirror::front`]), so that it is in the folder within a second however long the history.

mod crawl;
mod files;
mod links;
mod memory;

pub use files::{content_type, file_for, MANIFEST};

use crate::cache::Cache;
use crate::config::ExportStaticArgs;
use crate::state::AppState;
use crate::store::Store;
use crate::Fatal;
use app::paths;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use crawl::Crawl;
use memory::Memory;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use tower::ServiceExt;

/// Where a pass starts, besides the links: what machines read (the Statuspage-style API, the
/// badge, the calendar), the widget other sites frame, and the files robots and browsers ask for
/// by name.
const SEEDS: &[&str] = &[
    "/",
    "/robots.txt",
    "/sitemap.xml",
    "/favicon.svg",
    "/favicon.ico",
    "/embed",
    "/badge.svg",
    "/maintenance.ics",
    "/api/v2/summary.json",
    "/api/v2/status.json",
    "/api/v2/components.json",
    "/api/v2/incidents.json",
    "/api/v2/incidents/unresolved.json",
    "/api/v2/scheduled-maintenances.json",
    "/api/v2/scheduled-maintenances/upcoming.json",
    "/api/v2/scheduled-maintenances/active.json",
];
/// Without a change, a pass this often all the same: some text changes with time ("past 7 days").
const REFRESH: Duration = Duration::from_secs(300);
/// After a pass that could not finish, the next one this soon.
const RETRY: Duration = Duration::from_secs(5);
/// Writes often come in bursts (an update changes an incident and its components): one pass
/// after the burst.
const SETTLE: Duration = Duration::from_millis(300);
/// After a change, the front at once, but the full pass (which only moves older history pages
/// along by then) at least this long after the last one ended: with a long history it takes a
/// while, and on the worst day changes come every few minutes.
const FULL_GAP: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum MirrorError {
    #[error("the database did not answer while rendering {0}; the mirror keeps its last files")]
    Unavailable(String),
    #[error("cannot write the mirror's file {}: {source} (choose a writable folder)", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{path} answers {content_type}, for which the mirror has no file type")]
    UnknownType { path: String, content_type: String },
}

/// What a pass did.
#[derive(Debug, Default, Clone)]
pub struct Pass {
    /// Files the mirror holds now.
    pub files: usize,
    /// Of those, written in this pass (new or changed).
    pub written: usize,
    /// Of those, records' own pages left as an earlier pass of this process wrote them (their
    /// records did not change).
    pub kept: usize,
    /// The site changed while the pass went on: another pass should follow at once.
    pub changed_meanwhile: bool,
    /// Files of an earlier pass removed (their page is gone).
    pub removed: usize,
    pub bytes: u64,
    /// Addresses linked from a page that answer no page (a mistyped link in an update): path and status.
    pub not_found: Vec<(String, u16)>,
}

pub struct Mirror {
    router: Router,
    store: Store,
    origin: String,
    memory: tokio::sync::Mutex<Memory>,
}

/// Pages a pass after a change writes first, before the rest of the site: the records whose
/// stamps moved, at most this many (an import changes thousands; the full pass takes those).
const FRONT_RECORDS: usize = 200;

impl Mirror {
    pub fn new(state: &AppState, site_root: &Path) -> Mirror {
        let own = state.altered(|own| {
            own.offers_languages = false;
            own.cache = Cache::for_mirror(state.store.changes().clone(), crate::state::probe(&state.store))
                .preparing(crate::state::settings_first(&state.page));
        });
        Mirror {
            router: crate::http::visitor_routes(&own, site_root).with_state(own),
            store: state.store.clone(),
            origin: state.public_url.trim_end_matches('/').to_string(),
            memory: Default::default(),
        }
    }

    /// Brings `dir` up to date with the public site: every address, found by following links.
    /// Records' own pages that have not changed since this process wrote them are not rendered
    /// again ([`Memory`]). With `changes`, a change while the pass goes on first brings the front
    /// of the site up to date ([`Mirror::front`]), then the pass goes on.
    pub async fn pass(&self, dir: &Path, mut changes: Option<&mut watch::Receiver<u64>>) -> Result<Pass, MirrorError> {
        fn unavailable(what: &'static str) -> impl Fn(crate::store::StoreError) -> MirrorError {
            move |_| MirrorError::Unavailable(what.to_string())
        }
        let components = self.store.list_components().await.map_err(unavailable("the components"))?;
        let groups = self.store.list_groups().await.map_err(unavailable("the groups"))?;
        let mut stamps = self.store.stamps().await.map_err(unavailable("the incidents"))?;
        let frame = self.frame().await?;
        {
            let mut memory = self.memory.lock().await;
            memory.names_are(&components, &groups);
            memory.set_frame(frame);
        }
        let mut crawl = Crawl::new(SEEDS.iter().map(|s| s.to_string()));
        crawl.queue.extend(components.iter().map(|c| format!("/components/{}/badge.svg", c.id)));
        // Each component's history: the history's filter form reaches it, which a crawl does not follow.
        crawl.queue.extend(components.iter().filter(|c| c.visible).map(|c| paths::history(Some(c.id))));
        while let Some(path) = crawl.next() {
            if let Some(changes) = changes.as_deref_mut() {
                if changes.has_changed().unwrap_or(false) {
                    changes.borrow_and_update();
                    tokio::time::sleep(SETTLE).await;
                    self.front(dir).await?;
                    // What is left of this pass goes by the records as they are now; what it
                    // already passed is done again by another pass at once.
                    stamps = self.store.stamps().await.map_err(unavailable("the incidents"))?;
                    crawl.pass.changed_meanwhile = true;
                }
            }
            let stamp = memory::stamp_of(&stamps, &path);
            if let Some(stamp) = stamp {
                let kept = self.memory.lock().await.kept_links(&path, stamp);
                if let Some(links) = kept.filter(|_| file_for(&path).is_some_and(|f| dir.join(f).is_file())) {
                    crawl.keep(&path, links);
                    continue;
                }
            }
            let links = self.visit(dir, &path, &mut crawl).await?;
            if let (Some(stamp), Some(links)) = (stamp, &links) {
                self.memory.lock().await.remember(&path, stamp, links);
            } else if links.is_none() {
                self.memory.lock().await.forget(&path);
            }
        }
        let Crawl { files, mut pass, .. } = crawl;
        pass.files = files.len();
        let dir_owned = dir.to_path_buf();
        pass.removed = on_disk(dir.join(MANIFEST), move || files::replace_manifest(&dir_owned, &files)).await?;
        Ok(pass)
    }

    /// Brings the front of the site up to date, whatever the size of the history: the fixed
    /// addresses, what `/` links to, and the records whose stamps moved since this process wrote
    /// their pages (with their API files); the pages of records deleted since are removed. What a visitor and a Statuspage client read first is
    /// in the folder within a second of a change; the full pass brings the rest.
    pub async fn front(&self, dir: &Path) -> Result<usize, MirrorError> {
        let stamps = self.store.stamps().await.map_err(|_| MirrorError::Unavailable("the incidents".into()))?;
        let (changed, gone) = {
            let memory = self.memory.lock().await;
            (memory.changed(&stamps, FRONT_RECORDS), memory.gone(&stamps))
        };
        for path in gone {
            // A deleted record: its page and its JSON leave at once (the next full pass tidies
            // the folder and the list).
            let json = match path.strip_prefix("/maintenance/") {
                Some(id) => format!("/api/v2/incidents/m{id}.json"),
                None => format!("/api/v2/incidents/{}.json", path.trim_start_matches("/incidents/")),
            };
            for file in [file_for(&path), file_for(&json)].into_iter().flatten() {
                let target = dir.join(file);
                on_disk(target.clone(), move || match std::fs::remove_file(&target) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                    _ => Ok(()),
                })
                .await?;
            }
            self.memory.lock().await.forget(&path);
        }
        let mut crawl = Crawl::new(["/".to_string()]);
        while let Some(path) = crawl.next() {
            let links = self.visit(dir, &path, &mut crawl).await?;
            if let (Some(stamp), Some(links)) = (memory::stamp_of(&stamps, &path), &links) {
                self.memory.lock().await.remember(&path, stamp, links);
            }
            if path == "/" {
                // What `/` links to is queued; from here on, one hop only (and records' API files).
                crawl.links_too = false;
                crawl.queue.extend(SEEDS.iter().map(|s| s.to_string()).chain(changed.iter().cloned()));
            }
        }
        let (dir_owned, written) = (dir.to_path_buf(), std::mem::take(&mut crawl.files));
        on_disk(dir.join(MANIFEST), move || files::add_to_manifest(&dir_owned, &written)).await?;
        Ok(crawl.pass.written)
    }

    /// Renders `path`, writes its file and queues what it links to; its links, or `None` when it
    /// answers no page.
    async fn visit(&self, dir: &Path, path: &str, crawl: &mut Crawl) -> Result<Option<Vec<String>>, MirrorError> {
        let Some(file) = file_for(path) else {
            crawl.pass.not_found.push((path.to_string(), 0));
            return Ok(None);
        };
        let (status, answered_type, body) = self.get(path).await;
        if status.is_server_error() {
            return Err(MirrorError::Unavailable(path.to_string()));
        }
        if status != StatusCode::OK {
            crawl.pass.not_found.push((path.to_string(), status.as_u16()));
            return Ok(None);
        }
        if content_type(&file) != Some(answered_type.as_str()) {
            return Err(MirrorError::UnknownType { path: path.to_string(), content_type: answered_type });
        }
        let text = || String::from_utf8_lossy(&body);
        let found: Vec<String> = if path.starts_with("/api/v2/") && answered_type.starts_with("application/json") {
            links::api_references(&body)
        } else if answered_type.starts_with("application/xml") {
            links::sitemap_locations(&text()).into_iter().filter_map(|l| links::local_path(&l, &self.origin)).collect()
        } else if answered_type.starts_with("text/html") {
            links::attribute_links(&text()).into_iter().filter_map(|l| links::local_path(&l, &self.origin)).collect()
        } else {
            Vec::new()
        };
        crawl.follow(&found);
        crawl.pass.bytes += body.len() as u64;
        crawl.pass.written += usize::from(write(dir, &file, body).await?);
        crawl.files.insert(file);
        Ok(Some(found))
    }

    /// The links every page has: those of the site's frame, as the not-found page shows it.
    async fn frame(&self) -> Result<Vec<String>, MirrorError> {
        let (status, _, body) = self.get("/.not-a-page").await;
        if status.is_server_error() {
            return Err(MirrorError::Unavailable("the site's frame".into()));
        }
        let html = String::from_utf8_lossy(&body);
        Ok(links::attribute_links(&html).into_iter().filter_map(|l| links::local_path(&l, &self.origin)).collect())
    }

    /// The answer visitors get for `path` (plain bytes, no content-coding).
    async fn get(&self, path: &str) -> (StatusCode, String, axum::body::Bytes) {
        let Ok(request) = Request::get(path).body(Body::empty()) else {
            return (StatusCode::BAD_REQUEST, String::new(), Default::default());
        };
        let Ok(response) = self.router.clone().oneshot(request).await;
        let status = response.status();
        let content_type =
            response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        match axum::body::to_bytes(response.into_body(), usize::MAX).await {
            Ok(body) => (status, content_type, body),
            Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, content_type, Default::default()),
        }
    }
}

async fn write(dir: &Path, file: &Path, body: axum::body::Bytes) -> Result<bool, MirrorError> {
    let (dir, file) = (dir.to_path_buf(), file.to_path_buf());
    on_disk(dir.join(&file), move || files::write_if_changed(&dir, &file, &body)).await
}

/// A file operation on the blocking pool; a failure names `path`.
async fn on_disk<T: Send + 'static>(
    path: PathBuf,
    op: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> Result<T, MirrorError> {
    match tokio::task::spawn_blocking(op).await {
        Ok(Ok(done)) => Ok(done),
        Ok(Err(source)) => Err(MirrorError::Write { path, source }),
        Err(e) => Err(MirrorError::Write { path, source: std::io::Error::other(e) }),
    }
}

/// `beacon serve --mirror-dir`: a full pass at start, then after each change the front of the site
/// (within a second, whatever the size of the history) and a full pass at most every
/// [`FULL_GAP`]; without changes a full pass every [`REFRESH`]; after a failure, again in
/// [`RETRY`].
pub async fn keep_current(mirror: Mirror, dir: PathBuf) {
    let mut changes = mirror.store.changes().subscribe();
    let mut full_due = Instant::now();
    let mut last_full_end = None::<Instant>;
    loop {
        if Instant::now() >= full_due {
            changes.borrow_and_update();
            let started = Instant::now();
            full_due = match mirror.pass(&dir, Some(&mut changes)).await {
                Ok(pass) => {
                    let ms = started.elapsed().as_millis() as u64;
                    let (files, written, kept, removed) = (pass.files, pass.written, pass.kept, pass.removed);
                    if written + removed > 0 {
                        tracing::info!(files, written, kept, removed, ms, dir = %dir.display(), "the static mirror is current");
                    }
                    last_full_end = Some(Instant::now());
                    // A change during the pass: what the pass had already passed goes again.
                    Instant::now() + if pass.changed_meanwhile { FULL_GAP } else { REFRESH }
                }
                Err(e) => {
                    tracing::warn!(cause = %e, dir = %dir.display(), "the static mirror is not current");
                    Instant::now() + RETRY
                }
            };
        }
        let wait = full_due.saturating_duration_since(Instant::now());
        if tokio::time::timeout(wait, changes.changed()).await.is_err() {
            continue; // a full pass is due
        }
        tokio::time::sleep(SETTLE).await;
        changes.borrow_and_update();
        let started = Instant::now();
        match mirror.front(&dir).await {
            Ok(written) => {
                tracing::debug!(written, ms = started.elapsed().as_millis() as u64, "the mirror's front is current")
            }
            Err(e) => tracing::warn!(cause = %e, dir = %dir.display(), "the static mirror's front is not current"),
        }
        let gap_over = last_full_end.map_or(Instant::now(), |end| end + FULL_GAP);
        full_due = full_due.min(gap_over.max(Instant::now()));
    }
}

/// `beacon export-static --out DIR`.
pub async fn export_static_cli(args: ExportStaticArgs) -> Result<(), Fatal> {
    let site_root = crate::site::find_site_root(args.serve.site_root.as_deref()).map_err(Fatal::SiteRoot)?;
    let store = crate::open_existing(&args.serve.database).await?;
    std::fs::create_dir_all(&args.out)
        .map_err(|source| Fatal::Mirror(MirrorError::Write { path: args.out.clone(), source }))?;
    let state = AppState::started(store, &args.serve, &site_root).await.map_err(Fatal::Store)?;
    let pass = Mirror::new(&state, &site_root).pass(&args.out, None).await.map_err(Fatal::Mirror)?;
    for (path, status) in &pass.not_found {
        tracing::warn!(path, status, "a page links to an address that answers no page; it is not in the mirror");
    }
    println!(
        "wrote {} files ({} changed, {} removed, {} KB) to {}",
        pass.files,
        pass.written,
        pass.removed,
        pass.bytes / 1024,
        args.out.display()
    );
    Ok(())
}

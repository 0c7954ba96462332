//! The static mirror: the public site written out as files that any static host or CDN serves
//! (`beacon export-static`), and kept current while Beacon runs (`beacon serve --mirror-dir`), so
//! that the page can be served from elsewhere while everything Beacon runs on is down.
//!
//! Every file holds the bytes visitors get: it is rendered by the visitors' own routes (through a
//! cache of the mirror's own, so that writing out every page evicts none of theirs). The
//! addresses are found as a visitor finds them, by following the links of the pages from `/`,
//! with the few that machines read and nothing links ([`SEEDS`]). A pass writes only the files
//! whose bytes changed, and removes only what an earlier pass wrote that is gone; one that cannot
//! finish (the database went away) leaves the last files in place.

mod files;
mod links;

pub use files::{content_type, file_for, MANIFEST};

use crate::cache::Cache;
use crate::config::ExportStaticArgs;
use crate::state::AppState;
use crate::store::Store;
use crate::Fatal;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use std::collections::{BTreeSet, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// Where a pass starts, besides the links: what machines read (the Statuspage-style API, the
/// badge, the calendar) and the files robots and browsers ask for by name.
const SEEDS: &[&str] = &[
    "/",
    "/robots.txt",
    "/favicon.svg",
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
}

impl Mirror {
    pub fn new(state: &AppState, site_root: &Path) -> Mirror {
        let mut own = state.clone();
        own.cache = Cache::for_mirror(state.store.changes().clone(), crate::state::probe(&state.store));
        Mirror {
            router: crate::http::visitor_routes(&own, site_root).with_state(own),
            store: state.store.clone(),
            origin: state.public_url.trim_end_matches('/').to_string(),
        }
    }

    /// Brings `dir` up to date with the public site.
    pub async fn pass(&self, dir: &Path) -> Result<Pass, MirrorError> {
        let components =
            self.store.list_components().await.map_err(|_| MirrorError::Unavailable("the components".into()))?;
        let mut queue: VecDeque<String> = SEEDS.iter().map(|s| s.to_string()).collect();
        queue.extend(components.iter().map(|c| format!("/components/{}/badge.svg", c.id)));
        let mut seen = HashSet::new();
        let mut files = BTreeSet::new();
        let mut pass = Pass::default();
        while let Some(path) = queue.pop_front() {
            if !seen.insert(path.clone()) {
                continue;
            }
            let Some(file) = file_for(&path) else {
                pass.not_found.push((path, 0));
                continue;
            };
            let (status, answered_type, body) = self.get(&path).await;
            if status.is_server_error() {
                return Err(MirrorError::Unavailable(path));
            }
            if status != StatusCode::OK {
                pass.not_found.push((path, status.as_u16()));
                continue;
            }
            if content_type(&file) != Some(answered_type.as_str()) {
                return Err(MirrorError::UnknownType { path, content_type: answered_type });
            }
            if answered_type.starts_with("text/html") {
                let html = String::from_utf8_lossy(&body);
                let found =
                    links::attribute_links(&html).into_iter().filter_map(|l| links::local_path(&l, &self.origin));
                queue.extend(found.filter(|p| !seen.contains(p)));
                if let Some(id) = path.strip_prefix("/incidents/") {
                    queue.push_back(format!("/api/v2/incidents/{id}.json"));
                }
            }
            pass.bytes += body.len() as u64;
            pass.written += usize::from(write(dir, &file, body).await?);
            files.insert(file);
        }
        pass.files = files.len();
        let dir_owned = dir.to_path_buf();
        let removed = tokio::task::spawn_blocking(move || files::replace_manifest(&dir_owned, &files)).await;
        pass.removed = match removed {
            Ok(Ok(n)) => n,
            Ok(Err(source)) => return Err(MirrorError::Write { path: dir.join(MANIFEST), source }),
            Err(e) => return Err(MirrorError::Write { path: dir.join(MANIFEST), source: std::io::Error::other(e) }),
        };
        Ok(pass)
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
    let target = dir.join(&file);
    match tokio::task::spawn_blocking(move || files::write_if_changed(&dir, &file, &body)).await {
        Ok(Ok(written)) => Ok(written),
        Ok(Err(source)) => Err(MirrorError::Write { path: target, source }),
        Err(e) => Err(MirrorError::Write { path: target, source: std::io::Error::other(e) }),
    }
}

/// `beacon serve --mirror-dir`: a pass at start, then after every change (within a second or so)
/// and every few minutes; a pass that cannot finish is tried again shortly.
pub async fn keep_current(mirror: Mirror, dir: PathBuf) {
    let mut changes = mirror.store.changes().subscribe();
    loop {
        changes.borrow_and_update();
        let started = Instant::now();
        let wait = match mirror.pass(&dir).await {
            Ok(pass) => {
                let ms = started.elapsed().as_millis() as u64;
                let (files, written, removed) = (pass.files, pass.written, pass.removed);
                if written + removed > 0 {
                    tracing::info!(files, written, removed, ms, dir = %dir.display(), "the static mirror is current");
                }
                REFRESH
            }
            Err(e) => {
                tracing::warn!(cause = %e, dir = %dir.display(), "the static mirror is not current");
                RETRY
            }
        };
        let _ = tokio::time::timeout(wait, changes.changed()).await;
        tokio::time::sleep(SETTLE).await;
    }
}

/// `beacon export-static --out DIR`.
pub async fn export_static_cli(args: ExportStaticArgs) -> Result<(), Fatal> {
    let site_root = crate::site::find_site_root(args.serve.site_root.as_deref()).map_err(Fatal::SiteRoot)?;
    let store = crate::open_existing(&args.serve.database).await?;
    store.keep_uptime_in(args.serve.timezone).await.map_err(Fatal::Store)?;
    std::fs::create_dir_all(&args.out)
        .map_err(|source| Fatal::Mirror(MirrorError::Write { path: args.out.clone(), source }))?;
    let state = AppState::new(store, &args.serve, &site_root);
    let pass = Mirror::new(&state, &site_root).pass(&args.out).await.map_err(Fatal::Mirror)?;
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

//! The static mirror: `beacon export-static` served by a real nginx with the documented
//! configuration (docs/mirror/nginx.conf), crawled from `/` by an independent HTML parser: no
//! broken link, and every address the same bytes and content type as Beacon answers. And
//! `serve --mirror-dir`: a change reaches the folder within seconds, a deleted page leaves it.

use crate::process::{self, exchange, free_addr, get, Reply};
use app::domain::{Impact, IncidentStatus, Role};
use scraper::{Html, Selector};
use server::store::{Actor, Engine, NewIncident, NewToken, Store};
use std::collections::{BTreeSet, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// What Statuspage clients and embeds read, which no page links.
const MACHINE_ADDRESSES: &[&str] = &[
    "/api/v2/summary.json",
    "/api/v2/status.json",
    "/api/v2/components.json",
    "/api/v2/incidents.json",
    "/api/v2/incidents/unresolved.json",
    "/api/v2/scheduled-maintenances.json",
    "/api/v2/scheduled-maintenances/upcoming.json",
    "/api/v2/scheduled-maintenances/active.json",
    "/badge.svg",
];

/// nginx, or `None` (a skip outside CI; scripts/test installs it).
fn nginx() -> Option<PathBuf> {
    let found = ["/usr/sbin/nginx", "/usr/bin/nginx"].iter().map(PathBuf::from).find(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none_or(|v| v.is_empty()),
            "nginx is missing: run scripts/test (it installs it)"
        );
        eprintln!("skipping: nginx is missing (scripts/test installs it)");
    }
    found
}

struct Nginx {
    child: Child,
    addr: String,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// nginx serving `root` with the documented server block.
async fn serve_with_nginx(binary: &Path, root: &Path) -> Nginx {
    let documented = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/mirror/nginx.conf"))
        .expect("docs/mirror/nginx.conf");
    let addr = free_addr();
    let block = documented
        .replace("listen 80;", &format!("listen {addr};"))
        .replace("root /srv/beacon-mirror;", &format!("root {};", root.display()));
    assert_ne!(block, documented, "the documented block has the listen and root lines the test sets");
    let work = server::testing::temp_dir("nginx");
    let w = work.display();
    let conf = format!(
        "daemon off;\nmaster_process off;\npid {w}/nginx.pid;\nerror_log {w}/error.log;\nevents {{}}\n\
         http {{\n access_log off;\n client_body_temp_path {w}/body;\n proxy_temp_path {w}/proxy;\n\
         fastcgi_temp_path {w}/fastcgi;\n uwsgi_temp_path {w}/uwsgi;\n scgi_temp_path {w}/scgi;\n{block}\n}}\n"
    );
    std::fs::write(work.join("nginx.conf"), conf).unwrap();
    let child = Command::new(binary)
        .arg("-c")
        .arg(work.join("nginx.conf"))
        .arg("-p")
        .arg(&work)
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start nginx");
    let nginx = Nginx { child, addr };
    process::within(Duration::from_secs(10), "nginx answers", || async { get(&nginx.addr, "/").await.is_ok() }).await;
    nginx
}

/// A site folder as scripts/build makes it: the stylesheet and the files in public/.
fn full_site_root() -> PathBuf {
    let root = server::testing::temp_dir("mirror-site");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    std::fs::write(root.join("pkg/beacon.css"), "body { color: #111 }").unwrap();
    for file in ["favicon.svg", "favicon.ico", "live.js"] {
        std::fs::copy(repo.join("public").join(file), root.join(file)).unwrap();
    }
    root
}

/// The demo data and 30 more incidents (two history pages), one with a link in its Markdown.
async fn history(store: &Store) {
    server::demo::load_if_empty(store, chrono::Utc::now()).await.unwrap();
    let start = chrono::Utc::now() - chrono::Duration::days(400);
    for i in 0..30 {
        let new = NewIncident {
            notify: false,
            title: format!("Old incident {i:02}"),
            impact: Impact::Minor,
            status: IncidentStatus::Resolved,
            body: format!("Resolved. See [the history](/history) and [the feed](/history.atom) (#{i})."),
            started_at: Some(start + chrono::Duration::days(i * 5)),
            display_at: None,
            changes: vec![],
        };
        store.create_incident(&Actor::System, new).await.unwrap();
    }
}

/// The local addresses an HTML page links (as a browser reads it), without query and fragment.
fn links(html: &str, origin: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut found = Vec::new();
    for (selector, attr) in [("a[href]", "href"), ("link[href]", "href"), ("script[src]", "src"), ("img[src]", "src")] {
        for element in doc.select(&Selector::parse(selector).unwrap()) {
            let value = element.value().attr(attr).unwrap_or_default();
            let path = value.strip_prefix(origin).unwrap_or(value);
            if !path.starts_with('/') || path.starts_with("//") {
                continue;
            }
            found.push(path.split(['#', '?']).next().unwrap().to_string());
        }
    }
    found
}

/// What a GET form of the page asks for, one address per choice of its `<select>`:
/// `/history?component=3`.
fn form_requests(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut found = Vec::new();
    for form in doc.select(&Selector::parse("form[method=get][action^='/']").unwrap()) {
        let action = form.value().attr("action").unwrap_or_default();
        for select in form.select(&Selector::parse("select[name]").unwrap()) {
            let name = select.value().attr("name").unwrap_or_default();
            for option in select.select(&Selector::parse("option[value]").unwrap()) {
                found.push(format!("{action}?{name}={}", option.value().attr("value").unwrap_or_default()));
            }
        }
    }
    found
}

/// The path of a redirect's target, whether the Location is absolute (nginx) or not (Beacon).
fn location_path(reply: &Reply) -> String {
    let location = reply.header("location");
    match location.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/".to_string(), |i| rest[i..].to_string()),
        None => location.to_string(),
    }
}

fn content_type(reply: &Reply) -> String {
    reply.header("content-type").to_string()
}

#[tokio::test]
async fn the_mirror_served_by_nginx_has_every_page_and_the_same_bytes() {
    let Some(nginx_binary) = nginx() else { return };
    let url = server::testing::fresh_database_url(Engine::Sqlite).await.unwrap();
    let store = Store::connect(&url).await.unwrap();
    history(&store).await;
    let site = full_site_root();
    let (data, out) = (server::testing::temp_dir("mirror-data"), server::testing::temp_dir("mirror-out"));
    std::fs::write(out.join("CNAME"), "status.example.com").unwrap();
    let origin = "https://status.example.com";
    let page = ["--public-url", origin, "--title", "Example Status", "--timezone", "Europe/Berlin"];
    let beacon = process::start_with(&url, &site, &data, &page).await;

    let export = Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(["export-static", "--database-url", &url])
        .args(page)
        .arg("--site-root")
        .arg(&site)
        .arg("--out")
        .arg(&out)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let said = String::from_utf8_lossy(&export.stdout);
    assert!(said.starts_with("wrote ") && said.contains(&out.display().to_string()), "{said}");

    let nginx = serve_with_nginx(&nginx_binary, &out).await;
    let mut queue: VecDeque<String> =
        ["/".to_string()].into_iter().chain(MACHINE_ADDRESSES.iter().map(|s| s.to_string())).collect();
    let mut seen = HashSet::new();
    let mut kinds = BTreeSet::new();
    while let Some(path) = queue.pop_front() {
        if path.starts_with("/admin") || !seen.insert(path.clone()) {
            continue;
        }
        let mirrored = get(&nginx.addr, &path).await.unwrap();
        assert_eq!(mirrored.status, 200, "{path} is linked but not in the mirror");
        let served = get(&beacon.addr, &path).await.unwrap();
        assert_eq!(served.status, 200, "{path}");
        assert_eq!(content_type(&mirrored), content_type(&served), "{path}");
        if content_type(&served).starts_with("text/html") {
            // The same page but for its uptime, which counts today until the moment of each render.
            let steady = |r: &Reply| crate::common::steady_html(&r.body);
            assert!(steady(&mirrored) == steady(&served), "{path}: the mirror's page differs from Beacon's");
        } else {
            assert!(mirrored.body == served.body, "{path}: the mirror's bytes differ from Beacon's");
        }
        kinds.insert(content_type(&served));
        if content_type(&served).starts_with("text/html") {
            queue.extend(links(&served.body, origin));
            // A visitor choosing in the history's filter form: the mirror answers as Beacon does.
            for request in form_requests(&served.body) {
                if !seen.insert(request.clone()) {
                    continue;
                }
                let (mirrored, served) =
                    (get(&nginx.addr, &request).await.unwrap(), get(&beacon.addr, &request).await.unwrap());
                assert_eq!(mirrored.status, served.status, "{request}");
                match served.status {
                    303 => {
                        assert_eq!(location_path(&mirrored), location_path(&served), "{request}");
                        queue.push_back(location_path(&served));
                    }
                    200 => assert!(mirrored.body == served.body, "{request}: the mirror's bytes differ"),
                    other => panic!("{request}: {other}"),
                }
            }
        }
    }
    eprintln!("crawled {} addresses through nginx, all the same as Beacon's", seen.len());
    let pages = |prefix: &str| seen.iter().filter(|p| p.starts_with(prefix)).count();
    assert!(pages("/incidents/") >= 33, "every incident page: {seen:?}");
    assert!(pages("/history/after/") >= 1, "the older history pages: {seen:?}");
    assert!(pages("/components/") >= 3, "the per-component feeds: {seen:?}");
    let components = store.list_components().await.unwrap();
    let histories = seen.iter().filter(|p| p.starts_with("/history/components/") && !p.contains("/after/")).count();
    assert_eq!(histories, components.len(), "each component's history: {seen:?}");
    let windows: Vec<&String> = seen.iter().filter(|p| p.starts_with("/maintenance/")).collect();
    assert!(!windows.is_empty(), "the maintenance pages: {seen:?}");
    for window in windows {
        let json = format!("/api/v2/incidents/m{}.json", window.trim_start_matches("/maintenance/"));
        let mirrored = get(&nginx.addr, &json).await.unwrap();
        assert_eq!((mirrored.status, &mirrored.body), (200, &get(&beacon.addr, &json).await.unwrap().body), "{json}");
    }
    for kind in ["text/html", "text/css", "javascript", "image/svg+xml", "rss+xml", "atom+xml", "feed+json", "calendar"]
    {
        assert!(kinds.iter().any(|k| k.contains(kind)), "{kind} among {kinds:?}");
    }
    assert!(seen.contains("/subscribe"), "{seen:?}");
    for (path, by_name) in [
        ("/robots.txt", "text/plain"),
        ("/favicon.svg", "image/svg+xml"),
        ("/favicon.ico", "image/x-icon"),
        ("/sitemap.xml", "application/xml"),
        ("/sitemaps/pages.xml", "application/xml"),
        ("/embed", "text/html"),
    ] {
        let mirrored = get(&nginx.addr, path).await.unwrap();
        assert_eq!(
            (mirrored.status, mirrored.body.clone()),
            (200, get(&beacon.addr, path).await.unwrap().body),
            "{path}"
        );
        assert!(content_type(&mirrored).starts_with(by_name), "{path}");
    }
    assert_eq!(get(&nginx.addr, "/.beacon-mirror").await.unwrap().status, 404, "the mirror's own list is not served");
    assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "status.example.com", "other files are left alone");
}

#[tokio::test]
async fn serve_keeps_the_mirror_folder_current() {
    let url = server::testing::fresh_database_url(Engine::Sqlite).await.unwrap();
    let store = Store::connect(&url).await.unwrap();
    history(&store).await;
    let new = NewToken { name: "writer".into(), role: Role::Admin, expires_at: None };
    let token = store.create_token(&Actor::System, new).await.unwrap().1;
    let (site, data, dir) =
        (full_site_root(), server::testing::temp_dir("mirror-data"), server::testing::temp_dir("mirror-dir"));
    let beacon = process::start_with(&url, &site, &data, &["--mirror-dir", dir.to_str().unwrap()]).await;
    let file_is = |file: &'static str, path: String| {
        let (addr, dir) = (beacon.addr.clone(), dir.clone());
        async move {
            let served = get(&addr, &path).await.unwrap();
            let steady = crate::common::steady_html;
            let written = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
            served.status == 200 && steady(&written) == steady(&served.body)
        }
    };
    process::within(Duration::from_secs(20), "the first pass writes the home page", || {
        file_is("index.html", "/".into())
    })
    .await;

    let body =
        serde_json::json!({ "name": "Mirror check", "status": "investigating", "impact": "major", "body": "Looking." });
    let head = "POST /api/v1/incidents HTTP/1.1\r\nContent-Type: application/json";
    let created =
        exchange(&beacon.addr, &format!("{head}\r\nAuthorization: Bearer {token}"), &body.to_string()).await.unwrap();
    assert_eq!(created.status, 201, "{}", created.body);
    let id = serde_json::from_str::<serde_json::Value>(&created.body).unwrap()["id"].as_i64().unwrap();
    let page = format!("incidents/{id}/index.html");
    let took = process::within(Duration::from_secs(10), "the new incident reaches the mirror", || {
        let (addr, dir, page) = (beacon.addr.clone(), dir.clone(), page.clone());
        async move {
            let home = get(&addr, "/").await.unwrap();
            std::fs::read(dir.join(&page)).is_ok_and(|b| String::from_utf8_lossy(&b).contains("Mirror check"))
                && std::fs::read_to_string(dir.join("index.html"))
                    .is_ok_and(|b| crate::common::steady_html(&b) == crate::common::steady_html(&home.body))
        }
    })
    .await;
    eprintln!("a new incident reached the mirror folder in {took:?}");

    let delete = format!("DELETE /api/v1/incidents/{id} HTTP/1.1\r\nAuthorization: Bearer {token}");
    let deleted = exchange(&beacon.addr, &delete, "").await.unwrap();
    assert!(deleted.status == 204 || deleted.status == 200, "{} {}", deleted.status, deleted.body);
    process::within(Duration::from_secs(10), "the deleted incident leaves the mirror", || {
        let gone = !dir.join(&page).exists() && !dir.join(format!("api/v2/incidents/{id}.json")).exists();
        async move { gone }
    })
    .await;
    let leftovers: Vec<String> = std::fs::read_dir(dir.join("incidents"))
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.contains("beacon-tmp").then_some(name)
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A mirror over `store` rendering with the site's files, as `serve --mirror-dir` makes it.
async fn mirror_of(store: &Store) -> server::mirror::Mirror {
    let cli = <server::config::Cli as clap::Parser>::try_parse_from(["beacon", "serve"]).unwrap();
    let server::config::Command::Serve(args) = cli.command else { unreachable!() };
    let site = full_site_root();
    let state = server::state::AppState::started(store.clone(), &args, &site).await.unwrap();
    server::mirror::Mirror::new(&state, &site)
}

#[tokio::test]
async fn a_pass_renders_again_only_records_that_changed_and_a_change_reaches_the_front_first() {
    use server::store::{NewComponent, NewUpdate};
    let store = server::testing::fresh_store(Engine::Sqlite).await.unwrap();
    history(&store).await;
    let mirror = mirror_of(&store).await;
    let dir = server::testing::temp_dir("mirror-memory");

    let first = mirror.pass(&dir, None).await.unwrap();
    assert_eq!(first.kept, 0);
    assert_eq!(first.written, first.files, "every file is new");
    let records = std::fs::read_dir(dir.join("incidents")).unwrap().count()
        + std::fs::read_dir(dir.join("maintenance")).unwrap().count();
    assert!(records >= 33, "{records}");

    // Nothing changed: every record's page is kept without rendering, and no file is written.
    let second = mirror.pass(&dir, None).await.unwrap();
    assert_eq!((second.kept, second.written, second.files), (records, 0, first.files));

    // The oldest incident (on no page but its history page) gets an update: the front of the site
    // brings its page, without the rest.
    let (page, _) = store.history_page(None, 1000).await.unwrap();
    let oldest = page.iter().find(|i| i.title == "Old incident 00").unwrap().id;
    let update = NewUpdate {
        status: IncidentStatus::Resolved,
        body: "A late note on the cause.".into(),
        display_at: None,
        changes: vec![],
        expected_version: None,
        notify: false,
    };
    store.post_update(&Actor::System, oldest, update).await.unwrap();
    let file = dir.join(format!("incidents/{oldest}/index.html"));
    assert!(!std::fs::read_to_string(&file).unwrap().contains("A late note"));
    let written = mirror.front(&dir).await.unwrap();
    assert!(std::fs::read_to_string(&file).unwrap().contains("A late note"), "the changed record's page");
    assert!(written < first.files / 2, "the front, not the site: {written} of {}", first.files);
    // The front wrote it at its new stamp: the full pass keeps every record's page.
    let third = mirror.pass(&dir, None).await.unwrap();
    assert_eq!(third.kept, records);

    // A deleted record leaves with the front.
    store.delete_incident(&Actor::System, oldest).await.unwrap();
    mirror.front(&dir).await.unwrap();
    assert!(!file.exists(), "the deleted incident's page is gone");
    let fifth = mirror.pass(&dir, None).await.unwrap();
    assert_eq!((fifth.kept, fifth.removed), (records - 1, 0), "nothing left for the full pass to remove");
    assert!(!dir.join(format!("incidents/{oldest}")).exists(), "its folder too");

    // A renamed component is named on incident pages: every page is rendered again.
    let api = store.list_components().await.unwrap().into_iter().find(|c| c.name == "REST API").unwrap();
    let renamed = NewComponent {
        group_id: api.group_id,
        position: api.position,
        description: api.description.clone(),
        ..NewComponent::named("Public REST API")
    };
    store.edit_component(&Actor::System, api.id, Some((renamed, Some(api.version))), None).await.unwrap();
    let fourth = mirror.pass(&dir, None).await.unwrap();
    assert_eq!(fourth.kept, 0);
    let affected = store.history_page(None, 1000).await.unwrap().0;
    let named = affected.iter().find(|i| i.affected.iter().any(|c| c.component_id == api.id)).unwrap();
    let html = std::fs::read_to_string(dir.join(format!("incidents/{}/index.html", named.id))).unwrap();
    assert!(html.contains("Public REST API"), "the new name is on its incidents' pages");
}

//! Where each address of the mirror is written, with what content type a static server must
//! answer it (docs/mirror/nginx.conf says the same), and writing files so that a reader sees the
//! old bytes or the new, never half of either.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The content type of a mirrored file, by its extension, as Beacon answers it.
pub const TYPES: &[(&str, &str)] = &[
    ("html", "text/html; charset=utf-8"),
    ("css", "text/css; charset=utf-8"),
    ("js", "text/javascript; charset=utf-8"),
    ("svg", "image/svg+xml"),
    ("ico", "image/x-icon"),
    ("txt", "text/plain; charset=utf-8"),
    ("rss", "application/rss+xml; charset=utf-8"),
    ("atom", "application/atom+xml; charset=utf-8"),
    ("ics", "text/calendar; charset=utf-8"),
    ("json", "application/json; charset=utf-8"),
    ("xml", "application/xml; charset=utf-8"),
];
/// The one name whose type its extension does not tell: the JSON Feed.
pub const JSON_FEED: (&str, &str) = ("history.json", "application/feed+json");

/// The list of the files the last complete pass wrote, in the mirror's folder: only these are
/// ever replaced or removed, whatever else the folder holds.
pub const MANIFEST: &str = ".beacon-mirror";

/// The file (relative to the mirror's folder) that answers `path`: `/` and every address without a
/// known extension become `…/index.html`. `None` for an address no file can stand for safely.
pub fn file_for(path: &str) -> Option<PathBuf> {
    let rest = path.strip_prefix('/')?;
    if rest.is_empty() {
        return Some(PathBuf::from("index.html"));
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let safe = |s: &&str| {
        !s.is_empty()
            && !s.starts_with('.')
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
    };
    if !segments.iter().all(safe) {
        return None;
    }
    let mut file: PathBuf = segments.iter().collect();
    if type_by_extension(segments.last()?).is_none() {
        file.push("index.html");
    }
    Some(file)
}

/// The content type a static server must send for `file`.
pub fn content_type(file: &Path) -> Option<&'static str> {
    let name = file.file_name()?.to_str()?;
    if name == JSON_FEED.0 {
        return Some(JSON_FEED.1);
    }
    type_by_extension(name)
}

fn type_by_extension(name: &str) -> Option<&'static str> {
    let (_, ext) = name.rsplit_once('.')?;
    TYPES.iter().find(|(e, _)| *e == ext).map(|(_, t)| *t)
}

/// Writes `bytes` to `dir/file` unless it holds them already; true when written. Through a
/// temporary file and a rename: a server reading the file meanwhile sends the old or the new.
/// Not synced to disk one by one (that was most of a pass's time): a machine that loses power
/// may come back with a file emptied, and the pass at the next start rewrites every file whose
/// bytes differ.
pub fn write_if_changed(dir: &Path, file: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    let target = dir.join(file);
    if std::fs::read(&target).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    let parent = target.parent().unwrap_or(dir);
    std::fs::create_dir_all(parent)?;
    let temp = parent.join(format!(".{}.beacon-tmp", target.file_name().and_then(|n| n.to_str()).unwrap_or("file")));
    let mut out = std::fs::File::create(&temp)?;
    out.write_all(bytes)?;
    drop(out);
    std::fs::rename(&temp, &target)?;
    Ok(true)
}

/// The files the last complete pass wrote.
pub fn read_manifest(dir: &Path) -> BTreeSet<PathBuf> {
    std::fs::read_to_string(dir.join(MANIFEST))
        .map(|text| text.lines().filter(|l| !l.is_empty()).map(PathBuf::from).collect())
        .unwrap_or_default()
}

/// Adds `files` to the mirror's list without removing anything (a partial pass wrote them), so that
/// the next complete pass removes them when their pages are gone.
pub fn add_to_manifest(dir: &Path, files: &BTreeSet<PathBuf>) -> std::io::Result<()> {
    let mut all = read_manifest(dir);
    let before = all.len();
    all.extend(files.iter().cloned());
    if all.len() == before {
        return Ok(());
    }
    let list: String = all.iter().map(|f| format!("{}\n", f.display())).collect();
    write_if_changed(dir, Path::new(MANIFEST), list.as_bytes()).map(|_| ())
}

/// Records `files` as the mirror's, and removes what an earlier pass wrote that is gone now (and
/// the folders that leaves empty); returns how many files were removed.
pub fn replace_manifest(dir: &Path, files: &BTreeSet<PathBuf>) -> std::io::Result<usize> {
    let before = read_manifest(dir);
    let list: String = files.iter().map(|f| format!("{}\n", f.display())).collect();
    write_if_changed(dir, Path::new(MANIFEST), list.as_bytes())?;
    let mut removed = 0;
    for gone in before.difference(files) {
        // Only names this pass could have written (an edited manifest cannot point elsewhere).
        let plausible = gone.to_str().is_some_and(|p| file_for(&format!("/{p}")).is_some());
        if !plausible {
            continue;
        }
        match std::fs::remove_file(dir.join(gone)) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let mut folder = gone.parent();
        while let Some(f) = folder.filter(|f| !f.as_os_str().is_empty()) {
            if std::fs::remove_dir(dir.join(f)).is_err() {
                break;
            }
            folder = f.parent();
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_address_has_one_file_and_a_type() {
        let cases = [
            ("/", "index.html", "text/html; charset=utf-8"),
            ("/history", "history/index.html", "text/html; charset=utf-8"),
            (
                "/history/after/1700000000000.42",
                "history/after/1700000000000.42/index.html",
                "text/html; charset=utf-8",
            ),
            ("/incidents/7", "incidents/7/index.html", "text/html; charset=utf-8"),
            ("/history.rss", "history.rss", "application/rss+xml; charset=utf-8"),
            ("/history.json", "history.json", "application/feed+json"),
            ("/components/3/history.json", "components/3/history.json", "application/feed+json"),
            ("/api/v2/summary.json", "api/v2/summary.json", "application/json; charset=utf-8"),
            ("/pkg/beacon.css", "pkg/beacon.css", "text/css; charset=utf-8"),
            ("/maintenance.ics", "maintenance.ics", "text/calendar; charset=utf-8"),
            ("/badge.svg", "badge.svg", "image/svg+xml"),
        ];
        for (path, file, content_type) in cases {
            let found = file_for(path).unwrap();
            assert_eq!(found, PathBuf::from(file), "{path}");
            assert_eq!(super::content_type(&found), Some(content_type), "{path}");
        }
    }

    #[test]
    fn no_address_leaves_the_folder() {
        for path in ["", "x", "/../etc/passwd", "/a/../../b", "/.beacon-mirror", "/a//b", "/a%2F..", "/a b", "/a/.."] {
            assert_eq!(file_for(path), None, "{path}");
        }
    }

    #[test]
    fn files_are_replaced_whole_and_gone_ones_removed() {
        let dir = crate::testing::temp_dir("mirror-files");
        let (a, b) = (PathBuf::from("incidents/1/index.html"), PathBuf::from("incidents/2/index.html"));
        assert!(write_if_changed(&dir, &a, b"one").unwrap());
        assert!(!write_if_changed(&dir, &a, b"one").unwrap(), "same bytes: not written again");
        assert!(write_if_changed(&dir, &b, b"two").unwrap());
        std::fs::write(dir.join("CNAME"), "status.example.com").unwrap();
        assert_eq!(replace_manifest(&dir, &[a.clone(), b.clone()].into()).unwrap(), 0);
        assert_eq!(replace_manifest(&dir, &[a.clone()].into()).unwrap(), 1);
        // A partial pass's file is listed, and goes with the next complete pass that misses it.
        assert!(write_if_changed(&dir, &b, b"two").unwrap());
        add_to_manifest(&dir, &[b.clone()].into()).unwrap();
        assert_eq!(read_manifest(&dir), [a.clone(), b.clone()].into());
        assert_eq!(replace_manifest(&dir, &[a.clone()].into()).unwrap(), 1);
        assert!(!dir.join("incidents/2").exists(), "the emptied folder goes too");
        assert_eq!(std::fs::read(dir.join(&a)).unwrap(), b"one");
        assert!(dir.join("CNAME").exists(), "a file the mirror did not write is left alone");
        let leftovers: Vec<_> = walk(&dir).into_iter().filter(|p| p.to_string_lossy().contains("beacon-tmp")).collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else {
                out.push(path);
            }
        }
        out
    }
}

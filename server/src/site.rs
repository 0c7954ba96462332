//! The site folder (stylesheet, live script, favicon, the console's client bundle): where it is,
//! and the versioned addresses pages link its files by.

use std::path::{Path, PathBuf};

pub const STYLESHEET: &str = "pkg/beacon.css";
/// Keeps an open public page current (see public/live.js).
pub const LIVE_SCRIPT: &str = "live.js";

/// The site folder: the one given, else `site` beside the build's `target/<profile>/` (where
/// scripts/build puts it), else `target/site` under the working directory.
pub fn find_site_root(given: Option<&Path>) -> Result<PathBuf, String> {
    let candidates: Vec<PathBuf> = match given {
        Some(p) => vec![p.to_path_buf()],
        None => {
            let beside_exe = std::env::current_exe().ok().and_then(|exe| Some(exe.parent()?.parent()?.join("site")));
            beside_exe.into_iter().chain([PathBuf::from("target/site")]).collect()
        }
    };
    candidates
        .iter()
        .find(|root| root.join(STYLESHEET).is_file())
        .cloned()
        .ok_or_else(|| candidates.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" or "))
}

/// The stylesheet's URL, versioned (see [`versioned`]).
pub fn stylesheet_href(site_root: &Path) -> String {
    versioned(site_root, STYLESHEET)
}

/// The live-update script's URL, versioned (see [`versioned`]).
pub fn live_script_href(site_root: &Path) -> String {
    versioned(site_root, LIVE_SCRIPT)
}

/// A site file's URL with a version drawn from its content, so browsers may cache it for long.
fn versioned(site_root: &Path, file: &str) -> String {
    let bytes = std::fs::read(site_root.join(file)).unwrap_or_default();
    // FNV-1a: stable across builds and platforms, enough to tell versions apart.
    let hash = bytes.iter().fold(0xcbf29ce484222325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100000001b3));
    format!("/{file}?v={:08x}", hash as u32)
}

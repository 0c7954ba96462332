//! Finds the message files (`locales/<language>.ftl`): adding a language is adding a file. Writes
//! `$OUT_DIR/locales.rs` with every language's tag and own name (for the console's choice, in
//! both builds) and, for the server build, each file's text.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read when the script runs, not baked in when it is compiled: cargo reuses a compiled build
    // script for a clone at another path that shares the target folder (CARGO_TARGET_DIR).
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR for build scripts");
    let dir = Path::new(&manifest).join("locales");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<(String, std::path::PathBuf)> = std::fs::read_dir(&dir)
        .expect("app/locales/ holds the message files")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "ftl"))
        .filter_map(|path| Some((path.file_stem()?.to_str()?.to_string(), path)))
        .collect();
    files.sort();
    let mut out = String::from("/// Every language: its tag and its own name (`language-name`).\n");
    out += "pub const LANGUAGES: &[(&str, &str)] = &[\n";
    for (tag, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(path).expect("a message file is UTF-8");
        let name = text
            .lines()
            .find_map(|l| l.strip_prefix("language-name =").map(str::trim))
            .unwrap_or_else(|| panic!("{}: no `language-name = …` line", path.display()));
        writeln!(out, "    ({tag:?}, {name:?}),").unwrap();
    }
    out += "];\n\n/// Every language's messages, in the order of `LANGUAGES` (the server build only).\n";
    out += "#[cfg(feature = \"ssr\")]\npub const SOURCES: &[&str] = &[\n";
    for (_, path) in &files {
        writeln!(out, "    include_str!({:?}),", path.display().to_string()).unwrap();
    }
    out += "];\n";
    let target = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("locales.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}

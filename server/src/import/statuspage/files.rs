//! An export folder: the public API v2 files as downloaded (`components.json` and
//! `incidents.json` required; `summary.json`, `scheduled-maintenances.json` and
//! `incidents/{id}.json`, which may carry a manage-API `postmortem_body`, read when present).

use super::convert::{At, Collected};
use super::wire::{self, Root};
use std::path::Path;

fn read(dir: &Path, name: &str, required: bool) -> Result<Option<Root>, String> {
    Ok(read_marked(dir, name, required)?.map(|(root, _)| root))
}

/// The file's contents, and whether it was a bare incident.
fn read_marked(dir: &Path, name: &str, required: bool) -> Result<Option<(Root, bool)>, String> {
    let path = dir.join(name);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Ok(None),
        Err(e) => return Err(format!("{name}: cannot read {}: {e}", path.display())),
    };
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{name}: not JSON: {e}"))?;
    // incidents/{id}.json may hold the bare incident.
    let bare = name.starts_with("incidents/") && value.get("incident").is_none();
    let root = if bare {
        Root { incident: Some(wire::from_value(value, "").map_err(|e| format!("{name}: {e}"))?), ..Root::default() }
    } else {
        wire::from_value(value, "").map_err(|e| format!("{name}: {e}"))?
    };
    Ok(Some((root, bare)))
}

pub fn collect(dir: &Path) -> Result<Collected, String> {
    if !dir.is_dir() {
        return Err(format!(
            "{}: not a folder (give the folder holding components.json and incidents.json)",
            dir.display()
        ));
    }
    let mut out = Collected { source: dir.display().to_string(), ..Collected::default() };
    let take_page = |page: &Option<wire::Page>, out: &mut Collected| {
        if let Some(p) = page {
            out.page.id = out.page.id.take().or(p.id.clone());
            out.page.name = out.page.name.take().or(p.name.clone());
            out.page.time_zone = out.page.time_zone.take().or(p.time_zone.clone());
        }
    };
    // Oldest view first: a later file's copy of an incident replaces an earlier one.
    if let Some(summary) = read(dir, "summary.json", false)? {
        take_page(&summary.page, &mut out);
        push_incidents(&mut out, "summary.json", "incidents", summary.incidents);
        push_incidents(&mut out, "summary.json", "scheduled_maintenances", summary.scheduled_maintenances);
    }
    let components = read(dir, "components.json", true)?.unwrap_or_default();
    take_page(&components.page, &mut out);
    let Some(list) = components.components else {
        return Err("components.json: components: missing (expected the file /api/v2/components.json answers)".into());
    };
    out.components
        .extend(list.into_iter().enumerate().map(|(n, c)| (At::new("components.json", format!("components[{n}]")), c)));
    if let Some(m) = read(dir, "scheduled-maintenances.json", false)? {
        take_page(&m.page, &mut out);
        push_incidents(&mut out, "scheduled-maintenances.json", "scheduled_maintenances", m.scheduled_maintenances);
    }
    let incidents = read(dir, "incidents.json", true)?.unwrap_or_default();
    take_page(&incidents.page, &mut out);
    if incidents.incidents.is_none() {
        return Err("incidents.json: incidents: missing (expected the file /api/v2/incidents.json answers)".into());
    }
    push_incidents(&mut out, "incidents.json", "incidents", incidents.incidents);
    let detail = dir.join("incidents");
    if detail.is_dir() {
        let mut names: Vec<String> = std::fs::read_dir(&detail)
            .map_err(|e| format!("incidents/: cannot read {}: {e}", detail.display()))?
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".json"))
            .collect();
        names.sort();
        for name in names {
            let file = format!("incidents/{name}");
            if let Some((root, bare)) = read_marked(dir, &file, true)? {
                let path = if bare { "" } else { "incident" };
                out.incidents.extend(root.incident.map(|i| (At::new(&file, path), i)));
            }
        }
    }
    Ok(out)
}

fn push_incidents(out: &mut Collected, file: &str, key: &str, list: Option<Vec<wire::Incident>>) {
    for (n, i) in list.into_iter().flatten().enumerate() {
        out.incidents.push((At::new(file, format!("{key}[{n}]")), i));
    }
}

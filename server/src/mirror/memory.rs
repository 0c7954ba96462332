//! What the mirror remembers between passes of one process, so that a pass renders again only
//! the pages that may have changed. The history is mostly incidents' and maintenance's own pages,
//! and such a page shows only its own record and the names of components: it is kept as written
//! while its record's stamp (version and last write) and the names are what they were when it
//! was rendered. Everything else — `/`, the lists, the feeds, the API, whose `page.updated_at`
//! moves with every write — is rendered each pass.

use crate::store::Stamps;
use app::domain::{Component, ComponentGroup};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

/// A record's own page as last written: its stamp then, and the addresses it linked to beyond
/// those every page links (so that a crawl that skips it still reaches them).
struct Kept {
    stamp: (i64, i64),
    links: Box<[Box<str>]>,
}

#[derive(Default)]
pub struct Memory {
    /// The digest of the names the kept pages show.
    names: u64,
    kept: HashMap<Box<str>, Kept>,
    /// The links every page has (the site's frame), not remembered page by page.
    frame: Vec<String>,
}

impl Memory {
    /// Forgets every page when the names it shows changed (a component renamed, moved, hidden).
    pub fn names_are(&mut self, components: &[Component], groups: &[ComponentGroup]) {
        let mut h = DefaultHasher::new();
        for c in components {
            (c.id, &c.name, c.group_id, c.visible, c.only_show_if_degraded, c.show_uptime).hash(&mut h);
        }
        for g in groups {
            (g.id, &g.name).hash(&mut h);
        }
        let names = h.finish();
        if names != self.names {
            self.kept.clear();
            self.names = names;
        }
    }

    pub fn set_frame(&mut self, links: Vec<String>) {
        self.frame = links;
    }

    /// The links of `path` when its page is kept as written: its stamp is `now`.
    pub fn kept_links(&self, path: &str, now: (i64, i64)) -> Option<Vec<String>> {
        let kept = self.kept.get(path).filter(|k| k.stamp == now)?;
        Some(kept.links.iter().map(|l| l.to_string()).collect())
    }

    /// `path` was written as rendered at `stamp`, linking to `links`.
    pub fn remember(&mut self, path: &str, stamp: (i64, i64), links: &[String]) {
        let own = links.iter().filter(|l| !self.frame.contains(l)).map(|l| l.as_str().into()).collect();
        self.kept.insert(path.into(), Kept { stamp, links: own });
    }

    pub fn forget(&mut self, path: &str) {
        self.kept.remove(path);
    }

    /// The pages whose records changed since they were written (new ones are not among them: a
    /// crawl finds those); at most `limit`.
    pub fn changed(&self, stamps: &Stamps, limit: usize) -> Vec<String> {
        let incidents = stamps.incidents.iter().map(|(id, s)| (app::paths::incident(*id), *s));
        let maintenance = stamps.maintenance.iter().map(|(id, s)| (app::paths::maintenance(*id), *s));
        incidents
            .chain(maintenance)
            .filter(|(path, stamp)| self.kept.get(path.as_str()).is_some_and(|k| k.stamp != *stamp))
            .map(|(path, _)| path)
            .take(limit)
            .collect()
    }

    /// The pages written for records that no longer exist (deleted since).
    pub fn gone(&self, stamps: &Stamps) -> Vec<String> {
        self.kept.keys().filter(|path| stamp_of(stamps, path).is_none()).map(|p| p.to_string()).collect()
    }

    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }
}

/// The stamp of a record's own page, when `path` is one.
pub fn stamp_of(stamps: &Stamps, path: &str) -> Option<(i64, i64)> {
    let (table, id) = if let Some(id) = path.strip_prefix("/incidents/") {
        (&stamps.incidents, id)
    } else {
        (&stamps.maintenance, path.strip_prefix("/maintenance/")?)
    };
    table.get(&id.parse::<i64>().ok()?).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamps() -> Stamps {
        Stamps { incidents: [(1, (2, 100)), (2, (1, 90))].into(), maintenance: [(7, (3, 50))].into() }
    }

    #[test]
    fn a_page_is_kept_while_its_stamp_and_the_names_stay() {
        let mut memory = Memory::default();
        let component = |name: &str| Component {
            id: 3,
            group_id: None,
            name: name.into(),
            description: None,
            position: 0,
            status: app::domain::ComponentStatus::Operational,
            visible: true,
            only_show_if_degraded: false,
            show_uptime: true,
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
            version: 1,
        };
        memory.names_are(&[component("API")], &[]);
        memory.set_frame(vec!["/".into(), "/history".into()]);
        let links = vec!["/".into(), "/history".into(), "/components/3".into()];
        memory.remember("/incidents/1", (2, 100), &links);
        memory.remember("/maintenance/7", (3, 50), &links);
        assert_eq!(memory.kept_links("/incidents/1", (2, 100)), Some(vec!["/components/3".to_string()]));
        assert_eq!(memory.kept_links("/incidents/1", (3, 120)), None, "written again since");
        assert_eq!(memory.kept_links("/incidents/2", (1, 90)), None, "never written");

        let mut now = stamps();
        assert!(memory.changed(&now, 10).is_empty());
        now.incidents.insert(1, (3, 120));
        assert_eq!(memory.changed(&now, 10), ["/incidents/1"]);
        assert!(memory.gone(&now).is_empty());
        now.maintenance.remove(&7);
        assert_eq!(memory.gone(&now), ["/maintenance/7"]);

        memory.names_are(&[component("API")], &[]);
        assert!(memory.kept_links("/maintenance/7", (3, 50)).is_some(), "the same names keep the pages");
        memory.names_are(&[component("Public API")], &[]);
        assert!(memory.is_empty(), "a renamed component is on pages: every page again");
    }

    #[test]
    fn only_records_pages_have_stamps() {
        let s = stamps();
        assert_eq!(stamp_of(&s, "/incidents/1"), Some((2, 100)));
        assert_eq!(stamp_of(&s, "/maintenance/7"), Some((3, 50)));
        for other in ["/incidents/9", "/incidents/x", "/history", "/api/v2/incidents/1.json", "/maintenance/1"] {
            assert_eq!(stamp_of(&s, other), None, "{other}");
        }
    }
}

//! One walk over the site: the addresses left to visit, those seen, the files written.

use super::files::file_for;
use super::Pass;
use std::collections::{BTreeSet, HashSet, VecDeque};
use std::path::PathBuf;

pub struct Crawl {
    pub queue: VecDeque<String>,
    seen: HashSet<String>,
    pub files: BTreeSet<PathBuf>,
    pub pass: Pass,
    /// Whether pages' links are followed (the front pass follows only those of `/`).
    pub links_too: bool,
}

impl Crawl {
    pub fn new(start: impl IntoIterator<Item = String>) -> Crawl {
        Crawl {
            queue: start.into_iter().collect(),
            seen: HashSet::new(),
            files: BTreeSet::new(),
            pass: Pass::default(),
            links_too: true,
        }
    }

    /// The next address not visited yet.
    pub fn next(&mut self) -> Option<String> {
        while let Some(path) = self.queue.pop_front() {
            if self.seen.insert(path.clone()) {
                return Some(path);
            }
        }
        None
    }

    /// Queues what a page links to (without [`Crawl::links_too`], only the API files an API list
    /// names).
    pub fn follow(&mut self, links: &[String]) {
        let wanted = |p: &&String| !self.seen.contains(*p) && (self.links_too || p.starts_with("/api/"));
        let next: Vec<String> = links.iter().filter(wanted).cloned().collect();
        self.queue.extend(next);
    }

    /// `path`'s file stays as written; the crawl goes on from the links it had.
    pub fn keep(&mut self, path: &str, links: Vec<String>) {
        if let Some(file) = file_for(path) {
            self.files.insert(file);
        }
        self.follow(&links);
        self.pass.kept += 1;
    }
}

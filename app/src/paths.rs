//! The addresses of the public pages, in one place: the pages link with them, and the feeds, the
//! API, mail and chat messages put the public URL in front of them.

use std::fmt::Display;

/// `/incidents/42`.
pub fn incident(id: i64) -> String {
    format!("/incidents/{id}")
}

/// `/maintenance/7`.
pub fn maintenance(id: i64) -> String {
    format!("/maintenance/{id}")
}

/// The first page of the history, of the whole page or of one component:
/// `/history`, `/history/components/3`.
pub fn history(component: Option<i64>) -> String {
    match component {
        None => "/history".to_string(),
        Some(id) => format!("/history/components/{id}"),
    }
}

/// The history page after `cursor`: a path, never a query, so that a static mirror holds every
/// page as a file (`/history/after/1717243200000.42`, `/history/components/3/after/…`).
pub fn history_after(component: Option<i64>, cursor: impl Display) -> String {
    format!("{}/after/{cursor}", history(component))
}

/// Percent-encodes a query value (everything but letters, digits and `-_.~`).
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_pages_are_paths_under_their_first_page() {
        assert_eq!(history(None), "/history");
        assert_eq!(history_after(None, "5.4"), "/history/after/5.4");
        assert_eq!(history(Some(3)), "/history/components/3");
        assert_eq!(history_after(Some(3), "5.m4"), "/history/components/3/after/5.m4");
        assert_eq!((incident(42), maintenance(7)), ("/incidents/42".to_string(), "/maintenance/7".to_string()));
    }
}

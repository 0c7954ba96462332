//! "This incident affected: Developer APIs (Dashboard Developer APIs, OAuth 2.0), Data Pipeline, and
//! Mobile Apps (Awair Business App)."

use super::model::{AffectedComponent, Component, Incident};
use super::status::ComponentStatus;

/// What the sentence names (in words: `pages::public::affected_sentence`): each group with the
/// members it names, and each component of no group with none. Components come in page order;
/// those of one group are gathered behind the group's name where the group first appears.
pub fn parts(affected: &[AffectedComponent]) -> Vec<(String, Vec<String>)> {
    let mut parts: Vec<(String, Vec<String>)> = Vec::new();
    for c in affected {
        match &c.group {
            Some(group) => match parts.iter_mut().find(|(name, members)| name == group && !members.is_empty()) {
                Some((_, members)) => members.push(c.name.clone()),
                None => parts.push((group.clone(), vec![c.name.clone()])),
            },
            None => parts.push((c.name.clone(), Vec::new())),
        }
    }
    parts
}

/// "A", "A and B", "A, B, and C".
pub fn join_english(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}

/// The changes a resolving update makes when it restores the incident's components: `explicit`,
/// plus "operational" for every affected component that is not operational and not named there.
pub fn restoring(
    incident: &Incident,
    components: &[Component],
    explicit: &[(i64, ComponentStatus)],
) -> Vec<(i64, ComponentStatus)> {
    let mut changes = explicit.to_vec();
    for affected in &incident.affected {
        let degraded =
            components.iter().any(|c| c.id == affected.component_id && c.status != ComponentStatus::Operational);
        if degraded && !changes.iter().any(|(id, _)| *id == affected.component_id) {
            changes.push((affected.component_id, ComponentStatus::Operational));
        }
    }
    changes
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    /// The sentence in English, as the pages, feeds and mail write it.
    fn sentence(affected: &[AffectedComponent]) -> Option<String> {
        crate::pages::public::affected_sentence(affected, crate::i18n::Lang::fallback())
    }

    fn c(name: &str, group: Option<&str>) -> AffectedComponent {
        AffectedComponent { component_id: 0, name: name.into(), group: group.map(Into::into) }
    }

    #[test]
    fn groups_gather_their_members_and_the_list_reads_as_english() {
        let affected = [
            c("Dashboard Developer APIs", Some("Developer APIs")),
            c("OAuth 2.0", Some("Developer APIs")),
            c("Data Pipeline", None),
            c("Awair Business App", Some("Mobile Apps")),
        ];
        assert_eq!(
            sentence(&affected).unwrap(),
            "This incident affected: Developer APIs (Dashboard Developer APIs, OAuth 2.0), Data Pipeline, \
             and Mobile Apps (Awair Business App)."
        );
    }

    #[test]
    fn one_and_two_items() {
        assert_eq!(sentence(&[c("API", None)]).unwrap(), "This incident affected: API.");
        assert_eq!(
            sentence(&[c("API", None), c("Web", Some("Apps"))]).unwrap(),
            "This incident affected: API and Apps (Web)."
        );
        assert_eq!(sentence(&[]), None);
    }

    #[test]
    fn a_group_is_named_once_even_when_its_members_are_not_adjacent() {
        let affected = [c("A", Some("G")), c("X", None), c("B", Some("G"))];
        assert_eq!(sentence(&affected).unwrap(), "This incident affected: G (A, B) and X.");
    }

    #[test]
    fn an_ungrouped_component_named_like_a_group_is_not_merged_into_it() {
        let affected = [c("G", None), c("A", Some("G"))];
        assert_eq!(sentence(&affected).unwrap(), "This incident affected: G and G (A).");
    }
}

//! The component list as the public page shows it: groups and ungrouped components in page
//! order, each group with the worst status of its listed members.

use super::model::{Component, ComponentGroup};
use super::status::ComponentStatus;

#[derive(Debug, Clone, PartialEq)]
pub enum BoardRow {
    Group { group: ComponentGroup, status: ComponentStatus, members: Vec<Component> },
    Single(Component),
}

/// The rows of the public component list. Hidden components, and groups left with no listed
/// member, are left out. Groups and ungrouped components share one position order.
pub fn board(groups: &[ComponentGroup], components: &[Component]) -> Vec<BoardRow> {
    let mut rows: Vec<(i64, i64, BoardRow)> = Vec::new();
    for group in groups {
        let members: Vec<Component> =
            components.iter().filter(|c| c.group_id == Some(group.id) && c.is_listed()).cloned().collect();
        if !members.is_empty() {
            let status = ComponentStatus::worst(members.iter().map(|c| c.status));
            rows.push((group.position, 0, BoardRow::Group { group: group.clone(), status, members }));
        }
    }
    let grouped = |c: &Component| c.group_id.is_some_and(|g| groups.iter().any(|group| group.id == g));
    for c in components.iter().filter(|c| c.is_listed() && !grouped(c)) {
        rows.push((c.position, 1, BoardRow::Single(c.clone())));
    }
    rows.sort_by_key(|(position, kind, _)| (*position, *kind));
    rows.into_iter().map(|(_, _, row)| row).collect()
}

/// Every component (listed or not) in page order, each with its group: groups and ungrouped
/// components by position, members by theirs. The console lists components this way.
pub fn page_order<'a>(
    groups: &'a [ComponentGroup],
    components: &'a [Component],
) -> Vec<(&'a Component, Option<&'a ComponentGroup>)> {
    let mut ordered: Vec<_> =
        components.iter().map(|c| (c, c.group_id.and_then(|g| groups.iter().find(|x| x.id == g)))).collect();
    ordered.sort_by_key(|(c, group)| match group {
        Some(g) => (g.position, 0, g.id, c.position, c.id),
        None => (c.position, 1, 0, 0, c.id),
    });
    ordered
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use ComponentStatus::*;

    fn group(id: i64, position: i64) -> ComponentGroup {
        ComponentGroup {
            id,
            name: format!("G{id}"),
            description: None,
            position,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 1,
        }
    }

    fn comp(id: i64, group_id: Option<i64>, position: i64, status: ComponentStatus) -> Component {
        Component {
            id,
            group_id,
            name: format!("C{id}"),
            description: None,
            position,
            status,
            visible: true,
            only_show_if_degraded: false,
            show_uptime: true,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 1,
        }
    }

    #[test]
    fn groups_show_their_worst_member_in_page_order() {
        let rows = board(
            &[group(1, 2), group(2, 0)],
            &[
                comp(10, Some(1), 0, Operational),
                comp(11, Some(1), 1, PartialOutage),
                comp(12, None, 1, Operational),
                comp(13, Some(2), 0, DegradedPerformance),
            ],
        );
        let summary: Vec<String> = rows
            .iter()
            .map(|r| match r {
                BoardRow::Group { group, status, members } => format!("{}:{}:{}", group.name, status, members.len()),
                BoardRow::Single(c) => c.name.clone(),
            })
            .collect();
        assert_eq!(summary, ["G2:degraded_performance:1", "C12", "G1:partial_outage:2"]);
    }

    #[test]
    fn page_order_puts_members_under_their_group() {
        let groups = [group(1, 1)];
        let components = [
            comp(10, Some(1), 1, Operational),
            comp(11, None, 0, Operational),
            comp(12, Some(1), 0, Operational),
            comp(13, None, 2, Operational),
        ];
        let order: Vec<i64> = page_order(&groups, &components).iter().map(|(c, _)| c.id).collect();
        assert_eq!(order, [11, 12, 10, 13]);
    }

    #[test]
    fn hidden_and_quiet_components_are_left_out_and_empty_groups_with_them() {
        let mut hidden = comp(10, Some(1), 0, MajorOutage);
        hidden.visible = false;
        let mut quiet = comp(11, None, 0, Operational);
        quiet.only_show_if_degraded = true;
        let mut loud = comp(12, None, 1, MajorOutage);
        loud.only_show_if_degraded = true;
        let rows = board(&[group(1, 0)], &[hidden, quiet, loud]);
        assert_eq!(rows.len(), 1);
        assert!(matches!(&rows[0], BoardRow::Single(c) if c.id == 12));
    }
}

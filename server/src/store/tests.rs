//! Round trips of every entity, run on SQLite and on PostgreSQL alike.

use super::*;
use crate::store_test;
use app::domain::{ComponentStatus as CS, Impact, IncidentStatus as IS, MaintenanceStatus, Role};
use chrono::{Duration, TimeZone};

fn t(h: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap() + Duration::hours(h)
}

async fn components(store: Store) {
    let a = Actor::System;
    let g = store
        .create_group(
            &a,
            NewGroup { name: "Developer APIs".into(), description: Some("For builders".into()), position: 1 },
        )
        .await
        .unwrap();
    let c1 = store
        .create_component(
            &a,
            NewComponent {
                group_id: Some(g),
                position: 2,
                description: Some("REST".into()),
                ..NewComponent::named("OAuth 2.0")
            },
        )
        .await
        .unwrap();
    let c2 = store
        .create_component(
            &a,
            NewComponent {
                position: 0,
                only_show_if_degraded: true,
                show_uptime: false,
                ..NewComponent::named("Data Pipeline")
            },
        )
        .await
        .unwrap();

    let groups = store.list_groups().await.unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(
        (groups[0].id, groups[0].name.as_str(), groups[0].description.as_deref()),
        (g, "Developer APIs", Some("For builders"))
    );

    let list = store.list_components().await.unwrap();
    assert_eq!(list.iter().map(|c| c.id).collect::<Vec<_>>(), [c2, c1], "page order is by position");
    let oauth = store.get_component(c1).await.unwrap().unwrap();
    assert_eq!(
        (oauth.group_id, oauth.description.as_deref(), oauth.status, oauth.visible),
        (Some(g), Some("REST"), CS::Operational, true)
    );
    let pipeline = &list[0];
    assert!(pipeline.only_show_if_degraded && !pipeline.show_uptime && pipeline.group_id.is_none());

    store.set_component_status(&a, c1, CS::PartialOutage).await.unwrap();
    assert_eq!(store.get_component(c1).await.unwrap().unwrap().status, CS::PartialOutage);
    let history: Vec<_> = store.component_history(c1).await.unwrap().into_iter().map(|(o, n, _)| (o, n)).collect();
    assert_eq!(history, [(None, CS::Operational), (Some(CS::Operational), CS::PartialOutage)]);

    // Names are unique on a page; the refusal names the field.
    match store.create_component(&a, NewComponent::named("OAuth 2.0")).await {
        Err(StoreError::Invalid { field: "name", message }) => assert!(message.contains("already exists"), "{message}"),
        other => panic!("expected a field error, got {other:?}"),
    }
    match store.create_component(&a, NewComponent { group_id: Some(999), ..NewComponent::named("X") }).await {
        Err(StoreError::Invalid { field: "group_id", .. }) => {}
        other => panic!("expected a group_id error, got {other:?}"),
    }
    assert!(matches!(store.set_component_status(&a, 999, CS::MajorOutage).await, Err(StoreError::NotFound(_))));
    assert!(store.get_component(999).await.unwrap().is_none());
}
store_test!(components_round_trip, components);

async fn component_edits(store: Store) {
    let a = Actor::System;
    let g1 = store.create_group(&a, NewGroup { name: "Apps".into(), description: None, position: 0 }).await.unwrap();
    let g2 = store.create_group(&a, NewGroup { name: "APIs".into(), description: None, position: 1 }).await.unwrap();
    let web =
        store.create_component(&a, NewComponent { group_id: Some(g1), ..NewComponent::named("Web") }).await.unwrap();
    let api = store.create_component(&a, NewComponent::named("API")).await.unwrap();

    let edit = NewComponent {
        group_id: Some(g2),
        position: 3,
        visible: false,
        description: Some("  ".into()),
        ..NewComponent::named(" Website ")
    };
    store.update_component(&a, web, edit, None).await.unwrap();
    let c = store.get_component(web).await.unwrap().unwrap();
    assert_eq!(
        (c.name.as_str(), c.group_id, c.position, c.visible, c.description),
        ("Website", Some(g2), 3, false, None)
    );
    assert!(matches!(
        store.update_component(&a, web, NewComponent::named("API"), None).await,
        Err(StoreError::Invalid { field: "name", .. })
    ));
    assert!(matches!(
        store.update_component(&a, web, NewComponent::named(""), None).await,
        Err(StoreError::Invalid { field: "name", .. })
    ));
    assert!(matches!(
        store.update_component(&a, 999, NewComponent::named("X"), None).await,
        Err(StoreError::NotFound(_))
    ));
    // Details carry a version; a status change does not move it, an edit does, a stale edit is refused.
    assert_eq!(c.version, 2);
    store.set_component_status(&a, web, CS::PartialOutage).await.unwrap();
    assert_eq!(store.get_component(web).await.unwrap().unwrap().version, 2, "a status change keeps the version");
    let rename = || NewComponent { group_id: Some(g2), ..NewComponent::named("Web app") };
    store.update_component(&a, web, rename(), Some(2)).await.unwrap();
    assert!(matches!(store.update_component(&a, web, rename(), Some(2)).await, Err(StoreError::Conflict(_))));

    // A component in an incident's history is kept; an unused one can go.
    let new = NewIncident {
        notify: true,
        title: "t".into(),
        impact: Impact::Minor,
        status: IS::Investigating,
        body: String::new(),
        started_at: None,
        display_at: None,
        changes: vec![StatusChange { component_id: api, status: CS::DegradedPerformance }],
    };
    store.create_incident(&a, new).await.unwrap();
    match store.delete_component(&a, api).await {
        Err(StoreError::Conflict(m)) => assert!(m.contains("Hide it instead"), "{m}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    store.delete_component(&a, web).await.unwrap();
    assert!(store.get_component(web).await.unwrap().is_none());

    store
        .update_group(
            &a,
            g1,
            NewGroup { name: "Applications".into(), description: Some("x".into()), position: 5 },
            None,
        )
        .await
        .unwrap();
    assert_eq!(store.list_groups().await.unwrap().iter().find(|g| g.id == g1).unwrap().name, "Applications");
    assert!(matches!(
        store.update_group(&a, g1, NewGroup { name: "APIs".into(), description: None, position: 0 }, None).await,
        Err(StoreError::Invalid { field: "name", .. })
    ));
    let member =
        store.create_component(&a, NewComponent { group_id: Some(g2), ..NewComponent::named("Member") }).await.unwrap();
    store.delete_group(&a, g2).await.unwrap();
    assert_eq!(store.get_component(member).await.unwrap().unwrap().group_id, None, "members stay, ungrouped");
}
store_test!(component_edits_round_trip, component_edits);

async fn incidents(store: Store) {
    let a = Actor::System;
    let g = store.create_group(&a, NewGroup { name: "Apps".into(), description: None, position: 0 }).await.unwrap();
    let web =
        store.create_component(&a, NewComponent { group_id: Some(g), ..NewComponent::named("Web") }).await.unwrap();
    let api = store.create_component(&a, NewComponent { position: 5, ..NewComponent::named("API") }).await.unwrap();

    let id = store
        .create_incident(
            &a,
            NewIncident {
                notify: true,
                title: "  Elevated errors  ".into(),
                impact: Impact::Major,
                status: IS::Investigating,
                body: "We are **looking**.".into(),
                started_at: Some(t(0)),
                display_at: Some(t(1)),
                changes: vec![StatusChange { component_id: api, status: CS::MajorOutage }],
            },
        )
        .await
        .unwrap();
    let inc = store.get_incident(id).await.unwrap().unwrap();
    assert_eq!(
        (inc.title.as_str(), inc.impact, inc.status, inc.started_at),
        ("Elevated errors", Impact::Major, IS::Investigating, t(0))
    );
    assert_eq!(inc.resolved_at, None);
    assert_eq!(inc.updates.len(), 1);
    assert_eq!((inc.updates[0].body.as_str(), inc.updates[0].display_at), ("We are **looking**.", t(1)));
    assert_eq!(inc.updates[0].changes.len(), 1);
    assert_eq!(
        (inc.updates[0].changes[0].old_status, inc.updates[0].changes[0].new_status),
        (CS::Operational, CS::MajorOutage)
    );
    assert_eq!(store.get_component(api).await.unwrap().unwrap().status, CS::MajorOutage);

    let v = |store: &Store| {
        let store = store.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT version FROM incidents WHERE id = $1")
                .bind(id)
                .fetch_one(store.pool())
                .await
                .unwrap()
        }
    };
    let version = v(&store).await;
    let up = |status, h, changes: Vec<StatusChange>, expected_version| NewUpdate {
        notify: true,
        status,
        body: format!("{status:?} at {h}"),
        display_at: Some(t(h)),
        changes,
        expected_version,
    };
    store
        .post_update(
            &a,
            id,
            up(
                IS::Identified,
                2,
                vec![StatusChange { component_id: web, status: CS::DegradedPerformance }],
                Some(version),
            ),
        )
        .await
        .unwrap();
    // A writer who saw the old version is refused, not silently applied.
    match store.post_update(&a, id, up(IS::Monitoring, 3, vec![], Some(version))).await {
        Err(StoreError::Conflict(m)) => assert!(m.contains("changed by someone else"), "{m}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    store.post_update(&a, id, up(IS::Monitoring, 3, vec![], None)).await.unwrap();
    store.post_update(&a, id, up(IS::Identified, 4, vec![], None)).await.unwrap();
    // A backfilled update older than the latest does not change the current status.
    store.post_update(&a, id, up(IS::Investigating, 1, vec![], None)).await.unwrap();
    let inc = store.get_incident(id).await.unwrap().unwrap();
    assert_eq!(inc.status, IS::Identified);
    assert_eq!(inc.updates.iter().map(|u| u.display_at).collect::<Vec<_>>(), [t(1), t(1), t(2), t(3), t(4)]);
    assert_eq!(
        inc.affected.iter().map(|c| (c.name.as_str(), c.group.as_deref())).collect::<Vec<_>>(),
        [("Web", Some("Apps")), ("API", None)]
    );
    assert!(store.open_incidents().await.unwrap().iter().any(|i| i.id == id));

    store
        .post_update(
            &a,
            id,
            up(IS::Resolved, 5, vec![StatusChange { component_id: api, status: CS::Operational }], None),
        )
        .await
        .unwrap();
    let inc = store.get_incident(id).await.unwrap().unwrap();
    assert_eq!((inc.status, inc.resolved_at), (IS::Resolved, Some(t(5))));
    assert!(store.open_incidents().await.unwrap().is_empty());

    store.save_postmortem(&a, id, "## What happened", None, Some(0)).await.unwrap();
    let pm = store.get_incident(id).await.unwrap().unwrap().postmortem.unwrap();
    assert_eq!((pm.body.as_str(), pm.published_at), ("## What happened", None));
    store.save_postmortem(&a, id, "## What happened\n\nA bad deploy.", Some(true), Some(1)).await.unwrap();
    // Someone who opened the draft before that save is refused.
    assert!(matches!(store.save_postmortem(&a, id, "stale", None, Some(1)).await, Err(StoreError::Conflict(_))));
    let inc = store.get_incident(id).await.unwrap().unwrap();
    assert!(inc.published_postmortem().is_some_and(|p| p.body.ends_with("A bad deploy.")));
    assert_eq!(inc.status, IS::Resolved, "a postmortem does not reopen the incident");
    store.save_postmortem(&a, id, "withdrawn", Some(false), None).await.unwrap();
    assert!(store.get_incident(id).await.unwrap().unwrap().published_postmortem().is_none());

    assert!(matches!(
        store.post_update(&a, 999, up(IS::Resolved, 1, vec![], None)).await,
        Err(StoreError::NotFound(_))
    ));
    match store
        .post_update(
            &a,
            id,
            up(IS::Resolved, 6, vec![StatusChange { component_id: 999, status: CS::Operational }], None),
        )
        .await
    {
        Err(StoreError::Invalid { field: "components", .. }) => {}
        other => panic!("expected a components error, got {other:?}"),
    }
    match store
        .create_incident(
            &a,
            NewIncident {
                notify: true,
                title: " ".into(),
                impact: Impact::None,
                status: IS::Investigating,
                body: String::new(),
                started_at: None,
                display_at: None,
                changes: vec![],
            },
        )
        .await
    {
        Err(StoreError::Invalid { field: "title", .. }) => {}
        other => panic!("expected a title error, got {other:?}"),
    }
    // Nothing half-written: the failed update left no row behind.
    assert_eq!(store.get_incident(id).await.unwrap().unwrap().updates.len(), 6);

    // Editing an update's text and time; a stale edit is refused; the last update cannot go.
    let first = store.get_incident(id).await.unwrap().unwrap().updates[0].clone();
    store.edit_update(&a, first.id, "Corrected text.", Some(t(0)), first.version).await.unwrap();
    let edited = store.get_incident(id).await.unwrap().unwrap().updates[0].clone();
    assert_eq!((edited.body.as_str(), edited.display_at, edited.version), ("Corrected text.", t(0), first.version + 1));
    assert!(matches!(
        store.edit_update(&a, first.id, "again", None, first.version).await,
        Err(StoreError::Conflict(_))
    ));
    let latest = store.get_incident(id).await.unwrap().unwrap().updates.last().unwrap().clone();
    assert_eq!(latest.status, IS::Resolved);
    store.delete_update(&a, latest.id).await.unwrap();
    let inc = store.get_incident(id).await.unwrap().unwrap();
    assert_eq!((inc.status, inc.resolved_at), (IS::Identified, None), "the latest remaining update decides the status");
    let only = store
        .create_incident(
            &a,
            NewIncident {
                notify: true,
                title: "one".into(),
                impact: Impact::None,
                status: IS::Investigating,
                body: String::new(),
                started_at: None,
                display_at: None,
                changes: vec![],
            },
        )
        .await
        .unwrap();
    let only_update = store.get_incident(only).await.unwrap().unwrap().updates[0].id;
    assert!(matches!(store.delete_update(&a, only_update).await, Err(StoreError::Conflict(_))));

    store.delete_incident(&a, id).await.unwrap();
    assert!(store.get_incident(id).await.unwrap().is_none());
    assert_eq!(store.get_component(api).await.unwrap().unwrap().status, CS::Operational, "statuses stay");
    assert!(matches!(store.delete_incident(&a, id).await, Err(StoreError::NotFound(_))));
    assert_eq!(store.recent_audit(1).await.unwrap()[0].action, "delete");
}
store_test!(incidents_round_trip, incidents);

async fn history_pages(store: Store) {
    let a = Actor::System;
    for h in 0..7 {
        let new = NewIncident {
            notify: true,
            title: format!("Incident {h}"),
            impact: Impact::Minor,
            status: IS::Resolved,
            body: "done".into(),
            started_at: Some(t(h * 24)),
            display_at: None,
            changes: vec![],
        };
        store.create_incident(&a, new).await.unwrap();
    }
    let (first, next) = store.history_page(None, 3).await.unwrap();
    assert_eq!(first.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(), ["Incident 6", "Incident 5", "Incident 4"]);
    let (second, next) = store.history_page(next, 3).await.unwrap();
    assert_eq!(second.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(), ["Incident 3", "Incident 2", "Incident 1"]);
    let (third, next) = store.history_page(next, 3).await.unwrap();
    assert_eq!((third.len(), next), (1, None));
    let cursor: HistoryCursor = next_of(&second).to_string().parse().unwrap();
    assert_eq!(cursor, next_of(&second));

    let between = store.incidents_started_between(t(24), t(72)).await.unwrap();
    assert_eq!(between.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(), ["Incident 2", "Incident 1"]);
}
fn next_of(page: &[app::domain::Incident]) -> HistoryCursor {
    let last = page.last().unwrap();
    HistoryCursor { started_at_ms: ms(last.started_at), id: last.id }
}
store_test!(history_is_paged_newest_first, history_pages);

async fn templates(store: Store) {
    let a = Actor::System;
    let api = store.create_component(&a, NewComponent::named("API")).await.unwrap();
    let t = app::domain::IncidentTemplate {
        id: 0,
        name: "API errors".into(),
        title: "Elevated API errors".into(),
        body: "We are investigating.".into(),
        status: IS::Investigating,
        impact: Impact::Major,
        components: vec![(api, CS::PartialOutage)],
    };
    let id = store.create_template(&a, t.clone()).await.unwrap();
    let listed = store.list_templates().await.unwrap();
    assert_eq!(listed, [app::domain::IncidentTemplate { id, ..t.clone() }]);
    assert!(matches!(
        store.create_template(&a, t.clone()).await,
        Err(StoreError::Invalid { field: "template_name", .. })
    ));
    store.delete_template(&a, id).await.unwrap();
    assert!(store.list_templates().await.unwrap().is_empty());
    assert!(matches!(store.delete_template(&a, id).await, Err(StoreError::NotFound(_))));
}
store_test!(templates_round_trip, templates);

async fn maintenance(store: Store) {
    let a = Actor::System;
    let db = store.create_component(&a, NewComponent::named("Database")).await.unwrap();
    let new = NewMaintenance {
        notify: true,
        title: "Database upgrade".into(),
        body: "PostgreSQL 17.".into(),
        scheduled_for: t(10),
        scheduled_until: t(12),
        auto_start: true,
        auto_complete: false,
        components: vec![db],
    };
    let id = store.create_maintenance(&a, new.clone()).await.unwrap();
    let m = store.get_maintenance(id).await.unwrap().unwrap();
    assert_eq!(
        (m.title.as_str(), m.status, m.scheduled_for, m.scheduled_until),
        ("Database upgrade", MaintenanceStatus::Scheduled, t(10), t(12))
    );
    assert!(m.auto_start && !m.auto_complete);
    assert_eq!(m.affected.iter().map(|c| c.component_id).collect::<Vec<_>>(), [db]);
    assert_eq!(m.updates.len(), 1);

    store.post_maintenance_update(&a, id, MaintenanceStatus::InProgress, "Started.", Some(t(10)), true).await.unwrap();
    assert_eq!(store.current_maintenance().await.unwrap()[0].status, MaintenanceStatus::InProgress);
    store.post_maintenance_update(&a, id, MaintenanceStatus::Completed, "Done.", None, true).await.unwrap();
    assert!(store.current_maintenance().await.unwrap().is_empty());
    assert_eq!(store.get_maintenance(id).await.unwrap().unwrap().updates.len(), 3);

    match store.create_maintenance(&a, NewMaintenance { scheduled_until: t(9), ..new.clone() }).await {
        Err(StoreError::Invalid { field: "scheduled_until", .. }) => {}
        other => panic!("expected a window error, got {other:?}"),
    }
    match store.create_maintenance(&a, NewMaintenance { components: vec![404], ..new }).await {
        Err(StoreError::Invalid { field: "components", .. }) => {}
        other => panic!("expected a components error, got {other:?}"),
    }
}
store_test!(maintenance_round_trip, maintenance);

async fn maintenance_runs_by_itself(store: Store) {
    let a = Actor::System;
    let db = store.create_component(&a, NewComponent::named("Database")).await.unwrap();
    let broken = store.create_component(&a, NewComponent::named("Search")).await.unwrap();
    store.set_component_status(&a, broken, CS::MajorOutage).await.unwrap();
    let new = NewMaintenance {
        notify: true,
        title: "Upgrade".into(),
        body: String::new(),
        scheduled_for: t(10),
        scheduled_until: t(12),
        auto_start: true,
        auto_complete: true,
        components: vec![db, broken],
    };
    let id = store.create_maintenance(&a, new).await.unwrap();
    assert_eq!(store.advance_due_maintenance(t(9)).await.unwrap(), 0, "not yet");
    assert_eq!(store.advance_due_maintenance(t(10)).await.unwrap(), 1);
    assert_eq!(store.get_maintenance(id).await.unwrap().unwrap().status, MaintenanceStatus::InProgress);
    assert_eq!(store.get_component(db).await.unwrap().unwrap().status, CS::UnderMaintenance);
    assert_eq!(store.get_component(broken).await.unwrap().unwrap().status, CS::MajorOutage, "an outage is not hidden");
    // A second instance running the same job at the same time moves nothing.
    assert_eq!(store.advance_due_maintenance(t(11)).await.unwrap(), 0);
    assert_eq!(store.advance_due_maintenance(t(12)).await.unwrap(), 1);
    let m = store.get_maintenance(id).await.unwrap().unwrap();
    assert_eq!((m.status, m.updates.len()), (MaintenanceStatus::Completed, 3));
    assert_eq!(store.get_component(db).await.unwrap().unwrap().status, CS::Operational);
    assert_eq!(store.get_component(broken).await.unwrap().unwrap().status, CS::MajorOutage);
    assert_eq!(store.advance_due_maintenance(t(13)).await.unwrap(), 0);
}
store_test!(maintenance_starts_and_completes_by_itself, maintenance_runs_by_itself);

async fn users_and_audit(store: Store) {
    let a = Actor::System;
    let new = NewUser {
        email: "Ada@Example.com".into(),
        display_name: "Ada".into(),
        role: Role::Admin,
        password_hash: "$argon2id$v=19$x".into(),
    };
    let id = store.create_user(&a, new.clone()).await.unwrap();
    let (user, hash) = store.find_user_by_email("ada@example.COM").await.unwrap().unwrap();
    assert_eq!((user.id, user.email.as_str(), user.role, user.disabled), (id, "ada@example.com", Role::Admin, false));
    assert_eq!(hash, "$argon2id$v=19$x");
    assert_eq!(store.count_users().await.unwrap(), 1);
    assert!(matches!(store.create_user(&a, new).await, Err(StoreError::Invalid { field: "email", .. })));

    let actor = Actor::User { id, email: user.email.clone() };
    let c = store.create_component(&actor, NewComponent::named("API")).await.unwrap();
    let entries = store.recent_audit(10).await.unwrap();
    let last = &entries[0];
    assert_eq!(
        (last.actor.as_str(), last.action.as_str(), last.entity_type.as_str()),
        ("ada@example.com", "create", "component")
    );
    assert_eq!(last.entity_id, Some(c.to_string()));
    assert_eq!(last.after.as_ref().and_then(|v| v["name"].as_str()), Some("API"));
    assert_eq!(entries[1].entity_type, "user");
    assert!(!store.is_empty().await.unwrap());
}
store_test!(users_and_audit_round_trip, users_and_audit);

/// A NUL (which PostgreSQL cannot store) or another control character is refused alike on both
/// engines, naming the field, and nothing is written.
async fn control_characters(store: Store) {
    let a = Actor::System;
    let refused = |r: Result<i64>| match r {
        Err(StoreError::Invalid { field, message }) => (field, message),
        other => panic!("not refused: {other:?}"),
    };
    let new = |body: &str| NewIncident {
        notify: true,
        title: "Down".into(),
        impact: Impact::Minor,
        status: IS::Investigating,
        body: body.into(),
        started_at: None,
        display_at: None,
        changes: vec![],
    };
    for body in ["a\0b", "\u{1b}[31mred", "bell\u{7}"] {
        let (field, message) = refused(store.create_incident(&a, new(body)).await);
        assert_eq!((field, message.as_str()), ("body", "body must not contain control characters"), "{body:?}");
    }
    assert!(refused(store.create_incident(&a, NewIncident { title: "a\0".into(), ..new("") }).await).0 == "title");
    assert!(store.open_incidents().await.unwrap().is_empty(), "nothing written");

    let id = store.create_incident(&a, new("Line one\r\n\tindented")).await.unwrap();
    let update = NewUpdate {
        notify: true,
        status: IS::Identified,
        body: "x\0".into(),
        display_at: None,
        changes: vec![],
        expected_version: None,
    };
    assert!(matches!(store.post_update(&a, id, update).await, Err(StoreError::Invalid { .. })));
    assert!(matches!(store.save_postmortem(&a, id, "\0", None, None).await, Err(StoreError::Invalid { .. })));
    let incident = store.get_incident(id).await.unwrap().unwrap();
    assert_eq!((incident.updates.len(), incident.postmortem), (1, None));
    assert_eq!(incident.updates[0].body, "Line one\r\n\tindented", "line breaks and tabs are kept");
}
store_test!(control_characters_are_refused_on_both_engines, control_characters);

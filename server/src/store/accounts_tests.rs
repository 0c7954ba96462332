//! Roles, the last-admin rule and the audit log's keyset pages, on SQLite and PostgreSQL alike.

use super::*;
use crate::store_test;
use app::domain::Role;

async fn user(store: &Store, email: &str, role: Role) -> i64 {
    let new = NewUser { email: email.into(), display_name: email.into(), role, password_hash: "$argon2id$x".into() };
    store.create_user(&Actor::System, new).await.unwrap()
}

async fn roles_and_the_last_admin(store: Store) {
    let ada = user(&store, "ada@example.com", Role::Admin).await;
    let eve = user(&store, "eve@example.com", Role::Editor).await;
    let by_ada = Actor::User { id: ada, email: "ada@example.com".into() };

    store.set_user_role(&by_ada, eve, Role::Admin).await.unwrap();
    assert_eq!(store.get_user(eve).await.unwrap().unwrap().role, Role::Admin);
    let last = &store.recent_audit(1).await.unwrap()[0];
    assert_eq!((last.action.as_str(), last.entity_id.as_deref()), ("set_role", Some(eve.to_string().as_str())));
    assert_eq!(last.before, Some(serde_json::json!({"role": "editor"})));

    store.set_user_disabled(&by_ada, eve, true).await.unwrap();
    for refused in
        [store.set_user_role(&by_ada, ada, Role::Editor).await, store.set_user_disabled(&by_ada, ada, true).await]
    {
        match refused {
            Err(StoreError::Invalid { message, .. }) => assert!(message.contains("last active admin"), "{message}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    let ada_now = store.get_user(ada).await.unwrap().unwrap();
    assert_eq!((ada_now.role, ada_now.disabled), (Role::Admin, false), "rolled back");
    // The command line may: it is the way back in.
    store.set_user_disabled(&Actor::System, ada, true).await.unwrap();
    assert!(matches!(store.set_user_role(&by_ada, 424242, Role::Admin).await, Err(StoreError::NotFound("user"))));
}
store_test!(roles_and_the_last_admin_round_trip, roles_and_the_last_admin);

async fn audit_pages(store: Store) {
    let ada = user(&store, "ada@example.com", Role::Admin).await;
    let by_ada = Actor::User { id: ada, email: "ada@example.com".into() };
    // Written within a few milliseconds: many entries share a time, and the id breaks the tie.
    for i in 0..25 {
        let actor = if i % 5 == 0 { &by_ada } else { &Actor::System };
        store.create_component(actor, NewComponent::named(format!("C{i}"))).await.unwrap();
    }
    let all = AuditFilter::default();
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = store.audit_page(&all, before, 10).await.unwrap();
        seen.extend(page.iter().map(|e| (e.at, e.id)));
        match page.last() {
            Some(last) if page.len() == 10 => before = Some(AuditCursor::of(last)),
            _ => break,
        }
    }
    assert_eq!(seen.len(), 26, "every entry once");
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "strictly newest first");

    let mine = AuditFilter { actor: Some("ada@example.com".into()), entity_type: Some("component".into()), ..all };
    let page = store.audit_page(&mine, None, 3).await.unwrap();
    assert_eq!(page.len(), 3);
    let rest = store.audit_page(&mine, Some(AuditCursor::of(&page[2])), 3).await.unwrap();
    assert_eq!(rest.len(), 2);
    assert!(page.iter().chain(&rest).all(|e| e.actor == "ada@example.com" && e.entity_type == "component"));
    let none = AuditFilter { action: Some("creat".into()), ..AuditFilter::default() };
    assert!(store.audit_page(&none, None, 10).await.unwrap().is_empty(), "exact matches only");

    let cursor = AuditCursor::of(&page[0]);
    assert_eq!(AuditCursor::decode(&cursor.encode()), Some(cursor));
    assert_eq!(AuditCursor::decode("yesterday"), None);

    let (actors, actions, entity_types) = store.audit_vocabulary(100).await.unwrap();
    assert_eq!(actors, ["ada@example.com", "system"]);
    assert_eq!(actions, ["create"]);
    assert_eq!(entity_types, ["component", "user"]);
}
store_test!(audit_pages_round_trip, audit_pages);

/// Two admins demoting each other at the same moment: one wins, one is refused, and an active
/// admin remains every time.
async fn demoting_each_other_at_once(store: Store) {
    let ada = user(&store, "ada@example.com", Role::Admin).await;
    let bob = user(&store, "bob@example.com", Role::Admin).await;
    let by_ada = Actor::User { id: ada, email: "ada@example.com".into() };
    let by_bob = Actor::User { id: bob, email: "bob@example.com".into() };
    for round in 0..10 {
        let (a, b) = if round % 2 == 0 {
            tokio::join!(
                store.set_user_role(&by_ada, bob, Role::Editor),
                store.set_user_role(&by_bob, ada, Role::Editor)
            )
        } else {
            tokio::join!(store.set_user_disabled(&by_ada, bob, true), store.set_user_disabled(&by_bob, ada, true))
        };
        assert!(a.is_ok() != b.is_ok(), "round {round}: exactly one wins ({a:?}, {b:?})");
        let admins = store.list_users().await.unwrap();
        assert_eq!(admins.iter().filter(|u| u.role == Role::Admin && !u.disabled).count(), 1, "round {round}");
        for id in [ada, bob] {
            store.set_user_role(&Actor::System, id, Role::Admin).await.unwrap();
            store.set_user_disabled(&Actor::System, id, false).await.unwrap();
        }
    }
}
store_test!(demoting_each_other_at_once_round_trip, demoting_each_other_at_once);

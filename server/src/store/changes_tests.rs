//! The "content changed" signal: public writes move it, private ones do not, and on PostgreSQL
//! another instance hears it.

use super::*;
use crate::store_test;
use app::domain::{ComponentStatus, Impact, IncidentStatus, IncidentTemplate, Role};
use std::time::{Duration, Instant};

async fn public_writes_signal(store: Store) {
    let a = Actor::System;
    let before = store.changes().current();
    let id = store.create_component(&a, NewComponent::named("API")).await.unwrap();
    assert!(store.changes().current() > before, "a public write signals");

    let quiet = store.changes().current();
    let later = Utc::now() + chrono::Duration::hours(1);
    store.session_insert("s1", b"{}", later).await.unwrap();
    assert!(store.count_login_attempt("k", None, Utc::now(), Utc::now()).await.unwrap());
    let user = NewUser {
        email: "a@example.com".into(),
        display_name: "A".into(),
        role: Role::Admin,
        password_hash: "x".into(),
    };
    store.create_user(&a, user).await.unwrap();
    let template = IncidentTemplate {
        id: 0,
        name: "t".into(),
        title: "t".into(),
        body: "b".into(),
        status: IncidentStatus::Investigating,
        impact: Impact::Minor,
        components: vec![],
    };
    store.create_template(&a, template).await.unwrap();
    assert!(store.create_component(&a, NewComponent::named("")).await.is_err());
    assert_eq!(store.changes().current(), quiet, "private and refused writes leave the public cache alone");

    store.set_component_status(&a, id, ComponentStatus::MajorOutage).await.unwrap();
    assert!(store.changes().current() > quiet);
}

store_test!(public_writes_signal_and_private_ones_do_not, public_writes_signal);

#[tokio::test]
async fn another_instance_hears_a_write_within_a_second() {
    let Some(url) = crate::testing::fresh_database_url(Engine::Postgres).await else { return };
    let writer = Store::connect(&url).await.unwrap();
    let reader = Store::connect(&url).await.unwrap();
    let listening = reader.changes().subscribe();
    tokio::spawn(listen::changes(url, reader.changes().clone()));
    // The listener bumps once when it has connected.
    let mut rx = listening;
    tokio::time::timeout(Duration::from_secs(10), rx.changed()).await.expect("listener connects").unwrap();

    let before = reader.changes().current();
    let started = Instant::now();
    writer.create_component(&Actor::System, NewComponent::named("API")).await.unwrap();
    while reader.changes().current() == before {
        assert!(started.elapsed() < Duration::from_secs(1), "not heard within a second");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Its own writes are not heard twice.
    let own = reader.changes().current();
    reader.create_component(&Actor::System, NewComponent::named("Web")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(reader.changes().current(), own + 1);
}

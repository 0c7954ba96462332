//! Subscribers and the outbox on SQLite and PostgreSQL: who an event reaches, leases, retries,
//! quarantine.

use super::*;
use crate::store_test;
use app::domain::{
    ComponentStatus as CS, DeliveryState, Impact, IncidentStatus as IS, NotificationKind, SubscriberKind,
};

fn sub(kind: SubscriberKind, target: &str, components: Option<Vec<i64>>, confirmed: bool) -> NewSubscriber {
    NewSubscriber { kind, target: target.into(), components, confirmed }
}

/// Fans out every unsent event with a stand-in payload; the deliveries made.
async fn fan_out_all(store: &Store) -> u64 {
    let mut made = 0;
    for event in store.unsent_events(100).await.unwrap() {
        made += store.fan_out(&event, Some("{}")).await.unwrap();
    }
    made
}

async fn claim_all(store: &Store, owner: &str) -> Vec<Claimed> {
    let now = Utc::now();
    store.claim_deliveries(owner, now, now + chrono::Duration::seconds(60), 1000).await.unwrap()
}

async fn outbox(store: Store) {
    let a = Actor::System;
    let api = store.create_component(&a, NewComponent::named("API")).await.unwrap();
    let web = store.create_component(&a, NewComponent::named("Web")).await.unwrap();

    // An unconfirmed email gets its confirmation and nothing else.
    let ada = store.subscribe(&a, sub(SubscriberKind::Email, "ada@example.com", None, false), true).await.unwrap();
    let Subscribed::New { subscriber: ada, secret: None } = ada else { panic!("a new email subscriber, no secret") };
    assert!(ada.confirmed_at.is_none());
    let hook = store.subscribe(&a, sub(SubscriberKind::Webhook, "https://h.example/x", Some(vec![web]), false), true);
    let Subscribed::New { subscriber: hook, secret: Some(secret) } = hook.await.unwrap() else { panic!("webhook") };
    assert!(secret.starts_with(SECRET_PREFIX) && hook.confirmed_at.is_some(), "a webhook needs no confirmation");
    let all = store.subscribe(&a, sub(SubscriberKind::Slack, "https://s.example/y", None, false), true).await.unwrap();
    let all = all.subscriber().clone();
    assert_eq!(fan_out_all(&store).await, 1, "only the confirmation mail");
    let claimed = claim_all(&store, "one").await;
    assert_eq!(claimed.len(), 1);
    assert_eq!((claimed[0].event_kind, claimed[0].subscriber_id), (NotificationKind::Confirmation, ada.id));
    assert!(claim_all(&store, "two").await.is_empty(), "a leased delivery is not taken twice");
    let ok = AttemptResult {
        delivery_id: claimed[0].delivery_id,
        attempt: 1,
        ok: true,
        code: Some(250),
        detail: "250 OK".into(),
        retry_at: None,
    };
    store.record_attempts("one", &[ok]).await.unwrap();

    // Asking again: the same subscriber, another confirmation queued; nothing else changes.
    let again = store.subscribe(&a, sub(SubscriberKind::Email, "ada@example.com", None, false), true).await.unwrap();
    assert!(matches!(again, Subscribed::Existing(ref s) if s.id == ada.id));
    assert!(store.confirm_subscriber(&a, ada.id).await.unwrap());
    assert_eq!(fan_out_all(&store).await, 1, "the second confirmation");
    let pending = claim_all(&store, "one").await;
    let done = pending.iter().map(|c| AttemptResult {
        delivery_id: c.delivery_id,
        attempt: c.attempt,
        ok: true,
        code: None,
        detail: "ok".into(),
        retry_at: None,
    });
    store.record_attempts("one", &done.collect::<Vec<_>>()).await.unwrap();

    // An incident on API reaches the whole-page subscribers, not the webhook that chose Web.
    let new = NewIncident {
        title: "API errors".into(),
        impact: Impact::Major,
        status: IS::Investigating,
        body: "Looking.".into(),
        started_at: None,
        display_at: None,
        changes: vec![StatusChange { component_id: api, status: CS::MajorOutage }],
        notify: true,
    };
    let incident = store.create_incident(&a, new.clone()).await.unwrap();
    let quiet = NewIncident { notify: false, title: "Quiet".into(), ..new };
    store.create_incident(&a, quiet).await.unwrap();
    assert_eq!(fan_out_all(&store).await, 2, "ada and the Slack channel");
    let claimed = claim_all(&store, "one").await;
    let mut reached: Vec<i64> = claimed.iter().map(|c| c.subscriber_id).collect();
    reached.sort_unstable();
    assert_eq!(reached, [ada.id, all.id]);
    assert!(claimed.iter().all(|c| c.event_kind == NotificationKind::IncidentCreated));
    let fan_again = store.unsent_events(100).await.unwrap();
    assert!(fan_again.is_empty(), "an event is fanned out once");

    // A failure is retried at its time; giving up quarantines the subscriber.
    let slack = claimed.iter().find(|c| c.subscriber_id == all.id).unwrap();
    let retry = AttemptResult {
        delivery_id: slack.delivery_id,
        attempt: slack.attempt,
        ok: false,
        code: Some(500),
        detail: "HTTP 500".into(),
        retry_at: Some(Utc::now() - chrono::Duration::seconds(1)),
    };
    let ada_claim = claimed.iter().find(|c| c.subscriber_id == ada.id).unwrap();
    let ada_ok = AttemptResult {
        delivery_id: ada_claim.delivery_id,
        ok: true,
        code: Some(250),
        retry_at: None,
        ..retry.clone()
    };
    store.record_attempts("one", &[retry, ada_ok]).await.unwrap();
    let again = claim_all(&store, "two").await;
    assert_eq!(again.len(), 1, "the failed one is due again");
    assert_eq!((again[0].delivery_id, again[0].attempt), (slack.delivery_id, 2), "the same delivery, attempt 2");
    let give_up = AttemptResult {
        delivery_id: again[0].delivery_id,
        attempt: 2,
        ok: false,
        code: None,
        detail: "timed out".into(),
        retry_at: None,
    };
    store.record_attempts("two", &[give_up]).await.unwrap();
    let quarantined = store.get_subscriber(all.id).await.unwrap().unwrap();
    assert!(quarantined.quarantined_at.is_some() && !quarantined.is_active());
    let log = store.delivery_log(all.id, 10).await.unwrap();
    assert_eq!(
        log.iter().map(|e| (e.attempt, e.ok, e.code)).collect::<Vec<_>>(),
        [(2, false, None), (1, false, Some(500))]
    );
    assert!(log.iter().all(|e| e.state == DeliveryState::Failed && e.subject.as_deref() == Some("API errors")));

    // A quarantined subscriber hears nothing until enabled; then it does again.
    let up = NewUpdate {
        status: IS::Resolved,
        body: "Fixed.".into(),
        display_at: None,
        changes: vec![StatusChange { component_id: api, status: CS::Operational }],
        expected_version: None,
        notify: true,
    };
    store.post_update(&a, incident, up).await.unwrap();
    assert_eq!(fan_out_all(&store).await, 1, "ada only");
    store.enable_subscriber(&a, all.id).await.unwrap();
    store.set_component_status(&a, web, CS::DegradedPerformance).await.unwrap();
    assert_eq!(fan_out_all(&store).await, 1, "a component change goes to the webhook that chose it");
    let claimed = claim_all(&store, "one").await;
    assert!(claimed.iter().any(|c| c.subscriber_id == hook.id && c.event_kind == NotificationKind::ComponentUpdated));

    // Leases of a run that ended are given back by the same instance restarted.
    assert!(claim_all(&store, "three").await.is_empty());
    assert_eq!(store.release_leases("one").await.unwrap(), claimed.len() as u64);
    assert_eq!(claim_all(&store, "three").await.len(), claimed.len());

    // Bad input names the field and stores nothing.
    let bad = store.subscribe(&a, sub(SubscriberKind::Email, "b@example.com", Some(vec![404]), false), true).await;
    assert!(matches!(bad, Err(StoreError::Invalid { field: "components", .. })), "{bad:?}");
    let none = store.subscribe(&a, sub(SubscriberKind::Email, "b@example.com", Some(vec![]), false), true).await;
    assert!(matches!(none, Err(StoreError::Invalid { field: "components", .. })));
    let filter = SubscriberFilter { search: Some("b@".into()), limit: 10, ..Default::default() };
    assert!(store.list_subscribers(&filter).await.unwrap().is_empty());
    let counts = store.subscriber_counts().await.unwrap();
    let email = counts.iter().find(|(k, _)| *k == SubscriberKind::Email).unwrap().1;
    assert_eq!((email.active, email.unconfirmed), (1, 0));

    store.delete_subscriber(&a, hook.id).await.unwrap();
    assert!(store.get_subscriber(hook.id).await.unwrap().is_none());
    assert!(matches!(store.delete_subscriber(&a, hook.id).await, Err(StoreError::NotFound(_))));
}
store_test!(outbox_round_trip, outbox);

/// Two workers claiming at once never take the same delivery.
async fn concurrent_claims(store: Store) {
    let a = Actor::System;
    for n in 0..200 {
        let target = format!("https://h.example/{n}");
        store.subscribe(&a, sub(SubscriberKind::Webhook, &target, None, false), false).await.unwrap();
    }
    let new = NewIncident {
        title: "Down".into(),
        impact: Impact::Minor,
        status: IS::Investigating,
        body: "x".into(),
        started_at: None,
        display_at: None,
        changes: vec![],
        notify: true,
    };
    store.create_incident(&a, new).await.unwrap();
    let event = store.unsent_events(10).await.unwrap().pop().unwrap();
    let (one, two) = tokio::join!(store.fan_out(&event, Some("{}")), store.fan_out(&event, Some("{}")));
    assert_eq!(one.unwrap() + two.unwrap(), 200, "fanned out once");
    let now = Utc::now();
    let later = now + chrono::Duration::seconds(60);
    let claims = (0..8).map(|w| {
        let store = store.clone();
        async move {
            let mut mine = Vec::new();
            loop {
                let batch = store.claim_deliveries(&format!("w{w}"), now, later, 7).await.unwrap();
                if batch.is_empty() {
                    return mine;
                }
                mine.extend(batch.into_iter().map(|c| c.delivery_id));
            }
        }
    });
    let mut all: Vec<i64> = futures_util::future::join_all(claims).await.into_iter().flatten().collect();
    let taken = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!((taken, all.len()), (200, 200), "each delivery taken exactly once");
}
store_test!(concurrent_claims_take_each_once, concurrent_claims);

/// Claiming some kinds leaves the others pending and untouched (email while no SMTP is set up).
async fn claims_by_kind(store: Store) {
    let a = Actor::System;
    let mail = store.subscribe(&a, sub(SubscriberKind::Email, "ada@example.com", None, true), false).await.unwrap();
    let hook = store.subscribe(&a, sub(SubscriberKind::Webhook, "https://h.example/x", None, false), false);
    let hook = hook.await.unwrap();
    let new = NewIncident {
        title: "API errors".into(),
        impact: Impact::Minor,
        status: IS::Investigating,
        body: "Looking.".into(),
        started_at: None,
        display_at: None,
        changes: vec![],
        notify: true,
    };
    let before = Utc::now() - chrono::Duration::seconds(1);
    store.create_incident(&a, new).await.unwrap();
    assert_eq!(fan_out_all(&store).await, 2);
    let now = Utc::now();
    let later = now + chrono::Duration::seconds(60);
    let hooks = store.claim_deliveries_of("one", now, later, 10, &[SubscriberKind::Webhook]).await.unwrap();
    assert_eq!(hooks.iter().map(|c| c.subscriber_id).collect::<Vec<_>>(), [hook.subscriber().id]);
    assert!(store.claim_deliveries_of("one", now, later, 10, &[]).await.unwrap().is_empty());
    let rest = claim_all(&store, "two").await;
    assert_eq!(rest.iter().map(|c| (c.subscriber_id, c.attempt)).collect::<Vec<_>>(), [(mail.subscriber().id, 1)]);
    let made = store.delivery_created_at(&[hooks[0].delivery_id, rest[0].delivery_id, 999_999]).await.unwrap();
    assert_eq!(made.len(), 2, "an unknown id is left out");
    assert!(made.values().all(|t| *t >= before && *t <= Utc::now()));
}
store_test!(claims_can_leave_some_kinds_pending, claims_by_kind);

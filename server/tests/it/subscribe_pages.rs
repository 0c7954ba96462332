//! The visitor's side of subscriptions over HTTP: the form, its answers and refusals, the pages
//! behind signed links, one-click unsubscribe and the rate limits.

use crate::common::{app_and_state_with, attrs, count, get, post_form, post_form_from, send, texts, Page};
use app::domain::{NotificationKind, Subscriber, SubscriberKind};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use axum::Router;
use chrono::{Duration, Utc};
use server::notify::links::Purpose;
use server::state::AppState;
use server::store::{Actor, Store, SubscriberFilter};
use std::net::SocketAddr;

const SMTP: [&str; 4] = ["--smtp-url", "smtp://127.0.0.1:2525", "--mail-from", "status@example.com"];

async fn subscribers(store: &Store) -> Vec<Subscriber> {
    store.list_subscribers(&SubscriberFilter { limit: 100, ..SubscriberFilter::default() }).await.unwrap()
}

/// The id of the demo component or group named `name`.
async fn component_id(store: &Store, name: &str) -> i64 {
    store.list_components().await.unwrap().into_iter().find(|c| c.name == name).unwrap().id
}

async fn group_id(store: &Store, name: &str) -> i64 {
    store.list_groups().await.unwrap().into_iter().find(|g| g.name == name).unwrap().id
}

async fn link(state: &AppState, purpose: Purpose, id: i64, at: chrono::DateTime<Utc>) -> String {
    let nonce = state.store.subscriber_link_nonce(id).await.unwrap().unwrap();
    state.links.sign(purpose, id, &nonce, at).await.unwrap()
}

fn field_errors(page: &Page) -> Vec<String> {
    texts(&page.html(), ".field-error")
}

#[tokio::test]
async fn the_form_offers_every_way_the_components_and_the_feeds() {
    let (app, state) = app_and_state_with(&SMTP, true).await;
    let home = get(&app, "/").await;
    assert_eq!(attrs(&home.html(), "nav a.subscribe-link", "href"), ["/subscribe"], "every page links to it");

    let page = get(&app, "/subscribe").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.headers["cache-control"], "no-store");
    assert!(page.headers["content-security-policy"].to_str().unwrap().contains("form-action 'self'"));
    let html = page.html();
    assert_eq!(attrs(&html, "input[name=kind]", "value"), ["email", "webhook", "slack", "discord", "teams"]);
    assert_eq!(attrs(&html, "input[name=kind][checked]", "value"), ["email"]);
    assert_eq!(attrs(&html, "input[name=scope][checked]", "value"), ["all"], "the whole page by default");
    assert_eq!(attrs(&html, "form[action='/subscribe']", "method"), ["post"]);
    assert_eq!(count(&html, "label[for=email]") + count(&html, "label[for=url]"), 2);
    let apis = group_id(&state.store, "Developer APIs").await;
    assert_eq!(attrs(&html, "input[name=group]", "value").len(), 2);
    assert!(attrs(&html, "input[name=group]", "value").contains(&apis.to_string()));
    assert_eq!(count(&html, "input[name=component]"), 6);
    assert!(texts(&html, ".chooser__group").iter().any(|t| t.starts_with("Developer APIs (all 3) REST API")));
    let links = attrs(&html, ".feeds a", "href");
    for path in ["/history.rss", "/history.atom", "/history.json", "/maintenance.ics"] {
        assert!(links.contains(&format!("http://127.0.0.1:3000{path}")), "{path} in {links:?}");
    }
    assert!(links.contains(&"webcal://127.0.0.1:3000/maintenance.ics".to_string()));
    let rest = component_id(&state.store, "REST API").await;
    assert!(links.contains(&format!("http://127.0.0.1:3000/components/{rest}/history.atom")));
}

#[tokio::test]
async fn without_smtp_email_is_neither_offered_nor_accepted() {
    let (app, state) = app_and_state_with(&[], true).await;
    let html = get(&app, "/subscribe").await.html();
    assert_eq!(attrs(&html, "input[name=kind]", "value"), ["webhook", "slack", "discord", "teams"]);
    assert_eq!(count(&html, "input[name=email]"), 0);
    let page = post_form(&app, "/subscribe", "kind=email&email=ada%40example.com&scope=all", None).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_errors(&page)[0].contains("Email subscriptions are not offered"), "{:?}", field_errors(&page));
    assert!(subscribers(&state.store).await.is_empty());
}

#[tokio::test]
async fn an_email_address_gets_one_answer_whether_new_unconfirmed_or_confirmed() {
    let (app, state) = app_and_state_with(&SMTP, true).await;
    let form = "kind=email&email=Ada%40Example.com&url=&scope=all";
    let first = post_form(&app, "/subscribe", form, None).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(texts(&first.html(), "h1"), ["Check your inbox"]);
    assert!(first.body.contains("Nothing is sent before you confirm"));
    let list = subscribers(&state.store).await;
    assert_eq!(list.len(), 1);
    let ada = &list[0];
    assert_eq!(
        (ada.kind, ada.target.as_str(), ada.confirmed_at, &ada.components),
        (SubscriberKind::Email, "ada@example.com", None, &None)
    );
    let events = state.store.unsent_events(10).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].kind, events[0].subscriber_id), (NotificationKind::Confirmation, Some(ada.id)));

    let again = post_form(&app, "/subscribe", form, None).await;
    assert_eq!((again.status, &again.body), (StatusCode::OK, &first.body), "unconfirmed: the same bytes");
    state.store.confirm_subscriber(&Actor::System, ada.id).await.unwrap();
    let confirmed = post_form(&app, "/subscribe", form, None).await;
    assert_eq!((confirmed.status, &confirmed.body), (StatusCode::OK, &first.body), "confirmed: the same bytes");
    let kinds: Vec<_> = state.store.unsent_events(10).await.unwrap().iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [NotificationKind::Confirmation, NotificationKind::Confirmation, NotificationKind::ManageLink]);
    assert_eq!(subscribers(&state.store).await.len(), 1);
}

#[tokio::test]
async fn bad_input_keeps_the_form_names_the_field_and_stores_nothing() {
    let (app, state) = app_and_state_with(&SMTP, true).await;
    let cases = [
        ("kind=email&email=ada%40&scope=all", "email", "ada@"),
        ("kind=webhook&url=ftp%3A%2F%2Fexample.com%2Fx&scope=all", "url", "must start with https://"),
        ("kind=webhook&url=http%3A%2F%2F127.0.0.1%3A9%2Fhook&scope=all", "url", "private or local address"),
        ("kind=slack&url=http%3A%2F%2Flocalhost%2Fhook&scope=all", "url", "private or local address"),
        (
            "kind=email&email=ada%40example.com&scope=some&component=99999",
            "components",
            "Component 99999 does not exist",
        ),
        ("kind=email&email=ada%40example.com&scope=some&group=4242", "components", "Group 4242 does not exist"),
        (
            "kind=email&email=ada%40example.com&scope=some&component=x",
            "components",
            "“x” is not the number of a component",
        ),
        ("kind=email&email=ada%40example.com&scope=some", "components", "Choose at least one component"),
        ("kind=pigeon&email=ada%40example.com", "kind", "Choose how to be told"),
    ];
    for (form, field, says) in cases {
        let page = post_form(&app, "/subscribe", form, None).await;
        assert!(page.status.is_client_error(), "{form}: {}", page.status);
        let html = page.html();
        let errors = texts(&html, &format!("#{field}-error"));
        assert!(errors.len() == 1 && errors[0].contains(says), "{form}: {errors:?}");
        if field != "components" && field != "kind" {
            assert_eq!(attrs(&html, &format!("#{field}"), "aria-invalid"), ["true"], "{form}");
        }
        assert_eq!(count(&html, "form[action='/subscribe']"), 1, "{form}: the form again");
    }
    // The input is kept.
    let page =
        post_form(&app, "/subscribe", "kind=webhook&url=ftp%3A%2F%2Fexample.com%2Fx&scope=some&component=99999", None)
            .await;
    let html = page.html();
    assert_eq!(attrs(&html, "#url", "value"), ["ftp://example.com/x"]);
    assert_eq!(attrs(&html, "input[name=kind][checked]", "value"), ["webhook"]);
    assert_eq!(attrs(&html, "input[name=scope][checked]", "value"), ["some"]);
    assert!(subscribers(&state.store).await.is_empty(), "nothing stored");
    assert!(state.store.unsent_events(10).await.unwrap().is_empty(), "nothing queued");
}

#[tokio::test]
async fn a_webhook_sees_its_secret_once_and_a_chat_url_its_manage_link() {
    let (app, state) = app_and_state_with(&["--allow-private-webhooks"], true).await;
    let apis = group_id(&state.store, "Developer APIs").await;
    let dashboard = component_id(&state.store, "Dashboard").await;
    let form =
        format!("kind=webhook&url=http%3A%2F%2F127.0.0.1%3A9%2Fhook&scope=some&group={apis}&component={dashboard}");
    let page = post_form(&app, "/subscribe", &form, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let html = page.html();
    let secret = texts(&html, ".signing-secret__value");
    assert!(secret.len() == 1 && secret[0].starts_with("whsec_"), "{secret:?}");
    assert!(page.body.contains("webhook-signature"));
    let manage = attrs(&html, "a[href*='/subscribe/manage/']", "href");
    assert!(manage.len() == 1 && manage[0].starts_with("http://127.0.0.1:3000/subscribe/manage/m."), "{manage:?}");
    let hook = &subscribers(&state.store).await[0];
    let mut want: Vec<i64> = state
        .store
        .list_components()
        .await
        .unwrap()
        .iter()
        .filter(|c| c.group_id == Some(apis))
        .map(|c| c.id)
        .collect();
    want.push(dashboard);
    want.sort();
    assert_eq!(hook.components.as_ref(), Some(&want), "the group stands for its members");
    assert!(hook.confirmed_at.is_some(), "a URL needs no confirmation");

    let again = post_form(&app, "/subscribe", &form, None).await;
    assert_eq!(texts(&again.html(), "h1"), ["Already subscribed"]);
    assert!(!again.body.contains("whsec_") && !again.body.contains("/subscribe/manage/"), "shown only once");

    let slack =
        post_form(&app, "/subscribe", "kind=slack&url=http%3A%2F%2F127.0.0.1%3A9%2Fslack&scope=all", None).await;
    assert_eq!(slack.status, StatusCode::OK);
    assert_eq!(count(&slack.html(), ".signing-secret__value"), 0);
    assert_eq!(attrs(&slack.html(), "a[href*='/subscribe/manage/']", "href").len(), 1);
    assert_eq!(subscribers(&state.store).await.len(), 2);
}

#[tokio::test]
async fn confirm_links_confirm_and_bad_links_change_nothing() {
    let (app, state) = app_and_state_with(&SMTP, true).await;
    post_form(&app, "/subscribe", "kind=email&email=ada%40example.com&scope=all", None).await;
    post_form(&app, "/subscribe", "kind=email&email=bob%40example.com&scope=all", None).await;
    let list = subscribers(&state.store).await;
    let (bob, ada) = (list[0].id, list[1].id);
    let now = Utc::now();

    let expired = link(&state, Purpose::Confirm, bob, now - Duration::hours(49)).await;
    let page = get(&app, &format!("/subscribe/confirm/{expired}")).await;
    assert_eq!(page.status, StatusCode::GONE);
    assert_eq!(texts(&page.html(), "h1"), ["This link has expired"]);
    let good = link(&state, Purpose::Confirm, bob, now).await;
    let tampered = format!("{}{}", &good[..good.len() - 2], if good.ends_with("AA") { "BB" } else { "AA" });
    let forged = good.replacen(&format!(".{bob}."), &format!(".{ada}."), 1);
    let manage = link(&state, Purpose::Manage, bob, now).await;
    for bad in [tampered.as_str(), forged.as_str(), manage.as_str(), "junk"] {
        let page = get(&app, &format!("/subscribe/confirm/{bad}")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{bad}");
        assert_eq!(texts(&page.html(), "h1"), ["This link is not valid"], "{bad}");
        assert_eq!(page.headers["cache-control"], "no-store");
    }
    assert!(subscribers(&state.store).await.iter().all(|s| s.confirmed_at.is_none()), "nothing changed");

    let page = get(&app, &format!("/subscribe/confirm/{good}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(texts(&page.html(), "h1"), ["Subscription confirmed"]);
    assert_eq!(page.headers["cache-control"], "no-store");
    let to_manage = attrs(&page.html(), "a[href^='/subscribe/manage/']", "href");
    assert_eq!(get(&app, &to_manage[0]).await.status, StatusCode::OK);
    assert_eq!(get(&app, &format!("/subscribe/confirm/{good}")).await.status, StatusCode::OK, "twice is fine");
    let list = subscribers(&state.store).await;
    assert!(list[0].confirmed_at.is_some() && list[1].confirmed_at.is_none(), "only bob");
}

#[tokio::test]
async fn the_manage_page_shows_and_changes_the_components() {
    let (app, state) = app_and_state_with(&SMTP, true).await;
    post_form(&app, "/subscribe", "kind=email&email=ada%40example.com&scope=all", None).await;
    let ada = subscribers(&state.store).await[0].id;
    let path = format!("/subscribe/manage/{}", link(&state, Purpose::Manage, ada, Utc::now()).await);
    let page = get(&app, &path).await;
    assert_eq!((page.status, page.headers["cache-control"].to_str().unwrap()), (StatusCode::OK, "no-store"));
    let html = page.html();
    assert!(texts(&html, "main p").iter().any(|t| t == "Email : ada@example.com"), "{:?}", texts(&html, "main p"));
    assert_eq!(attrs(&html, "input[name=scope][checked]", "value"), ["all"]);
    assert_eq!(attrs(&html, "form[action^='/subscribe/unsubscribe/']", "method"), ["post"]);

    let data = group_id(&state.store, "Data Platform").await;
    let page = post_form(&app, &path, &format!("scope=some&group={data}"), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(texts(&page.html(), ".notice"), ["Saved."]);
    assert_eq!(attrs(&page.html(), "input[name=group][checked]", "value"), [data.to_string()]);
    let members: Vec<i64> = state
        .store
        .list_components()
        .await
        .unwrap()
        .iter()
        .filter(|c| c.group_id == Some(data))
        .map(|c| c.id)
        .collect();
    assert_eq!(state.store.get_subscriber(ada).await.unwrap().unwrap().components, Some(members.clone()));

    let refused = post_form(&app, &path, "scope=some&component=99999", None).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(texts(&refused.html(), "#components-error"), ["Component 99999 does not exist."]);
    let cross = post_form_from(&app, &path, "scope=all", None, Some("https://evil.example")).await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    let none = post_form_from(&app, &path, "scope=all", None, None).await;
    assert_eq!(none.status, StatusCode::FORBIDDEN, "a form post without Origin is not this site's");
    assert_eq!(state.store.get_subscriber(ada).await.unwrap().unwrap().components, Some(members), "unchanged");

    let page = post_form(&app, &path, "scope=all", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(state.store.get_subscriber(ada).await.unwrap().unwrap().components, None);
}

#[tokio::test]
async fn one_click_unsubscribe_needs_no_cookie_nor_origin_and_a_get_changes_nothing() {
    let (app, state) = app_and_state_with(&SMTP, true).await;
    post_form(&app, "/subscribe", "kind=email&email=ada%40example.com&scope=all", None).await;
    let ada = subscribers(&state.store).await[0].id;
    let path = format!("/subscribe/unsubscribe/{}", link(&state, Purpose::Manage, ada, Utc::now()).await);
    let page = get(&app, &path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(attrs(&page.html(), &format!("form[action='{path}']"), "method"), ["post"]);
    assert_eq!(subscribers(&state.store).await.len(), 1, "a GET (a link scanner) does not unsubscribe");

    let one_click = || {
        Request::post(&path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from("List-Unsubscribe=One-Click"))
            .unwrap()
    };
    let page = send(&app, one_click()).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.headers["cache-control"], "no-store");
    assert!(page.body.contains("You are unsubscribed"));
    assert!(subscribers(&state.store).await.is_empty());
    let again = send(&app, one_click()).await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.body.contains("removed already"));
    assert_eq!(get(&app, &path).await.status, StatusCode::OK);
    let junk = send(&app, Request::post("/subscribe/unsubscribe/m.1.0.AAAA").body(Body::empty()).unwrap()).await;
    assert_eq!(junk.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_form_refuses_a_post_from_another_site() {
    let (app, state) = app_and_state_with(&SMTP, true).await;
    let form = "kind=email&email=ada%40example.com&scope=all";
    let page = post_form_from(&app, "/subscribe", form, None, Some("https://evil.example")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.content_type.starts_with("text/html"));
    assert!(subscribers(&state.store).await.is_empty());
}

fn from_client(form: String) -> Request<Body> {
    let mut request = Request::post("/subscribe")
        .header("host", "127.0.0.1:3000")
        .header("origin", "http://127.0.0.1:3000")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .unwrap();
    request.extensions_mut().insert(ConnectInfo(SocketAddr::from(([203, 0, 113, 7], 4000))));
    request
}

async fn posts(app: &Router, forms: impl Iterator<Item = String>) -> Vec<StatusCode> {
    let mut statuses = Vec::new();
    for form in forms {
        statuses.push(send(app, from_client(form)).await.status);
    }
    statuses
}

#[tokio::test]
async fn subscribing_is_limited_per_address_and_per_client() {
    let (app, _) = app_and_state_with(&SMTP, true).await;
    let same = (0..6).map(|_| "kind=email&email=ada%40example.com&scope=all".to_string());
    let statuses = posts(&app, same).await;
    assert_eq!(statuses[..5], [StatusCode::OK; 5]);
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS);
    let page = send(&app, from_client("kind=email&email=ADA%40example.com&scope=all".into())).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "the address as checked, in any case");
    assert!(page.body.contains("Try again after"), "{}", page.body);
    let wait: i64 = page.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((3000..=3600).contains(&wait), "{wait}");

    // The client has sent 7; 13 more addresses pass, the 14th is refused.
    let others = (0..14).map(|i| format!("kind=email&email=user{i}%40example.com&scope=all"));
    let statuses = posts(&app, others).await;
    assert_eq!(statuses[..13], [StatusCode::OK; 13]);
    assert_eq!(statuses[13], StatusCode::TOO_MANY_REQUESTS);
}

//! Subscriber mail: what the Mailer writes, read back by an independent MIME parser
//! (mail-parser) and HTML parser (scraper), and sent through a real SMTP server (aiosmtpd).

use crate::peers::SmtpSink;
use app::domain::{
    AffectedComponent, Impact, Incident, IncidentStatus, IncidentUpdate, Maintenance, MaintenanceStatus,
    MaintenanceUpdate, NotificationKind, SubscriberKind,
};
use chrono::{TimeZone, Utc};
use mail_parser::{MessageParser, MimeHeaders, PartType};
use scraper::{Html, Selector};
use server::notify::email::{link_purpose, Mailer};
use server::notify::links::{Links, Purpose};
use server::notify::payload::Outcome;
use server::notify::payload::{Page, Snapshot};
use server::store::{Claimed, Engine};

const NONCE: &str = "nonce-of-ada";

fn page() -> Page {
    Page {
        title: "Acme Status".into(),
        public_url: "https://status.acme.test".into(),
        tz: chrono_tz::America::Los_Angeles,
        lang: app::i18n::Lang::default(),
    }
}

async fn links() -> Links {
    Links::new(server::testing::fresh_store(Engine::Sqlite).await.expect("sqlite"))
}

async fn mailer(url: &str) -> (Mailer, Links) {
    let links = links().await;
    let from = "Acme Status <status@acme.test>".parse().unwrap();
    (Mailer::new(url, from, page(), links.clone()).expect("a mailer"), links)
}

fn claimed(kind: NotificationKind, subscriber_id: i64, event_id: i64, target: &str) -> Claimed {
    Claimed {
        delivery_id: event_id * 100 + subscriber_id,
        attempt: 1,
        event_id,
        event_kind: kind,
        payload: String::new(),
        subscriber_id,
        kind: SubscriberKind::Email,
        target: target.into(),
        secret: None,
        link_nonce: NONCE.into(),
    }
}

fn incident(bodies: &[(IncidentStatus, &str)]) -> Incident {
    let at = Utc.with_ymd_and_hms(2020, 10, 28, 6, 50, 0).unwrap();
    let updates = bodies
        .iter()
        .enumerate()
        .map(|(i, (status, body))| {
            let shown = at + chrono::Duration::minutes(3 + 30 * i as i64);
            IncidentUpdate {
                id: 40 + i as i64,
                incident_id: 9,
                status: *status,
                body: body.to_string(),
                display_at: shown,
                created_at: shown,
                updated_at: shown,
                version: 1,
                changes: vec![],
                notify: true,
            }
        })
        .collect();
    Incident {
        id: 9,
        title: "API errors".into(),
        impact: Impact::Major,
        status: bodies.last().map(|b| b.0).unwrap_or(IncidentStatus::Investigating),
        started_at: at,
        resolved_at: None,
        created_at: at,
        updated_at: at,
        version: 1,
        updates,
        affected: vec![
            AffectedComponent { component_id: 1, name: "REST API".into(), group: Some("Developer APIs".into()) },
            AffectedComponent { component_id: 2, name: "Dashboard".into(), group: None },
        ],
        postmortem: None,
    }
}

/// One delivery of a `kind` event to `target` through `mailer`.
async fn send(
    mailer: &Mailer,
    kind: NotificationKind,
    subscriber: i64,
    event: i64,
    target: &str,
    snapshot: &Snapshot,
) -> Outcome {
    mailer.deliver(&claimed(kind, subscriber, event, target), snapshot).await
}

/// The mail for `d`, its links signed as the Mailer signs them when it delivers.
async fn compose(mailer: &Mailer, links: &Links, d: &Claimed, snapshot: &Snapshot) -> Vec<u8> {
    let token = links.sign(link_purpose(d.event_kind), d.subscriber_id, &d.link_nonce, Utc::now()).await.unwrap();
    mailer.compose(d, snapshot, &token).expect("a mail").formatted()
}

/// The text and HTML parts of a multipart/alternative mail, in that order, or a panic saying why not.
fn alternative(raw: &[u8]) -> (String, String) {
    let mail = MessageParser::default().parse(raw).expect("a parsable mail");
    let root = mail.root_part();
    let ct = mail.content_type().expect("a content type");
    assert_eq!((ct.ctype(), ct.subtype()), ("multipart", Some("alternative")), "{}", String::from_utf8_lossy(raw));
    let PartType::Multipart(ids) = &root.body else { panic!("multipart body") };
    assert_eq!(ids.len(), 2, "a text and an HTML part");
    let part = |i: usize| mail.part(ids[i]).expect("the part");
    let (text, html) = (part(0), part(1));
    let kinds = [text, html].map(|p| p.content_type().map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or(""))));
    assert_eq!(kinds, [Some("text/plain".into()), Some("text/html".into())], "plain text first, then HTML");
    let (PartType::Text(text), PartType::Html(html)) = (&text.body, &html.body) else { panic!("text and html") };
    (text.to_string(), html.to_string())
}

fn header(raw: &[u8], name: &str) -> Option<String> {
    let mail = MessageParser::default().parse(raw)?;
    mail.header_raw(name).map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Every `href` in the HTML, read by an HTML parser.
fn hrefs(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    doc.select(&Selector::parse("a[href]").unwrap()).filter_map(|a| a.value().attr("href").map(String::from)).collect()
}

/// The token at the end of `url` after `prefix`, checked as a signed link of `purpose` for `subscriber`.
async fn token_after(links: &Links, url: &str, prefix: &str, purpose: Purpose, subscriber: i64) -> String {
    let token = url.strip_prefix(prefix).unwrap_or_else(|| panic!("{url} does not start with {prefix}"));
    let link = Links::parse(token, purpose).expect("a link of its purpose");
    assert_eq!(link.subscriber_id, subscriber);
    links.check(&link, Some(NONCE), Utc::now()).await.expect("a valid signature");
    token.to_string()
}

#[tokio::test]
async fn an_incident_mail_has_both_parts_its_facts_links_and_one_click_unsubscribe() {
    let (mailer, links) = mailer("smtp://127.0.0.1:1").await;
    let incident = incident(&[(IncidentStatus::Investigating, "We are looking into **errors** on the API.")]);
    let d = claimed(NotificationKind::IncidentCreated, 7, 1, "ada@example.com");
    let raw = compose(&mailer, &links, &d, &Snapshot::Incident { incident, update_id: 40 }).await;
    let mail = MessageParser::default().parse(&raw).unwrap();
    assert_eq!(mail.subject(), Some("[Acme Status] Investigating: API errors"));
    assert_eq!(mail.to().and_then(|a| a.first()).and_then(|a| a.address()), Some("ada@example.com"));
    assert_eq!(mail.from().and_then(|a| a.first()).and_then(|a| a.address()), Some("status@acme.test"));
    assert_eq!(header(&raw, "Auto-Submitted").as_deref(), Some("auto-generated"));

    let (text, html) = alternative(&raw);
    for part in [&text, &html] {
        assert!(part.contains("Acme Status"), "{part}");
        assert!(part.contains("API errors"), "{part}");
        assert!(part.contains("Investigating"), "{part}");
        assert!(part.contains("Oct 27, 2020 - 23:53 PDT"), "the update's time in the page's zone: {part}");
        assert!(part.contains("Developer APIs (REST API) and Dashboard"), "{part}");
        assert!(part.contains("https://status.acme.test/incidents/9"), "{part}");
    }
    assert!(text.contains("We are looking into **errors** on the API."), "Markdown as written: {text}");
    assert!(html.contains("<strong>errors</strong>"), "Markdown rendered: {html}");

    // The manage and unsubscribe links, in both parts and in the RFC 8058 headers.
    let base = "https://status.acme.test/subscribe/";
    let all = hrefs(&html);
    let manage = all.iter().find(|h| h.starts_with(&format!("{base}manage/"))).expect("a manage link");
    let token = token_after(&links, manage, &format!("{base}manage/"), Purpose::Manage, 7).await;
    let unsubscribe = format!("{base}unsubscribe/{token}");
    assert!(all.contains(&unsubscribe), "{all:?}");
    assert!(text.contains(manage.as_str()) && text.contains(&unsubscribe), "{text}");
    assert_eq!(header(&raw, "List-Unsubscribe"), Some(format!("<{unsubscribe}>")));
    assert_eq!(header(&raw, "List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
    assert!(!all.iter().any(|h| h.contains("/subscribe/confirm/")), "no confirm link outside confirmations");
}

#[tokio::test]
async fn mails_of_one_incident_thread_under_its_first() {
    let (mailer, links) = mailer("smtp://127.0.0.1:1").await;
    let incident = incident(&[
        (IncidentStatus::Investigating, "Looking."),
        (IncidentStatus::Investigating, "Still looking."),
        (IncidentStatus::Resolved, "Fixed."),
    ]);
    let snap = |update_id| Snapshot::Incident { incident: incident.clone(), update_id };
    let created =
        compose(&mailer, &links, &claimed(NotificationKind::IncidentCreated, 7, 1, "a@x.test"), &snap(40)).await;
    let update =
        compose(&mailer, &links, &claimed(NotificationKind::IncidentUpdated, 7, 2, "a@x.test"), &snap(41)).await;
    let resolved =
        compose(&mailer, &links, &claimed(NotificationKind::IncidentUpdated, 7, 3, "a@x.test"), &snap(42)).await;
    let parse = |raw| MessageParser::default().parse(raw).unwrap();
    let (created, update, resolved) = (parse(&created), parse(&update), parse(&resolved));

    let root = created.message_id().expect("a Message-ID").to_string();
    assert_eq!(root, "incident-9-7@status.acme.test");
    assert_eq!(update.subject(), Some("[Acme Status] Update: API errors"), "a repeated status reads Update");
    assert_eq!(resolved.subject(), Some("[Acme Status] Resolved: API errors"));
    let mut ids = vec![root.clone()];
    for mail in [&update, &resolved] {
        assert_eq!(mail.in_reply_to().as_text(), Some(root.as_str()), "In-Reply-To names the first mail");
        assert_eq!(mail.references().as_text_list().map(|l| l.to_vec()), Some(vec![root.clone().into()]));
        ids.push(mail.message_id().expect("a Message-ID").to_string());
    }
    assert_eq!(ids[1], "incident-9-update-41-7@status.acme.test");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3, "every mail is its own message");

    // The same update to another subscriber is another message in the same kind of thread.
    let other =
        compose(&mailer, &links, &claimed(NotificationKind::IncidentUpdated, 8, 2, "b@x.test"), &snap(41)).await;
    let other = parse(&other);
    assert_eq!(other.message_id(), Some("incident-9-update-41-8@status.acme.test"));
    assert_eq!(other.in_reply_to().as_text(), Some("incident-9-8@status.acme.test"));
}

#[tokio::test]
async fn the_html_stays_inert_whatever_the_update_holds() {
    let (mailer, links) = mailer("smtp://127.0.0.1:1").await;
    let inline =
        "**bold** <script>alert(1)</script> <img src=x onerror=alert(1)> ![pixel](https://tracker.test/p.gif) \
                  [bad](javascript:alert(1)) <a href=\"https://evil.test\" onclick=\"x()\">a</a>";
    // A body that opens with a tag is an HTML block to Markdown: shown whole as text.
    let block = "<script>alert(1)</script> <img src=x onerror=alert(1)> **bold**";
    for body in [inline, block] {
        let incident = incident(&[(IncidentStatus::Identified, body)]);
        let d = claimed(NotificationKind::IncidentCreated, 7, 1, "ada@example.com");
        let raw = compose(&mailer, &links, &d, &Snapshot::Incident { incident, update_id: 40 }).await;
        let (_, html) = alternative(&raw);
        let doc = Html::parse_document(&html);
        for tag in ["script", "img", "iframe", "object", "embed", "link", "style", "form"] {
            assert_eq!(doc.select(&Selector::parse(tag).unwrap()).count(), 0, "no <{tag}>: {html}");
        }
        for element in doc.select(&Selector::parse("*").unwrap()) {
            for (name, value) in element.value().attrs() {
                assert!(!name.to_ascii_lowercase().starts_with("on"), "an event handler {name}: {html}");
                assert!(!value.to_ascii_lowercase().contains("javascript:"), "{name}={value}: {html}");
                assert_ne!(name, "src", "nothing is loaded from elsewhere: {html}");
            }
        }
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "raw HTML is shown as text: {html}");
        assert!(!hrefs(&html).iter().any(|h| h.contains("evil.test")), "{html}");
    }
    let incident = incident(&[(IncidentStatus::Identified, inline)]);
    let d = claimed(NotificationKind::IncidentCreated, 7, 1, "ada@example.com");
    let (_, html) = alternative(&compose(&mailer, &links, &d, &Snapshot::Incident { incident, update_id: 40 }).await);
    assert!(html.contains("<strong>bold</strong>"), "{html}");
    assert!(!html.contains("tracker.test") && html.contains("pixel"), "an image is its alt text: {html}");
}

#[tokio::test]
async fn a_confirmation_holds_only_its_confirm_link() {
    let (mailer, links) = mailer("smtp://127.0.0.1:1").await;
    let d = claimed(NotificationKind::Confirmation, 7, 5, "ada@example.com");
    let raw = compose(&mailer, &links, &d, &Snapshot::Subscription).await;
    let mail = MessageParser::default().parse(&raw).unwrap();
    assert_eq!(mail.subject(), Some("[Acme Status] Confirm your subscription"));
    let (text, html) = alternative(&raw);
    let all = hrefs(&html);
    assert_eq!(all.len(), 1, "one link: {all:?}");
    let prefix = "https://status.acme.test/subscribe/confirm/";
    token_after(&links, &all[0], prefix, Purpose::Confirm, 7).await;
    for part in [&text, &html] {
        assert!(part.contains(all[0].as_str()), "{part}");
        assert!(part.contains("expires in 48 hours"), "{part}");
        assert!(part.contains("Nothing will be sent to this address before it is clicked"), "{part}");
        assert!(!part.contains("/subscribe/manage/") && !part.contains("/subscribe/unsubscribe/"), "{part}");
    }
    assert_eq!(header(&raw, "List-Unsubscribe"), None, "nothing to unsubscribe from yet");
    assert_eq!(header(&raw, "List-Unsubscribe-Post"), None);
}

#[tokio::test]
async fn a_manage_link_mail_and_a_maintenance_mail_carry_manage_and_unsubscribe_links() {
    let (mailer, links) = mailer("smtp://127.0.0.1:1").await;
    let d = claimed(NotificationKind::ManageLink, 7, 6, "a@x.test");
    let manage = compose(&mailer, &links, &d, &Snapshot::Subscription).await;
    assert_eq!(MessageParser::default().parse(&manage).unwrap().subject(), Some("[Acme Status] Your subscription"));

    let at = Utc.with_ymd_and_hms(2020, 11, 10, 17, 0, 0).unwrap();
    let maintenance = Maintenance {
        id: 3,
        title: "DB upgrade".into(),
        status: MaintenanceStatus::Scheduled,
        scheduled_for: at,
        scheduled_until: at + chrono::Duration::hours(2),
        auto_start: true,
        auto_complete: true,
        created_at: at,
        updated_at: at,
        updates: vec![MaintenanceUpdate {
            id: 30,
            maintenance_id: 3,
            status: MaintenanceStatus::Scheduled,
            body: "The database moves to a new version.".into(),
            display_at: at,
            created_at: at,
            notify: true,
        }],
        affected: vec![AffectedComponent { component_id: 1, name: "REST API".into(), group: None }],
    };
    let snapshot = Snapshot::Maintenance { maintenance: maintenance.clone(), update_id: Some(30) };
    let d = claimed(NotificationKind::MaintenanceScheduled, 7, 7, "a@x.test");
    let scheduled = compose(&mailer, &links, &d, &snapshot).await;
    let mail = MessageParser::default().parse(&scheduled).unwrap();
    assert_eq!(mail.subject(), Some("[Acme Status] Scheduled maintenance: DB upgrade"));
    assert_eq!(mail.message_id(), Some("maintenance-3-7@status.acme.test"), "the thread's root");
    let (text, html) = alternative(&scheduled);
    assert!(text.contains("Window: Nov 10, 2020 - 09:00 PST to Nov 10, 2020 - 11:00 PST"), "{text}");
    assert!(text.contains("The database moves to a new version.") && text.contains("Components: REST API."), "{text}");
    assert!(hrefs(&html).contains(&"https://status.acme.test/maintenance/3".to_string()), "its own page: {html}");
    let lines = text.replace("\r\n", "\n");
    assert!(lines.contains("View this maintenance:\nhttps://status.acme.test/maintenance/3\n"), "{text}");

    let started = Snapshot::Maintenance { maintenance, update_id: None };
    let d = claimed(NotificationKind::MaintenanceStarted, 7, 8, "a@x.test");
    let started = compose(&mailer, &links, &d, &started).await;
    let started = MessageParser::default().parse(&started).unwrap();
    assert_eq!(started.in_reply_to().as_text(), Some("maintenance-3-7@status.acme.test"));

    for raw in [&manage, &scheduled] {
        let (text, html) = alternative(raw);
        let all = hrefs(&html);
        let prefix = "https://status.acme.test/subscribe/manage/";
        let manage = all.iter().find(|h| h.starts_with(prefix)).unwrap_or_else(|| panic!("a manage link: {all:?}"));
        let token = token_after(&links, manage, prefix, Purpose::Manage, 7).await;
        let unsubscribe = format!("https://status.acme.test/subscribe/unsubscribe/{token}");
        assert!(all.contains(&unsubscribe) && text.contains(&unsubscribe), "{text}");
        assert_eq!(header(raw, "List-Unsubscribe"), Some(format!("<{unsubscribe}>")));
        assert_eq!(header(raw, "List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
    }
}

#[tokio::test]
async fn mails_reach_a_real_smtp_server_and_its_replies_become_outcomes() {
    let Some(sink) = SmtpSink::start() else { return };
    let (mailer, _) = mailer(&sink.url()).await;
    let incident = incident(&[(IncidentStatus::Investigating, "Looking."), (IncidentStatus::Monitoring, "Better.")]);
    let snap = |update_id| Snapshot::Incident { incident: incident.clone(), update_id };
    let mut sent = 0;
    for subscriber in 1..=4 {
        for (event, kind, update) in
            [(1, NotificationKind::IncidentCreated, 40), (2, NotificationKind::IncidentUpdated, 41)]
        {
            let outcome =
                send(&mailer, kind, subscriber, event, &format!("user{subscriber}@example.com"), &snap(update)).await;
            assert!(outcome.ok && !outcome.permanent, "{outcome:?}");
            assert_eq!(outcome.code, Some(250), "{outcome:?}");
            assert!(outcome.detail.contains("accepted"), "the server's reply is kept: {outcome:?}");
            sent += 1;
        }
    }
    let mails = sink.wait_for(sent, 10).await;
    assert_eq!(mails.len(), sent);
    let mut connections = Vec::new();
    for (i, raw) in mails.iter().enumerate() {
        let subscriber = i / 2 + 1;
        assert!(raw.starts_with(&format!("X-Envelope-To: user{subscriber}@example.com")), "{raw}");
        connections.push(header(raw.as_bytes(), "X-Client-Port").expect("the sink's X-Client-Port"));
        alternative(raw.as_bytes());
    }
    connections.sort();
    connections.dedup();
    // The pool: a few connections at most, each carrying many mails.
    assert!(connections.len() <= 3, "{} connections for {sent} mails: {connections:?}", connections.len());

    // A 5xx is permanent, a 4xx is tried again, and the pool goes on serving afterwards.
    let update = snap(41);
    let refused = send(&mailer, NotificationKind::IncidentUpdated, 9, 2, "refuse@example.com", &update).await;
    assert!(!refused.ok && refused.permanent && refused.code == Some(550), "{refused:?}");
    assert!(refused.detail.contains("No such mailbox"), "{refused:?}");
    let busy = send(&mailer, NotificationKind::IncidentUpdated, 10, 2, "busy@example.com", &update).await;
    assert!(!busy.ok && !busy.permanent && busy.code == Some(451), "{busy:?}");
    let after = send(&mailer, NotificationKind::IncidentUpdated, 11, 2, "late@example.com", &update).await;
    assert!(after.ok && after.code == Some(250), "{after:?}");
    assert_eq!(sink.wait_for(sent + 1, 10).await.len(), sent + 1, "refused mails are not delivered");

    // Not an email matter: nothing is sent, and nothing is retried.
    let component = send(&mailer, NotificationKind::ComponentUpdated, 1, 3, "user1@example.com", &update).await;
    assert!(component.ok && component.code.is_none(), "{component:?}");
    let wrong = send(&mailer, NotificationKind::Confirmation, 1, 4, "not an address", &Snapshot::Subscription).await;
    assert!(!wrong.ok && wrong.permanent, "{wrong:?}");
}

#[tokio::test]
async fn a_server_that_is_down_is_a_failure_to_retry_without_the_password() {
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let secret = "s3cr3t-pa55";
    let (mailer, _) = mailer(&format!("smtp://beacon:{secret}@127.0.0.1:{port}")).await;
    assert!(!format!("{mailer:?}").contains(secret));
    let incident = incident(&[(IncidentStatus::Investigating, "Looking.")]);
    let d = claimed(NotificationKind::IncidentCreated, 7, 1, "ada@example.com");
    let outcome = mailer.deliver(&d, &Snapshot::Incident { incident, update_id: 40 }).await;
    assert!(!outcome.ok && !outcome.permanent && outcome.code.is_none(), "{outcome:?}");
    assert!(outcome.detail.contains(&format!("127.0.0.1:{port}")), "says which server: {outcome:?}");
    assert!(!outcome.detail.contains(secret), "{outcome:?}");
}

#[tokio::test]
async fn an_unreadable_smtp_url_names_the_flag_and_never_the_password() {
    let links = links().await;
    let from: lettre::message::Mailbox = "status@acme.test".parse().unwrap();
    for url in
        ["not a url", "ftp://user:hunter2@mail.test", "smtp://user:hunter2@", "smtp://user:hunter2@mail.test?tls=maybe"]
    {
        let err = Mailer::new(url, from.clone(), page(), links.clone()).expect_err(url);
        assert!(err.contains("--smtp-url"), "{url}: {err}");
        assert!(!err.contains("hunter2"), "{url}: {err}");
        assert!(err.contains("smtps://"), "says what to type: {err}");
    }
}

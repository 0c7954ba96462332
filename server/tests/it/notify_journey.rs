//! A reader's whole journey by email, through a real `beacon serve` and a real SMTP server
//! (aiosmtpd): subscribe on /subscribe, nothing before confirming, confirm by the link in the
//! mail, hear of an incident's updates (threaded), open the manage page, unsubscribe with the
//! RFC 8058 one-click POST (no cookie, no Origin), and hear nothing after that.

use crate::peers::SmtpSink;
use crate::process::{exchange, get, site_root, start_with};
use app::domain::Role;
use mail_parser::MessageParser;
use server::store::{Actor, Engine, NewToken, Store};
use std::time::Duration;

fn link(mail: &str, path: &str) -> String {
    let parsed = MessageParser::default().parse(mail.as_bytes()).expect("a parsable mail");
    let text = parsed.body_text(0).expect("a text part").into_owned();
    let start = text.find(path).unwrap_or_else(|| panic!("no {path} link in:\n{text}"));
    text[start..].split(|c: char| c.is_whitespace() || c == '>' || c == ')').next().unwrap().to_string()
}

fn header(mail: &str, name: &str) -> String {
    let parsed = MessageParser::default().parse(mail.as_bytes()).expect("a parsable mail");
    match name {
        // Read as written: the parser decodes these, the test wants their text.
        "List-Unsubscribe" | "List-Unsubscribe-Post" | "References" => {
            parsed.header_raw(name).map(|v| v.split_whitespace().collect::<Vec<_>>().join(" ")).unwrap_or_default()
        }
        "Message-ID" => parsed.message_id().map(|id| format!("<{id}>")).unwrap_or_default(),
        "Subject" => parsed.subject().unwrap_or_default().to_string(),
        _ => panic!("no reader for {name}"),
    }
}

async fn post_incident(addr: &str, token: &str, name: &str) -> i64 {
    let body = serde_json::json!({"name": name, "status": "investigating", "impact": "minor", "body": "Looking."});
    let head =
        format!("POST /api/v1/incidents HTTP/1.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json");
    let reply = exchange(addr, &head, &body.to_string()).await.unwrap();
    assert_eq!(reply.status, 201, "{}", reply.body);
    serde_json::from_str::<serde_json::Value>(&reply.body).unwrap()["id"].as_i64().unwrap()
}

async fn post_update(addr: &str, token: &str, id: i64, status: &str, text: &str) {
    let body = serde_json::json!({"status": status, "body": text});
    let head = format!(
        "POST /api/v1/incidents/{id}/updates HTTP/1.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json"
    );
    let reply = exchange(addr, &head, &body.to_string()).await.unwrap();
    assert_eq!(reply.status, 201, "{}", reply.body);
}

#[tokio::test]
async fn a_reader_subscribes_confirms_hears_manages_and_unsubscribes_by_email() {
    let Some(sink) = SmtpSink::start() else { return };
    let url = server::testing::fresh_database_url(Engine::Sqlite).await.unwrap();
    let store = Store::connect(&url).await.unwrap();
    let new = NewToken { name: "writer".into(), role: Role::Editor, expires_at: None };
    let token = store.create_token(&Actor::System, new).await.unwrap().1;
    let (root, data) = (site_root(), server::testing::temp_dir("data"));
    let smtp = sink.url();
    let extra = ["--smtp-url", &smtp, "--mail-from", "Status <status@example.com>", "--retry-seconds", "1"];
    let beacon = start_with(&url, &root, &data, &extra).await;
    let addr = beacon.addr.clone();

    let head =
        format!("POST /subscribe HTTP/1.1\r\nOrigin: http://{addr}\r\nContent-Type: application/x-www-form-urlencoded");
    let reply = exchange(&addr, &head, "kind=email&email=reader%40example.com&scope=all").await.unwrap();
    assert_eq!(reply.status, 200, "{}", reply.body);
    let mails = sink.wait_for(1, 20).await;
    assert_eq!(mails.len(), 1, "the confirmation");
    assert!(header(&mails[0], "Subject").contains("Confirm"), "{}", header(&mails[0], "Subject"));
    let confirm = link(&mails[0], "/subscribe/confirm/");

    // Not confirmed yet: an incident tells this address nothing.
    let early = post_incident(&addr, &token, "Before confirming").await;
    post_update(&addr, &token, early, "resolved", "Done.").await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(sink.mails().len(), 1, "nothing but the confirmation before it is followed");

    let confirmed = get(&addr, &confirm).await.unwrap();
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);

    let id = post_incident(&addr, &token, "Elevated API errors").await;
    post_update(&addr, &token, id, "identified", "The cause is a bad deploy.").await;
    let mails = sink.wait_for(3, 30).await;
    assert_eq!(mails.len(), 3, "the incident and its update");
    let (first, second) = (&mails[1], &mails[2]);
    assert!(header(first, "Subject").contains("Elevated API errors"));
    assert!(second.contains("The cause is a bad deploy."));
    let root_id = header(first, "Message-ID");
    assert!(!root_id.is_empty() && header(second, "References").contains(&root_id), "threaded under the first");
    assert!(header(second, "List-Unsubscribe-Post").contains("List-Unsubscribe=One-Click"));
    let one_click = header(second, "List-Unsubscribe");
    let one_click = one_click.trim_matches(|c| c == '<' || c == '>').to_string();
    assert!(one_click.contains("/subscribe/unsubscribe/"), "{one_click}");

    let manage_link = link(second, "/subscribe/manage/");
    let manage = get(&addr, &manage_link).await.unwrap();
    assert_eq!(manage.status, 200, "{}\n{}", manage.head, manage.body);
    assert!(manage.body.contains("reader@example.com"), "the manage page says which subscription");

    // The mail provider's one-click POST: no cookie, no Origin.
    let path = one_click.split_once(&addr).map(|(_, p)| p.to_string()).expect("a link to this server");
    let head = format!("POST {path} HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded");
    let gone = exchange(&addr, &head, "List-Unsubscribe=One-Click").await.unwrap();
    assert_eq!(gone.status, 200, "{}", gone.body);

    post_update(&addr, &token, id, "resolved", "Fixed.").await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(sink.mails().len(), 3, "nothing after unsubscribing");
}

//! The public pages in every language of `app/locales/`: each renders `/`, an incident page and
//! `/history` in its own words (no English left, no message id shown), right to left where the
//! language is; the language is chosen by `?lang=` (kept in a cookie), the browser's languages
//! when the page follows them, and the page's default; the public cache keeps a copy per language
//! and says `Vary`.

use crate::common::{app, get, send, texts};
use app::domain::settings::PageSettingsInput;
use app::i18n::LANGUAGES;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use scraper::{Html, Selector};
use server::store::{Actor, Store};
use std::collections::BTreeMap;

/// A message file's single-line messages: id and text.
fn file(tag: &str) -> BTreeMap<String, String> {
    let path = format!("{}/../app/locales/{tag}.ftl", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .filter_map(|line| {
            let (id, text) = line.split_once(" = ")?;
            let id_like = id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
            (id_like && !text.trim().is_empty()).then(|| (id.to_string(), text.trim().to_string()))
        })
        .collect()
}

/// What a visitor reads: the text of `<body>`, the title, the description and the labels.
fn words(html: &Html) -> String {
    let mut out: Vec<String> = texts(html, "title");
    out.extend(texts(html, "body"));
    for attr in ["aria-label", "alt", "title", "placeholder"] {
        let sel = Selector::parse(&format!("body [{attr}]")).expect("selector");
        out.extend(html.select(&sel).filter_map(|e| e.value().attr(attr)).map(str::to_string));
    }
    let sel = Selector::parse("meta[name=description]").expect("selector");
    out.extend(html.select(&sel).filter_map(|e| e.value().attr("content")).map(str::to_string));
    out.join("\n")
}

async fn get_with(app: &Router, path: &str, header: (&str, &str)) -> crate::common::Page {
    send(app, Request::get(path).header(header.0, header.1).body(Body::empty()).expect("request")).await
}

#[tokio::test]
async fn every_language_renders_the_home_page_an_incident_and_the_history_in_its_own_words() {
    let (app, store) = app("Europe/Berlin", true).await;
    let (incidents, _) = store.history_page(None, 25).await.unwrap();
    let resolved = incidents.iter().find(|i| i.title == "Elevated API error rates").unwrap();
    let english = file("en");
    let paths = ["/".to_string(), format!("/incidents/{}", resolved.id), "/history".to_string()];
    assert!(LANGUAGES.len() >= 6, "{LANGUAGES:?}");
    for (tag, name) in LANGUAGES {
        let own = file(tag);
        for path in &paths {
            let page = get(&app, &format!("{path}?lang={tag}")).await;
            assert_eq!(page.status, StatusCode::OK, "{path} in {tag}");
            let html = page.html();
            let root = html.root_element();
            assert_eq!(root.value().attr("lang"), Some(*tag), "{path}");
            let dir = if *tag == "ar" { "rtl" } else { "ltr" };
            assert_eq!(root.value().attr("dir"), Some(dir), "{path} in {tag}");
            let shown = words(&html);
            // No message id where its text belongs (a message missing from every file).
            for id in english.keys().filter(|id| id.contains('-')) {
                assert!(!shown.contains(id.as_str()), "{path} in {tag} shows the id {id}");
            }
            // No English left: no English message of two words or more that this language words
            // differently.
            if *tag != "en" {
                for (id, text) in english.iter().filter(|(_, t)| !t.contains('{') && t.contains(' ')) {
                    if own.get(id) != Some(text) {
                        assert!(
                            !shown.contains(text.as_str()),
                            "{path} in {tag} ({name}) shows English: {id} = {text}"
                        );
                    }
                }
            }
            // The language's own name, as the footer's switch shows the current one.
            assert!(texts(&html, ".languages [aria-current]").contains(&name.to_string()), "{path} in {tag}");
        }
    }
    // The words themselves come from the files: the banner in German, the history in Japanese.
    let de = file("de");
    let html = get(&app, "/?lang=de").await.html();
    assert_eq!(texts(&html, "h1"), [de["overall-major"].clone()]);
    let ja = file("ja");
    let html = get(&app, "/history?lang=ja").await.html();
    assert_eq!(texts(&html, "h1"), [ja["history-heading"].clone()]);
}

async fn settings(store: &Store, language: &str, follow: bool) {
    let now = store.page_settings().await.unwrap().unwrap();
    let input = PageSettingsInput {
        language: language.into(),
        follow_browser_language: follow,
        ..PageSettingsInput::from_settings(&now)
    };
    store.update_page_settings(&Actor::System, &input, None).await.unwrap();
}

#[tokio::test]
async fn the_language_comes_from_the_link_the_cookie_the_browser_and_the_page_in_that_order() {
    let (app, store) = app("UTC", true).await;
    let banner = |tag: &str| file(tag)["overall-major"].clone();

    // A new page speaks English, and follows the browser.
    let page = get(&app, "/").await;
    assert_eq!(texts(&page.html(), "h1"), [banner("en")]);
    let vary = page.headers.get_all("vary").iter().map(|v| v.to_str().unwrap().to_string()).collect::<Vec<_>>();
    assert!(vary.iter().any(|v| v.contains("Accept-Language") && v.contains("Cookie")), "{vary:?}");
    assert!(page.headers.get("set-cookie").is_none(), "no choice, no cookie");
    let page = get_with(&app, "/", ("accept-language", "fr-CH, fr;q=0.9, en;q=0.8")).await;
    assert_eq!(texts(&page.html(), "h1"), [banner("fr")]);

    // The footer's link chooses, and the choice is kept in a cookie that wins over the browser.
    let page = get_with(&app, "/?lang=ja", ("accept-language", "fr")).await;
    assert_eq!(texts(&page.html(), "h1"), [banner("ja")]);
    let cookie = page.headers.get("set-cookie").expect("the choice is kept").to_str().unwrap().to_string();
    assert!(cookie.starts_with("lang=ja;") && cookie.contains("Path=/") && cookie.contains("SameSite=Lax"), "{cookie}");
    let request = Request::get("/history").header("accept-language", "fr").header("cookie", "lang=ja");
    let page = send(&app, request.body(Body::empty()).unwrap()).await;
    assert_eq!(texts(&page.html(), "h1"), [file("ja")["history-heading"].clone()]);
    // An unknown language is no choice.
    let page = get(&app, "/?lang=xx").await;
    assert_eq!((page.status, page.headers.get("set-cookie").is_none()), (StatusCode::OK, true));

    // The page's default, and a page that does not follow browsers.
    settings(&store, "es", false).await;
    let page = get_with(&app, "/", ("accept-language", "de")).await;
    assert_eq!(texts(&page.html(), "h1"), [banner("es")], "the browser is not followed now");
    let page = get_with(&app, "/?lang=ar", ("accept-language", "de")).await;
    assert_eq!(texts(&page.html(), "h1"), [banner("ar")], "a visitor's choice still is");

    // Badges, feeds and the error pages speak it too.
    let badge = get(&app, "/badge.svg?lang=de").await.body;
    assert!(badge.contains(&banner("de")), "{badge}");
    let feed = get(&app, "/history.rss?lang=fr").await.body;
    let title = file("fr")["feed-title"].replace("{ $page }", "Example Status");
    assert!(feed.contains(&format!("<title>{title}</title>")), "{feed}");
    let missing = get(&app, "/nothing/here?lang=de").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(texts(&missing.html(), "h1"), [file("de")["error-not-found"].clone()]);

    // A refused subscription says what to fix in the visitor's language; the API keeps English.
    let refused =
        crate::common::post_form(&app, "/subscribe?lang=de", "kind=webhook&url=ftp%3A%2F%2Fx&scope=all", None).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert_eq!(texts(&refused.html(), "#url-error"), [file("de")["refuse-url-scheme"].clone()]);
    let refused = crate::common::post_form(
        &app,
        "/subscribe?lang=ja",
        "kind=webhook&url=https%3A%2F%2Fx.example&scope=some",
        None,
    )
    .await;
    assert_eq!(texts(&refused.html(), "#components-error"), [file("ja")["refuse-components"].clone()]);

    let bad_link = get(&app, "/history/after/zzz?lang=fr").await;
    assert_eq!(bad_link.status, StatusCode::BAD_REQUEST);
    let said = file("fr")["refuse-history-link"].split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(texts(&bad_link.html(), ".error-page p:first-of-type"), [said]);

    // An unknown default language is refused, naming the field.
    let now = store.page_settings().await.unwrap().unwrap();
    let input = PageSettingsInput { language: "tlh".into(), ..PageSettingsInput::from_settings(&now) };
    let refused = store.update_page_settings(&Actor::System, &input, None).await.unwrap_err();
    assert!(refused.to_string().contains("language"), "{refused}");
}

//! Which language a visitor reads the public pages in, decided in one place: `?lang=` (the
//! footer's links, which work without JavaScript), then the `lang` cookie those links leave, then
//! the browser's `Accept-Language` when the page follows it (a setting, on by default), then the
//! page's own language (`app::i18n::Lang::choose`). Handlers take [`Speaking`]: the app's state
//! answering in that language, so that the public cache keeps a copy per language
//! (`http::cached`). The [`remember`] layer says `Vary` and keeps a `?lang=` choice in the cookie.

use crate::cache::Key;
use crate::state::AppState;
use app::i18n::Lang;
use axum::extract::{FromRequestParts, Request};
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE, SET_COOKIE, VARY};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::convert::Infallible;

/// The cookie a `?lang=` choice is remembered in, for a year.
pub const COOKIE_NAME: &str = "lang";
const COOKIE_MAX_AGE: u32 = 365 * 24 * 3600;

/// The app's state, answering in the request's language.
pub struct Speaking(pub AppState);

impl FromRequestParts<AppState> for Speaking {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Speaking, Infallible> {
        // The settings of the latest change (a lookup unless one came since they were read); a
        // reader does not queue behind another request's lookup (`cache::wants_newest`).
        state.page.fresh_or_last(|| crate::cache::wants_newest(&parts.headers)).await;
        Ok(Speaking(state.speaking(of_request(state, parts.uri.query(), &parts.headers))))
    }
}

/// The public cache's key of `key` in the state's language: a copy per language.
pub fn spoken_key(state: &AppState, key: impl Into<Key>) -> Key {
    format!("{} {}", key.into(), state.site().lang.tag()).into()
}

/// The language of a request with `query` and `headers`.
pub fn of_request(state: &AppState, query: Option<&str>, headers: &HeaderMap) -> Lang {
    let settings = state.page.settings();
    let accept = headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    Lang::choose(
        asked(query).as_deref(),
        cookie(headers).as_deref(),
        accept,
        &settings.language,
        settings.follow_browser_language,
    )
}

/// The `lang` of a query string, if any.
fn asked(query: Option<&str>) -> Option<String> {
    url::form_urlencoded::parse(query?.as_bytes()).find(|(k, _)| k == "lang").map(|(_, v)| v.into_owned())
}

fn cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(COOKIE_NAME)?.strip_prefix('=').map(str::to_string))
}

/// The layer of the routes that answer in a language: every answer varies by the browser's
/// languages and the cookie; a `?lang=` naming a language the pages speak is kept in the cookie
/// (unless the cookie says so already).
pub async fn remember(request: Request, next: Next) -> Response {
    let chosen = asked(request.uri().query()).and_then(|tag| Lang::find(&tag));
    let kept = cookie(request.headers());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.append(VARY, HeaderValue::from_static("Accept-Language, Cookie"));
    if let Some(lang) = chosen.filter(|l| kept.as_deref() != Some(l.tag())) {
        let value = format!("{COOKIE_NAME}={}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax", lang.tag());
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.append(SET_COOKIE, value);
        }
    }
    response
}

//! Security headers on every answer, by what it is: the public pages may run only their own script
//! and stylesheet; the console also its inline hydration scripts, allowed by a nonce made per
//! request (the console's shell reads it from the request, see `app::pages::admin::shell`), and is
//! never stored; badges and feeds may be embedded in other sites, and `/embed` framed by them;
//! nothing else may be framed.

use crate::state::AppState;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use leptos::nonce::Nonce;

/// Public pages: their stylesheet and live script, fetches and the live stream to this site,
/// images here or (in staff's Markdown) on any https address.
const PAGE: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https:; \
                    connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/// `/embed`, the status widget: its stylesheet only, and any site may frame it.
const WIDGET: &str = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'";
/// Badges and feeds: nothing runs inside them, and any site may embed them.
const EMBEDDABLE: &str = "default-src 'none'";
/// JSON, the live stream, static files, errors: nothing runs, nothing frames them.
const OTHER: &str = "default-src 'none'; frame-ancestors 'none'";
/// Browsers keep to https for a year once they have seen this over https.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// The kinds of answer, each with its own policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Console,
    Embeddable,
    Widget,
    Page,
    Other,
}

/// What a path alone says of its answer's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Console,
    Embed,
    /// A badge or a feed.
    EmbeddableFile,
    Elsewhere,
}

fn place(path: &str) -> Place {
    let file = path.rsplit('/').next().unwrap_or_default();
    if path == "/admin" || path.starts_with("/admin/") {
        Place::Console
    } else if path == "/embed" {
        Place::Embed
    } else if file == "badge.svg" || file.starts_with("history.") {
        Place::EmbeddableFile
    } else {
        Place::Elsewhere
    }
}

fn kind(place: Place, headers: &HeaderMap) -> Kind {
    let html = headers.get(header::CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    match place {
        Place::Console => Kind::Console,
        Place::Embed if html => Kind::Widget,
        // Also the error page of a badge or feed address: it loads the stylesheet, and is not embedded.
        _ if html => Kind::Page,
        Place::EmbeddableFile => Kind::Embeddable,
        _ => Kind::Other,
    }
}

/// The console's policy: its own files, the inline scripts carrying `nonce`, and compiling its
/// WebAssembly bundle.
fn console_policy(nonce: &Nonce) -> String {
    format!(
        "default-src 'none'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' https:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// A request's security headers, from its start (the console's nonce) to its answer.
pub struct Secured {
    place: Place,
    nonce: Option<Nonce>,
}

impl Secured {
    /// Gives a console request its nonce.
    pub fn begin(request: &mut Request) -> Secured {
        let place = place(request.uri().path());
        let nonce = (place == Place::Console).then(Nonce::new);
        if let Some(nonce) = &nonce {
            request.extensions_mut().insert(nonce.clone());
        }
        Secured { place, nonce }
    }

    /// Puts the answer's headers on it, by its kind.
    pub fn finish(self, state: &AppState, response: &mut Response) {
        let kind = kind(self.place, response.headers());
        // A 304 has no content type to tell its kind by; a browser would put the policy it carries on
        // the page it keeps, so it carries none and the kept page keeps its own.
        let revalidated = response.status() == StatusCode::NOT_MODIFIED;
        let headers = response.headers_mut();
        if !revalidated {
            let policy = match (kind, &self.nonce) {
                (Kind::Console, Some(nonce)) => HeaderValue::from_str(&console_policy(nonce)).ok(),
                (Kind::Page, _) => Some(HeaderValue::from_static(PAGE)),
                (Kind::Embeddable, _) => Some(HeaderValue::from_static(EMBEDDABLE)),
                (Kind::Widget, _) => Some(HeaderValue::from_static(WIDGET)),
                _ => None,
            };
            headers.insert(header::CONTENT_SECURITY_POLICY, policy.unwrap_or(HeaderValue::from_static(OTHER)));
            if !matches!(kind, Kind::Embeddable | Kind::Widget) {
                headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
            }
        }
        headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        // The console's forms are checked by their Origin, which a stricter policy would blank out.
        let referrer = if kind == Kind::Console { "same-origin" } else { "strict-origin-when-cross-origin" };
        headers.insert(header::REFERRER_POLICY, HeaderValue::from_static(referrer));
        if kind == Kind::Console {
            // Per user and possibly secret: never kept by a browser or a proxy.
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
        if state.public_url.starts_with("https://") {
            headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
        }
    }
}

/// The headers of an answer made outside the router (a request that arrived too slowly).
pub fn plain(headers: &mut HeaderMap) {
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(OTHER));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        headers
    }

    fn kind(path: &str, headers: &HeaderMap) -> Kind {
        super::kind(place(path), headers)
    }

    #[test]
    fn each_route_has_its_kind() {
        assert_eq!(kind("/admin", &html()), Kind::Console);
        assert_eq!(kind("/admin/fn/dashboard", &HeaderMap::new()), Kind::Console);
        assert_eq!(kind("/administrator", &html()), Kind::Page);
        assert_eq!(kind("/badge.svg", &HeaderMap::new()), Kind::Embeddable);
        assert_eq!(kind("/components/3/badge.svg", &HeaderMap::new()), Kind::Embeddable);
        assert_eq!(kind("/history.atom", &HeaderMap::new()), Kind::Embeddable);
        assert_eq!(kind("/components/3/history.json", &HeaderMap::new()), Kind::Embeddable);
        assert_eq!(kind("/history", &html()), Kind::Page);
        assert_eq!(kind("/embed", &html()), Kind::Widget);
        assert_eq!(kind("/embed/x", &html()), Kind::Page);
        assert_eq!(kind("/components/99/badge.svg", &html()), Kind::Page, "its error page");
        assert_eq!(kind("/api/v2/summary.json", &HeaderMap::new()), Kind::Other);
    }
}

//! Cross-site request forgery: a state-changing request must come from a page of this site, as
//! its `Origin` (or, lacking that, `Referer`) header shows. Browsers set these and pages of other
//! sites cannot forge them; session cookies are also SameSite=Lax.

use crate::error::AppError;
use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The origins this site is reached at besides the request's own `Host` (its public URL).
#[derive(Clone, Debug)]
pub struct TrustedOrigins(pub Arc<Vec<String>>);

/// `scheme://host[:port]` of a URL.
pub fn origin_of(url: &str) -> Option<String> {
    let origin = url::Url::parse(url).ok()?.origin();
    origin.is_tuple().then(|| origin.ascii_serialization())
}

/// Whether a request comes from a page of this site (its `Host`, or one of `trusted`).
pub fn is_same_site(req: &Request, trusted: &TrustedOrigins) -> bool {
    let headers = req.headers();
    let claimed = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|o| *o != "null")
        .map(str::to_string)
        .or_else(|| headers.get(header::REFERER).and_then(|v| v.to_str().ok()).and_then(origin_of));
    let Some(claimed) = claimed.and_then(|c| origin_of(&c)) else {
        return false;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).map(str::to_ascii_lowercase);
    let own = host.iter().flat_map(|h| [format!("http://{h}"), format!("https://{h}")]);
    own.chain(trusted.0.iter().cloned()).any(|o| o == claimed)
}

/// Refuses state-changing requests that do not come from this site.
pub async fn same_origin(State(trusted): State<TrustedOrigins>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || is_same_site(&req, &trusted) {
        next.run(req).await
    } else {
        AppError::forbidden("Refused: this request did not come from a page of this site (cross-origin request).")
            .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_and_authority() {
        assert_eq!(origin_of("https://Status.Example.com/admin?x=1").as_deref(), Some("https://status.example.com"));
        assert_eq!(origin_of("http://127.0.0.1:3000").as_deref(), Some("http://127.0.0.1:3000"));
        assert_eq!(origin_of("nonsense"), None);
    }
}

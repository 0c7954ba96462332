//! Answers for machines (feeds, the JSON API, badges): a strong ETag from the bytes, `304 Not
//! Modified` when the client already has them, and readable from any origin.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// Ask caches to check back every time; the ETag makes that a cheap 304.
pub const REVALIDATE: &str = "public, no-cache";

/// A 200 with `body`, or a 304 when the request's `If-None-Match` names the body's ETag.
pub fn respond(
    request: &HeaderMap,
    content_type: &'static str,
    cache_control: &'static str,
    body: Vec<u8>,
) -> Response {
    let etag = etag_of(&body);
    let headers = [
        (header::ETAG, etag.clone()),
        (header::CACHE_CONTROL, cache_control.to_string()),
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*".to_string()),
    ];
    if if_none_match(request, &etag) {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    let mut response = (StatusCode::OK, headers, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// `"…"`: the first 128 bits of the body's SHA-256, so equal bytes give equal tags on every
/// instance.
pub fn etag_of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether `If-None-Match` lists `etag` (or `*`). The comparison is the weak one RFC 9110 asks for
/// here: `W/"x"` matches `"x"`.
fn if_none_match(request: &HeaderMap, etag: &str) -> bool {
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|tag| tag.trim())
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn equal_bytes_give_equal_strong_tags() {
        let tag = etag_of(b"hello");
        assert_eq!(tag, etag_of(b"hello"));
        assert_ne!(tag, etag_of(b"hello!"));
        assert!(tag.starts_with('"') && tag.ends_with('"') && tag.len() == 34);
    }

    #[test]
    fn if_none_match_lists_weak_tags_and_star() {
        let tag = etag_of(b"x");
        assert!(if_none_match(&headers(&tag), &tag));
        assert!(if_none_match(&headers(&format!("\"a\", W/{tag}")), &tag));
        assert!(if_none_match(&headers("*"), &tag));
        assert!(!if_none_match(&headers("\"a\""), &tag));
        assert!(!if_none_match(&HeaderMap::new(), &tag));
    }

    #[test]
    fn a_matching_request_gets_304_without_a_body() {
        let tag = etag_of(b"body");
        let r = respond(&headers(&tag), "text/plain", REVALIDATE, b"body".to_vec());
        assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(r.headers()[header::ETAG], tag.as_str());
        assert!(r.headers().get(header::CONTENT_TYPE).is_none());
        let r = respond(&HeaderMap::new(), "text/plain", REVALIDATE, b"body".to_vec());
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    }
}

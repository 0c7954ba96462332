//! Every request gets an id: the caller's `X-Request-Id` when it is sane (a proxy in front may
//! have set it), else a new one. Every log line written while answering carries it, one line
//! says what was answered, and the answer carries it back in `X-Request-Id`.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use rand::Rng;
use std::time::Instant;
use tracing::Instrument;

pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub async fn trace(mut request: Request, next: Next) -> Response {
    let id = request.headers().get(&X_REQUEST_ID).filter(|v| is_sane(v)).cloned().unwrap_or_else(new_id);
    request.headers_mut().insert(X_REQUEST_ID.clone(), id.clone());
    let span = tracing::info_span!("request", request_id = %id.to_str().unwrap_or_default());
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let started = Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    span.in_scope(|| {
        tracing::info!(
            target: "beacon::request",
            %method,
            path,
            status = response.status().as_u16(),
            ms = started.elapsed().as_millis() as u64,
            "answered"
        );
    });
    response.headers_mut().insert(X_REQUEST_ID.clone(), id);
    response
}

/// Short, and only characters that cannot forge a log line or a header: letters, digits, `-_.:`.
fn is_sane(value: &HeaderValue) -> bool {
    let bytes = value.as_bytes();
    (1..=128).contains(&bytes.len())
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// 128 random bits in hex.
fn new_id() -> HeaderValue {
    let id = format!("{:032x}", rand::thread_rng().gen::<u128>());
    HeaderValue::from_str(&id).unwrap_or_else(|_| HeaderValue::from_static("0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sane_ids_are_kept() {
        assert!(is_sane(&HeaderValue::from_static("3f2a-41b9_x.y:1")));
        assert!(!is_sane(&HeaderValue::from_static("")));
        assert!(!is_sane(&HeaderValue::from_static("a b")));
        assert!(!is_sane(&HeaderValue::from_static("\"quoted\"")));
        assert!(!is_sane(&HeaderValue::from_str(&"a".repeat(129)).unwrap()));
        let id = new_id();
        assert!(is_sane(&id) && id.len() == 32);
        assert_ne!(new_id(), id);
    }
}

//! Every request gets an id: the caller's `X-Request-Id` when it is sane (a proxy in front may
//! have set it), else a new one. Every log line written while answering carries it, one line
//! says what was answered, and the answer carries it back in `X-Request-Id` (`http::edge`).

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, Method};
use axum::response::Response;
use rand::Rng;
use std::time::Instant;

pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A request's id and what its log line will say, from its start to its answer.
pub struct Traced {
    id: HeaderValue,
    span: tracing::Span,
    /// The method, path and start, kept only when the log line will be written.
    logged: Option<(Method, String, Instant)>,
}

impl Traced {
    /// Gives `request` its id (the caller's when sane).
    pub fn begin(request: &mut Request) -> Traced {
        let id = request.headers().get(&X_REQUEST_ID).filter(|v| is_sane(v)).cloned().unwrap_or_else(new_id);
        request.headers_mut().insert(X_REQUEST_ID.clone(), id.clone());
        let span = tracing::info_span!("request", request_id = %id.to_str().unwrap_or_default());
        let logged = tracing::enabled!(target: "beacon::request", tracing::Level::INFO)
            .then(|| (request.method().clone(), request.uri().path().to_owned(), Instant::now()));
        Traced { id, span, logged }
    }

    /// The span every log line written while answering is in.
    pub fn span(&self) -> tracing::Span {
        self.span.clone()
    }

    /// Writes the log line and gives the answer the id.
    pub fn finish(self, response: &mut Response) {
        if let Some((method, path, started)) = self.logged {
            self.span.in_scope(|| {
                tracing::info!(
                    target: "beacon::request",
                    %method,
                    path,
                    status = response.status().as_u16(),
                    ms = started.elapsed().as_millis() as u64,
                    "answered"
                );
            });
        }
        response.headers_mut().insert(X_REQUEST_ID.clone(), self.id);
    }
}

/// Short, and only characters that cannot forge a log line or a header: letters, digits, `-_.:`.
fn is_sane(value: &HeaderValue) -> bool {
    let bytes = value.as_bytes();
    (1..=128).contains(&bytes.len())
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// 128 random bits in hex.
fn new_id() -> HeaderValue {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bits = rand::thread_rng().gen::<u128>();
    let mut hex = [0u8; 32];
    for (i, digit) in hex.iter_mut().enumerate() {
        *digit = HEX[((bits >> (124 - 4 * i)) & 0xf) as usize];
    }
    HeaderValue::from_bytes(&hex).unwrap_or_else(|_| HeaderValue::from_static("0"))
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

//! Signed webhooks (Standard Webhooks) and the one HTTP client every POST to a subscriber's URL
//! goes through: no redirects, 30 s per attempt, no private or local address unless allowed (at
//! name resolution, and for a URL that names an address itself). A 2xx answer is success;
//! anything else is a failure to retry. Logs name the subscriber, never its URL (it may hold a
//! secret).

use super::address::{is_public, GuardedResolver};
use super::links::{Links, Purpose};
use super::payload::{Outcome, Snapshot};
use super::statuspage::{self, Stored};
use super::worker::Sender;
use crate::store::Claimed;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use chrono::Utc;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

/// How long one attempt may take, answer included.
pub const TIMEOUT: Duration = Duration::from_secs(30);
/// How much of a refusing receiver's answer the delivery log keeps.
const EXCERPT: usize = 200;

/// The client for subscribers' URLs (webhooks and chat alike).
#[derive(Clone)]
pub struct Http {
    client: reqwest::Client,
    allow_private: bool,
}

impl Http {
    pub fn new(allow_private: bool) -> Result<Http, reqwest::Error> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .connect_timeout(Duration::from_secs(10))
            .dns_resolver(Arc::new(GuardedResolver { allow_private }))
            .user_agent(concat!("Beacon/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Http { client, allow_private })
    }

    /// POSTs a JSON `body` with `headers` to `target`; how it went.
    pub async fn post(&self, target: &str, body: String, headers: &[(&'static str, String)]) -> Outcome {
        let url = match reqwest::Url::parse(target) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => url,
            _ => return Outcome::refused(None, "the URL is not an http(s) URL"),
        };
        // The resolver is not asked about a URL that names an address itself.
        let literal: Option<IpAddr> = match url.host() {
            Some(url::Host::Ipv4(ip)) => Some(ip.into()),
            Some(url::Host::Ipv6(ip)) => Some(ip.into()),
            _ => None,
        };
        if literal.is_some_and(|ip| !self.allow_private && !is_public(ip)) {
            return Outcome::refused(None, "the URL reaches a private or local address");
        }
        let mut request = self.client.post(url).header(reqwest::header::CONTENT_TYPE, "application/json").body(body);
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        match request.send().await {
            Ok(response) => judge(response).await,
            Err(e) => Outcome::failed(None, describe(&e)),
        }
    }
}

/// A 2xx is delivered; a redirect or any other status is a failure.
async fn judge(mut response: reqwest::Response) -> Outcome {
    let status = response.status();
    let code = Some(i64::from(status.as_u16()));
    if status.is_success() {
        return Outcome::delivered(code, format!("HTTP {}", status.as_u16()));
    }
    if status.is_redirection() {
        return Outcome::failed(code, format!("HTTP {}: redirects are not followed", status.as_u16()));
    }
    // The start of the answer helps whoever reads the delivery log; the rest is not read.
    let mut start = Vec::new();
    while start.len() < EXCERPT {
        match response.chunk().await {
            Ok(Some(chunk)) => start.extend_from_slice(&chunk),
            _ => break,
        }
    }
    let text = String::from_utf8_lossy(&start[..start.len().min(EXCERPT)]).trim().replace(['\r', '\n'], " ");
    if text.is_empty() {
        Outcome::failed(code, format!("HTTP {}", status.as_u16()))
    } else {
        Outcome::failed(code, format!("HTTP {}: {text}", status.as_u16()))
    }
}

/// Why a request got no answer, without its URL.
fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        return format!("no answer within {} s", TIMEOUT.as_secs());
    }
    let mut why = if e.is_connect() { "cannot connect".to_string() } else { "the request failed".to_string() };
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        why.push_str(": ");
        why.push_str(&cause.to_string());
        source = cause.source();
    }
    why.chars().take(300).collect()
}

/// The signing key of a `whsec_…` secret.
fn key_of(secret: &str) -> Option<Vec<u8>> {
    STANDARD.decode(secret.strip_prefix(crate::store::SECRET_PREFIX)?).ok().filter(|k| !k.is_empty())
}

/// `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, as Standard Webhooks sign.
pub fn signature(key: &[u8], id: &str, timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

/// Sends the Statuspage body, signed with the subscriber's secret.
pub struct Webhooks {
    pub http: Http,
    pub links: Links,
    /// Without a trailing slash.
    pub public_url: String,
}

#[async_trait::async_trait]
impl Sender for Webhooks {
    async fn deliver(&self, d: &Claimed, _snapshot: &Snapshot) -> Outcome {
        let Some(objects) = serde_json::from_str::<Stored>(&d.payload).ok().and_then(|s| s.statuspage) else {
            return Outcome::delivered(None, "nothing to tell a webhook");
        };
        let Some(key) = d.secret.as_deref().and_then(key_of) else {
            return Outcome::refused(None, "the subscriber has no valid signing secret");
        };
        let token = match self.links.sign(Purpose::Manage, d.subscriber_id, &d.link_nonce, Utc::now()).await {
            Ok(token) => token,
            Err(e) => return Outcome::failed(None, format!("cannot sign the unsubscribe link: {e}")),
        };
        let body = statuspage::body(&objects, &self.public_url, &token);
        // The same id on every attempt, so that a receiver can drop a repeat.
        let id = format!("msg_{}", d.delivery_id);
        let timestamp = Utc::now().timestamp();
        let signed = signature(&key, &id, timestamp, &body);
        let headers = [("webhook-id", id), ("webhook-timestamp", timestamp.to_string()), ("webhook-signature", signed)];
        self.http.post(&d.target, body, &headers).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_follow_standard_webhooks() {
        // The example of the Standard Webhooks specification.
        let key = key_of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let body = r#"{"test": 2432232314}"#;
        assert_eq!(
            signature(&key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
        assert_eq!(key_of("no prefix"), None);
        assert_eq!(key_of("whsec_!!"), None);
    }

    #[tokio::test]
    async fn a_url_naming_a_private_address_is_refused_before_any_connection() {
        let strict = Http::new(false).unwrap();
        for url in ["http://127.0.0.1:9/hook", "http://[::1]:9/", "http://169.254.169.254/latest", "ftp://x.example/"] {
            let outcome = strict.post(url, "{}".into(), &[]).await;
            assert!(!outcome.ok && outcome.permanent && outcome.code.is_none(), "{url}: {outcome:?}");
        }
        let open = Http::new(true).unwrap();
        let outcome = open.post("http://127.0.0.1:9/hook", "{}".into(), &[]).await;
        assert!(!outcome.ok && !outcome.permanent, "allowed, then simply unreachable: {outcome:?}");
    }
}

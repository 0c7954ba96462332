//! Where Beacon may send. A URL a stranger typed must be http(s), must not be this status page,
//! and (unless the operator allows private webhooks) must not reach loopback, link-local, private
//! or other non-public addresses: checked for every address its name has when it is subscribed,
//! and again when connecting ([`GuardedResolver`]), so that a name cannot be pointed inward later.

use crate::error::AppError;
use app::domain::{validate, SubscriberKind};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

/// The longest URL accepted.
pub const URL_MAX: usize = 2048;
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(5);

/// The rules for destinations, from the command line.
#[derive(Debug, Clone, Default)]
pub struct Destinations {
    /// `--allow-private-webhooks`: loopback and private addresses are allowed (tests, intranets).
    pub allow_private: bool,
    /// The host and port of the page's public URL: deliveries never go to the page itself.
    pub own: Option<(String, u16)>,
}

/// Whether an address is on the public internet (not loopback, private, link-local, shared,
/// documentation, multicast, unspecified or reserved).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => public_v4(v4),
            None => public_v6(v6),
        },
    }
}

fn public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (carrier NAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || a >= 240)
}

fn public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local
        || (first & 0xffc0) == 0xfe80 // link-local
        || (first == 0x2001 && ip.segments()[1] == 0x0db8) // documentation
        || (first == 0x0064 && ip.segments()[1] == 0xff9b)) // NAT64, which could reach inward
}

impl Destinations {
    /// The host and port a URL reaches.
    pub fn origin_of(url: &str) -> Option<(String, u16)> {
        let url = url::Url::parse(url).ok()?;
        Some((url.host_str()?.to_ascii_lowercase(), url.port_or_known_default()?))
    }

    /// Checks where a subscriber of `kind` is to be told: an email address (lower case) or a URL.
    pub async fn check_target(&self, kind: SubscriberKind, raw: &str) -> Result<String, AppError> {
        match kind {
            SubscriberKind::Email => check_email("email", raw),
            _ => self.check_url("url", raw).await,
        }
    }

    /// Checks a URL to deliver to; the URL as it will be used.
    pub async fn check_url(&self, field: &'static str, raw: &str) -> Result<String, AppError> {
        let missing = raw.trim().is_empty();
        let raw = validate::line(field, raw, URL_MAX)
            .map_err(|e| AppError::from(e).say(if missing { "refuse-url-missing" } else { "refuse-url-long" }, &[]))?;
        let url = url::Url::parse(&raw).map_err(|_| {
            AppError::invalid(field, format!("{field} must be a full URL such as https://example.com/hook"))
                .say("refuse-url", &[])
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            let e = AppError::invalid(field, format!("{field} must start with https:// or http://"));
            return Err(e.say("refuse-url-scheme", &[]));
        }
        let Some(host) = url.host() else {
            return Err(AppError::invalid(field, format!("{field} must name a host")).say("refuse-url", &[]));
        };
        let host_text = host.to_string();
        if self.own.is_some() && Destinations::origin_of(url.as_str()) == self.own {
            let e = AppError::invalid(field, format!("{field} points at this status page itself"));
            return Err(e.say("refuse-url-self", &[]));
        }
        if self.allow_private {
            return Ok(url.to_string());
        }
        let port = url.port_or_known_default().unwrap_or(443);
        let addresses: Vec<IpAddr> = match host {
            url::Host::Ipv4(ip) => vec![IpAddr::V4(ip)],
            url::Host::Ipv6(ip) => vec![IpAddr::V6(ip)],
            url::Host::Domain(name) => {
                let found = tokio::time::timeout(LOOKUP_TIMEOUT, tokio::net::lookup_host((name, port))).await;
                match found {
                    Ok(Ok(list)) => list.map(|a| a.ip()).collect(),
                    _ => Vec::new(),
                }
            }
        };
        if addresses.is_empty() {
            let e = AppError::invalid(field, format!("{field}: the host {host_text} cannot be found"));
            return Err(e.say("refuse-url-host", &[("host", host_text)]));
        }
        if let Some(inner) = addresses.iter().find(|ip| !is_public(**ip)) {
            return Err(AppError::invalid(
                field,
                format!(
                    "{field} reaches a private or local address ({inner}); only public addresses can be subscribed"
                ),
            )
            .say("refuse-url-private", &[]));
        }
        Ok(url.to_string())
    }
}

/// An email address subscribers may give: the shape every form checks, and one a mail can carry.
pub fn check_email(field: &'static str, raw: &str) -> Result<String, AppError> {
    let email = validate::email(field, raw).map_err(|e| AppError::from(e).say("refuse-email", &[]))?;
    email.parse::<lettre::Address>().map_err(|_| {
        AppError::invalid(field, "enter an email address like ada@example.com").say("refuse-email", &[])
    })?;
    Ok(email)
}

/// The resolver webhook deliveries connect through: names that lead to non-public addresses are
/// refused at connection time too (unless private webhooks are allowed).
#[derive(Debug, Clone, Copy)]
pub struct GuardedResolver {
    pub allow_private: bool,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found.into_iter().filter(|a| allow_private || is_public(a.ip())).collect();
            if allowed.is_empty() {
                let e: Box<dyn std::error::Error + Send + Sync> =
                    format!("{} has no public address", name.as_str()).into();
                return Err(e);
            }
            Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_public() {
        for inner in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::",
        ] {
            assert!(!is_public(inner.parse().unwrap()), "{inner}");
        }
        for outer in ["1.1.1.1", "93.184.216.34", "2606:4700:4700::1111"] {
            assert!(is_public(outer.parse().unwrap()), "{outer}");
        }
    }

    #[tokio::test]
    async fn urls_are_checked_and_name_their_field() {
        let strict = Destinations { allow_private: false, own: Destinations::origin_of("https://status.example.com") };
        for (bad, says) in [
            ("ftp://example.com/x", "must start with https://"),
            ("not a url", "must be a full URL"),
            ("http://127.0.0.1:9/hook", "private or local address"),
            ("http://[::1]/hook", "private or local address"),
            ("http://169.254.169.254/latest", "private or local address"),
            ("http://localhost:8080/", "private or local address"),
            ("https://status.example.com/hook", "this status page itself"),
        ] {
            let e = strict.check_url("url", bad).await.unwrap_err();
            assert!(e.names("url") && e.message.contains(says), "{bad}: {}", e.message);
        }
        let open = Destinations { allow_private: true, own: Destinations::origin_of("http://127.0.0.1:3000") };
        assert_eq!(open.check_url("url", " http://127.0.0.1:9/hook ").await.unwrap(), "http://127.0.0.1:9/hook");
        let e = open.check_url("url", "http://127.0.0.1:3000/api").await.unwrap_err();
        assert!(e.message.contains("this status page itself"), "even when private addresses are allowed");
        assert!(check_email("email", "Ada@Example.com").is_ok_and(|e| e == "ada@example.com"));
        assert!(check_email("email", "ada@").unwrap_err().names("email"));
    }
}

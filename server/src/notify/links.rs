//! Signed links in mails and on pages: confirm a subscription, manage it, unsubscribe. A link
//! names what it is for, the subscriber and (a confirmation) when it expires, signed with
//! HMAC-SHA256 under a key kept in the database (so every instance accepts every link) over
//! those and the subscriber's nonce (so a link dies with its subscriber). Nothing to store.

use crate::store::{Store, StoreError};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::sync::Arc;
use tokio::sync::OnceCell;

/// How long a confirmation link works.
pub const CONFIRM_FOR: Duration = Duration::hours(48);

/// What a link lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Confirm an email subscription (expires).
    Confirm,
    /// Change components or unsubscribe (in every mail; does not expire).
    Manage,
}

impl Purpose {
    fn letter(self) -> char {
        match self {
            Purpose::Confirm => 'c',
            Purpose::Manage => 'm',
        }
    }
}

/// Why a link is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("this link has expired")]
    Expired,
    #[error("this link is not valid (it may be incomplete, or the subscription was removed)")]
    Invalid,
}

/// A link's parts before its signature is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unchecked {
    pub purpose: Purpose,
    pub subscriber_id: i64,
    expires: i64,
    signature: [u8; 32],
}

#[derive(Clone)]
pub struct Links {
    store: Store,
    key: Arc<OnceCell<Vec<u8>>>,
}

impl Links {
    pub fn new(store: Store) -> Links {
        Links { store, key: Arc::default() }
    }

    async fn key(&self) -> Result<&[u8], StoreError> {
        let key = self.key.get_or_try_init(|| async { self.store.signing_key("links").await.map(String::into_bytes) });
        Ok(key.await?.as_slice())
    }

    fn mac(key: &[u8], purpose: Purpose, id: i64, expires: i64, nonce: &str) -> [u8; 32] {
        let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
        mac.update(format!("{}|{id}|{expires}|{nonce}", purpose.letter()).as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// The token of a link (the last part of its path).
    pub async fn sign(&self, purpose: Purpose, id: i64, nonce: &str, now: DateTime<Utc>) -> Result<String, StoreError> {
        let expires = match purpose {
            Purpose::Confirm => (now + CONFIRM_FOR).timestamp(),
            Purpose::Manage => 0,
        };
        let signature = Self::mac(self.key().await?, purpose, id, expires, nonce);
        Ok(format!("{}.{id}.{expires}.{}", purpose.letter(), URL_SAFE_NO_PAD.encode(signature)))
    }

    /// Reads a token; its signature is checked by [`Links::check`] once the nonce is looked up.
    pub fn parse(token: &str, purpose: Purpose) -> Result<Unchecked, LinkError> {
        let mut parts = token.split('.');
        let (Some(p), Some(id), Some(expires), Some(sig), None) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(LinkError::Invalid);
        };
        if p.len() != 1 || !p.starts_with(purpose.letter()) {
            return Err(LinkError::Invalid);
        }
        let subscriber_id = id.parse().map_err(|_| LinkError::Invalid)?;
        let expires = expires.parse().map_err(|_| LinkError::Invalid)?;
        let raw = URL_SAFE_NO_PAD.decode(sig).map_err(|_| LinkError::Invalid)?;
        let signature = raw.try_into().map_err(|_| LinkError::Invalid)?;
        Ok(Unchecked { purpose, subscriber_id, expires, signature })
    }

    /// Checks a parsed token against its subscriber's current nonce (`None`: no such subscriber).
    pub async fn check(&self, link: &Unchecked, nonce: Option<&str>, now: DateTime<Utc>) -> Result<(), CheckError> {
        let nonce = nonce.ok_or(CheckError::Link(LinkError::Invalid))?;
        let want = Self::mac(self.key().await?, link.purpose, link.subscriber_id, link.expires, nonce);
        if !bool::from(subtle::ConstantTimeEq::ct_eq(&want[..], &link.signature[..])) {
            return Err(CheckError::Link(LinkError::Invalid));
        }
        if link.expires != 0 && link.expires < now.timestamp() {
            return Err(CheckError::Link(LinkError::Expired));
        }
        Ok(())
    }

    /// [`Links::parse`], the nonce lookup and [`Links::check`] in one: the subscriber's id.
    pub async fn verify(&self, token: &str, purpose: Purpose, now: DateTime<Utc>) -> Result<i64, CheckError> {
        let link = Self::parse(token, purpose).map_err(CheckError::Link)?;
        let nonce = self.store.subscriber_link_nonce(link.subscriber_id).await?;
        self.check(&link, nonce.as_deref(), now).await?;
        Ok(link.subscriber_id)
    }
}

/// A link refused, or the database not answering.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    Link(LinkError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Engine;

    #[tokio::test]
    async fn links_are_signed_bound_and_expire() {
        let store = crate::testing::fresh_store(Engine::Sqlite).await.unwrap();
        let links = Links::new(store);
        let now = Utc::now();
        let token = links.sign(Purpose::Confirm, 7, "n1", now).await.unwrap();
        let link = Links::parse(&token, Purpose::Confirm).unwrap();
        assert!(links.check(&link, Some("n1"), now).await.is_ok());
        let late = now + CONFIRM_FOR + Duration::seconds(1);
        assert!(matches!(links.check(&link, Some("n1"), late).await, Err(CheckError::Link(LinkError::Expired))));
        assert!(matches!(links.check(&link, Some("n2"), now).await, Err(CheckError::Link(LinkError::Invalid))));
        assert!(matches!(links.check(&link, None, now).await, Err(CheckError::Link(LinkError::Invalid))));
        assert_eq!(
            Links::parse(&token, Purpose::Manage),
            Err(LinkError::Invalid),
            "a confirmation is not a manage link"
        );
        let other = token.replacen(".7.", ".8.", 1);
        let forged = Links::parse(&other, Purpose::Confirm).unwrap();
        assert!(links.check(&forged, Some("n1"), now).await.is_err(), "another id breaks the signature");
        let manage = links.sign(Purpose::Manage, 7, "n1", now).await.unwrap();
        let link = Links::parse(&manage, Purpose::Manage).unwrap();
        assert!(links.check(&link, Some("n1"), now + Duration::days(3650)).await.is_ok(), "manage links last");
        for junk in ["", "m", "m.1.0", "m.x.0.AAAA", "m.1.0.!!", "m.1.0.AAAA.extra"] {
            assert_eq!(Links::parse(junk, Purpose::Manage), Err(LinkError::Invalid), "{junk}");
        }
    }
}

//! Staff authentication: passwords, database-backed sessions, sign-in throttling, the
//! same-origin check on every state-changing admin request, and the guard on admin routes.

pub mod csrf;
pub mod guard;
pub mod password;
pub mod routes;
pub mod sessions;
pub mod throttle;

use std::sync::{Arc, Mutex};

/// The cookie a staff session travels in (on every path: the public pages know staff by it).
pub const SESSION_COOKIE: &str = "beacon_session";

/// Session settings and the one-time setup token.
#[derive(Clone, Debug)]
pub struct AuthSettings {
    /// Sessions end this long after sign-in, active or not.
    pub lifetime: chrono::Duration,
    /// Sessions end after this long without a request.
    pub idle: chrono::Duration,
    /// Cookies only over HTTPS (when the public URL is https).
    pub secure: bool,
    setup_token: Arc<Mutex<Option<String>>>,
}

impl AuthSettings {
    pub fn new(lifetime: chrono::Duration, idle: chrono::Duration, secure: bool) -> AuthSettings {
        AuthSettings { lifetime, idle, secure, setup_token: Arc::new(Mutex::new(None)) }
    }

    /// Issues the one-time token that lets the first visitor create the admin; returns it.
    pub fn begin_setup(&self) -> String {
        let token: String = {
            use rand::Rng;
            let bytes: [u8; 24] = rand::thread_rng().gen();
            bytes.iter().map(|b| format!("{b:02x}")).collect()
        };
        if let Ok(mut slot) = self.setup_token.lock() {
            *slot = Some(token.clone());
        }
        token
    }

    pub fn setup_token_matches(&self, given: &str) -> bool {
        let Ok(slot) = self.setup_token.lock() else {
            return false;
        };
        // Compare in constant time: the token is a secret.
        slot.as_deref().is_some_and(|t| bool::from(subtle::ConstantTimeEq::ct_eq(t.as_bytes(), given.as_bytes())))
    }

    pub fn end_setup(&self) {
        if let Ok(mut slot) = self.setup_token.lock() {
            *slot = None;
        }
    }
}

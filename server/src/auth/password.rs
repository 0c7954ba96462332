//! Passwords: argon2id hashes (PHC strings), checked off the async threads, a few at a time.
//!
//! Each check holds argon2id's memory cost (19 MiB) for its duration, so checks run at most one per
//! core at once and at most [`QUEUE_MAX`] more wait their turn; beyond that a check is refused as
//! [`Busy`] at once. However many sign-ins arrive, memory stays flat.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, OnceLock};
use tokio::sync::Semaphore;

/// Checks waiting for a turn, beyond those running, before more are refused.
pub const QUEUE_MAX: usize = 32;

/// Too many password checks are waiting already; try again in a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many password checks at once; try again in a moment")]
pub struct Busy;

static RUNNING: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));
static WAITING: AtomicUsize = AtomicUsize::new(0);

/// Runs `work` (a hash or a check) on a blocking thread when its turn comes.
async fn in_turn<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, Busy> {
    if WAITING.fetch_add(1, Ordering::SeqCst) >= QUEUE_MAX {
        WAITING.fetch_sub(1, Ordering::SeqCst);
        return Err(Busy);
    }
    let permit = RUNNING.acquire().await;
    WAITING.fetch_sub(1, Ordering::SeqCst);
    let _permit = permit.map_err(|_| Busy)?;
    tokio::task::spawn_blocking(work).await.map_err(|_| Busy)
}

/// An argon2id hash of `password` with a fresh salt.
pub fn hash(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

/// Whether `password` matches `hash`; a malformed hash never matches.
pub fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Spends the time of one verification, so that an unknown email answers as slowly as a wrong
/// password does.
pub fn verify_nothing(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("not a real password").unwrap_or_default());
    let _ = verify(password, dummy);
}

pub async fn hash_async(password: String) -> Result<String, String> {
    in_turn(move || hash(&password)).await.map_err(|e| e.to_string())?
}

/// Verifies against `hash`, or spends the same time when there is none.
pub async fn verify_async(password: String, hash: Option<String>) -> Result<bool, Busy> {
    in_turn(move || match hash {
        Some(h) => verify(&password, &h),
        None => {
            verify_nothing(&password);
            false
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify("correct horse battery", &h));
        assert!(!verify("correct horse batterY", &h));
        assert!(!verify("anything", "not a hash"));
        assert_ne!(h, hash("correct horse battery").unwrap(), "salted");
    }
}

//! Passwords: argon2id hashes (PHC strings), checked off the async threads, a few at a time.
//!
//! Each check holds argon2id's memory cost (19 MiB) while it runs. Checks run on a fixed set of
//! threads of their own, one per core, with at most [`QUEUE_MAX`] more waiting their turn; beyond
//! that a check is refused as [`Busy`] at once. The threads are always the same few, so the memory
//! their checks used is reused by the next ones (checks on ever-new threads would leave up to
//! 19 MiB behind in each thread's allocator arena): however many sign-ins arrive, memory stays flat.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

/// Checks waiting for a turn, beyond those running, before more are refused.
pub const QUEUE_MAX: usize = 32;

/// Too many password checks are waiting already; try again in a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many password checks at once; try again in a moment")]
pub struct Busy;

type Job = Box<dyn FnOnce() + Send>;

/// The checks' queue, and the threads that take from it.
static CHECKS: LazyLock<SyncSender<Job>> = LazyLock::new(|| {
    let (queue, jobs) = sync_channel::<Job>(QUEUE_MAX);
    let jobs = Arc::new(Mutex::new(jobs));
    for n in 0..std::thread::available_parallelism().map_or(2, |n| n.get()) {
        let jobs = jobs.clone();
        let worker = move || loop {
            let job = jobs.lock().unwrap_or_else(|p| p.into_inner()).recv();
            match job {
                Ok(job) => job(),
                Err(_) => return,
            }
        };
        if let Err(e) = std::thread::Builder::new().name(format!("password-{n}")).spawn(worker) {
            tracing::error!(cause = %e, "cannot start a password-checking thread");
        }
    }
    queue
});

/// Runs `work` (a hash or a check) on a password thread when its turn comes.
async fn in_turn<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, Busy> {
    let (done, result) = tokio::sync::oneshot::channel();
    CHECKS
        .try_send(Box::new(move || {
            let _ = done.send(work());
        }))
        .map_err(|_| Busy)?;
    result.await.map_err(|_| Busy)
}

/// An argon2id hash of `password` with a fresh salt.
pub fn hash(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

thread_local! {
    /// argon2's working memory, kept by each thread that checks passwords and reused by its next
    /// check instead of 19 MiB allocated and freed each time.
    static BLOCKS: std::cell::RefCell<Vec<Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Whether `password` matches `hash`; a malformed hash never matches.
pub fn verify(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else { return false };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else { return false };
    let (Ok(algorithm), Ok(params)) = (Algorithm::try_from(parsed.algorithm), Params::try_from(&parsed)) else {
        return false;
    };
    let Ok(version) = parsed.version.map_or(Ok(Version::default()), Version::try_from) else { return false };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else { return false };
    let argon2 = Argon2::new(algorithm, version, params);
    let mut out = vec![0u8; expected.len()];
    let computed = BLOCKS.with(|blocks| {
        let mut blocks = blocks.borrow_mut();
        let needed = argon2.params().block_count();
        if blocks.len() < needed {
            blocks.resize(needed, Block::default());
        }
        argon2.hash_password_into_with_memory(password.as_bytes(), salt, &mut out, &mut blocks[..needed])
    });
    computed.is_ok() && bool::from(subtle::ConstantTimeEq::ct_eq(out.as_slice(), expected.as_bytes()))
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

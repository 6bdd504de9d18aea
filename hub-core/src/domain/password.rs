//! Password hashing: argon2id (RFC 9106) in PHC string form, so the
//! parameters travel with each hash and can be raised later without
//! breaking stored ones.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::Rng;
use tokio::sync::Semaphore;

use super::DomainError;

/// Hashes computed at once. Each takes a 19 MiB buffer, so this bounds
/// what a burst of logins can take (2 × 19 MiB) on a 1 GB Pi; two keep both
/// cores of a small machine busy and no more.
const CONCURRENT_HASHES: usize = 2;
/// How long a hash waits for its turn before the caller is told to retry.
/// At ~50-250 ms a hash, a queue of a dozen drains well within it.
const HASH_WAIT: Duration = Duration::from_secs(2);

/// The hub's few hashing slots: every password hash and check takes one.
pub struct Hashing {
    slots: Arc<Semaphore>,
    wait: Duration,
}

impl Default for Hashing {
    fn default() -> Self {
        Hashing::new(CONCURRENT_HASHES, HASH_WAIT)
    }
}

impl Hashing {
    pub fn new(slots: usize, wait: Duration) -> Hashing {
        Hashing {
            slots: Arc::new(Semaphore::new(slots)),
            wait,
        }
    }

    /// Run `f` (a hash or a check) on a blocking thread once a slot is
    /// free; past the wait give up with a `RateLimited` the caller can retry
    /// after a second.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, DomainError> {
        let permit = tokio::time::timeout(self.wait, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| DomainError::RateLimited {
                message: "the hub is busy checking other passwords; try again in a moment".into(),
                retry_after: Duration::from_secs(1),
            })?
            .map_err(|e| DomainError::Internal(format!("password hashing slots: {e}")))?;
        tokio::task::spawn_blocking(move || {
            // Held by the thread, not the request: a client that hangs up
            // does not free the slot (or the memory) before the hash is done.
            let _permit = permit;
            f()
        })
        .await
        .map_err(|e| DomainError::Internal(format!("password hashing thread: {e}")))
    }
}

/// OWASP's argon2id floor: 19 MiB, 2 passes, 1 lane. Measured at 45 ms per
/// hash on the x86 build host (release build; 46 MiB/1 pass took 66 ms,
/// 64 MiB/3 passes 222 ms). Not measured on a Pi: a Cortex-A72 is roughly
/// 3-5x slower at this, so a Pi 4 should take about 150-250 ms per login,
/// which a login can afford and a guesser cannot. More memory would crowd a
/// 1 GB Pi that also runs workers; one lane because the hub serves other
/// requests on the same cores.
const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const LANES: u32 = 1;

fn argon2() -> Argon2<'static> {
    // The constants above are valid parameters; the fallback never runs.
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The PHC string of `password` under a fresh random salt. CPU-heavy: call
/// from a blocking thread.
pub fn hash(password: &str) -> Result<String, DomainError> {
    let bytes: [u8; 16] = rand::rng().random();
    let salt = SaltString::encode_b64(&bytes)
        .map_err(|e| DomainError::Validation(format!("cannot salt the password: {e}")))?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| DomainError::Validation(format!("cannot hash the password: {e}")))
}

/// Whether `password` matches `phc`. A stored hash that does not parse
/// matches nothing. CPU-heavy: call from a blocking thread.
pub fn verify(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(e) => {
            tracing::error!(error = %e, "a stored password hash does not parse");
            false
        }
    }
}

/// A hash of a random password nobody knows, verified against when the
/// username is unknown so that a miss costs as long as a wrong password.
pub fn decoy() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let secret: [u8; 32] = rand::rng().random();
        hash(&hex::encode(secret)).unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_beyond_the_slots_wait_then_are_turned_away() {
        let hashing = Hashing::new(2, Duration::from_millis(300));
        let (release, held) = std::sync::mpsc::channel::<()>();
        let held = Arc::new(std::sync::Mutex::new(held));
        let (started, mut running) = tokio::sync::mpsc::unbounded_channel();
        let hashing = Arc::new(hashing);
        let busy: Vec<_> = (0..2)
            .map(|_| {
                let (h, held, started) = (hashing.clone(), held.clone(), started.clone());
                tokio::spawn(async move {
                    h.run(move || {
                        let _ = started.send(());
                        let _ = held.lock().unwrap().recv();
                    })
                    .await
                })
            })
            .collect();
        running.recv().await;
        running.recv().await;
        let refused = hashing.run(|| ()).await.unwrap_err();
        assert!(
            matches!(refused, DomainError::RateLimited { retry_after, .. } if retry_after == Duration::from_secs(1)),
            "{refused:?}"
        );
        release.send(()).unwrap();
        release.send(()).unwrap();
        for b in busy {
            b.await.unwrap().unwrap();
        }
        assert_eq!(hashing.run(|| 7).await.unwrap(), 7, "slots are free again");
    }

    #[test]
    fn hashes_are_salted_argon2id_and_verify() {
        let a = hash("correct horse battery").unwrap();
        let b = hash("correct horse battery").unwrap();
        assert_ne!(a, b, "a fresh salt per hash");
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert!(verify("correct horse battery", &a));
        assert!(!verify("correct horse batterx", &a));
        assert!(!verify("anything", "not a phc string"));
        assert!(!verify("", decoy()));
    }
}

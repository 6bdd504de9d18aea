//! Password hashing: argon2id (RFC 9106) in PHC string form, so the
//! parameters travel with each hash and can be raised later without
//! breaking stored ones.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::Rng;

use super::DomainError;

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

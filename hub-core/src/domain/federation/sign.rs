//! Signed calls between hubs about one relay: the result a peer pushes
//! back, and the cancel the offering hub sends after it. Both carry
//! `X-M3SHD-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw body under
//! the relay's secret. The offering hub never stores that secret: it is
//! derived from its provenance key, the task and the relay's fence, so it
//! differs per relay, is the same on every replica, and a late push from
//! an older relay still verifies (and is then refused as late, not as
//! forged). The peer keeps it sealed until the result is delivered.

use hmac::digest::{Key, KeyInit};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::domain::ProvenanceKey;

type HmacSha256 = Hmac<Sha256>;

/// Hex characters in a secret: 32 bytes.
pub const SECRET_HEX: usize = 64;

/// The secret of the relay of `task_id` under `fence`, on the hub that
/// offered it.
pub fn relay_secret(key: &ProvenanceKey, task_id: &str, fence: i64) -> String {
    key.derive(&format!("relay callback|{task_id}|{fence}"))
}

/// HMAC-SHA256 under `secret`, keyed as HMAC keys any length (zero-padded
/// to the block, hashed first when longer), through the constructor that
/// cannot fail.
fn mac(secret: &str) -> HmacSha256 {
    let mut block = Key::<HmacSha256>::default();
    let bytes = secret.as_bytes();
    if bytes.len() <= block.len() {
        block[..bytes.len()].copy_from_slice(bytes);
    } else {
        let digest = Sha256::digest(bytes);
        block[..digest.len()].copy_from_slice(&digest);
    }
    <HmacSha256 as KeyInit>::new(&block)
}

/// The header value for `body`.
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut m = mac(secret);
    m.update(body);
    format!("sha256={}", hex::encode(m.finalize().into_bytes()))
}

/// Whether `header` is `secret`'s signature of `body`, in constant time.
pub fn verify(header: Option<&str>, secret: &str, body: &[u8]) -> bool {
    let Some(sig) = header
        .and_then(|h| h.trim().strip_prefix("sha256="))
        .and_then(|h| hex::decode(h).ok())
    else {
        return false;
    };
    let mut m = mac(secret);
    m.update(body);
    m.verify_slice(&sig).is_ok()
}

/// Whether a secret an offer carries looks like one this hub makes.
pub fn secret_ok(s: &str) -> bool {
    s.len() == SECRET_HEX && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_covers_the_exact_body_under_the_relay_secret() {
        let key = ProvenanceKey::from_hex(&"11".repeat(32)).expect("key");
        let s1 = relay_secret(&key, "t-1", 3);
        assert!(secret_ok(&s1));
        assert_ne!(s1, relay_secret(&key, "t-1", 4), "per relay");
        assert_ne!(s1, relay_secret(&key, "t-2", 3));
        let other = ProvenanceKey::from_hex(&"22".repeat(32)).expect("key");
        assert_ne!(s1, relay_secret(&other, "t-1", 3), "per hub");
        let sig = sign(&s1, b"{\"fence\":3}");
        assert!(verify(Some(&sig), &s1, b"{\"fence\":3}"));
        assert!(!verify(Some(&sig), &s1, b"{\"fence\":4}"));
        assert!(!verify(
            Some(&sig),
            &relay_secret(&key, "t-1", 4),
            b"{\"fence\":3}"
        ));
        assert!(
            !verify(Some(&sig[7..]), &s1, b"{\"fence\":3}"),
            "needs sha256="
        );
        assert!(!verify(Some("sha256=zz"), &s1, b""));
        assert!(!verify(None, &s1, b""));
        // RFC 4231 test case 2.
        assert_eq!(
            sign("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}

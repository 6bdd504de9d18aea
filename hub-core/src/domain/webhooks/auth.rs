//! Whether a delivery comes from whoever holds the webhook's secret: the
//! secret in a header, compared in constant time, or GitHub's HMAC-SHA256
//! of the raw body. And the one place a secret must never be: the URL.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Compared against when there is no webhook to compare with, so an unknown
/// id costs the same work as a known one.
const NO_SECRET: &str = "m3shd_wh_0000000000000000000000000000000000000000000000000000000000000000";

/// Whether a query parameter's name says it carries a credential.
pub fn names_a_secret(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["secret", "token", "password", "passwd", "signature"]
        .iter()
        .any(|w| n.contains(w))
        || ["key", "sig", "auth", "apikey", "api_key", "api-key", "hmac"].contains(&n.as_str())
}

/// Whether any query parameter's value is `secret` (each one compared in
/// constant time).
pub fn carried_in(query: &[(String, String)], secret: &str) -> bool {
    query.iter().fold(false, |found, (_, v)| {
        found | secret_matches(Some(v), secret)
    })
}

/// `given` against `secret` in constant time: both are hashed first, so the
/// comparison takes the same time whatever their lengths and contents.
pub fn secret_matches(given: Option<&str>, secret: &str) -> bool {
    let given = given.unwrap_or_default();
    let same = Sha256::digest(given.as_bytes()).ct_eq(&Sha256::digest(secret.as_bytes()));
    bool::from(same) & !given.is_empty()
}

/// The same work as checking a secret, for a webhook that does not exist.
pub fn compare_with_nothing(given: Option<&str>) {
    std::hint::black_box(secret_matches(given, NO_SECRET));
}

/// GitHub's `X-Hub-Signature-256: sha256=<hex>`: the HMAC-SHA256 of the raw
/// body under the webhook's secret, verified in constant time.
pub fn github_signature_matches(header: Option<&str>, secret: &str, body: &[u8]) -> bool {
    let Some(sig) = header
        .and_then(|h| h.trim().strip_prefix("sha256="))
        .and_then(|hex_sig| hex::decode(hex_sig).ok())
    else {
        return false;
    };
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&sig).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign(secret: &str, body: &[u8]) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(body);
        format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
    }

    #[test]
    fn secrets_match_only_exactly() {
        assert!(secret_matches(Some("m3shd_wh_abc"), "m3shd_wh_abc"));
        assert!(!secret_matches(Some("m3shd_wh_abd"), "m3shd_wh_abc"));
        assert!(!secret_matches(Some("m3shd_wh_ab"), "m3shd_wh_abc"));
        assert!(!secret_matches(None, "m3shd_wh_abc"));
        assert!(
            !secret_matches(Some(""), ""),
            "an empty secret proves nothing"
        );
    }

    #[test]
    fn query_parameters_that_carry_a_secret_are_recognised() {
        for n in [
            "secret",
            "token",
            "X-Webhook-Secret",
            "access_token",
            "key",
            "sig",
            "Signature",
        ] {
            assert!(names_a_secret(n), "{n}");
        }
        for n in ["ref", "monkey", "page", "status"] {
            assert!(!names_a_secret(n), "{n}");
        }
        let q = vec![
            ("ref".to_string(), "main".to_string()),
            ("x".to_string(), "s3".to_string()),
        ];
        assert!(carried_in(&q, "s3"));
        assert!(!carried_in(&q, "s4"));
    }

    #[test]
    fn github_signatures_cover_the_exact_body() {
        // GitHub's documented example: secret "It's a Secret to Everybody",
        // payload "Hello, World!".
        let secret = "It's a Secret to Everybody";
        let body = b"Hello, World!";
        let want = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assert_eq!(sign(secret, body), want);
        assert!(github_signature_matches(Some(want), secret, body));
        assert!(!github_signature_matches(
            Some(want),
            secret,
            b"Hello, World?"
        ));
        assert!(!github_signature_matches(
            Some(want),
            "another secret",
            body
        ));
        assert!(
            !github_signature_matches(Some(&want[7..]), secret, body),
            "needs sha256="
        );
        assert!(!github_signature_matches(Some("sha256=zz"), secret, body));
        assert!(!github_signature_matches(None, secret, body));
    }
}

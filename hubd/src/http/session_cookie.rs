//! The browser's login: the session token in an HttpOnly cookie, and a
//! double-submit CSRF token (a readable cookie the page copies into a
//! header) that every mutating call made with the cookie must carry.
//! A bearer token always wins over the cookie; only session tokens are
//! accepted from it.

use axum::http::{HeaderMap, HeaderValue, Method, header};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::error::ApiError;
use m3shd_api::{ErrorCode, SESSION_TOKEN_PREFIX};

/// HttpOnly: the page's scripts never see the session token.
pub const SESSION_COOKIE: &str = "m3shd_session";
/// Readable by the page, which sends it back in [`CSRF_HEADER`].
pub const CSRF_COOKIE: &str = "m3shd_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The value of cookie `name`, if the request carries it.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

fn same(a: &str, b: &str) -> bool {
    let (a, b) = (Sha256::digest(a.as_bytes()), Sha256::digest(b.as_bytes()));
    bool::from(a.ct_eq(&b))
}

/// The session token from the cookie, once the CSRF check of a mutating
/// method passed. `None` when there is no session cookie.
pub fn token<'a>(method: &Method, headers: &'a HeaderMap) -> Result<Option<&'a str>, ApiError> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    if !token.starts_with(SESSION_TOKEN_PREFIX) {
        return Err(ApiError::unauthorized());
    }
    let safe = matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        let sent = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
        let expected = cookie(headers, CSRF_COOKIE);
        match (sent, expected) {
            (Some(sent), Some(expected)) if same(sent, expected) => {}
            _ => {
                return Err(ApiError::new(
                    ErrorCode::Forbidden,
                    format!(
                        "a call authenticated by the session cookie needs the {CSRF_HEADER} \
                         header (the {CSRF_COOKIE} cookie's value)"
                    ),
                ));
            }
        }
    }
    Ok(Some(token))
}

/// A fresh CSRF token: 32 random bytes, hex.
pub fn new_csrf() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

/// Whether the browser reached the hub over TLS (through a reverse proxy:
/// the hub itself speaks plain HTTP), so the cookies get `Secure`.
pub fn over_tls(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
}

/// The two `Set-Cookie` values of a login (`max_age` seconds) or, with
/// empty values and a zero age, of a logout.
pub fn set_cookies(session: &str, csrf: &str, max_age: i64, tls: bool) -> [HeaderValue; 2] {
    let secure = if tls { "; Secure" } else { "" };
    let common = format!("Path=/; Max-Age={max_age}; SameSite=Strict{secure}");
    let session = format!("{SESSION_COOKIE}={session}; HttpOnly; {common}");
    let csrf = format!("{CSRF_COOKIE}={csrf}; {common}");
    // Tokens and hex are header-safe; a failure would be a bug here.
    [
        HeaderValue::from_str(&session).unwrap_or(HeaderValue::from_static("")),
        HeaderValue::from_str(&csrf).unwrap_or(HeaderValue::from_static("")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn reads_a_cookie_among_others() {
        let h = headers(&[("cookie", "a=1; m3shd_session=m3shd_ses_x; m3shd_csrf=abc")]);
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("m3shd_ses_x"));
        assert_eq!(cookie(&h, CSRF_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, "b"), None);
    }

    #[test]
    fn mutating_calls_need_the_matching_csrf_header() {
        let c = format!("{SESSION_COOKIE}={SESSION_TOKEN_PREFIX}x; {CSRF_COOKIE}=abc");
        let h = headers(&[("cookie", &c)]);
        assert!(token(&Method::GET, &h).unwrap().is_some());
        assert!(token(&Method::POST, &h).is_err());
        let h = headers(&[("cookie", &c), ("x-csrf-token", "abd")]);
        assert!(token(&Method::PUT, &h).is_err());
        let h = headers(&[("cookie", &c), ("x-csrf-token", "abc")]);
        assert!(token(&Method::POST, &h).unwrap().is_some());
        let h = headers(&[("cookie", "m3shd_session=m3shd_master_x")]);
        assert!(token(&Method::GET, &h).is_err());
    }

    #[test]
    fn cookies_are_strict_and_secure_over_tls() {
        let [s, c] = set_cookies("tok", "csrf", 60, true);
        let s = s.to_str().unwrap();
        assert!(s.contains("HttpOnly") && s.contains("SameSite=Strict") && s.contains("Secure"));
        assert!(!c.to_str().unwrap().contains("HttpOnly"));
        let [s, _] = set_cookies("tok", "csrf", 60, false);
        assert!(!s.to_str().unwrap().contains("Secure"));
    }
}

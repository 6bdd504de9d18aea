//! CORS: off unless the operator names the browser origins that may call
//! the API (`--cors-origin`, `cors_origins` in hubd.toml). Exact origins
//! only, no wildcard, no cookies: the API authenticates by bearer token.

use std::time::Duration;

use axum::http::{HeaderName, HeaderValue, Method, header};
use tower_http::cors::{AllowOrigin, CorsLayer};

use super::auth::AGENT_HEADER;

/// `scheme://host[:port]`, as a browser sends it in `Origin`.
pub fn parse_origin(s: &str) -> Result<HeaderValue, String> {
    let s = s.trim();
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or_else(|| format!("CORS origin `{s}` must start with http:// or https://"))?;
    let host_ok = !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    if !host_ok {
        return Err(format!(
            "CORS origin `{s}` must be scheme://host[:port] with no path, e.g. https://dash.example.com"
        ));
    }
    // Browsers send scheme and host in lower case.
    HeaderValue::from_str(&s.to_ascii_lowercase()).map_err(|e| format!("CORS origin `{s}`: {e}"))
}

pub fn layer(origins: &[HeaderValue]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins.iter().cloned()))
            .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                HeaderName::from_static("idempotency-key"),
                HeaderName::from_static("last-event-id"),
                HeaderName::from_static(AGENT_HEADER),
            ])
            .expose_headers([header::RETRY_AFTER])
            .max_age(Duration::from_secs(600)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bare_origins_are_accepted() {
        assert!(parse_origin("https://dash.example.com").is_ok());
        assert!(parse_origin("http://127.0.0.1:5173").is_ok());
        assert!(parse_origin("http://[::1]:8080").is_ok());
        for bad in [
            "*",
            "dash.example.com",
            "https://dash.example.com/",
            "https://x.example/path",
            "ftp://x",
            "https://",
            "https://a b",
        ] {
            assert!(parse_origin(bad).is_err(), "{bad}");
        }
    }
}

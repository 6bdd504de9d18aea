//! What the operator writes for who may call the hub: the reverse proxies
//! whose `X-Forwarded-For` counts, and the browser origins CORS lets in.
//! Checked when the settings are read (`config`, `config_file`) and used
//! when serving (`http`), so it stands below both.

use std::net::IpAddr;

use axum::http::HeaderValue;
use ipnet::IpNet;

/// `10.0.0.0/8`, `192.168.1.4` (one host) or `fd00::/8`.
pub fn parse_cidr(s: &str) -> Result<IpNet, String> {
    let s = s.trim();
    s.parse::<IpNet>()
        .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("`{s}` is not an address or a CIDR block like 10.0.0.0/8"))
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidrs_parse_or_say_what_they_want() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert!(parse_cidr("192.168.0.0/16").is_ok());
        assert!(parse_cidr("127.0.0.1").unwrap().contains(&ip("127.0.0.1")));
        assert!(parse_cidr("fd00::/8").is_ok());
        assert!(parse_cidr("10.0.0.0/33").is_err());
        assert!(parse_cidr("proxy.local").is_err());
    }

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

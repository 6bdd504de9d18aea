//! What runs a line typed into a chat (`POST /api/text`). The grammar's
//! interpreter (the `commands` crate) sits at hubd's own level and talks to
//! a hub over HTTP, so the hub cannot name it: the `m3shd-hubd` binary
//! hands one in ([`TextRunner`]), as the server hands the benchmark its
//! `serve`. The runner calls this hub back on its own address with the
//! caller's own credential, so a line can do exactly what its caller may.
//! A hub started without one (in-process tests) answers 501.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use futures_util::future::BoxFuture;
use m3shd_api::TextReply;

/// A credential as the caller presented it (bearer token or the session
/// cookie's token). Never printed.
#[derive(Clone)]
pub struct Credential(String);

impl Credential {
    pub fn new(token: impl Into<String>) -> Credential {
        Credential(token.into())
    }

    /// The token, to send as a bearer token to this hub and nowhere else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credential(<redacted>)")
    }
}

/// One line to run.
#[derive(Debug, Clone)]
pub struct TextCall {
    /// This hub, as the runner reaches it (`http://127.0.0.1:PORT` when it
    /// listens on every address).
    pub hub_url: String,
    /// Whose permissions the line runs with.
    pub credential: Credential,
    /// The line, already checked (not empty, within `MAX_TEXT_BYTES`).
    pub text: String,
}

/// Runs a line and words the answer; failures are part of the answer
/// (`TextReply::error`), as the bridge texts them back.
pub type TextRunner = Arc<dyn Fn(TextCall) -> BoxFuture<'static, TextReply> + Send + Sync>;

/// A runner and where it finds this hub.
#[derive(Clone)]
pub struct TextRunning {
    pub runner: TextRunner,
    pub hub_url: String,
}

/// How a process on this machine reaches a hub bound to `addr`: the
/// loopback address of the same family when it listens on all of them.
pub fn self_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_address_means_loopback() {
        let url = |s: &str| self_url(s.parse().expect("addr"));
        assert_eq!(url("0.0.0.0:8333"), "http://127.0.0.1:8333");
        assert_eq!(url("[::]:8333"), "http://[::1]:8333");
        assert_eq!(url("127.0.0.1:9"), "http://127.0.0.1:9");
        assert_eq!(url("192.168.1.5:80"), "http://192.168.1.5:80");
    }

    #[test]
    fn a_credential_is_never_printed() {
        let c = Credential::new("m3shd_ses_secret");
        assert!(!format!("{c:?}").contains("secret"));
        let call = TextCall {
            hub_url: "http://127.0.0.1:1".into(),
            credential: c,
            text: "status".into(),
        };
        assert!(!format!("{call:?}").contains("secret"));
    }
}

//! Who is calling, by address: the TCP peer, or — when the peer is a
//! reverse proxy named with `--trusted-proxy` — the client that proxy put
//! in `X-Forwarded-For`. From anyone else the header is ignored: it is
//! only a claim, and anyone can send it.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;

use super::error::ApiError;
use super::state::AppState;

/// The client address the login limits count against. Without connection
/// info (a router served some other way) all callers share one unspecified
/// address, which errs on the strict side.
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(a)| a.ip())
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        Ok(ClientIp(client_ip(
            peer,
            &parts.headers,
            &s.trusted_proxies,
        )))
    }
}

/// One `X-Forwarded-For` entry: an address, perhaps with a port.
fn hop(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .or_else(|_| entry.parse::<SocketAddr>().map(|a| a.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

/// Each proxy appends the address it was called from, so the list is read
/// from the right: past every trusted proxy, the first other address is the
/// client. Entries left of it may be anything the client wrote. An entry
/// that does not parse ends the walk at the last trusted hop.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let mut client = peer.to_canonical();
    if !is_trusted(&client) {
        return client;
    }
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    for entry in entries.into_iter().rev() {
        let Some(ip) = hop(entry) else {
            return client;
        };
        client = ip;
        if !is_trusted(&ip) {
            return ip;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;
    use crate::addresses::parse_cidr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_proxy() {
        let proxies = [
            parse_cidr("10.0.0.0/8").unwrap(),
            parse_cidr("::1").unwrap(),
        ];
        let h = xff(&["203.0.113.7"]);
        assert_eq!(client_ip(ip("10.1.2.3"), &h, &proxies), ip("203.0.113.7"));
        assert_eq!(client_ip(ip("::1"), &h, &proxies), ip("203.0.113.7"));
        assert_eq!(client_ip(ip("192.0.2.1"), &h, &proxies), ip("192.0.2.1"));
        assert_eq!(client_ip(ip("10.1.2.3"), &h, &[]), ip("10.1.2.3"));
        // No header: the proxy itself.
        assert_eq!(
            client_ip(ip("10.1.2.3"), &xff(&[]), &proxies),
            ip("10.1.2.3")
        );
    }

    #[test]
    fn the_list_is_read_from_the_right_past_trusted_hops() {
        let proxies = [parse_cidr("10.0.0.0/8").unwrap()];
        // The client forged the first entry; the proxies appended the rest.
        let h = xff(&["1.1.1.1, 198.51.100.9", "10.0.0.5"]);
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &proxies), ip("198.51.100.9"));
        let h = xff(&["198.51.100.9:4711"]);
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &proxies), ip("198.51.100.9"));
        let h = xff(&["1.1.1.1, garbage, 10.0.0.5"]);
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &proxies), ip("10.0.0.5"));
        let h = xff(&["::ffff:198.51.100.9"]);
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &proxies), ip("198.51.100.9"));
    }
}

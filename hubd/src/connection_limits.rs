//! The connection loop's settings: `config` holds them and `net` obeys
//! them, so they stand below both.

use std::time::Duration;

/// How long clients may take, and how many may be connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Open connections at most; `None`: [`DEFAULT_MAX_CONNECTIONS`]. Never
    /// more than the open-file limit leaves room for.
    pub max_connections: Option<usize>,
    /// A request head must arrive within this, on a new connection and
    /// between requests on a kept-alive one (the idle timeout).
    pub header_timeout: Duration,
    /// A request body must arrive whole within this.
    pub body_timeout: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            max_connections: None,
            header_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(60),
        }
    }
}

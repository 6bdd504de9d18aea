//! The M3SHD wire contract: every type the hub serialises and every client
//! deserialises lives here once. No runtime, no transport.

pub mod agent;
pub mod error;
pub mod event;
pub mod ids;
pub mod limits;
pub mod misc;
pub mod task;

pub use agent::*;
pub use error::*;
pub use event::*;
pub use ids::*;
pub use misc::*;
pub use task::*;

/// Timestamps on the wire are RFC 3339 UTC.
pub type Timestamp = chrono::DateTime<chrono::Utc>;

/// The version string every binary reports.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

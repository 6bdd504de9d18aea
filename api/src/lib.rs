//! The M3SHD wire contract: every type the hub serialises and every client
//! deserialises lives here once. No runtime, no transport.

/// `Display` for enums whose `as_str` is their serde word, so a status is
/// printed the way it travels on the wire (never through `{:?}`).
macro_rules! display_as_str {
    ($($enum:ty),* $(,)?) => {$(
        impl std::fmt::Display for $enum {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )*};
}

pub mod agent;
pub mod analytics;
pub mod attachment;
pub mod audit;
pub mod auth;
pub mod benchmark;
pub mod budget;
pub mod control;
pub mod error;
pub mod event;
pub mod evolution;
pub mod federation;
pub mod grammar;
pub mod graph;
pub mod ids;
pub mod limits;
pub mod maintenance;
pub mod memory;
pub mod mesh_control;
pub mod mesh_phrases;
pub mod misc;
pub mod plugin;
pub mod protocol;
pub mod provenance;
pub mod schedule;
pub mod task;
pub mod template;
pub mod text;
pub mod users;
pub mod voice;
pub mod webhook;
pub mod world;

pub use agent::*;
pub use analytics::*;
pub use attachment::*;
pub use audit::*;
pub use auth::*;
pub use benchmark::*;
pub use budget::*;
pub use control::*;
pub use error::*;
pub use event::*;
pub use evolution::*;
pub use federation::*;
pub use graph::*;
pub use ids::*;
pub use maintenance::*;
pub use memory::*;
pub use mesh_control::*;
pub use misc::*;
pub use plugin::*;
pub use protocol::*;
pub use provenance::*;
pub use schedule::*;
pub use task::*;
pub use template::*;
pub use text::{MAX_TEXT_BYTES, TextLine, TextReply};
pub use users::*;
pub use voice::{VoiceDispatch, VoiceDispatched};
pub use webhook::*;
pub use world::*;

/// Timestamps on the wire are RFC 3339 UTC.
pub type Timestamp = chrono::DateTime<chrono::Utc>;

/// The version string every binary reports.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

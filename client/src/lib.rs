//! Typed HTTP client for the M3SHD hub, and its live event stream.
//!
//! Every call returns the `m3shd-api` type the hub serialises; errors keep
//! the hub's stable error code so callers can decide what to retry.

mod admin;
mod attachments;
pub mod bench;
mod benchmarks;
mod control;
mod error;
mod evidence;
mod evolution;
mod federation;
mod http;
mod memory;
mod mesh;
mod plugins;
mod protocols;
mod schedules;
mod stream;
mod users;
mod webhooks;
mod world;

pub use error::ClientError;
pub use http::Client;
pub use stream::{EventStream, StreamItem};

//! `m3shd-hub-core`: the hub without its transport. It keeps the truth in
//! the store, dispatches tasks to agents under fenced leases and holds the
//! rules every request goes through.
//!
//! Layers, one direction: [`domain`] (the rules, plain Rust) → [`store`]
//! (the only place with SQL) → [`crypto`] (secrets sealed at rest), all on
//! the [`clock`]. The HTTP API, the server and the configuration live in
//! `m3shd-hubd`, above this crate.

pub mod clock;
pub mod crypto;
pub mod domain;
pub mod store;

pub use clock::{Clock, ManualClock, SystemClock};

//! Plumbing every M3SHD program shares, one module per job: stopping on a
//! signal, log lines on stderr, backing off after failures, durations as
//! people write them, where things live on this machine, TOML config files,
//! owner-only files, and state kept in JSON files that survive a crash.
//!
//! Nothing here knows the wire contract or talks to a hub.

pub mod backoff;
pub mod config_file;
pub mod dirs;
pub mod durable;
pub mod duration;
pub mod logging;
pub mod num;
pub mod private_fs;
pub mod shutdown;

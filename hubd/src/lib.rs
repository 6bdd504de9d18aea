//! `m3shd-hubd`: the M3SHD hub. It keeps the truth in SQLite, dispatches
//! tasks to agents under fenced leases, and serves the REST + SSE API.
//!
//! Layers, one direction: [`http`] (axum handlers: parse, authorise, call
//! the domain, map errors) → [`domain`] (the rules, plain Rust) → [`store`]
//! (rusqlite; the only place with SQL).

pub mod alerts;
pub mod config;
pub mod config_file;
pub mod crypto;
pub mod domain;
mod error;
mod fsutil;
pub mod http;
mod malloc;
pub mod net;
pub mod plugins;
mod provenance_key;
mod run;
mod server;
pub mod store;
mod token;

pub use config::{Args, Durability, HubConfig, INIT_ADMIN_PASSWORD_ENV, InitAdmin};
pub use domain::{Clock, EventRetention, ManualClock, SystemClock};
pub use error::HubError;
pub use provenance_key::{PROVENANCE_KEY_ENV, PROVENANCE_KEY_FILE, resolve_provenance_key};
pub use run::{default_data_dir, run};
pub use server::serve;
pub use token::{MASTER_TOKEN_ENV, MASTER_TOKEN_FILE, MasterToken, resolve_master_token};

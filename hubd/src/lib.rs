//! `m3shd-hubd`: the M3SHD hub. It serves the REST + SSE API over the rules
//! and the store of `m3shd-hub-core`, and runs as a daemon.
//!
//! Layers, one direction: [`run`] (the binary: arguments, files, signals) →
//! [`server`] (wires the parts together) → [`http`] (axum handlers: parse,
//! authorise, call the domain, map errors) and [`net`] (the connection
//! loop) → [`config`] → `m3shd_hub_core` (the domain and its store).

mod addresses;
pub mod alerts;
mod benchmark;
mod code_pages;
pub mod config;
pub mod config_file;
mod connection_limits;
mod error;
pub mod federation;
mod fsutil;
pub mod http;
mod maintenance;
mod malloc;
pub mod net;
mod periodic;
pub mod plugins;
mod provenance_key;
mod replicas;
mod resident;
mod run;
mod scheduler;
mod server;
mod sweeper;
mod test_clock;
pub mod text;
mod token;
mod upkeep;

pub use config::{Args, HubConfig, INIT_ADMIN_PASSWORD_ENV, InitAdmin};
pub use error::HubError;
pub use m3shd_hub_core::domain::{Clock, EventRetention, ManualClock, SystemClock};
pub use m3shd_hub_core::store::Durability;
pub use m3shd_hub_core::{crypto, domain, store};
pub use provenance_key::{PROVENANCE_KEY_ENV, PROVENANCE_KEY_FILE, resolve_provenance_key};
pub use run::{default_data_dir, run};
pub use server::serve;
pub use sweeper::SweepTrigger;
pub use test_clock::TEST_CLOCK_OFFSET_ENV;
pub use text::{Credential, TextCall, TextRunner};
pub use token::{MASTER_TOKEN_ENV, MASTER_TOKEN_FILE, MasterToken, resolve_master_token};

//! `m3shd-workerd`: the M3SHD worker daemon as a library.
//!
//! A worker registers with the hub, then runs three loops until it is told
//! to stop: heartbeats (keeping its leases alive and learning which tasks to
//! abort), claims (a long-poll for work whenever a slot is free; each task
//! runs on its own tokio task through an [`Executor`]),
//! and the delivery of the durable [`outbox`]. On shutdown it drains: stops
//! claiming, lets running tasks finish for a while, releases the rest,
//! flushes the outbox and deregisters.

use std::future::Future;

pub mod aiconfig;
pub mod apikey;
pub mod config;
pub mod enrol;
pub mod exec_shim;
pub mod executor;
mod executor_kind;
mod extras;
pub mod file;
pub mod outbox;
pub mod pricing;
pub mod process_groups;
pub mod remember;
pub mod routing;
mod state_files;
pub mod text;
mod worker;

pub use config::{Args, ExecutorKind, WorkerConfig};
pub use executor::{ExecError, Executor};
pub use worker::WorkerReport;

/// Why a worker could not run.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    /// Bad flags or configuration.
    #[error("configuration: {0}")]
    Config(String),
    /// The hub refused the registration for good (bad token, bad request).
    #[error("the hub refused to register this worker: {0}")]
    Register(#[source] m3shd_client::ClientError),
    /// The state directory cannot be used.
    #[error("state directory: {0}")]
    Io(#[from] std::io::Error),
}

impl WorkerError {
    /// The process exit code of the CLI conventions: 2 usage, 3 auth, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            WorkerError::Config(_) => 2,
            WorkerError::Register(e) if matches!(e.status(), Some(401 | 403)) => 3,
            _ => 1,
        }
    }
}

/// Run a worker until `shutdown` resolves, then drain and return what it did.
pub async fn run_worker(
    config: WorkerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<WorkerReport, WorkerError> {
    worker::run_worker(config, shutdown).await
}

/// The whole `m3shd-workerd` main: logs to stderr (`RUST_LOG`, default
/// `info`), runs until SIGINT/SIGTERM, returns after a clean drain.
pub async fn run(args: Args) -> Result<(), WorkerError> {
    if args.print_config {
        // No hub, no token, no logs: just the effective configuration.
        let env = |k: &str| std::env::var(k).ok();
        let eff = config::effective(&args, &env)?;
        let keys = apikey::KeyLookup::new(&env, eff.secrets_dir.as_deref());
        print!("{}", eff.to_toml_redacted(args.token.is_some(), &keys));
        return Ok(());
    }
    let log_format = config::effective(&args, &|k| std::env::var(k).ok())?
        .worker
        .log_format
        .unwrap_or_default();
    m3shd_common::logging::init(log_format, "info");
    let config = WorkerConfig::from_args(args)?;
    tracing::info!(
        agent = %config.agent_id,
        hub = %config.hub_url,
        executor = config.executor.as_str(),
        slots = config.slots,
        capabilities = ?config.capabilities,
        state_dir = %config.state_dir.display(),
        version = m3shd_api::VERSION,
        "m3shd-workerd starting"
    );
    if config.capabilities.is_empty() {
        tracing::warn!(
            "this worker advertises no capabilities: it only gets tasks that name it \
             (give it --capabilities, e.g. `general` for tasks that name no capability)"
        );
    }
    let drain = async {
        let signal = m3shd_common::shutdown::stop_signal().await;
        tracing::info!("{signal}: draining");
    };
    let report = run_worker(config, drain).await?;
    tracing::info!(
        completed = report.completed,
        failed = report.failed,
        released = report.released,
        pending = report.pending,
        "m3shd-workerd stopped"
    );
    Ok(())
}

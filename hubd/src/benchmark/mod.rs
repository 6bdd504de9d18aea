//! The hub's built-in benchmark (`POST /api/admin/benchmark`): six tests
//! run one after another against a scratch hub of its own, never against
//! the operator's store; the reports are kept in `DATA_DIR/benchmarks` for
//! trend analysis. One run at a time.

mod relay;
mod reports;
mod runner;
mod scratch;
mod suite;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use m3shd_api::{BenchmarkMachine, BenchmarkReport, BenchmarkStatus, StartBenchmark};
use m3shd_hub_core::domain::Hub;
use rand::Rng;
use tokio_util::sync::CancellationToken;

use crate::error::HubError;
use runner::lock;
pub use scratch::ServeHub;

/// Why a benchmark call was refused.
#[derive(Debug, thiserror::Error)]
pub enum BenchmarkError {
    #[error("benchmark {0} is still running; wait for it to finish")]
    Running(String),
    #[error("no benchmark report {0}")]
    NotFound(String),
    #[error(transparent)]
    Hub(#[from] HubError),
}

/// The benchmark's state in a running hub: where reports go, and the run
/// in progress (its tests so far).
pub struct Benchmarks {
    dir: PathBuf,
    current: Arc<Mutex<Option<BenchmarkReport>>>,
    /// Serves a run's scratch hub.
    serve: ServeHub,
}

impl Benchmarks {
    pub fn new(data_dir: &Path, serve: ServeHub) -> Benchmarks {
        let dir = data_dir.join("benchmarks");
        // A run cut short by a crash (kill -9, power) left its scratch hub
        // behind and no report; the data dir is this process's now, so
        // nothing uses it. Say what happened to the run, then clear it.
        for id in scratch::stale_runs(&dir) {
            record_cut_short(&dir, &id);
        }
        scratch::remove_stale(&dir);
        Benchmarks {
            dir,
            current: Arc::default(),
            serve,
        }
    }

    /// Start a run in the background; its report in `running` state.
    pub fn start(
        &self,
        hub: &Arc<Hub>,
        req: &StartBenchmark,
        shutdown: CancellationToken,
    ) -> Result<BenchmarkReport, BenchmarkError> {
        let mut current = lock(&self.current);
        if let Some(running) = current.as_ref() {
            return Err(BenchmarkError::Running(running.id.clone()));
        }
        let report = new_report(req.quick);
        *current = Some(report.clone());
        drop(current);
        tracing::info!(id = %report.id, quick = req.quick, "benchmark started");
        tokio::spawn(runner::run(runner::Run {
            hub: Arc::downgrade(hub),
            dir: self.dir.clone(),
            current: self.current.clone(),
            id: report.id.clone(),
            sizes: if req.quick {
                suite::Sizes::QUICK
            } else {
                suite::Sizes::FULL
            },
            shutdown,
            serve: self.serve,
        }));
        Ok(report)
    }

    /// One report: the run in progress, or a saved one.
    pub fn get(&self, id: &str) -> Result<BenchmarkReport, BenchmarkError> {
        if let Some(r) = lock(&self.current).as_ref().filter(|r| r.id == id) {
            return Ok(r.clone());
        }
        reports::load(&self.dir, id)?.ok_or_else(|| BenchmarkError::NotFound(id.to_string()))
    }

    /// Every report, newest first (the run in progress leads).
    pub fn list(&self) -> Result<Vec<BenchmarkReport>, BenchmarkError> {
        let running = lock(&self.current).clone();
        let mut all = reports::list(&self.dir)?;
        if let Some(r) = running {
            all.retain(|s| s.id != r.id);
            all.insert(0, r);
        }
        Ok(all)
    }
}

/// What a run the hub did not live through leaves: a failed report, so the
/// list says what became of it.
fn record_cut_short(dir: &Path, id: &str) {
    if !matches!(reports::load(dir, id), Ok(None)) {
        return;
    }
    let mut report = new_report(false);
    // The id starts with the run's UTC start time.
    if let Some(start) = id
        .get(..15)
        .and_then(|t| chrono::NaiveDateTime::parse_from_str(t, "%Y%m%d-%H%M%S").ok())
    {
        report.started_at = start.and_utc();
    }
    report.id = id.to_string();
    report.status = BenchmarkStatus::Failed;
    report.error = Some("the hub stopped during the run (it was killed or crashed)".into());
    if let Err(e) = reports::save(dir, &report) {
        tracing::warn!(error = %e, id, "cannot record a benchmark cut short");
    }
}

fn new_report(quick: bool) -> BenchmarkReport {
    let now = chrono::Utc::now();
    let salt: u16 = rand::rng().random();
    BenchmarkReport {
        // Starts with the time, so the files sort by age.
        id: format!("{}-{salt:04x}", now.format("%Y%m%d-%H%M%S")),
        status: BenchmarkStatus::Running,
        quick,
        hub_version: env!("CARGO_PKG_VERSION").to_string(),
        machine: BenchmarkMachine {
            cpus: std::thread::available_parallelism()
                .map_or(1, |n| u32::try_from(n.get()).unwrap_or(u32::MAX)),
            os: std::env::consts::OS.to_string(),
            arch: std::env::consts::ARCH.to_string(),
        },
        started_at: now,
        finished_at: None,
        error: None,
        tests: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// This test starts no run, so it serves no scratch hub.
    fn no_scratch_hub(
        _: tokio::net::TcpListener,
        _: crate::config::HubConfig,
        _: futures_util::future::BoxFuture<'static, ()>,
    ) -> futures_util::future::BoxFuture<'static, Result<(), HubError>> {
        Box::pin(async { Err(HubError::Config("no scratch hub in this test".into())) })
    }

    #[test]
    fn a_hub_starting_removes_what_a_crashed_run_left() {
        let data = tempfile::tempdir().expect("tempdir");
        let left = data
            .path()
            .join("benchmarks")
            .join("scratch-20260101-000000-abcd");
        std::fs::create_dir_all(left.join("hub")).expect("leftover");
        let report = data
            .path()
            .join("benchmarks")
            .join("20260101-000000-abcd.json");
        std::fs::write(&report, "{}").expect("report");
        let other = data
            .path()
            .join("benchmarks")
            .join("scratch-20260102-030405-beef");
        std::fs::create_dir_all(&other).expect("leftover without a report");
        let b = Benchmarks::new(data.path(), no_scratch_hub);
        assert!(!left.exists() && !other.exists());
        assert!(report.exists(), "reports stay");
        let cut = b
            .get("20260102-030405-beef")
            .expect("a report for the cut run");
        assert_eq!(cut.status, BenchmarkStatus::Failed);
        assert!(cut.error.expect("why").contains("killed or crashed"));
        assert_eq!(cut.started_at.to_rfc3339(), "2026-01-02T03:04:05+00:00");
        assert!(
            b.list()
                .expect("list")
                .iter()
                .any(|r| r.id == "20260102-030405-beef")
        );
    }
}

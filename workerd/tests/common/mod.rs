//! What the worker-loop tests share: starting a worker against the real
//! hub (in process, from `m3shd-test-support`) and looking at the worker's
//! state dir.

#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

use m3shd_workerd::{WorkerConfig, WorkerError, WorkerReport, run_worker};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use m3shd_test_support::hub::{InProcessHub, MASTER_TOKEN};

/// The capability the test worker advertises and test tasks ask for.
pub const CAPABILITY: &str = "summarize";
/// The agent id the test worker's name turns into.
pub const AGENT: &str = "test-worker";

pub struct Running {
    pub stop: Option<oneshot::Sender<()>>,
    pub handle: JoinHandle<Result<WorkerReport, WorkerError>>,
}

impl Running {
    /// Signal shutdown and wait (bounded) for the drained report.
    pub async fn shutdown(mut self) -> WorkerReport {
        let _ = self.stop.take().unwrap().send(());
        tokio::time::timeout(Duration::from_secs(30), self.handle)
            .await
            .expect("worker did not drain in time")
            .expect("worker panicked")
            .expect("worker failed")
    }
}

pub fn config(url: &str, state: &Path, slots: i64) -> WorkerConfig {
    let mut c = WorkerConfig::builtin(
        url,
        MASTER_TOKEN,
        "Test Worker",
        vec![CAPABILITY.into()],
        slots,
        state,
    );
    c.claim_wait = Duration::from_millis(300);
    c.max_backoff = Duration::from_millis(300);
    c.flush_timeout = Duration::from_millis(700);
    c.drain_timeout = Duration::from_secs(10);
    c
}

pub fn start(config: WorkerConfig) -> Running {
    let (tx, rx) = oneshot::channel::<()>();
    let handle = tokio::spawn(run_worker(config, async move {
        let _ = rx.await;
    }));
    Running {
        stop: Some(tx),
        handle,
    }
}

pub fn outbox_files(state: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(state.join("outbox"))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

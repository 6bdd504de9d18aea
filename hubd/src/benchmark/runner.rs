//! One run of the suite, from a report in `running` state to a saved one:
//! start a scratch hub, run the tests against it in a task of their own (a
//! panic there fails the run instead of leaking anything), stop it, remove
//! its dir, save the report, and tell the live hub's event stream.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, Weak};

use m3shd_api::{BenchmarkReport, BenchmarkStatus, BenchmarkTestStatus};
use m3shd_hub_core::domain::Hub;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::reports;
use super::scratch::{ScratchDir, ScratchHub, ServeHub};
use super::suite::{self, Sizes};

/// What a run needs. The live hub is held weakly: a run never keeps it
/// from shutting down.
pub struct Run {
    pub hub: Weak<Hub>,
    pub dir: PathBuf,
    pub current: Arc<Mutex<Option<BenchmarkReport>>>,
    pub id: String,
    pub sizes: Sizes,
    pub shutdown: CancellationToken,
    /// Serves the scratch hub.
    pub serve: ServeHub,
}

pub async fn run(r: Run) {
    let (steps, rx) = mpsc::unbounded_channel::<(String, String)>();
    let forwarder = tokio::spawn(forward(r.hub.clone(), r.id.clone(), rx));
    let outcome = tokio::select! {
        o = on_scratch(&r, steps) => o,
        () = r.shutdown.cancelled() => Err("the hub shut down during the run".to_string()),
    };
    // Every progress event goes out before the report.
    let _ = forwarder.await;
    let Some(mut report) = lock(&r.current).clone() else {
        return;
    };
    report.finished_at = Some(chrono::Utc::now());
    let failed_test = report
        .tests
        .iter()
        .find(|t| t.status == BenchmarkTestStatus::Failed)
        .map(|t| {
            let why = t
                .figures
                .get("error")
                .and_then(|e| e.as_str())
                .unwrap_or("");
            format!("{} failed: {why}", t.name)
        });
    report.error = outcome.err().or(failed_test);
    report.status = if report.error.is_some() {
        BenchmarkStatus::Failed
    } else {
        BenchmarkStatus::Done
    };
    if let Err(e) = reports::save(&r.dir, &report) {
        tracing::error!(error = %e, id = %report.id, "cannot save the benchmark report");
    }
    // Saved before it stops being the current run, so a reader finds it in
    // one place or the other.
    *lock(&r.current) = None;
    tracing::info!(id = %report.id, status = %report.status, "benchmark finished");
    if r.shutdown.is_cancelled() {
        return;
    }
    if let Some(hub) = r.hub.upgrade()
        && let Err(e) = hub.record_benchmark_complete(report).await
    {
        tracing::warn!(error = %e, "cannot record the benchmark's report as an event");
    }
}

/// Start the scratch hub, run the suite against it, stop it, remove it.
async fn on_scratch(r: &Run, steps: mpsc::UnboundedSender<(String, String)>) -> Result<(), String> {
    let scratch = ScratchDir::create(&r.dir, &r.id).map_err(|e| e.to_string())?;
    let hub = ScratchHub::start(&scratch, r.serve)
        .await
        .map_err(|e| e.to_string())?;
    let relay = super::relay::RelayPair {
        serve: r.serve,
        dir: scratch.path().join("relay"),
    };
    let outcome = match hub.client() {
        Ok(client) => {
            let current = r.current.clone();
            let sizes = r.sizes;
            let mut tests = AbortOnDrop(tokio::spawn(async move {
                let progress = move |test: &str, step: &str| {
                    let _ = steps.send((test.to_string(), step.to_string()));
                };
                let finished = move |t| {
                    if let Some(report) = lock(&current).as_mut() {
                        report.tests.push(t);
                    }
                };
                suite::run(&client, &relay, sizes, &progress, &finished).await;
            }));
            match (&mut tests.0).await {
                Ok(()) => Ok(()),
                Err(e) if e.is_panic() => Err("a test panicked; see the hub's log".to_string()),
                Err(e) => Err(format!("the tests stopped: {e}")),
            }
        }
        Err(e) => Err(e.to_string()),
    };
    hub.stop().await;
    drop(scratch);
    outcome
}

/// Progress lines become `benchmark_progress` events of the live hub.
async fn forward(hub: Weak<Hub>, id: String, mut rx: mpsc::UnboundedReceiver<(String, String)>) {
    while let Some((test, step)) = rx.recv().await {
        let Some(hub) = hub.upgrade() else {
            return;
        };
        if let Err(e) = hub.record_benchmark_progress(&id, &test, &step).await {
            tracing::warn!(error = %e, "cannot record the benchmark's progress");
        }
    }
}

/// The tests stop with the run (when the hub shuts down mid-run).
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // The report is plain data; a panic elsewhere leaves it usable.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

//! The scratch hub a benchmark runs against: the same server code in this
//! process, over a temporary data dir next to the real store (the same
//! disk, so the figures are this store's), on 127.0.0.1 port 0 with a
//! random master token that exists only in memory. The operator's store is
//! never touched; the dir is removed afterwards, whatever happened.

use std::path::{Path, PathBuf};
use std::time::Duration;

use futures_util::future::BoxFuture;
use rand::Rng;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tracing::Instrument;

use crate::config::HubConfig;
use crate::error::HubError;

/// Serves a hub on `listener` until `shutdown` resolves: the server's own
/// `serve`, handed down by the server. The benchmark lives in the state
/// of the hub that server builds, so it takes the server as a value
/// instead of naming it.
pub type ServeHub = fn(
    listener: TcpListener,
    config: HubConfig,
    shutdown: BoxFuture<'static, ()>,
) -> BoxFuture<'static, Result<(), HubError>>;

/// Prefix of scratch data dirs inside `DATA_DIR/benchmarks`.
const SCRATCH_PREFIX: &str = "scratch-";

/// A scratch data dir, removed when dropped (also while unwinding).
pub struct ScratchDir(PathBuf);

impl ScratchDir {
    /// `benchmarks/scratch-<id>`, after removing the scratch dirs a run
    /// cut short by a crash may have left (one run at a time, and the data
    /// dir is locked to this process, so none of them is in use).
    pub fn create(benchmarks: &Path, id: &str) -> Result<ScratchDir, HubError> {
        remove_stale(benchmarks);
        let dir = benchmarks.join(format!("{SCRATCH_PREFIX}{id}"));
        crate::fsutil::create_private_dir(&dir)?;
        Ok(ScratchDir(dir))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        remove(&self.0);
    }
}

fn remove(dir: &Path) {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            tracing::warn!(dir = %dir.display(), error = %e, "cannot remove a benchmark's scratch dir")
        }
    }
}

/// The runs whose scratch dirs are still under `benchmarks`.
pub(super) fn stale_runs(benchmarks: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(benchmarks) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_prefix(SCRATCH_PREFIX))
                .map(str::to_string)
        })
        .collect()
}

/// Remove every scratch dir under `benchmarks` (none is in use: see `create`).
pub(super) fn remove_stale(benchmarks: &Path) {
    let Ok(entries) = std::fs::read_dir(benchmarks) else {
        return;
    };
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with(SCRATCH_PREFIX)
        {
            remove(&entry.path());
        }
    }
}

/// A running scratch hub.
pub struct ScratchHub {
    pub url: String,
    pub token: String,
    stop: Option<oneshot::Sender<()>>,
    done: Option<JoinHandle<Result<(), HubError>>>,
}

impl ScratchHub {
    pub async fn start(dir: &ScratchDir, serve: ServeHub) -> Result<ScratchHub, HubError> {
        ScratchHub::start_in(&dir.path().join("hub"), serve, |_| {}).await
    }

    /// A scratch hub over `data_dir` (inside a [`ScratchDir`]), its config
    /// tuned by `tune`.
    pub async fn start_in(
        data_dir: &Path,
        serve: ServeHub,
        tune: impl FnOnce(&mut HubConfig),
    ) -> Result<ScratchHub, HubError> {
        let token = format!(
            "m3shd_master_bench_{}",
            hex::encode(rand::rng().random::<[u8; 32]>())
        );
        let mut config = HubConfig::new(data_dir, token.clone());
        config.default_schedules = false;
        config.provenance_key = Some(m3shd_hub_core::domain::ProvenanceKey::random());
        tune(&mut config);
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let done = tokio::spawn(
            serve(
                listener,
                config,
                Box::pin(async move {
                    // A dropped sender stops the hub too.
                    let _ = stopped.await;
                }),
            )
            .instrument(tracing::info_span!("benchmark_scratch_hub")),
        );
        let mut hub = ScratchHub {
            url: format!("http://{addr}"),
            token,
            stop: Some(stop),
            done: Some(done),
        };
        if let Err(e) = hub.ready().await {
            hub.stop().await;
            return Err(e);
        }
        Ok(hub)
    }

    /// A client of the scratch hub, with its master token.
    pub fn client(&self) -> Result<m3shd_client::Client, HubError> {
        m3shd_client::Client::new(&self.url, &self.token)
            .map_err(|e| HubError::Config(format!("scratch hub client: {e}")))
    }

    /// Wait until the scratch hub answers, or say why it never will.
    async fn ready(&mut self) -> Result<(), HubError> {
        let client = self.client()?;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(done) = self.done.as_mut().filter(|d| d.is_finished()) {
                let why = match done.await {
                    Ok(Err(e)) => e.to_string(),
                    Ok(Ok(())) => "it stopped".into(),
                    Err(e) => e.to_string(),
                };
                self.done = None;
                return Err(HubError::Config(format!(
                    "the benchmark's scratch hub did not start: {why}"
                )));
            }
            match client.health().await {
                Ok(_) => return Ok(()),
                Err(e) if tokio::time::Instant::now() >= deadline => {
                    return Err(HubError::Config(format!(
                        "the benchmark's scratch hub did not answer: {e}"
                    )));
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            }
        }
    }

    /// Shut the scratch hub down and wait until its store is closed.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(done) = self.done.take() {
            match tokio::time::timeout(Duration::from_secs(30), done).await {
                Ok(Ok(Ok(()))) => {}
                Ok(Ok(Err(e))) => tracing::warn!(error = %e, "the benchmark's scratch hub failed"),
                Ok(Err(e)) => tracing::warn!(error = %e, "the benchmark's scratch hub crashed"),
                Err(_) => tracing::warn!("the benchmark's scratch hub did not stop within 30 s"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scratch_dir_goes_when_dropped_and_leftovers_go_with_the_next() {
        let root = tempfile::tempdir().expect("tempdir");
        let left = root.path().join("scratch-crashed");
        std::fs::create_dir_all(left.join("hub")).expect("leftover");
        let report = root.path().join("20300101-000000-ab.json");
        std::fs::write(&report, b"{}").expect("report");
        let dir = ScratchDir::create(root.path(), "next").expect("create");
        assert!(!left.exists(), "a crashed run's dir is removed");
        assert!(report.exists(), "reports stay");
        std::fs::write(dir.path().join("m3shd.db"), b"x").expect("write");
        let path = dir.path().to_path_buf();
        drop(dir);
        assert!(!path.exists());
    }
}

//! An in-process mesh: the hub and local builtin workers in one process,
//! on a loopback port. Behind `m3shd up`, `m3shd demo` and `m3shd bench`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use color_eyre::eyre::{WrapErr, eyre};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// What each local worker is called and can do.
#[derive(Debug, Clone)]
pub struct LocalWorker {
    pub name: String,
    pub capabilities: Vec<String>,
    pub slots: i64,
}

/// A running in-process mesh.
pub struct Mesh {
    pub url: String,
    pub token: String,
    pub token_path: Option<PathBuf>,
    stop_workers: watch::Sender<bool>,
    stop_hub: watch::Sender<bool>,
    hub: JoinHandle<Result<(), m3shd_hubd::HubError>>,
    workers: Vec<JoinHandle<Result<m3shd_workerd::WorkerReport, m3shd_workerd::WorkerError>>>,
}

/// Where `m3shd up` and `m3shd-hubd` keep the hub's data by default.
pub fn default_data_dir() -> color_eyre::Result<PathBuf> {
    m3shd_hubd::default_data_dir().map_err(|e| eyre!("{e}"))
}

fn stopped(rx: &watch::Receiver<bool>) -> impl std::future::Future<Output = ()> + Send + 'static {
    let mut rx = rx.clone();
    async move {
        let _ = rx.wait_for(|stop| *stop).await;
    }
}

/// Local workers run with their own worker-role token, not the master
/// token: the one kept in the worker's state dir while the hub still
/// accepts it, else a new one (saved there 0600, as enrolment does).
async fn worker_token(
    master: &m3shd_client::Client,
    url: &str,
    name: &str,
    state_dir: &Path,
) -> color_eyre::Result<String> {
    let agent_id = m3shd_api::slugify(name);
    let saved = m3shd_workerd::enrol::token_path(state_dir);
    if let Ok(text) = std::fs::read_to_string(&saved) {
        let token = text.trim().to_string();
        let me = m3shd_client::Client::new(url, &token)?.whoami().await;
        if me.is_ok_and(|me| me.kind == "agent" && me.name == agent_id) {
            return Ok(token);
        }
    }
    let created = master
        .create_token(&m3shd_api::CreateTokenRequest {
            agent_id,
            role: Some(m3shd_api::Role::Worker),
            permissions: None,
        })
        .await
        .map_err(|e| eyre!("cannot mint a token for worker {name}: {e}"))?;
    m3shd_workerd::enrol::save_token(state_dir, &created.token)
        .wrap_err_with(|| format!("cannot save the token of worker {name}"))?;
    Ok(created.token)
}

impl Mesh {
    /// Start the hub on `listen` (use port 0 for any free port) with its data
    /// in `data_dir`, then the workers, and wait until the hub answers.
    pub async fn start(
        data_dir: &Path,
        listen: &str,
        lease_timeout: Option<Duration>,
        workers: &[LocalWorker],
    ) -> color_eyre::Result<Mesh> {
        Mesh::start_with(data_dir, listen, workers, |config| match lease_timeout {
            Some(lt) => config.with_lease_timeout(lt),
            None => config,
        })
        .await
    }

    /// As [`Mesh::start`], with the hub's settings adjusted by `configure`
    /// (a benchmark keeps its whole event log, for one).
    pub async fn start_with(
        data_dir: &Path,
        listen: &str,
        workers: &[LocalWorker],
        configure: impl FnOnce(m3shd_hubd::HubConfig) -> m3shd_hubd::HubConfig,
    ) -> color_eyre::Result<Mesh> {
        // Creates the data dir owner-only when it is new.
        let master =
            m3shd_hubd::resolve_master_token(data_dir).map_err(|e| eyre!("master token: {e}"))?;
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .wrap_err_with(|| format!("cannot listen on {listen}"))?;
        let addr = listener.local_addr()?;
        if !addr.ip().is_loopback() {
            return Err(eyre!(
                "the all-in-one mesh listens on loopback only; run m3shd-hubd with M3SHD_MASTER_TOKEN set to expose a hub"
            ));
        }
        let url = format!("http://{addr}");
        let mut config = m3shd_hubd::HubConfig::new(data_dir.to_path_buf(), master.token.clone());
        // The dashboard's chat runs the command grammar, as with m3shd-hubd.
        config.text_runner = Some(crate::text_runner::runner());
        let config = configure(config);
        let (stop_hub, hub_rx) = watch::channel(false);
        let mut hub = tokio::spawn(m3shd_hubd::serve(listener, config, stopped(&hub_rx)));

        let probe = m3shd_client::Client::new(&url, &master.token)?;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while probe.health().await.is_err() {
            if hub.is_finished() {
                // It stopped before answering: say why (e.g. the data dir is
                // in use by another hub).
                return Err(match (&mut hub).await {
                    Ok(Err(e)) => eyre!("the embedded hub failed to start: {e}"),
                    Ok(Ok(())) => eyre!("the embedded hub stopped before it answered"),
                    Err(e) => eyre!("the embedded hub ended abnormally: {e}"),
                });
            }
            if tokio::time::Instant::now() > deadline {
                return Err(eyre!("the embedded hub did not come up within 10 s"));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }

        let (stop_workers, rx) = watch::channel(false);
        let mut handles = Vec::new();
        for w in workers {
            let state_dir = data_dir.join("workers").join(&w.name);
            let token = worker_token(&probe, &url, &w.name, &state_dir).await?;
            let cfg = m3shd_workerd::WorkerConfig::builtin(
                &url,
                &token,
                &w.name,
                w.capabilities.clone(),
                w.slots,
                state_dir,
            );
            handles.push(tokio::spawn(m3shd_workerd::run_worker(cfg, stopped(&rx))));
        }
        Ok(Mesh {
            url,
            token: master.token,
            token_path: master.path,
            stop_workers,
            stop_hub,
            hub,
            workers: handles,
        })
    }

    /// A client authenticated as the operator.
    pub fn client(&self) -> color_eyre::Result<m3shd_client::Client> {
        Ok(m3shd_client::Client::new(&self.url, &self.token)?)
    }

    /// Drain the workers, then stop the hub. Returns what the workers that
    /// stopped cleanly reported.
    pub async fn stop(self) -> color_eyre::Result<Vec<m3shd_workerd::WorkerReport>> {
        // Workers first, so they can hand back work and deregister.
        let _ = self.stop_workers.send(true);
        let mut reports = Vec::new();
        for w in self.workers {
            match w.await {
                Ok(Ok(report)) => reports.push(report),
                Ok(Err(e)) => tracing::warn!("worker stopped with an error: {e}"),
                Err(e) => tracing::warn!("worker task ended abnormally: {e}"),
            }
        }
        let _ = self.stop_hub.send(true);
        match self.hub.await {
            Ok(Ok(())) => Ok(reports),
            Ok(Err(e)) => Err(eyre!("hub stopped with an error: {e}")),
            Err(e) => Err(eyre!("hub task ended abnormally: {e}")),
        }
    }
}

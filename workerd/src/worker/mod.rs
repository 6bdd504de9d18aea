//! The worker loop: register, heartbeat, claim, execute, deliver, drain.
//!
//! One job per file: [`claim`] asks the hub for work, [`exec`] runs one
//! task, [`stream`] forwards its output as it appears, [`heartbeat`] keeps
//! the leases alive and hears about aborts, [`deliver`] hands results to
//! the hub (through the durable outbox when it cannot be reached). This
//! file starts them and drains them on shutdown.

mod backoff;
mod claim;
mod deliver;
mod exec;
mod heartbeat;
mod register;
mod release;
mod state;
mod stream;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use m3shd_client::{Client, ClientError};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use crate::executor;
use crate::outbox::Outbox;
use crate::{WorkerConfig, WorkerError};
use exec::CANCEL_GRACE;
use state::{Running, Shared, StopReason, locked};

pub use state::WorkerReport;

/// Bound of single calls made while shutting down (release, deregister).
const SHUTDOWN_CALL_TIMEOUT: Duration = Duration::from_secs(5);

async fn sleep_or_stop(d: Duration, stop: &CancellationToken) -> bool {
    tokio::select! {
        _ = tokio::time::sleep(d) => true,
        _ = stop.cancelled() => false,
    }
}

/// A 409 or 404 on a lease call: the task is not ours (any more).
fn is_obsolete(e: &ClientError) -> bool {
    matches!(e.status(), Some(404 | 409))
}

pub(crate) async fn run_worker(
    config: WorkerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<WorkerReport, WorkerError> {
    if !m3shd_api::is_valid_id(&config.agent_id) {
        return Err(WorkerError::Config(format!(
            "agent id `{}` must be [a-z0-9-], 1-64 characters",
            config.agent_id
        )));
    }
    let config = crate::enrol::enrol(config).await?;
    if config.slots == 0 {
        return Err(WorkerError::Config("slots must be at least 1".into()));
    }
    // Before anything runs: what a run killed with `kill -9` left behind.
    let groups = crate::process_groups::ProcessGroups::new(&config.state_dir);
    let reaped = tokio::task::spawn_blocking(move || groups.reap_left_behind())
        .await
        .unwrap_or(0);
    if reaped > 0 {
        warn!(
            groups = reaped,
            "killed process groups an earlier run of this worker left running"
        );
    }
    let client = Client::new(&config.hub_url, &config.token)
        .map_err(|e| WorkerError::Config(e.to_string()))?
        .with_agent(&config.agent_id);
    let executor = executor::with_tools(&config, client.clone())?;
    let (state_dir, outbox_dir) = (config.state_dir.clone(), config.outbox_dir());
    let outbox = tokio::task::spawn_blocking(move || {
        m3shd_common::private_fs::secure_dir(&state_dir)?;
        Outbox::open(outbox_dir)
    })
    .await
    .map_err(|e| WorkerError::Io(std::io::Error::other(e)))??;

    let stop = CancellationToken::new();
    let shutdown_watch = {
        let stop = stop.clone();
        tokio::spawn(async move {
            shutdown.await;
            stop.cancel();
        })
    };

    let shared = Arc::new(Shared::new(config, client, executor, outbox));

    let result = run_registered(&shared, &stop).await;
    shutdown_watch.abort();
    result?;

    let pending = {
        let outbox = shared.outbox.clone();
        tokio::task::spawn_blocking(move || outbox.len())
            .await
            .ok()
            .and_then(Result::ok)
            .unwrap_or(0) as u64
    };
    if pending > 0 {
        warn!(
            pending,
            dir = %shared.outbox.dir().display(),
            "results left in the outbox; they are delivered on the next start"
        );
    }
    Ok(shared.stats.report(pending))
}

async fn run_registered(shared: &Arc<Shared>, stop: &CancellationToken) -> Result<(), WorkerError> {
    // Results left by an earlier run go first, before anything new is
    // claimed (one pass: an unreachable hub is dealt with below). The pass
    // also counts them as held, which the first heartbeat must already
    // say: a restarted hub gives back what a heartbeat does not list.
    let _ = deliver::deliver_pass(shared, None).await;

    if shared.register(stop, true).await?.is_none() {
        info!("stopped before registering");
        return Ok(());
    }
    let _ = deliver::deliver_pass(shared, None).await;

    let hb_stop = CancellationToken::new();
    let heartbeat = tokio::spawn(heartbeat::heartbeat_loop(shared.clone(), hb_stop.clone()));
    let outbox_stop = CancellationToken::new();
    let deliverer = tokio::spawn(deliver::outbox_loop(shared.clone(), outbox_stop.clone()));

    let mut tasks = JoinSet::new();
    claim::claim_loop(shared, stop, &mut tasks).await;

    drain(shared, &mut tasks).await;
    hb_stop.cancel();
    let _ = heartbeat.await;
    outbox_stop.cancel();
    let _ = deliverer.await;
    deliver::flush_outbox(shared).await;
    match tokio::time::timeout(
        SHUTDOWN_CALL_TIMEOUT,
        shared.client.deregister(shared.agent()),
    )
    .await
    {
        Ok(Ok(())) => info!("deregistered"),
        Ok(Err(e)) => warn!(error = %e, "deregister failed"),
        Err(_) => warn!("deregister timed out"),
    }
    Ok(())
}

/// No new claims; running tasks get `drain_timeout` to finish, then the
/// rest are stopped (and released by their executions).
async fn drain(shared: &Arc<Shared>, tasks: &mut JoinSet<()>) {
    shared.claiming.store(false, Ordering::SeqCst);
    let n = locked(&shared.running).len();
    info!(
        running = n,
        drain_timeout_s = shared.cfg.drain_timeout.as_secs(),
        "draining: no new claims"
    );
    let all_done = async { while tasks.join_next().await.is_some() {} };
    if tokio::time::timeout(shared.cfg.drain_timeout, all_done)
        .await
        .is_ok()
    {
        return;
    }
    let left: Vec<Running> = locked(&shared.running).values().cloned().collect();
    info!(
        tasks = left.len(),
        "drain timeout: releasing unfinished tasks"
    );
    for r in &left {
        r.stop(StopReason::Drain);
    }
    let bound = CANCEL_GRACE + SHUTDOWN_CALL_TIMEOUT + Duration::from_secs(1);
    let rest = async { while tasks.join_next().await.is_some() {} };
    if tokio::time::timeout(bound, rest).await.is_err() {
        warn!("some executions did not stop; abandoning them");
        tasks.abort_all();
    }
}

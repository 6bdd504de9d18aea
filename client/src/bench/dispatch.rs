//! Dispatch through the hub's API: how many no-op tasks per second it takes
//! from submitters to probe workers and back to done, and how it copes
//! with many tasks submitted at once to many agents with several slots.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::probe::Probes;
use crate::{Client, ClientError};

/// How long a run may take before it is called failed.
const WITHIN: Duration = Duration::from_secs(300);

#[derive(Debug, Clone, Serialize)]
pub struct ThroughputFigures {
    pub tasks: usize,
    pub submitters: usize,
    pub workers: usize,
    pub slots: usize,
    /// First submit to the last completion the hub acknowledged.
    pub seconds: f64,
    pub tasks_per_s: f64,
    /// How long submitting them all took.
    pub submit_seconds: f64,
    /// Tasks handed to a worker beyond its free slots (always 0).
    pub over_slots: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConcurrencyFigures {
    pub tasks: usize,
    pub agents: usize,
    pub slots: usize,
    /// How long each probe holds a task before completing it.
    pub hold_ms: u64,
    /// Submitting all of them (concurrently) to the last completion.
    pub seconds: f64,
    pub tasks_per_s: f64,
    /// The most tasks the agents held at once (at most agents × slots).
    pub peak_running: usize,
    /// Tasks handed to an agent beyond its free slots (always 0).
    pub over_slots: usize,
}

/// `tasks` no-op tasks from `submitters` concurrent submitters, taken by
/// `workers` probe workers of `slots` slots each.
pub async fn throughput(
    client: &Client,
    tasks: usize,
    submitters: usize,
    workers: usize,
    slots: usize,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<ThroughputFigures, ClientError> {
    if tasks == 0 || submitters == 0 {
        return Err(ClientError::Config(
            "tasks and submitters must be at least 1".into(),
        ));
    }
    let mut probes =
        Probes::start(client, "bench-dispatch", workers, slots, Duration::ZERO).await?;
    progress(&format!(
        "submitting {tasks} tasks from {submitters} submitters to {workers} probe workers…"
    ));
    let outcome = async {
        let start = Instant::now();
        submit(client, &probes, tasks, submitters).await?;
        let submit_seconds = start.elapsed().as_secs_f64();
        probes.wait_completed(tasks, WITHIN).await?;
        let seconds = elapsed_to_last(&probes, start);
        Ok(ThroughputFigures {
            tasks,
            submitters,
            workers,
            slots,
            seconds,
            tasks_per_s: tasks as f64 / seconds,
            submit_seconds,
            over_slots: probes.overflow(),
        })
    }
    .await;
    probes.stop().await;
    outcome
}

/// `tasks` tasks submitted at once (as fast as 64 submitters can) to
/// `agents` probe agents of `slots` slots, each holding a task for `hold`.
pub async fn concurrency(
    client: &Client,
    tasks: usize,
    agents: usize,
    slots: usize,
    hold: Duration,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<ConcurrencyFigures, ClientError> {
    if tasks == 0 {
        return Err(ClientError::Config("tasks must be at least 1".into()));
    }
    let mut probes = Probes::start(client, "bench-concurrent", agents, slots, hold).await?;
    progress(&format!(
        "submitting {tasks} tasks at once to {agents} probe agents with {slots} slots each…"
    ));
    let outcome = async {
        let start = Instant::now();
        submit(client, &probes, tasks, 64).await?;
        probes.wait_completed(tasks, WITHIN).await?;
        let seconds = elapsed_to_last(&probes, start);
        Ok(ConcurrencyFigures {
            tasks,
            agents,
            slots,
            hold_ms: u64::try_from(hold.as_millis()).unwrap_or(u64::MAX),
            seconds,
            tasks_per_s: tasks as f64 / seconds,
            peak_running: probes.peak_in_flight(),
            over_slots: probes.overflow(),
        })
    }
    .await;
    probes.stop().await;
    outcome
}

fn elapsed_to_last(probes: &Probes, start: Instant) -> f64 {
    probes
        .last_done()
        .map_or_else(|| start.elapsed(), |t| t.saturating_duration_since(start))
        .as_secs_f64()
        .max(1e-9)
}

/// Create `tasks` probe tasks from `submitters` concurrent loops.
async fn submit(
    client: &Client,
    probes: &Probes,
    tasks: usize,
    submitters: usize,
) -> Result<(), ClientError> {
    let next = Arc::new(AtomicUsize::new(0));
    let req = probes.task("bench: no-op");
    let mut loops = Vec::with_capacity(submitters);
    for _ in 0..submitters.min(tasks) {
        let (client, next, req) = (client.clone(), next.clone(), req.clone());
        loops.push(tokio::spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < tasks {
                client.create_task(&req, None).await?;
            }
            Ok::<(), ClientError>(())
        }));
    }
    for l in loops {
        l.await
            .map_err(|e| ClientError::Failed(format!("a submitter crashed: {e}")))??;
    }
    Ok(())
}

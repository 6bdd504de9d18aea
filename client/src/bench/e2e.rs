//! End-to-end completion: submit one task, wait for it to be done, submit
//! the next. The wait is the one a client does: it follows the event
//! stream until the task's `task_completed` arrives, so the figure is
//! submit → done as a caller sees it (dispatch, claim, completion and the
//! event's delivery).

use std::time::{Duration, Instant};

use m3shd_api::{Event, StreamQuery};
use serde::Serialize;

use super::percentile;
use super::probe::Probes;
use crate::{Client, ClientError, StreamItem};

/// How long one task may take before the run is called failed.
const PER_TASK: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Serialize)]
pub struct EndToEndFigures {
    pub tasks: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub mean_ms: f64,
}

/// `tasks` tasks one after another, each taken by one probe worker.
pub async fn end_to_end(
    client: &Client,
    tasks: usize,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<EndToEndFigures, ClientError> {
    if tasks == 0 {
        return Err(ClientError::Config("tasks must be at least 1".into()));
    }
    let probes = Probes::start(client, "bench-e2e", 1, 1, Duration::ZERO).await?;
    progress(&format!("{tasks} tasks one after another…"));
    let outcome = sequential(client, &probes, tasks).await;
    probes.stop().await;
    let mut lat = outcome?;
    lat.sort_by(f64::total_cmp);
    Ok(EndToEndFigures {
        tasks,
        p50_ms: percentile(&lat, 0.50),
        p99_ms: percentile(&lat, 0.99),
        max_ms: lat.last().copied().unwrap_or(0.0),
        mean_ms: lat.iter().sum::<f64>() / lat.len() as f64,
    })
}

pub(super) async fn sequential(
    client: &Client,
    probes: &Probes,
    tasks: usize,
) -> Result<Vec<f64>, ClientError> {
    let mut stream = client.stream(StreamQuery {
        types: Some("task_completed,task_failed,task_cancelled".into()),
        after: Some(client.status().await?.last_event_id),
        ..StreamQuery::default()
    });
    // Connected before the first task, so no completion can be missed.
    let connected = async {
        loop {
            if let StreamItem::Connected = stream.next().await? {
                return Ok::<(), ClientError>(());
            }
        }
    };
    tokio::time::timeout(PER_TASK, connected)
        .await
        .map_err(|_| ClientError::Failed("the event stream did not connect".into()))??;
    let req = probes.task("bench: end to end");
    let mut lat = Vec::with_capacity(tasks);
    for _ in 0..tasks {
        let start = Instant::now();
        let task = client.create_task(&req, None).await?;
        let deadline = tokio::time::Instant::now() + PER_TASK;
        loop {
            let item = tokio::time::timeout_at(deadline, stream.next())
                .await
                .map_err(|_| {
                    ClientError::Failed(format!(
                        "task {} was not done within {} s",
                        task.id,
                        PER_TASK.as_secs()
                    ))
                })??;
            let StreamItem::Event(ev) = item else {
                continue;
            };
            match ev.event {
                Event::TaskCompleted { task: t } if t.id == task.id => break,
                Event::TaskFailed { task: t } | Event::TaskCancelled { task: t }
                    if t.id == task.id =>
                {
                    return Err(ClientError::Failed(format!(
                        "task {} ended {}",
                        t.id, t.status
                    )));
                }
                _ => {}
            }
        }
        lat.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(lat)
}

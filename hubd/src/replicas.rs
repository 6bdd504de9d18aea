//! Hubs sharing a database (replicas): a worker's claim waits on the
//! replica it is connected to, while the dispatch pass that hands it work
//! may run on another. Every replica sees every committed event (the store
//! publishes what the others wrote), so an assignment wakes the waiting
//! claim wherever it waits.

use std::sync::Arc;

use m3shd_api::{Event, EventRecord, TaskStatus};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use crate::http::Waiters;
use m3shd_hub_core::domain::Wake;

pub async fn wake_claims(
    mut events: broadcast::Receiver<Arc<EventRecord>>,
    waiters: Arc<Waiters>,
    stop: CancellationToken,
) {
    loop {
        let rec = tokio::select! {
            _ = stop.cancelled() => return,
            rec = events.recv() => rec,
        };
        match rec {
            Ok(rec) => {
                if let Event::TaskUpdated { task, .. } = &rec.event
                    && task.status == TaskStatus::Assigned
                    && let Some(agent) = &task.assigned_to
                {
                    waiters.task_assigned(agent);
                }
            }
            // Missed some: a claim that missed its wake-up finds its work
            // on its next poll.
            Err(broadcast::error::RecvError::Lagged(_)) => {}
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}

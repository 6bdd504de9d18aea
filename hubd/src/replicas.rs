//! Hubs sharing a database (replicas): a worker's claim waits on the
//! replica it is connected to, while the dispatch pass that hands it work
//! may run on another. Every replica sees every committed event (the store
//! publishes what the others wrote), so an assignment wakes the waiting
//! claim wherever it waits.
//!
//! Each replica also says it is up every second (taking its share of API
//! keys' per-minute rates) and takes in the failed logins the others saw.

use std::sync::Arc;
use std::time::Duration;

use m3shd_api::{Event, EventRecord, TaskStatus};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

use crate::http::Waiters;
use crate::http::login_limit::LoginLimiter;
use m3shd_hub_core::domain::{Hub, Wake};

/// How often a replica says it is up and reads the others' failed logins.
const BEAT: Duration = Duration::from_secs(1);
/// A replica not heard from for this long no longer counts as up.
const LIVE: Duration = Duration::from_secs(5);
/// Failed logins (and silent replicas) are kept this long: longer than
/// any login window.
const KEEP: Duration = Duration::from_secs(15 * 60);

/// Until `stop`: heartbeats, the others' failed logins into `logins`, and
/// a prune now and then.
pub async fn keep_in_step(hub: Arc<Hub>, logins: Arc<LoginLimiter>, stop: CancellationToken) {
    let mut seen = hub.last_login_failure().unwrap_or(0);
    let mut beats: u64 = 0;
    loop {
        if let Err(e) = hub.replica_heartbeat(LIVE).await {
            tracing::warn!(error = %e, "replica heartbeat failed");
        }
        match hub.login_failures_elsewhere(seen) {
            Ok(failures) => {
                for f in failures {
                    seen = seen.max(f.id);
                    if let Ok(ip) = f.ip.parse() {
                        logins.absorb(ip, &f.username, f.at);
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "cannot read other replicas' failed logins"),
        }
        beats += 1;
        if beats.is_multiple_of(60)
            && let Err(e) = hub.prune_replicas(KEEP).await
        {
            tracing::warn!(error = %e, "cannot prune replica rows");
        }
        tokio::select! {
            _ = stop.cancelled() => return,
            _ = tokio::time::sleep(BEAT) => {}
        }
    }
}

/// Wake the claims waiting here for work another replica assigned them.
/// Only the others' events: this replica's own writes start the work of a
/// waiting claim and hand it over in the same transaction, or wake the
/// claim themselves. Woken by its own assignments too, a claim left the
/// work it had just been handed to go back to the queue (on PostgreSQL,
/// about 1.5 times per task, each a write).
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

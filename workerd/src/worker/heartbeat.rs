//! The heartbeat loop: keeps this worker's leases alive, says whether a
//! claim is waiting, and stops the executions the hub says to abort.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use m3shd_api::Heartbeat;
use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

use super::sleep_or_stop;
use super::state::{Shared, StopReason, locked};

pub(super) async fn heartbeat_loop(shared: Arc<Shared>, stop: CancellationToken) {
    let mut failing = false;
    loop {
        let every = *locked(&shared.heartbeat_every);
        if !sleep_or_stop(every, &stop).await {
            return;
        }
        let hb = Heartbeat {
            claiming: shared.claiming.load(Ordering::SeqCst),
            // Executions and results not yet delivered (the outbox is read
            // into them before the first heartbeat: `run_registered`).
            running: shared.running_ids(),
            lists_all_held: shared.hub_takes_held_list.load(Ordering::SeqCst),
        };
        let generation = shared.register_generation.load(Ordering::SeqCst);
        let r = tokio::select! {
            r = shared.client.heartbeat(shared.agent(), &hb) => r,
            _ = stop.cancelled() => return,
        };
        match r {
            Ok(ack) => {
                if failing {
                    info!("heartbeats reach the hub again");
                    failing = false;
                    // Whatever waits out a backoff can go now: results
                    // parked in the outbox first, then claims.
                    shared.outbox_ready.notify_one();
                    shared.hub_back.notify_one();
                }
                for id in &ack.abort {
                    if shared.stop_task(id, StopReason::Aborted) {
                        info!(task = %id, "the hub says stop: aborting the execution");
                    }
                }
            }
            Err(e) if e.status() == Some(404) => {
                shared.reregister(generation, &stop).await;
            }
            Err(e) => {
                if !failing {
                    warn!(error = %e, "heartbeat failed");
                    failing = true;
                }
            }
        }
    }
}

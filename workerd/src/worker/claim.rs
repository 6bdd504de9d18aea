//! The claim loop: a long-poll for work whenever a slot is free; a task
//! this worker cannot run goes straight back (see `release`).

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::{error, info, warn};

use super::backoff::backoff;
use super::exec::run_task;
use super::release::release;
use super::sleep_or_stop;
use super::state::Shared;

/// How long an aborted long-poll may still deliver an answer in flight.
const CLAIM_ABORT_GRACE: Duration = Duration::from_millis(250);

pub(super) async fn claim_loop(
    shared: &Arc<Shared>,
    stop: &CancellationToken,
    tasks: &mut JoinSet<()>,
) {
    let slots = Arc::new(Semaphore::new(shared.cfg.slots as usize));
    let mut backoff = backoff(shared.cfg.max_backoff);
    let wait_ms = m3shd_common::duration::millis(shared.cfg.claim_wait);
    let mut failing = false;
    loop {
        while tasks.try_join_next().is_some() {}
        shared.claiming.store(true, Ordering::SeqCst);
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => return,
            },
            // Reap finished executions while all slots are busy.
            Some(_) = tasks.join_next(), if !tasks.is_empty() => continue,
            _ = stop.cancelled() => return,
        };
        if stop.is_cancelled() {
            return;
        }
        // Every slot free right now goes into the claim, and the claim says
        // how many that is: the hub hands over no more, so what it hands
        // over always has a slot waiting (its own count of what this agent
        // holds can run ahead of ours, e.g. between accepting a result and
        // our seeing the reply).
        let mut permits = vec![permit];
        while let Ok(p) = slots.clone().try_acquire_owned() {
            permits.push(p);
        }
        let free = u32::try_from(permits.len()).unwrap_or(u32::MAX);
        let generation = shared.register_generation.load(Ordering::SeqCst);
        let claim = shared.client.claim(shared.agent(), wait_ms, Some(free));
        tokio::pin!(claim);
        let r = tokio::select! {
            r = &mut claim => r,
            _ = stop.cancelled() => {
                // Abort the long-poll: a drain must not wait for it. An
                // answer already on its way may carry tasks the hub just
                // assigned to us: hand those back rather than strand them.
                if let Ok(Ok(claims)) = tokio::time::timeout(CLAIM_ABORT_GRACE, claim).await {
                    for c in claims {
                        release(shared, &c.task.id, c.lease.fence).await;
                    }
                }
                return;
            }
        };
        match r {
            Ok(claims) => {
                if failing {
                    info!("claims reach the hub again");
                    failing = false;
                }
                backoff.reset();
                let mut permits = permits.into_iter();
                for c in claims {
                    match permits.next() {
                        Some(p) => {
                            let s = shared.clone();
                            tasks.spawn(run_task(s, c, p));
                        }
                        None => {
                            // Only a hub that ignores `free_slots` does this.
                            warn!(task = %c.task.id, "the hub sent more tasks than free slots: releasing it");
                            let s = shared.clone();
                            tokio::spawn(
                                async move { release(&s, &c.task.id, c.lease.fence).await },
                            );
                        }
                    }
                }
            }
            Err(e) if e.status() == Some(404) => {
                drop(permits);
                shared.reregister(generation, stop).await;
            }
            Err(e) => {
                drop(permits);
                failing = true;
                // Heartbeats sent meanwhile must not say a claim is waiting:
                // the hub would assign work nobody picks up until the lease
                // lapses, and that lapse costs the task an attempt.
                shared.claiming.store(false, Ordering::SeqCst);
                let d = backoff.next_delay();
                if matches!(e.status(), Some(401 | 403)) {
                    error!(error = %e, retry_in_ms = m3shd_common::duration::millis(d), "the hub refuses this worker's claims");
                } else {
                    warn!(error = %e, retry_in_ms = m3shd_common::duration::millis(d), "claim failed");
                }
                let resumed = tokio::select! {
                    r = sleep_or_stop(d, stop) => r,
                    _ = shared.hub_back.notified() => true,
                };
                if !resumed {
                    return;
                }
            }
        }
    }
}

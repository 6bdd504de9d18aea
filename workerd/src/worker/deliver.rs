//! Handing results to the hub: straight away while it answers, through
//! the durable outbox while it does not, and what is left on shutdown.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use tracing::{debug, error, info, warn};

use super::backoff::{MIN_BACKOFF, backoff};
use super::is_obsolete;
use super::state::{Shared, bump, locked};
use crate::outbox::{OutboxEntry, Outcome};

pub(super) enum Delivery {
    /// The hub took the result.
    Done,
    /// The hub says the result is obsolete (409/404).
    Obsolete,
    /// The hub refused the result for good (other 4xx).
    Rejected,
    /// Try again later.
    HubDown,
}

pub(super) async fn deliver(shared: &Shared, entry: &OutboxEntry) -> Delivery {
    let r = match &entry.outcome {
        Outcome::Complete(c) => shared.client.complete(&entry.task_id, c).await,
        Outcome::Fail(f) => shared.client.fail(&entry.task_id, f).await,
    };
    match r {
        Ok(_) => {
            info!(task = %entry.task_id, fence = entry.fence.0, result = entry.outcome.kind(), "result delivered");
            match entry.outcome {
                Outcome::Complete(_) => bump(&shared.stats.completed),
                Outcome::Fail(_) => bump(&shared.stats.failed),
            }
            Delivery::Done
        }
        Err(e) if is_obsolete(&e) => {
            warn!(task = %entry.task_id, fence = entry.fence.0, error = %e, "result is obsolete (the task moved on); dropping it");
            bump(&shared.stats.obsolete);
            Delivery::Obsolete
        }
        Err(e) if e.is_transient() || matches!(e.status(), Some(401 | 403)) => {
            debug!(task = %entry.task_id, error = %e, "result not delivered yet");
            Delivery::HubDown
        }
        Err(e) => {
            error!(task = %entry.task_id, fence = entry.fence.0, error = %e, "the hub refused the result");
            Delivery::Rejected
        }
    }
}

pub(super) enum Pass {
    /// Nothing left to deliver.
    Empty,
    /// The hub is unreachable; entries remain.
    HubDown,
}

/// Try every outbox entry once, oldest first; stop at the first sign the
/// hub is unreachable.
pub(super) async fn deliver_pass(shared: &Arc<Shared>, stop: Option<&CancellationToken>) -> Pass {
    let outbox = shared.outbox.clone();
    let entries = match tokio::task::spawn_blocking(move || outbox.pending()).await {
        Ok(Ok(e)) => e,
        Ok(Err(e)) => {
            error!(error = %e, "cannot read the outbox");
            return Pass::HubDown;
        }
        Err(_) => return Pass::HubDown,
    };
    {
        let mut und = locked(&shared.undelivered);
        for e in &entries {
            und.insert(e.task_id.clone());
        }
    }
    for entry in entries {
        let outcome = match stop {
            Some(stop) => tokio::select! {
                d = deliver(shared, &entry) => d,
                _ = stop.cancelled() => return Pass::HubDown,
            },
            None => deliver(shared, &entry).await,
        };
        let outbox = shared.outbox.clone();
        let (id, fence) = (entry.task_id.clone(), entry.fence);
        let done = match outcome {
            Delivery::Done | Delivery::Obsolete => {
                tokio::task::spawn_blocking(move || outbox.remove(&id, fence)).await
            }
            Delivery::Rejected => {
                tokio::task::spawn_blocking(move || outbox.set_aside(&id, fence).map(|_| ())).await
            }
            Delivery::HubDown => return Pass::HubDown,
        };
        if let Ok(Err(e)) = done {
            error!(task = %entry.task_id, error = %e, "cannot remove a delivered result from the outbox");
        }
        locked(&shared.undelivered).remove(&entry.task_id);
    }
    Pass::Empty
}

pub(super) async fn outbox_loop(shared: Arc<Shared>, stop: CancellationToken) {
    let mut backoff = backoff(shared.cfg.max_backoff);
    loop {
        match deliver_pass(&shared, Some(&stop)).await {
            Pass::Empty => {
                backoff.reset();
                tokio::select! {
                    _ = shared.outbox_ready.notified() => {}
                    _ = stop.cancelled() => return,
                }
            }
            Pass::HubDown => {
                if stop.is_cancelled() {
                    return;
                }
                let d = backoff.next_delay();
                debug!(
                    retry_in_ms = m3shd_common::duration::millis(d),
                    "outbox waiting for the hub"
                );
                tokio::select! {
                    _ = tokio::time::sleep(d) => {}
                    _ = shared.outbox_ready.notified() => {}
                    _ = stop.cancelled() => return,
                }
            }
        }
    }
}

/// On shutdown: deliver what can be delivered within `flush_timeout`;
/// the rest stays on disk for the next start.
pub(super) async fn flush_outbox(shared: &Arc<Shared>) {
    let deadline = Instant::now() + shared.cfg.flush_timeout;
    let flush = async {
        loop {
            match deliver_pass(shared, None).await {
                Pass::Empty => return,
                Pass::HubDown => tokio::time::sleep(MIN_BACKOFF).await,
            }
        }
    };
    if tokio::time::timeout_at(deadline, flush).await.is_err() {
        warn!("the hub did not take every result before shutdown");
    }
}

/// Put a result in the outbox (durably) and wake the deliverer.
pub(super) async fn store_result(shared: &Arc<Shared>, entry: OutboxEntry) {
    locked(&shared.undelivered).insert(entry.task_id.clone());
    let outbox = shared.outbox.clone();
    let e = entry.clone();
    let stored = tokio::task::spawn_blocking(move || outbox.put(&e)).await;
    match stored {
        Ok(Ok(path)) => debug!(path = %path.display(), "result stored in the outbox"),
        Ok(Err(err)) => {
            error!(task = %entry.task_id, error = %err, "cannot write the outbox; delivering from memory only");
            deliver_unstored(shared, entry).await;
            return;
        }
        Err(err) => {
            error!(task = %entry.task_id, error = %err, "outbox writer failed");
            deliver_unstored(shared, entry).await;
            return;
        }
    }
    shared.outbox_ready.notify_one();
}

/// Last resort when the disk refuses the result: try for a while from memory.
async fn deliver_unstored(shared: &Arc<Shared>, entry: OutboxEntry) {
    let mut backoff = backoff(shared.cfg.max_backoff);
    let deadline = Instant::now() + Duration::from_secs(300);
    while Instant::now() < deadline {
        match deliver(shared, &entry).await {
            Delivery::Done | Delivery::Obsolete | Delivery::Rejected => break,
            Delivery::HubDown => tokio::time::sleep(backoff.next_delay()).await,
        }
    }
    locked(&shared.undelivered).remove(&entry.task_id);
}

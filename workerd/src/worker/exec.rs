//! One task's execution: from the claim to the result handed to delivery
//! (or the release, or nothing when the task stopped being ours).

use std::sync::Arc;
use std::time::Duration;

use m3shd_api::limits::MAX_OUTPUT_BYTES;
use m3shd_api::{Claimed, CompleteTask, FailTask, Fence};
use tokio::sync::{OwnedSemaphorePermit, mpsc};
use tracing::{info, warn};

use super::deliver::{Delivery, deliver, store_result};
use super::release::release;
use super::state::{Running, Shared, StopReason, bump, locked};
use super::stream::forward_stream;
use crate::executor::{ExecError, ExecOutput};
use crate::outbox::{OutboxEntry, Outcome};

/// How long a cancelled execution may take to stop before it is abandoned.
pub(super) const CANCEL_GRACE: Duration = Duration::from_secs(5);
/// How long a finished execution waits for its last stream flush.
const STREAM_TAIL_WAIT: Duration = Duration::from_secs(2);

/// Cut `s` to at most `max` bytes on a char boundary.
fn truncate_utf8(mut s: String, max: usize) -> String {
    if s.len() > max {
        let mut i = max;
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        s.truncate(i);
    }
    s
}

/// Removes a task from the running map when its execution ends, whatever way.
struct RunningGuard {
    shared: Arc<Shared>,
    task_id: String,
    fence: Fence,
}

impl Drop for RunningGuard {
    fn drop(&mut self) {
        let mut running = locked(&self.shared.running);
        if running
            .get(&self.task_id)
            .is_some_and(|r| r.fence == self.fence)
        {
            running.remove(&self.task_id);
        }
    }
}

pub(super) async fn run_task(shared: Arc<Shared>, claimed: Claimed, permit: OwnedSemaphorePermit) {
    let mut task = claimed.task;
    crate::extras::add_context(&mut task, &claimed.context, &*shared.executor);
    let task_id = task.id.clone();
    let fence = claimed.lease.fence;
    let me = Running::new(fence);
    {
        let mut running = locked(&shared.running);
        if let Some(old) = running.insert(task_id.clone(), me.clone()) {
            // The hub handed us the task again under a new lease: the old
            // execution's result could never be delivered.
            old.stop(StopReason::Stale);
        }
    }
    let _guard = RunningGuard {
        shared: shared.clone(),
        task_id: task_id.clone(),
        fence,
    };
    info!(task = %task_id, fence = fence.0, executor = shared.executor.name(), "executing");

    let (tx, rx) = mpsc::channel::<String>(256);
    let mut streamer = tokio::spawn(forward_stream(
        shared.clone(),
        task_id.clone(),
        fence,
        rx,
        me.clone(),
    ));
    let timer = shared.cfg.task_timeout.map(|t| {
        let me = me.clone();
        tokio::spawn(async move {
            tokio::time::sleep(t).await;
            me.stop(StopReason::TimedOut);
        })
    });

    let result = {
        let exec = async {
            let images = crate::extras::images(
                &shared.client,
                &*shared.executor,
                &mut task,
                &claimed.attachments,
            )
            .await?;
            shared
                .executor
                .run(&task, &images, tx, me.cancel.clone())
                .await
        };
        let abandon = async {
            me.cancel.cancelled().await;
            tokio::time::sleep(CANCEL_GRACE).await;
        };
        tokio::select! {
            r = exec => r,
            _ = abandon => {
                warn!(task = %task_id, "executor ignored cancellation; abandoning it");
                Err(ExecError::cancelled())
            }
        }
    };
    if let Some(t) = timer {
        t.abort();
    }
    // The sender is gone with the executor: let the last chunks go out.
    if tokio::time::timeout(STREAM_TAIL_WAIT, &mut streamer)
        .await
        .is_err()
    {
        streamer.abort();
    }

    let reason = me.reason.get().copied();
    let outcome = match (reason, result) {
        (Some(StopReason::Aborted | StopReason::Stale), _) => {
            info!(task = %task_id, fence = fence.0, reason = ?reason, "task is no longer ours: result dropped");
            bump(&shared.stats.aborted);
            return;
        }
        (Some(StopReason::Drain), Err(_)) => {
            release(&shared, &task_id, fence).await;
            return;
        }
        (reason, result) => outcome(&shared, fence, reason, result),
    };
    info!(task = %task_id, fence = fence.0, result = outcome.kind(), "execution finished");
    // Facts the output asks to keep go to the agent's memory before the
    // result, so whoever sees the task done can already find them.
    if let Outcome::Complete(done) = &outcome {
        crate::remember::store(&shared.client, shared.agent(), &task_id, &done.output).await;
    }
    let entry = OutboxEntry {
        task_id: task_id.clone(),
        fence,
        outcome,
        finished_at: chrono::Utc::now(),
    };
    // The slot is free once the executor is done: the next claim goes out
    // while the result does. The hub counts this task as held until it has
    // the result, so it hands that claim nothing before then; when it does,
    // the write that takes the result also starts the next task for the
    // waiting claim (ARCHITECTURE.md, "Dispatch").
    drop(permit);
    // While the hub answers, deliver straight away: each slot reports on its
    // own, with no disk write on the hot path. The durable outbox takes the
    // result only when the hub cannot be reached. Should this process die
    // in between, the lease expires and the hub runs the task again.
    if let Delivery::HubDown = deliver(&shared, &entry).await {
        store_result(&shared, entry).await;
    }
}

/// The result to report for an execution that is still ours.
fn outcome(
    shared: &Shared,
    fence: Fence,
    reason: Option<StopReason>,
    result: Result<ExecOutput, ExecError>,
) -> Outcome {
    match (reason, result) {
        (Some(StopReason::TimedOut), Err(e)) => Outcome::Fail(FailTask {
            fence,
            error: format!(
                "timed out after {} s",
                shared.cfg.task_timeout.unwrap_or_default().as_secs()
            ),
            output: e.partial_output.map(|p| truncate_utf8(p, MAX_OUTPUT_BYTES)),
            retryable: true,
            usage: e.usage,
        }),
        (_, Ok(done)) => Outcome::Complete(CompleteTask {
            fence,
            output: truncate_utf8(done.output, MAX_OUTPUT_BYTES),
            confidence: done.confidence,
            usage: done.usage,
        }),
        (_, Err(e)) => Outcome::Fail(FailTask {
            fence,
            error: truncate_utf8(e.message, MAX_OUTPUT_BYTES),
            output: e.partial_output.map(|p| truncate_utf8(p, MAX_OUTPUT_BYTES)),
            retryable: e.retryable,
            usage: e.usage,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_respects_char_boundaries() {
        assert_eq!(truncate_utf8("aé".into(), 2), "a");
        assert_eq!(truncate_utf8("abc".into(), 10), "abc");
    }
}

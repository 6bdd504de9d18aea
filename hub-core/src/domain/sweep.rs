//! The periodic sweep: silent agents go offline, expired leases go back to
//! the queue (or fail for good), cooled circuits half-open. Silence and
//! lapsed leases count only from the end of the start-up grace: what the
//! clock did while the hub was stopped says nothing about the workers.

use m3shd_api::{AgentStatus, Event, TaskStatus};

use super::circuit::Breaker;
use super::lease::{fail_and_escalate, record_outcome};
use super::status::Transition;
use super::task_change::change;
use super::{Ctx, DomainError, Hub};

/// What one sweep did (for logs and tests).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SweepReport {
    pub agents_offline: usize,
    pub leases_requeued: usize,
    pub tasks_failed: usize,
    pub circuits_half_open: usize,
    /// Protocol steps cancelled because their pinned agent went offline.
    pub protocol_steps_cancelled: usize,
}

fn ago(now: m3shd_api::Timestamp, d: std::time::Duration) -> m3shd_api::Timestamp {
    super::shift(now, d, false)
}

impl Hub {
    /// Before serving: whatever claims were waiting on the last run ended
    /// with it. An agent is offered work again once its heartbeat says its
    /// claim loop runs (or it claims), so a worker that died while the hub
    /// was down is not handed tasks during the start-up grace.
    pub async fn start_serving(&self) -> Result<(), DomainError> {
        // With replicas, agents may be claiming on another hub right now:
        // one replica starting says nothing about them.
        if self.replica_id().is_some() {
            return Ok(());
        }
        let n = self
            .write(|cx| -> Result<usize, DomainError> { Ok(cx.tx.agents().forget_claims()?) })
            .await?;
        if n > 0 {
            tracing::info!(
                agents = n,
                "waiting for agents to claim again before giving them work"
            );
        }
        Ok(())
    }

    pub async fn sweep(&self) -> Result<SweepReport, DomainError> {
        let judge_from = self.judge_from;
        self.write(move |cx| {
            let mut report = SweepReport::default();
            let now = cx.tx.now();
            if now >= judge_from {
                judge_liveness(cx, now, &mut report)?;
            }
            cool_circuits(cx, now, &mut report)?;
            report.protocol_steps_cancelled += super::protocols::cancel_stranded(cx)?;

            // Tasks that waited long enough for an agent they name may now
            // fall through to another one: nothing else would wake the
            // dispatcher for them.
            if cx
                .tx
                .tasks()
                .any_pinned_waiting(ago(now, cx.policy.assign_wait))?
            {
                cx.dispatch_needed = true;
            }
            Ok(report)
        })
        .await
    }
}

/// Silent agents go offline; lapsed leases go back to the queue or fail.
fn judge_liveness(
    cx: &mut Ctx<'_, '_>,
    now: m3shd_api::Timestamp,
    report: &mut SweepReport,
) -> Result<(), DomainError> {
    let offline_after = cx.policy.offline_after;
    for id in cx.tx.agents().silent_since(ago(now, offline_after))? {
        let Some(mut rec) = cx.tx.agents().get_state(&id)? else {
            continue;
        };
        rec.stored_status = AgentStatus::Offline;
        cx.tx.agents().save(&rec)?;
        if let Some(fresh) = cx.tx.agents().get(&id)? {
            cx.tx.emit(Event::AgentOffline {
                agent: fresh.agent,
                reason: format!("no heartbeat for {:.1}s", offline_after.as_secs_f64()),
            })?;
        }
        report.agents_offline += 1;
    }

    for id in cx.tx.tasks().expired_leases(now)? {
        let Some(mut rec) = cx.tx.tasks().get(&id)? else {
            continue;
        };
        let holder = rec.state.agent().cloned();
        // Only a task the agent picked up and then let lapse counts
        // against it; one it never claimed says nothing of its work.
        let was_running = rec.state.status() == TaskStatus::Running;
        let cap = rec.task.required_capability.clone();
        if let Some(why) = super::costs::over_task_budget(&rec.task) {
            change(
                cx,
                &mut rec,
                Transition::Fail {
                    error: format!("lease expired; {why}"),
                    output: None,
                },
                None,
            )?;
            report.tasks_failed += 1;
        } else if rec.task.attempts < rec.task.max_attempts {
            change(
                cx,
                &mut rec,
                Transition::Requeue {
                    refund: false,
                    error: Some("lease expired".into()),
                },
                Some("lease expired".into()),
            )?;
            report.leases_requeued += 1;
        } else {
            let error = format!("lease expired after {} attempts", rec.task.attempts);
            fail_and_escalate(cx, &mut rec, error, None)?;
            report.tasks_failed += 1;
        }
        if let (true, Some(agent)) = (was_running, holder) {
            record_outcome(cx, agent.as_str(), cap.as_deref(), false)?;
        }
    }
    Ok(())
}

/// Open circuits whose cooldown passed let one task through (half-open).
fn cool_circuits(
    cx: &mut Ctx<'_, '_>,
    now: m3shd_api::Timestamp,
    report: &mut SweepReport,
) -> Result<(), DomainError> {
    for id in cx
        .tx
        .agents()
        .circuits_cooled_since(ago(now, cx.policy.circuit_cooldown))?
    {
        let Some(mut rec) = cx.tx.agents().get_state(&id)? else {
            continue;
        };
        let mut breaker = Breaker {
            state: rec.agent.circuit,
            consecutive_failures: rec.agent.consecutive_failures,
            opened_at: rec.circuit_opened_at,
        };
        if breaker.cool(now, cx.policy.circuit_cooldown) {
            rec.agent.circuit = breaker.state;
            cx.tx.agents().save(&rec)?;
            if let Some(fresh) = cx.tx.agents().get(&id)? {
                cx.tx.emit(Event::AgentUpdated { agent: fresh.agent })?;
            }
            cx.dispatch_needed = true;
            report.circuits_half_open += 1;
        }
    }
    Ok(())
}

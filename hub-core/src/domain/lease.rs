//! Calls a worker makes on a task it holds: stream output, complete, fail,
//! release. Each needs the caller to be the holder and to present the
//! current fence; otherwise nothing changes (a zombie worker can never
//! overwrite the result of a task that was handed to someone else).

use m3shd_api::{
    AgentId, CompleteTask, Event, FailTask, Fence, ReleaseTask, StreamChunk, Task, TaskId, limits,
};

use super::circuit::{Breaker, Change};
use super::status::Transition;
use super::task_change::{change, give_back};
use super::task_ids::not_found;
use super::{Ctx, DomainError, Hub, costs, ucb, validate, world};
use crate::store::{TaskRecord, TaskState};

const MAX_ERROR_BYTES: usize = 64 * 1024;

/// The task a lease call is about, loaded and checked: refused unless
/// `agent` holds it under `fence`.
pub(crate) fn held_task(
    cx: &Ctx<'_, '_>,
    id: &TaskId,
    agent: &AgentId,
    fence: Fence,
) -> Result<TaskRecord, DomainError> {
    let rec = cx.tx.tasks().get(id)?.ok_or_else(|| not_found(id))?;
    check_holder(id, &rec.state, agent, fence)?;
    Ok(rec)
}

/// The one holder check. A final task whose lease the caller did hold says
/// so (`invalid_transition`: e.g. it was cancelled); anything else not held
/// by this caller under this fence is a stale lease.
pub(crate) fn check_holder(
    id: &TaskId,
    state: &TaskState,
    agent: &AgentId,
    fence: Fence,
) -> Result<(), DomainError> {
    let status = state.status();
    let holder = state
        .holder()
        .is_some_and(|h| h.agent == *agent && h.fence == fence);
    if holder && status.is_leased() {
        return Ok(());
    }
    if holder && status.is_final() {
        return Err(DomainError::InvalidTransition(format!(
            "task {id} is {status}; stop working on it"
        )));
    }
    Err(DomainError::StaleLease(format!(
        "agent {agent} does not hold task {id} with fence {fence}"
    )))
}

/// Record a finished attempt in the agent's reputation and circuit breaker.
pub(crate) fn record_outcome(
    cx: &mut Ctx<'_, '_>,
    agent_id: &str,
    capability: Option<&str>,
    success: bool,
) -> Result<(), DomainError> {
    let Some(mut rec) = cx.tx.agents().get_state(agent_id)? else {
        return Ok(());
    };
    let capability = capability.unwrap_or(ucb::GENERAL);
    cx.tx
        .agents()
        .record_outcome(agent_id, capability, success)?;
    let now = cx.tx.now();
    let mut breaker = Breaker {
        state: rec.agent.circuit,
        consecutive_failures: rec.agent.consecutive_failures,
        opened_at: rec.circuit_opened_at,
    };
    let failures_before = breaker.consecutive_failures;
    let moved = if success {
        breaker.on_success()
    } else {
        breaker.on_failure(cx.policy.circuit_threshold, now)
    };
    let changed = moved != Change::None || breaker.consecutive_failures != failures_before;
    if changed || super::progress_stale(rec.agent.last_progress, now) {
        rec.agent.circuit = breaker.state;
        rec.agent.consecutive_failures = breaker.consecutive_failures;
        rec.circuit_opened_at = breaker.opened_at;
        rec.agent.last_progress = Some(now);
        cx.tx.agents().save(&rec)?;
    }
    if moved != Change::None {
        // Reload so the event shows the new reputation too.
        if let Some(fresh) = cx.tx.agents().get(agent_id)? {
            cx.tx.emit(Event::AgentUpdated { agent: fresh.agent })?;
        }
    }
    if moved == Change::Opened {
        let reason = format!(
            "circuit opened for agent {agent_id} after {} consecutive failures",
            breaker.consecutive_failures
        );
        super::escalations::raise(cx, None, Some(agent_id), reason)?;
    }
    if moved == Change::Closed {
        cx.dispatch_needed = true;
    }
    Ok(())
}

/// Fail a task for good and raise an escalation (attempts exhausted).
pub(crate) fn fail_and_escalate(
    cx: &mut Ctx<'_, '_>,
    rec: &mut crate::store::TaskRecord,
    error: String,
    output: Option<String>,
) -> Result<(), DomainError> {
    let reason = format!("task {} failed: {}", rec.task.id, validate::excerpt(&error));
    let agent = rec.state.agent().map(|a| a.as_str().to_string());
    change(cx, rec, Transition::Fail { error, output }, None)?;
    let task_id = rec.task.id.clone();
    super::escalations::raise(cx, Some(&task_id), agent.as_deref(), reason)?;
    Ok(())
}

impl Hub {
    pub async fn stream_output(
        &self,
        id: &TaskId,
        agent: &AgentId,
        req: StreamChunk,
    ) -> Result<i64, DomainError> {
        validate::max_bytes("chunk", &req.chunk, limits::MAX_CHUNK_BYTES)?;
        let (id, agent) = (id.clone(), agent.clone());
        self.write(move |cx| {
            let (id, agent) = (&id, &agent);
            let view = cx.tx.tasks().lease_view(id)?.ok_or_else(|| not_found(id))?;
            check_holder(id, &view.state, agent, req.fence)?;
            let total = usize::try_from(view.output_bytes).unwrap_or(usize::MAX);
            if total.saturating_add(req.chunk.len()) > limits::MAX_OUTPUT_BYTES {
                return Err(DomainError::TooLarge(format!(
                    "task output would exceed {} bytes",
                    limits::MAX_OUTPUT_BYTES
                )));
            }
            let seq = view.output_seq + 1;
            cx.tx.tasks().append_output(id, &req.chunk, seq)?;
            cx.tx.emit(Event::TaskOutput {
                task_id: id.to_string(),
                seq,
                chunk: req.chunk,
            })?;
            Ok(seq)
        })
        .await
    }

    pub async fn complete_task(
        &self,
        id: &TaskId,
        agent: &AgentId,
        req: CompleteTask,
    ) -> Result<Task, DomainError> {
        validate::max_bytes("output", &req.output, limits::MAX_OUTPUT_BYTES)?;
        if let Some(c) = req.confidence
            && !(c.is_finite() && (0.0..=1.0).contains(&c))
        {
            return Err(DomainError::Validation(
                "confidence must be between 0 and 1".into(),
            ));
        }
        if let Some(u) = &req.usage {
            costs::check_usage(u)?;
        }
        let (id, agent) = (id.clone(), agent.clone());
        self.write(move |cx| {
            let (id, agent) = (&id, &agent);
            let mut rec = held_task(cx, id, agent, req.fence)?;
            // Usage comes with what a model wrote.
            let from_model = req.usage.is_some();
            if let Some(u) = &req.usage {
                costs::add_to_task(&mut rec.task, u);
                costs::record(cx, agent, id, u)?;
            }
            change(
                cx,
                &mut rec,
                Transition::Complete {
                    output: req.output,
                    confidence: req.confidence,
                },
                None,
            )?;
            // What the output names joins the world model with it.
            world::on_completed(cx, &rec, from_model)?;
            let cap = rec.task.required_capability.clone();
            record_outcome(cx, agent, cap.as_deref(), true)?;
            Ok(rec.into_api())
        })
        .await
    }

    pub async fn fail_task(
        &self,
        id: &TaskId,
        agent: &AgentId,
        req: FailTask,
    ) -> Result<Task, DomainError> {
        validate::max_bytes("error", &req.error, MAX_ERROR_BYTES)?;
        if let Some(u) = &req.usage {
            costs::check_usage(u)?;
        }
        if let Some(o) = &req.output {
            validate::max_bytes("output", o, limits::MAX_OUTPUT_BYTES)?;
        }
        let (id, agent) = (id.clone(), agent.clone());
        self.write(move |cx| {
            let (id, agent) = (&id, &agent);
            let mut rec = held_task(cx, id, agent, req.fence)?;
            let cap = rec.task.required_capability.clone();
            if let Some(u) = &req.usage {
                costs::add_to_task(&mut rec.task, u);
                costs::record(cx, agent, id, u)?;
            }
            if let Some(why) = costs::over_task_budget(&rec.task) {
                let error = format!("{}; {why}", req.error);
                change(
                    cx,
                    &mut rec,
                    Transition::Fail {
                        error,
                        output: req.output,
                    },
                    None,
                )?;
            } else if req.retryable && rec.task.attempts < rec.task.max_attempts {
                let reason = format!("retrying after failure: {}", validate::excerpt(&req.error));
                change(
                    cx,
                    &mut rec,
                    Transition::Requeue {
                        refund: false,
                        error: Some(req.error),
                    },
                    Some(reason),
                )?;
            } else if req.retryable {
                // Out of attempts on a transient error: someone should look.
                fail_and_escalate(cx, &mut rec, req.error, req.output)?;
            } else {
                change(
                    cx,
                    &mut rec,
                    Transition::Fail {
                        error: req.error,
                        output: req.output,
                    },
                    None,
                )?;
            }
            record_outcome(cx, agent, cap.as_deref(), false)?;
            Ok(rec.into_api())
        })
        .await
    }

    pub async fn release_task(
        &self,
        id: &TaskId,
        agent: &AgentId,
        req: ReleaseTask,
    ) -> Result<Task, DomainError> {
        let (id, agent) = (id.clone(), agent.clone());
        self.write(move |cx| {
            let (id, agent) = (&id, &agent);
            let mut rec = held_task(cx, id, agent, req.fence)?;
            give_back(cx, &mut rec, format!("released by agent {agent}"))?;
            Ok(rec.into_api())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::repos::{CancelledFrom, Holder, LastHolder};
    use m3shd_api::TaskStatus;

    /// A state of `status` held (or last held) by `agent` under `fence`.
    fn state(status: TaskStatus, agent: Option<&str>, fence: Fence) -> TaskState {
        let now = chrono::Utc::now();
        let holder = agent.map(|a| Holder {
            agent: AgentId::parse(a).unwrap(),
            fence,
        });
        let last = |holder: Option<Holder>| LastHolder {
            holder: holder.unwrap(),
            started_at: None,
        };
        match status {
            TaskStatus::Queued => TaskState::Queued { fence },
            TaskStatus::Assigned => TaskState::Assigned {
                holder: holder.unwrap(),
                lease_until: now,
            },
            TaskStatus::Running => TaskState::Running {
                holder: holder.unwrap(),
                started_at: now,
                lease_until: now,
            },
            TaskStatus::Done => TaskState::Done {
                last: last(holder),
                finished_at: now,
            },
            TaskStatus::Cancelled => TaskState::Cancelled {
                from: CancelledFrom::Held(last(holder)),
                finished_at: now,
            },
            other => unimplemented!("{other}"),
        }
    }

    #[test]
    fn holder_check() {
        use TaskStatus::*;
        let task = TaskId::parse("t").unwrap();
        let agent = AgentId::parse("a").unwrap();
        // `a` presents fence `presented` on a task of `status` held by `holder` under `fence`.
        let check = |status, holder, fence, presented| {
            check_holder(
                &task,
                &state(status, holder, Fence(fence)),
                &agent,
                Fence(presented),
            )
        };
        assert!(check(Running, Some("a"), 2, 2).is_ok());
        assert!(check(Assigned, Some("a"), 2, 2).is_ok());
        assert!(matches!(
            check(Running, Some("a"), 2, 1),
            Err(DomainError::StaleLease(_))
        ));
        assert!(matches!(
            check(Running, Some("b"), 2, 2),
            Err(DomainError::StaleLease(_))
        ));
        assert!(matches!(
            check(Queued, None, 2, 2),
            Err(DomainError::StaleLease(_))
        ));
        assert!(matches!(
            check(Cancelled, Some("a"), 2, 2),
            Err(DomainError::InvalidTransition(_))
        ));
        assert!(matches!(
            check(Done, Some("b"), 3, 2),
            Err(DomainError::StaleLease(_))
        ));
    }
}

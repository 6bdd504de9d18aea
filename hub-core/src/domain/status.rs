//! The task status machine: the one place that decides which status changes
//! are allowed and which fields each change sets or clears.

use m3shd_api::{AgentId, Fence, TaskStatus, Timestamp};

use super::DomainError;
use crate::store::TaskRecord;
use crate::store::repos::{CancelledFrom, Holder, TaskState};

/// Every way a task's status can change. Each variant carries exactly the
/// data that change needs, so a change cannot be half-specified.
#[derive(Debug, Clone, PartialEq)]
pub enum Transition {
    /// blocked → queued: every parent is done.
    Unblock,
    /// queued → assigned: the dispatcher granted `agent` a lease (new fence).
    Assign {
        agent: AgentId,
        lease_until: Timestamp,
    },
    /// assigned → running: the agent claimed it; the lease starts afresh.
    Start { lease_until: Timestamp },
    /// assigned|running → done.
    Complete {
        output: String,
        confidence: Option<f64>,
    },
    /// assigned|running → failed.
    Fail {
        error: String,
        output: Option<String>,
    },
    /// assigned|running → queued. `refund` gives the attempt back (a release
    /// or deregistration is not the task's fault); `error` records why.
    Requeue { refund: bool, error: Option<String> },
    /// blocked|queued|assigned|running → cancelled.
    Cancel,
    /// queued → blocked: new parents that are not done yet.
    Block,
    /// assigned|running → suspended: handed off with its partial output.
    Suspend { output: Option<String> },
    /// failed|cancelled → queued (or blocked, while parents or an approval
    /// are outstanding): a fresh start with every attempt given back.
    Retry { blocked: bool },
}

impl Transition {
    fn name(&self) -> &'static str {
        match self {
            Transition::Unblock => "unblock",
            Transition::Assign { .. } => "assign",
            Transition::Start { .. } => "start",
            Transition::Complete { .. } => "complete",
            Transition::Fail { .. } => "fail",
            Transition::Requeue { .. } => "requeue",
            Transition::Cancel => "cancel",
            Transition::Block => "block",
            Transition::Suspend { .. } => "suspend",
            Transition::Retry { .. } => "retry",
        }
    }

    /// The status this transition leads to from `from`, if it is allowed.
    pub fn target(&self, from: TaskStatus) -> Option<TaskStatus> {
        use TaskStatus::*;
        match (self, from) {
            (Transition::Unblock, Blocked) => Some(Queued),
            (Transition::Assign { .. }, Queued) => Some(Assigned),
            (Transition::Start { .. }, Assigned) => Some(Running),
            (Transition::Complete { .. }, Assigned | Running) => Some(Done),
            (Transition::Fail { .. }, Assigned | Running) => Some(Failed),
            (Transition::Requeue { .. }, Assigned | Running) => Some(Queued),
            (Transition::Cancel, Blocked | Queued | Assigned | Running) => Some(Cancelled),
            (Transition::Block, Queued) => Some(Blocked),
            (Transition::Suspend { .. }, Assigned | Running) => Some(Suspended),
            (Transition::Retry { blocked }, Failed | Cancelled) => {
                Some(if *blocked { Blocked } else { Queued })
            }
            _ => None,
        }
    }
}

/// Apply `t` to `rec` at `now`. Returns the status it came from; an
/// illegal change leaves `rec` untouched and is an `InvalidTransition`.
pub fn apply(
    rec: &mut TaskRecord,
    t: Transition,
    now: Timestamp,
) -> Result<TaskStatus, DomainError> {
    let from = rec.state.status();
    // `target` is the table of allowed changes; `next_state` builds the
    // allowed one from what the old state has.
    let next = t.target(from).and_then(|_| next_state(&rec.state, &t, now));
    let Some(state) = next else {
        return Err(DomainError::InvalidTransition(format!(
            "task {} is {}; cannot {}",
            rec.task.id,
            from,
            t.name()
        )));
    };
    let task = &mut rec.task;
    match t {
        Transition::Unblock | Transition::Cancel | Transition::Block => {}
        // The claim time lives in the new state.
        Transition::Start { .. } => {}
        Transition::Suspend { output } => {
            if output.is_some() {
                task.output = output;
            }
        }
        Transition::Assign { .. } => {
            task.attempts += 1;
            // Each attempt starts with a clean slate of output.
            task.output = None;
        }
        Transition::Complete { output, confidence } => {
            task.output = Some(output);
            task.confidence = confidence;
            task.error = None;
        }
        Transition::Fail { error, output } => {
            task.error = Some(error);
            if output.is_some() {
                task.output = output;
            }
        }
        Transition::Retry { .. } => {
            task.attempts = 0;
            task.output = None;
            task.error = None;
            task.confidence = None;
        }
        Transition::Requeue { refund, error } => {
            if refund {
                task.attempts = (task.attempts - 1).max(0);
            }
            if error.is_some() {
                task.error = error;
            }
        }
    }
    rec.state = state;
    task.updated_at = now;
    Ok(from)
}

/// The state `t` leads to from `state`, built from exactly what the
/// new state needs: the holder and fence carry over, a grant raises the
/// fence, anything that stops holding the task drops the lease, and a final
/// state records when it was reached. `None`
/// when `state` lacks what `t` needs (`target` refuses those first).
fn next_state(state: &TaskState, t: &Transition, now: Timestamp) -> Option<TaskState> {
    let fence = state.fence();
    Some(match t {
        Transition::Unblock | Transition::Requeue { .. } | Transition::Retry { blocked: false } => {
            TaskState::Queued { fence }
        }
        Transition::Block | Transition::Retry { blocked: true } => TaskState::Blocked { fence },
        Transition::Assign { agent, lease_until } => TaskState::Assigned {
            holder: Holder {
                agent: agent.clone(),
                fence: Fence(fence.0 + 1),
            },
            lease_until: *lease_until,
        },
        Transition::Start { lease_until } => TaskState::Running {
            holder: state.holder()?.clone(),
            started_at: now,
            lease_until: *lease_until,
        },
        Transition::Complete { .. } => TaskState::Done {
            last: state.end_held()?,
            finished_at: now,
        },
        Transition::Fail { .. } => TaskState::Failed {
            last: state.end_held()?,
            finished_at: now,
        },
        Transition::Suspend { .. } => TaskState::Suspended {
            last: state.end_held()?,
            finished_at: now,
        },
        Transition::Cancel => TaskState::Cancelled {
            from: match state.end_held() {
                Some(last) => CancelledFrom::Held(last),
                None => CancelledFrom::Waiting { fence },
            },
            finished_at: now,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::TaskBody;
    use crate::store::repos::LastHolder;
    use m3shd_api::Task;

    fn agent() -> AgentId {
        AgentId::parse("a").expect("valid id")
    }

    /// The last holder of a task that was granted once, to agent `a`.
    fn last(fence: i64) -> LastHolder {
        LastHolder {
            holder: Holder {
                agent: agent(),
                fence: Fence(fence),
            },
            started_at: None,
        }
    }

    /// A consistent state for `status`: never granted, or granted once.
    fn state(status: TaskStatus) -> TaskState {
        let now = chrono::Utc::now();
        let fence = Fence(0);
        let holder = last(1).holder;
        match status {
            TaskStatus::Blocked => TaskState::Blocked { fence },
            TaskStatus::Queued => TaskState::Queued { fence },
            TaskStatus::Assigned => TaskState::Assigned {
                holder,
                lease_until: now,
            },
            TaskStatus::Running => TaskState::Running {
                holder,
                started_at: now,
                lease_until: now,
            },
            TaskStatus::Done => TaskState::Done {
                last: last(1),
                finished_at: now,
            },
            TaskStatus::Failed => TaskState::Failed {
                last: last(1),
                finished_at: now,
            },
            TaskStatus::Suspended => TaskState::Suspended {
                last: last(1),
                finished_at: now,
            },
            TaskStatus::Cancelled => TaskState::Cancelled {
                from: CancelledFrom::Waiting { fence },
                finished_at: now,
            },
        }
    }

    fn rec(status: TaskStatus) -> TaskRecord {
        let now = chrono::Utc::now();
        TaskRecord {
            task: TaskBody {
                title: "t".into(),
                ..TaskBody::from_api(Task::queued("t1", "p", now))
            },
            state: state(status),
            output_seq: 0,
        }
    }

    fn all_transitions() -> Vec<Transition> {
        let now = chrono::Utc::now();
        vec![
            Transition::Unblock,
            Transition::Assign {
                agent: agent(),
                lease_until: now,
            },
            Transition::Start { lease_until: now },
            Transition::Complete {
                output: "o".into(),
                confidence: None,
            },
            Transition::Fail {
                error: "e".into(),
                output: None,
            },
            Transition::Requeue {
                refund: false,
                error: None,
            },
            Transition::Cancel,
        ]
    }

    #[test]
    fn final_statuses_never_change() {
        for from in TaskStatus::ALL.into_iter().filter(|s| s.is_final()) {
            for t in all_transitions() {
                let mut r = rec(from);
                let before = r.clone();
                assert!(
                    matches!(
                        apply(&mut r, t.clone(), chrono::Utc::now()),
                        Err(DomainError::InvalidTransition(_))
                    ),
                    "{from} accepted {t:?}"
                );
                assert_eq!(r, before, "a refused change must not touch the record");
            }
        }
    }

    #[test]
    fn the_allowed_matrix() {
        use TaskStatus::*;
        let allowed = |t: &Transition, from| t.target(from).is_some();
        let ts = all_transitions();
        assert!(allowed(&ts[0], Blocked) && !allowed(&ts[0], Queued));
        assert!(allowed(&ts[1], Queued) && !allowed(&ts[1], Blocked) && !allowed(&ts[1], Running));
        assert!(allowed(&ts[2], Assigned) && !allowed(&ts[2], Running));
        for t in &ts[3..6] {
            assert!(allowed(t, Assigned) && allowed(t, Running));
            assert!(!allowed(t, Queued) && !allowed(t, Blocked));
        }
        for from in [Blocked, Queued, Assigned, Running] {
            assert!(allowed(&ts[6], from));
        }
    }

    #[test]
    fn assign_bumps_fence_and_attempts_and_requeue_clears_holder() {
        let now = chrono::Utc::now();
        let mut r = rec(TaskStatus::Queued);
        r.task.output = Some("old".into());
        apply(
            &mut r,
            Transition::Assign {
                agent: agent(),
                lease_until: now,
            },
            now,
        )
        .expect("assign");
        assert_eq!(r.state.status(), TaskStatus::Assigned);
        assert_eq!((r.task.attempts, r.state.fence()), (1, Fence(1)));
        assert_eq!(r.state.agent().map(AgentId::as_str), Some("a"));
        assert_eq!(r.task.output, None);
        assert_eq!(r.state.lease_until(), Some(now));

        apply(&mut r, Transition::Start { lease_until: now }, now).expect("start");
        assert_eq!(r.state.started_at(), Some(now));
        apply(
            &mut r,
            Transition::Requeue {
                refund: true,
                error: None,
            },
            now,
        )
        .expect("requeue");
        assert_eq!(r.state.status(), TaskStatus::Queued);
        assert_eq!(r.state.agent(), None);
        assert_eq!(r.task.attempts, 0);
        assert_eq!(r.state.lease_until(), None);
        assert_eq!(r.state.started_at(), None);
        // The fence never goes back: an old holder stays stale forever.
        assert_eq!(r.state.fence(), Fence(1));
    }

    #[test]
    fn retry_starts_a_failed_or_cancelled_task_afresh() {
        use TaskStatus::*;
        let queued = Transition::Retry { blocked: false };
        let blocked = Transition::Retry { blocked: true };
        for from in [Failed, Cancelled] {
            assert_eq!(queued.target(from), Some(Queued));
            assert_eq!(blocked.target(from), Some(Blocked));
        }
        for from in [Blocked, Queued, Assigned, Running, Done, Suspended] {
            assert_eq!(queued.target(from), None, "{from}");
        }
        let now = chrono::Utc::now();
        let mut r = rec(Failed);
        r.task.attempts = 3;
        r.state = TaskState::Failed {
            last: last(3),
            finished_at: now,
        };
        r.task.output = Some("half".into());
        r.task.error = Some("boom".into());
        apply(&mut r, queued, now).expect("retry");
        assert_eq!(r.state.status(), Queued);
        assert_eq!(r.task.attempts, 0);
        assert_eq!(r.state.agent(), None);
        assert_eq!((r.task.output.clone(), r.task.error.clone()), (None, None));
        assert_eq!(r.state.finished_at(), None);
        // The fence never goes back, so the last holder stays stale.
        assert_eq!(r.state.fence(), Fence(3));
    }

    #[test]
    fn complete_sets_output_and_finish_time() {
        let now = chrono::Utc::now();
        let mut r = rec(TaskStatus::Running);
        r.task.error = Some("earlier".into());
        r.state = TaskState::Running {
            holder: last(1).holder,
            started_at: now,
            lease_until: now,
        };
        let from = apply(
            &mut r,
            Transition::Complete {
                output: "out".into(),
                confidence: Some(0.9),
            },
            now,
        )
        .expect("complete");
        assert_eq!(from, TaskStatus::Running);
        assert_eq!(r.state.status(), TaskStatus::Done);
        assert_eq!(r.task.output.as_deref(), Some("out"));
        assert_eq!(r.task.error, None);
        assert_eq!(r.state.finished_at(), Some(now));
        assert_eq!(r.state.lease_until(), None);
    }
}

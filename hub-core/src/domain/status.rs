//! The task status machine: the one place that decides which status changes
//! are allowed and which fields each change sets or clears.

use m3shd_api::{TaskStatus, Timestamp};

use super::DomainError;
use crate::store::TaskRecord;

/// Every way a task's status can change. Each variant carries exactly the
/// data that change needs, so a change cannot be half-specified.
#[derive(Debug, Clone, PartialEq)]
pub enum Transition {
    /// blocked → queued: every parent is done.
    Unblock,
    /// queued → assigned: the dispatcher granted `agent` a lease (new fence).
    Assign {
        agent: String,
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
    let from = rec.task.status;
    let Some(to) = t.target(from) else {
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
        Transition::Suspend { output } => {
            if output.is_some() {
                task.output = output;
            }
        }
        Transition::Assign { agent, lease_until } => {
            task.assigned_to = Some(agent);
            task.attempts += 1;
            // Each attempt starts with a clean slate of output.
            task.output = None;
            task.started_at = None;
            rec.fence += 1;
            rec.lease_expires_at = Some(lease_until);
        }
        Transition::Start { lease_until } => {
            task.started_at = Some(now);
            rec.lease_expires_at = Some(lease_until);
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
            task.assigned_to = None;
            task.started_at = None;
            task.finished_at = None;
            task.output = None;
            task.error = None;
            task.confidence = None;
        }
        Transition::Requeue { refund, error } => {
            task.assigned_to = None;
            task.started_at = None;
            if refund {
                task.attempts = (task.attempts - 1).max(0);
            }
            if error.is_some() {
                task.error = error;
            }
        }
    }
    if to.is_final() {
        task.finished_at = Some(now);
    }
    if !to.is_leased() {
        rec.lease_expires_at = None;
    }
    task.status = to;
    task.updated_at = now;
    Ok(from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use m3shd_api::Task;

    fn rec(status: TaskStatus) -> TaskRecord {
        let now = chrono::Utc::now();
        TaskRecord {
            task: Task {
                title: "t".into(),
                status,
                ..Task::queued("t1", "p", now)
            },
            fence: 0,
            lease_expires_at: None,
            output_seq: 0,
        }
    }

    fn all_transitions() -> Vec<Transition> {
        let now = chrono::Utc::now();
        vec![
            Transition::Unblock,
            Transition::Assign {
                agent: "a".into(),
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
                agent: "a".into(),
                lease_until: now,
            },
            now,
        )
        .expect("assign");
        assert_eq!(r.task.status, TaskStatus::Assigned);
        assert_eq!((r.task.attempts, r.fence), (1, 1));
        assert_eq!(r.task.assigned_to.as_deref(), Some("a"));
        assert_eq!(r.task.output, None);
        assert_eq!(r.lease_expires_at, Some(now));

        apply(&mut r, Transition::Start { lease_until: now }, now).expect("start");
        assert_eq!(r.task.started_at, Some(now));
        apply(
            &mut r,
            Transition::Requeue {
                refund: true,
                error: None,
            },
            now,
        )
        .expect("requeue");
        assert_eq!(r.task.status, TaskStatus::Queued);
        assert_eq!(r.task.assigned_to, None);
        assert_eq!(r.task.attempts, 0);
        assert_eq!(r.lease_expires_at, None);
        assert_eq!(r.task.started_at, None);
        // The fence never goes back: an old holder stays stale forever.
        assert_eq!(r.fence, 1);
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
        r.task.assigned_to = Some("a".into());
        r.task.output = Some("half".into());
        r.task.error = Some("boom".into());
        r.task.finished_at = Some(now);
        r.fence = 3;
        apply(&mut r, queued, now).expect("retry");
        assert_eq!(r.task.status, Queued);
        assert_eq!(r.task.attempts, 0);
        assert_eq!(r.task.assigned_to, None);
        assert_eq!((r.task.output.clone(), r.task.error.clone()), (None, None));
        assert_eq!(r.task.finished_at, None);
        // The fence never goes back, so the last holder stays stale.
        assert_eq!(r.fence, 3);
    }

    #[test]
    fn complete_sets_output_and_finish_time() {
        let now = chrono::Utc::now();
        let mut r = rec(TaskStatus::Running);
        r.task.error = Some("earlier".into());
        r.lease_expires_at = Some(now);
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
        assert_eq!(r.task.status, TaskStatus::Done);
        assert_eq!(r.task.output.as_deref(), Some("out"));
        assert_eq!(r.task.error, None);
        assert_eq!(r.task.finished_at, Some(now));
        assert_eq!(r.lease_expires_at, None);
    }
}

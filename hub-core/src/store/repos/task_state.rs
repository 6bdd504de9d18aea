//! A task's status together with exactly the data that status has (holder,
//! fence, lease, start and finish times), so a record cannot say "running"
//! without a holder, or hold a lease while queued. The wire `Task` shows it
//! as loose fields (see `TaskRecord::to_api`).

use m3shd_api::{AgentId, Fence, TaskStatus, Timestamp};

/// The agent granted a lease and the fence it was granted under.
#[derive(Debug, Clone, PartialEq)]
pub struct Holder {
    pub agent: AgentId,
    pub fence: Fence,
}

/// The last holder of a task whose attempt ended while held, and when it
/// started running (if it got that far). Kept so the holder can be told its
/// task is final rather than that its lease is stale.
#[derive(Debug, Clone, PartialEq)]
pub struct LastHolder {
    pub holder: Holder,
    pub started_at: Option<Timestamp>,
}

/// What a task was doing when it was cancelled.
#[derive(Debug, Clone, PartialEq)]
pub enum CancelledFrom {
    /// Blocked or queued: nobody held it; `fence` is the last one issued.
    Waiting { fence: Fence },
    /// Assigned or running.
    Held(LastHolder),
}

/// Where a task is in its life; changed only by `domain::status::apply`.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskState {
    /// Waiting for parents, an approval or a hold to be released. `fence`
    /// is the last one issued (0: never assigned); the next grant goes above.
    Blocked { fence: Fence },
    /// Ready for the dispatcher; `fence` as for `Blocked`.
    Queued { fence: Fence },
    /// Granted to `holder`, not yet claimed.
    Assigned {
        holder: Holder,
        lease_until: Timestamp,
    },
    /// Claimed by `holder` at `started_at`.
    Running {
        holder: Holder,
        started_at: Timestamp,
        lease_until: Timestamp,
    },
    Done {
        last: LastHolder,
        finished_at: Timestamp,
    },
    Failed {
        last: LastHolder,
        finished_at: Timestamp,
    },
    /// Handed off with its partial output.
    Suspended {
        last: LastHolder,
        finished_at: Timestamp,
    },
    Cancelled {
        from: CancelledFrom,
        finished_at: Timestamp,
    },
}

impl TaskState {
    /// A task nobody has held yet.
    pub fn new(blocked: bool) -> TaskState {
        let fence = Fence(0);
        if blocked {
            TaskState::Blocked { fence }
        } else {
            TaskState::Queued { fence }
        }
    }

    pub fn status(&self) -> TaskStatus {
        match self {
            TaskState::Blocked { .. } => TaskStatus::Blocked,
            TaskState::Queued { .. } => TaskStatus::Queued,
            TaskState::Assigned { .. } => TaskStatus::Assigned,
            TaskState::Running { .. } => TaskStatus::Running,
            TaskState::Done { .. } => TaskStatus::Done,
            TaskState::Failed { .. } => TaskStatus::Failed,
            TaskState::Suspended { .. } => TaskStatus::Suspended,
            TaskState::Cancelled { .. } => TaskStatus::Cancelled,
        }
    }

    /// The agent holding the task, or the last one if its attempt ended
    /// while held.
    pub fn holder(&self) -> Option<&Holder> {
        match self {
            TaskState::Assigned { holder, .. } | TaskState::Running { holder, .. } => Some(holder),
            TaskState::Done { last, .. }
            | TaskState::Failed { last, .. }
            | TaskState::Suspended { last, .. }
            | TaskState::Cancelled {
                from: CancelledFrom::Held(last),
                ..
            } => Some(&last.holder),
            TaskState::Blocked { .. }
            | TaskState::Queued { .. }
            | TaskState::Cancelled {
                from: CancelledFrom::Waiting { .. },
                ..
            } => None,
        }
    }

    /// The agent holding (or last holding) the task.
    pub fn agent(&self) -> Option<&AgentId> {
        self.holder().map(|h| &h.agent)
    }

    /// The last fence issued: it only ever goes up.
    pub fn fence(&self) -> Fence {
        match self {
            TaskState::Blocked { fence }
            | TaskState::Queued { fence }
            | TaskState::Cancelled {
                from: CancelledFrom::Waiting { fence },
                ..
            } => *fence,
            _ => self.holder().map_or(Fence(0), |h| h.fence),
        }
    }

    /// When the current lease runs out (assigned or running only).
    pub fn lease_until(&self) -> Option<Timestamp> {
        match self {
            TaskState::Assigned { lease_until, .. } | TaskState::Running { lease_until, .. } => {
                Some(*lease_until)
            }
            _ => None,
        }
    }

    /// When the current (or last held) attempt started running.
    pub fn started_at(&self) -> Option<Timestamp> {
        match self {
            TaskState::Running { started_at, .. } => Some(*started_at),
            TaskState::Done { last, .. }
            | TaskState::Failed { last, .. }
            | TaskState::Suspended { last, .. }
            | TaskState::Cancelled {
                from: CancelledFrom::Held(last),
                ..
            } => last.started_at,
            _ => None,
        }
    }

    /// When the task became final (done, failed, suspended or cancelled).
    pub fn finished_at(&self) -> Option<Timestamp> {
        match self {
            TaskState::Done { finished_at, .. }
            | TaskState::Failed { finished_at, .. }
            | TaskState::Suspended { finished_at, .. }
            | TaskState::Cancelled { finished_at, .. } => Some(*finished_at),
            _ => None,
        }
    }

    /// The holder and start time of a held task, as its attempt ends.
    pub fn end_held(&self) -> Option<LastHolder> {
        match self {
            TaskState::Assigned { holder, .. } => Some(LastHolder {
                holder: holder.clone(),
                started_at: None,
            }),
            TaskState::Running {
                holder, started_at, ..
            } => Some(LastHolder {
                holder: holder.clone(),
                started_at: Some(*started_at),
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fence_survives_every_state() {
        let now = chrono::Utc::now();
        let holder = Holder {
            agent: AgentId::parse("a").expect("valid id"),
            fence: Fence(4),
        };
        let last = LastHolder {
            holder: holder.clone(),
            started_at: Some(now),
        };
        let states = [
            TaskState::Assigned {
                holder: holder.clone(),
                lease_until: now,
            },
            TaskState::Done {
                last: last.clone(),
                finished_at: now,
            },
            TaskState::Cancelled {
                from: CancelledFrom::Held(last),
                finished_at: now,
            },
            TaskState::Queued { fence: Fence(4) },
            TaskState::Cancelled {
                from: CancelledFrom::Waiting { fence: Fence(4) },
                finished_at: now,
            },
        ];
        for s in states {
            assert_eq!(s.fence(), Fence(4), "{s:?}");
        }
    }
}

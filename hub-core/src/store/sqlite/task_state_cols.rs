//! A task's `TaskState` in its columns: `status`, `assigned_to`,
//! `lease_fence`, `lease_expires_at`, `started_at` and `finished_at`. A row
//! whose columns contradict its status is corrupt.

use m3shd_api::{AgentId, Fence, TaskStatus, Timestamp};
use rusqlite::Row;

use super::rows::parse;
use crate::store::time::from_micros;
use crate::store::error::StoreError;
use crate::store::repos::{CancelledFrom, Holder, LastHolder, TaskState};

/// The state's columns, as read from or written to a row.
#[derive(Debug, Clone, PartialEq)]
pub struct StateCols {
    pub status: TaskStatus,
    pub assigned_to: Option<String>,
    pub fence: i64,
    pub lease_expires_at: Option<Timestamp>,
    pub started_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
}

impl StateCols {
    /// The columns from `r`, at these indices in the order of the fields.
    pub fn read(r: &Row<'_>, at: [usize; 6]) -> Result<StateCols, StoreError> {
        let [status, assigned_to, fence, lease, started, finished] = at;
        let time = |i| -> Result<Option<Timestamp>, StoreError> {
            Ok(r.get::<_, Option<i64>>(i)?.map(from_micros))
        };
        Ok(StateCols {
            status: parse(&r.get::<_, String>(status)?)?,
            assigned_to: r.get(assigned_to)?,
            fence: r.get(fence)?,
            lease_expires_at: time(lease)?,
            started_at: time(started)?,
            finished_at: time(finished)?,
        })
    }

    pub fn of(state: &TaskState) -> StateCols {
        StateCols {
            status: state.status(),
            assigned_to: state.agent().map(|a| a.as_str().to_string()),
            fence: state.fence().0,
            lease_expires_at: state.lease_until(),
            started_at: state.started_at(),
            finished_at: state.finished_at(),
        }
    }

    /// The state these columns describe; `id` names the row in the error.
    pub fn into_state(self, id: &str) -> Result<TaskState, StoreError> {
        use TaskStatus::*;
        let StateCols {
            status,
            assigned_to,
            fence,
            lease_expires_at,
            started_at,
            finished_at,
        } = self;
        let corrupt = |what: &str| StoreError::Corrupt(format!("task {id} is {status} {what}"));
        let fence = Fence(fence);
        let holder = match assigned_to {
            Some(a) => Some(Holder {
                agent: AgentId::parse(&a).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                fence,
            }),
            None => None,
        };
        if !status.is_leased() && lease_expires_at.is_some() {
            return Err(corrupt("but has a lease"));
        }
        if !status.is_final() && finished_at.is_some() {
            return Err(corrupt("but has a finish time"));
        }
        let held = || holder.clone().ok_or_else(|| corrupt("without a holder"));
        let lease_until = || lease_expires_at.ok_or_else(|| corrupt("without a lease expiry"));
        let finished = || finished_at.ok_or_else(|| corrupt("without a finish time"));
        let last = || -> Result<LastHolder, StoreError> {
            Ok(LastHolder {
                holder: held()?,
                started_at,
            })
        };
        // Nobody holds a blocked or queued task, nor one cancelled while waiting.
        let waiting = || {
            if holder.is_some() {
                Err(corrupt("but has a holder"))
            } else if started_at.is_some() {
                Err(corrupt("but has a start time"))
            } else {
                Ok(fence)
            }
        };
        Ok(match status {
            Blocked => TaskState::Blocked { fence: waiting()? },
            Queued => TaskState::Queued { fence: waiting()? },
            Assigned => {
                if started_at.is_some() {
                    return Err(corrupt("but has a start time"));
                }
                TaskState::Assigned {
                    holder: held()?,
                    lease_until: lease_until()?,
                }
            }
            Running => TaskState::Running {
                holder: held()?,
                started_at: started_at.ok_or_else(|| corrupt("without a start time"))?,
                lease_until: lease_until()?,
            },
            Done => TaskState::Done {
                last: last()?,
                finished_at: finished()?,
            },
            Failed => TaskState::Failed {
                last: last()?,
                finished_at: finished()?,
            },
            Suspended => TaskState::Suspended {
                last: last()?,
                finished_at: finished()?,
            },
            Cancelled => TaskState::Cancelled {
                from: if holder.is_some() {
                    CancelledFrom::Held(last()?)
                } else {
                    CancelledFrom::Waiting { fence: waiting()? }
                },
                finished_at: finished()?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(status: TaskStatus, agent: Option<&str>) -> StateCols {
        StateCols {
            status,
            assigned_to: agent.map(str::to_string),
            fence: 2,
            lease_expires_at: None,
            started_at: None,
            finished_at: status.is_final().then(chrono::Utc::now),
        }
    }

    #[test]
    fn contradicting_columns_are_corrupt_not_a_panic() {
        let now = chrono::Utc::now();
        let bad = [
            cols(TaskStatus::Running, Some("a")),
            cols(TaskStatus::Assigned, None),
            cols(TaskStatus::Done, None),
            cols(TaskStatus::Queued, Some("a")),
            cols(TaskStatus::Done, Some("Not An Id")),
            StateCols {
                lease_expires_at: Some(now),
                ..cols(TaskStatus::Failed, Some("a"))
            },
            StateCols {
                finished_at: None,
                ..cols(TaskStatus::Done, Some("a"))
            },
            StateCols {
                finished_at: Some(now),
                ..cols(TaskStatus::Queued, None)
            },
        ];
        for c in bad {
            assert!(
                matches!(c.clone().into_state("t"), Err(StoreError::Corrupt(_))),
                "{c:?}"
            );
        }
    }

    #[test]
    fn every_state_round_trips_through_its_columns() {
        let now = chrono::Utc::now();
        let good = [
            cols(TaskStatus::Queued, None),
            cols(TaskStatus::Cancelled, None),
            cols(TaskStatus::Cancelled, Some("a")),
            StateCols {
                started_at: Some(now),
                ..cols(TaskStatus::Done, Some("a"))
            },
            StateCols {
                started_at: Some(now),
                lease_expires_at: Some(now),
                ..cols(TaskStatus::Running, Some("a"))
            },
        ];
        for c in good {
            let state = c.clone().into_state("t").expect("consistent columns");
            assert_eq!(StateCols::of(&state), c);
        }
    }
}

//! A task's lease state in its columns: `status`, `assigned_to`,
//! `lease_fence`, `lease_expires_at` and `started_at`. A row whose columns
//! contradict its status is corrupt.

use m3shd_api::{AgentId, Fence, TaskStatus, Timestamp};

use crate::store::error::StoreError;
use crate::store::repos::{CancelledFrom, Holder, LastHolder, TaskState};

/// The lease state's columns, as read from or written to a row.
#[derive(Debug, Clone, PartialEq)]
pub struct StateCols {
    pub status: TaskStatus,
    pub assigned_to: Option<String>,
    pub fence: i64,
    pub lease_expires_at: Option<Timestamp>,
    pub started_at: Option<Timestamp>,
}

impl StateCols {
    pub fn of(state: &TaskState) -> StateCols {
        StateCols {
            status: state.status(),
            assigned_to: state.agent().map(|a| a.as_str().to_string()),
            fence: state.fence().0,
            lease_expires_at: state.lease_until(),
            started_at: state.started_at(),
        }
    }

    /// The state these columns describe; `id` names the row in the error.
    pub fn into_state(self, id: &str) -> Result<TaskState, StoreError> {
        use TaskStatus::*;
        let status = self.status;
        let corrupt = |what: &str| StoreError::Corrupt(format!("task {id} is {status} {what}"));
        let fence = Fence(self.fence);
        let holder = match self.assigned_to {
            Some(a) => Some(Holder {
                agent: AgentId::parse(&a).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                fence,
            }),
            None => None,
        };
        let lease = self.lease_expires_at;
        if !status.is_leased() && lease.is_some() {
            return Err(corrupt("but has a lease"));
        }
        let held = |holder: Option<Holder>| holder.ok_or_else(|| corrupt("without a holder"));
        let lease_until = || lease.ok_or_else(|| corrupt("without a lease expiry"));
        let last = |holder: Option<Holder>| -> Result<LastHolder, StoreError> {
            Ok(LastHolder {
                holder: held(holder)?,
                started_at: self.started_at,
            })
        };
        let waiting = |holder: &Option<Holder>| {
            if holder.is_some() {
                Err(corrupt("but has a holder"))
            } else if self.started_at.is_some() {
                Err(corrupt("but has a start time"))
            } else {
                Ok(())
            }
        };
        Ok(match status {
            Blocked => {
                waiting(&holder)?;
                TaskState::Blocked { fence }
            }
            Queued => {
                waiting(&holder)?;
                TaskState::Queued { fence }
            }
            Assigned => {
                if self.started_at.is_some() {
                    return Err(corrupt("but has a start time"));
                }
                TaskState::Assigned {
                    holder: held(holder)?,
                    lease_until: lease_until()?,
                }
            }
            Running => TaskState::Running {
                holder: held(holder)?,
                started_at: self
                    .started_at
                    .ok_or_else(|| corrupt("without a start time"))?,
                lease_until: lease_until()?,
            },
            Done => TaskState::Done {
                last: last(holder)?,
            },
            Failed => TaskState::Failed {
                last: last(holder)?,
            },
            Suspended => TaskState::Suspended {
                last: last(holder)?,
            },
            Cancelled => TaskState::Cancelled {
                from: if holder.is_some() {
                    CancelledFrom::Held(last(holder)?)
                } else {
                    waiting(&holder)?;
                    CancelledFrom::Waiting { fence }
                },
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

//! A task row's columns, whatever the backend: the columns a task is read
//! from and in which order, how they become a `TaskRecord`, and the values a
//! write stores. Only the SQL around them differs between backends, so a row
//! reads the same (and a row whose columns contradict its status reads as
//! `Corrupt`) on each.

use m3shd_api::{AgentId, Fence, TaskStatus, Timestamp, Urgency};

use crate::store::error::StoreError;
use crate::store::repos::{
    CancelledFrom, Holder, LastHolder, LeaseView, TaskBody, TaskRecord, TaskState,
};
use crate::store::time::{from_micros, to_micros};

/// A row as the mapping reads it: column `i` as one of the stored types.
pub trait Cols {
    fn text(&self, i: usize) -> Result<String, StoreError>;
    fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError>;
    fn int(&self, i: usize) -> Result<i64, StoreError>;
    fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError>;
    fn opt_real(&self, i: usize) -> Result<Option<f64>, StoreError>;

    fn opt_time(&self, i: usize) -> Result<Option<Timestamp>, StoreError> {
        Ok(self.opt_int(i)?.map(from_micros))
    }
}

/// The columns `task_from_cols` reads, in order; `$deps` is the backend's
/// expression for the task's parent ids as a JSON array, in the order given.
macro_rules! task_cols {
    ($deps:literal) => {
        concat!(
            "id, title, prompt, status, required_capability, assign_to, assigned_to, priority, \
             attempts, max_attempts, lease_fence, lease_expires_at, output, output_seq, error, \
             confidence, deadline, created_at, updated_at, started_at, finished_at, ",
            $deps,
            ", urgency, requires_approval, pipeline_id, continues, max_cost_usd, model, \
             input_tokens, output_tokens, cost_usd, injected_memories, held, assign_strict, \
             protocol_role, protocol_of, protocol"
        )
    };
}
pub(crate) use task_cols;

/// Where `task_cols!` puts the state's columns (see `StateCols::read`).
const TASK_STATE_AT: [usize; 6] = [3, 6, 10, 11, 19, 20];

pub fn parse<T: std::str::FromStr<Err = String>>(s: &str) -> Result<T, StoreError> {
    s.parse().map_err(StoreError::Corrupt)
}

pub fn urgency_str(u: Urgency) -> &'static str {
    match u {
        Urgency::Low => "low",
        Urgency::Medium => "medium",
        Urgency::High => "high",
        Urgency::Critical => "critical",
    }
}

pub fn parse_urgency(s: &str) -> Result<Urgency, StoreError> {
    match s {
        "low" => Ok(Urgency::Low),
        "medium" => Ok(Urgency::Medium),
        "high" => Ok(Urgency::High),
        "critical" => Ok(Urgency::Critical),
        other => Err(StoreError::Corrupt(format!("unknown urgency `{other}`"))),
    }
}

/// The task in a row of `task_cols!`. Mapping stays fallible at the value
/// level: a corrupt row surfaces as an error, not a panic.
pub fn task_from_cols(r: &impl Cols) -> Result<TaskRecord, StoreError> {
    let deadline = r.opt_time(16)?;
    let task = TaskBody {
        id: r.text(0)?,
        title: r.text(1)?,
        prompt: r.text(2)?,
        required_capability: r.opt_text(4)?,
        assign_to: r.opt_text(5)?,
        priority: r.int(7)?,
        attempts: r.int(8)?,
        max_attempts: r.int(9)?,
        output: r.opt_text(12)?,
        error: r.opt_text(14)?,
        confidence: r.opt_real(15)?,
        depends_on: serde_json::from_str(&r.text(21)?)?,
        deadline,
        created_at: from_micros(r.int(17)?),
        updated_at: from_micros(r.int(18)?),
        // Urgency only means something for a task with a deadline.
        urgency: match deadline {
            Some(_) => Some(parse_urgency(&r.text(22)?)?),
            None => None,
        },
        requires_approval: r.int(23)? != 0,
        pipeline_id: r.opt_text(24)?,
        continues: r.opt_text(25)?,
        max_cost_usd: r.opt_real(26)?,
        model: r.opt_text(27)?,
        input_tokens: r.opt_int(28)?,
        output_tokens: r.opt_int(29)?,
        cost_usd: r.opt_real(30)?,
        injected_memories: match r.opt_text(31)? {
            Some(json) => serde_json::from_str(&json)?,
            None => Vec::new(),
        },
        held: r.int(32)? != 0,
        assign_strict: r.int(33)? != 0,
        protocol_role: r.opt_text(34)?.map(|s| parse(&s)).transpose()?,
        protocol_of: r.opt_text(35)?,
        protocol: match r.opt_text(36)? {
            Some(json) => Some(serde_json::from_str(&json)?),
            None => None,
        },
    };
    let state = StateCols::read(r, TASK_STATE_AT)?.into_state(&task.id)?;
    Ok(TaskRecord {
        task,
        state,
        output_seq: r.int(13)?,
    })
}

/// A lease view from a row of: status, assigned_to, lease_fence,
/// lease_expires_at, started_at, finished_at, the output's size in bytes
/// and output_seq.
pub fn lease_view_from_cols(r: &impl Cols, id: &str) -> Result<LeaseView, StoreError> {
    Ok(LeaseView {
        state: StateCols::read(r, [0, 1, 2, 3, 4, 5])?.into_state(id)?,
        output_bytes: r.int(6)?,
        output_seq: r.int(7)?,
    })
}

/// What a write stores for a task's columns that are not a field as it is
/// (the state's, times, flags, enums and JSON), in the columns' own types.
pub struct TaskValues {
    pub status: &'static str,
    pub assigned_to: Option<String>,
    pub fence: i64,
    pub lease_expires_at: Option<i64>,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub deadline: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub urgency: &'static str,
    pub requires_approval: i64,
    pub held: i64,
    pub assign_strict: i64,
    pub protocol_role: Option<&'static str>,
    pub protocol: Option<String>,
    /// NULL when none (the common case).
    pub injected_memories: Option<String>,
}

impl TaskValues {
    pub fn of(rec: &TaskRecord) -> Result<TaskValues, StoreError> {
        let t = &rec.task;
        let st = StateCols::of(&rec.state);
        let micros = |v: Option<Timestamp>| v.map(to_micros);
        Ok(TaskValues {
            status: st.status.as_str(),
            assigned_to: st.assigned_to,
            fence: st.fence,
            lease_expires_at: micros(st.lease_expires_at),
            started_at: micros(st.started_at),
            finished_at: micros(st.finished_at),
            deadline: micros(t.deadline),
            created_at: to_micros(t.created_at),
            updated_at: to_micros(t.updated_at),
            urgency: urgency_str(t.urgency.unwrap_or(Urgency::Low)),
            requires_approval: i64::from(t.requires_approval),
            held: i64::from(t.held),
            assign_strict: i64::from(t.assign_strict),
            protocol_role: t.protocol_role.map(|r| r.as_str()),
            protocol: t.protocol.as_ref().map(serde_json::to_string).transpose()?,
            injected_memories: if t.injected_memories.is_empty() {
                None
            } else {
                Some(serde_json::to_string(&t.injected_memories)?)
            },
        })
    }
}

/// A task's `TaskState` in its columns: `status`, `assigned_to`,
/// `lease_fence`, `lease_expires_at`, `started_at` and `finished_at`.
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
    pub fn read(r: &impl Cols, at: [usize; 6]) -> Result<StateCols, StoreError> {
        let [status, assigned_to, fence, lease, started, finished] = at;
        Ok(StateCols {
            status: parse(&r.text(status)?)?,
            assigned_to: r.opt_text(assigned_to)?,
            fence: r.int(fence)?,
            lease_expires_at: r.opt_time(lease)?,
            started_at: r.opt_time(started)?,
            finished_at: r.opt_time(finished)?,
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

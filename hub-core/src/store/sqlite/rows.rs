//! Row → record mapping for tasks and agents, shared by their queries.

use m3shd_api::{Agent, AgentStatus, CircuitState, Timestamp};
use rusqlite::Row;

use crate::store::error::StoreError;
use crate::store::repos::{AgentRecord, TaskRecord};
pub use crate::store::task_cols::parse;
use crate::store::task_cols::{Cols, task_cols, task_from_cols};
use crate::store::time::from_micros;

/// Columns of `task_from_row`, in order. A sorted aggregate opens a
/// temporary B-tree each time it runs, so the dependency list is built only
/// for a task that has dependencies; most have none.
pub const TASK_COLS: &str = task_cols!(
    "CASE WHEN EXISTS (SELECT 1 FROM task_deps d WHERE d.child_task_id = tasks.id) \
       THEN (SELECT json_group_array(parent_task_id ORDER BY ord, rowid) FROM task_deps d \
         WHERE d.child_task_id = tasks.id) \
       ELSE '[]' END"
);

fn opt_time(v: Option<i64>) -> Option<Timestamp> {
    v.map(from_micros)
}

impl Cols for Row<'_> {
    fn text(&self, i: usize) -> Result<String, StoreError> {
        Ok(self.get(i)?)
    }

    fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
        Ok(self.get(i)?)
    }

    fn int(&self, i: usize) -> Result<i64, StoreError> {
        Ok(self.get(i)?)
    }

    fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        Ok(self.get(i)?)
    }

    fn opt_real(&self, i: usize) -> Result<Option<f64>, StoreError> {
        Ok(self.get(i)?)
    }
}

pub fn task_from_row(r: &Row<'_>) -> Result<TaskRecord, StoreError> {
    task_from_cols(r)
}

/// Columns of `agent_from_row`, in order (reputation is loaded separately).
pub const AGENT_COLS: &str = "id, name, machine, status, capabilities, max_concurrent, \
    circuit_state, consecutive_failures, circuit_opened_at, claiming, last_heartbeat, \
    last_progress, registered_at, \
    (SELECT count(*) FROM tasks t WHERE t.assigned_to = agents.id \
       AND t.status IN ('assigned','running'))";

pub fn agent_from_row(r: &Row<'_>) -> Result<AgentRecord, StoreError> {
    let status: String = r.get(3)?;
    let stored_status: AgentStatus = parse(&status)?;
    let caps: String = r.get(4)?;
    let circuit: String = r.get(6)?;
    let max_concurrent: i64 = r.get(5)?;
    let active_tasks: i64 = r.get(13)?;
    // Busy is a view of (online, full), so it can never go stale in the table.
    // An agent with no slots (it only dispatches) is never busy.
    let full = max_concurrent > 0 && active_tasks >= max_concurrent;
    let status = if stored_status == AgentStatus::Online && full {
        AgentStatus::Busy
    } else {
        stored_status
    };
    let circuit: CircuitState = parse(&circuit)?;
    let agent = Agent {
        id: r.get(0)?,
        name: r.get(1)?,
        machine: r.get(2)?,
        status,
        capabilities: serde_json::from_str(&caps)?,
        max_concurrent,
        active_tasks,
        circuit,
        consecutive_failures: r.get(7)?,
        reputation: Vec::new(),
        last_heartbeat: opt_time(r.get(10)?),
        last_progress: opt_time(r.get(11)?),
        registered_at: from_micros(r.get(12)?),
    };
    let claiming: i64 = r.get(9)?;
    Ok(AgentRecord {
        agent,
        claiming: claiming != 0,
        circuit_opened_at: opt_time(r.get(8)?),
        stored_status,
    })
}

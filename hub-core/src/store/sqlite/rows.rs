//! Row → record mapping for tasks and agents, shared by their queries.

use m3shd_api::{Agent, AgentStatus, CircuitState, Timestamp, Urgency};
use rusqlite::Row;

use super::task_state_cols::StateCols;
use crate::store::time::from_micros;
use crate::store::error::StoreError;
use crate::store::repos::{AgentRecord, TaskBody, TaskRecord};

/// Columns of `task_from_row`, in order.
pub const TASK_COLS: &str = "id, title, prompt, status, required_capability, assign_to, \
    assigned_to, priority, attempts, max_attempts, lease_fence, lease_expires_at, output, \
    output_seq, error, confidence, deadline, created_at, updated_at, started_at, finished_at, \
    (SELECT json_group_array(parent_task_id ORDER BY ord, rowid) FROM task_deps d \
       WHERE d.child_task_id = tasks.id), \
    urgency, requires_approval, pipeline_id, continues, max_cost_usd, model, input_tokens, \
    output_tokens, cost_usd, injected_memories, held, assign_strict, protocol_role, protocol_of, \
    protocol";

fn opt_time(v: Option<i64>) -> Option<Timestamp> {
    v.map(from_micros)
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

pub fn parse<T: std::str::FromStr<Err = String>>(s: &str) -> Result<T, StoreError> {
    s.parse().map_err(StoreError::Corrupt)
}

/// Row mapping stays fallible at the value level: a corrupt row surfaces as
/// an error, not a panic.
pub fn task_from_row(r: &Row<'_>) -> Result<TaskRecord, StoreError> {
    let deps: String = r.get(21)?;
    let task = TaskBody {
        id: r.get(0)?,
        title: r.get(1)?,
        prompt: r.get(2)?,
        required_capability: r.get(4)?,
        assign_to: r.get(5)?,
        priority: r.get(7)?,
        attempts: r.get(8)?,
        max_attempts: r.get(9)?,
        output: r.get(12)?,
        error: r.get(14)?,
        confidence: r.get(15)?,
        depends_on: serde_json::from_str(&deps)?,
        deadline: opt_time(r.get(16)?),
        created_at: from_micros(r.get(17)?),
        updated_at: from_micros(r.get(18)?),
        urgency: None,
        requires_approval: r.get::<_, i64>(23)? != 0,
        pipeline_id: r.get(24)?,
        continues: r.get(25)?,
        max_cost_usd: r.get(26)?,
        model: r.get(27)?,
        input_tokens: r.get(28)?,
        output_tokens: r.get(29)?,
        cost_usd: r.get(30)?,
        injected_memories: match r.get::<_, Option<String>>(31)? {
            Some(json) => serde_json::from_str(&json)?,
            None => Vec::new(),
        },
        held: r.get::<_, i64>(32)? != 0,
        assign_strict: r.get::<_, i64>(33)? != 0,
        protocol_role: r
            .get::<_, Option<String>>(34)?
            .map(|s| parse(&s))
            .transpose()?,
        protocol_of: r.get(35)?,
        protocol: match r.get::<_, Option<String>>(36)? {
            Some(json) => Some(serde_json::from_str(&json)?),
            None => None,
        },
    };
    // Urgency only means something for a task with a deadline.
    let urgency: String = r.get(22)?;
    let mut task = task;
    if task.deadline.is_some() {
        task.urgency = Some(parse_urgency(&urgency)?);
    }
    let state = StateCols::read(r, [3, 6, 10, 11, 19, 20])?.into_state(&task.id)?;
    Ok(TaskRecord {
        task,
        state,
        output_seq: r.get(13)?,
    })
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

//! The hub's record of a task: its state (status, holder, fence, lease,
//! start and finish times) as one value, everything else as plain fields,
//! and the wire `Task` built from both.

use m3shd_api::{Task, Timestamp, Urgency};

use super::task_state::TaskState;

/// Everything about a task except its state: the wire `Task` without
/// `status`, `assigned_to`, `started_at` and `finished_at`, which
/// `TaskState` owns.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskBody {
    pub id: String,
    pub title: String,
    pub prompt: String,
    pub required_capability: Option<String>,
    pub assign_to: Option<String>,
    pub priority: i64,
    pub attempts: i64,
    pub max_attempts: i64,
    pub output: Option<String>,
    pub error: Option<String>,
    pub confidence: Option<f64>,
    pub depends_on: Vec<String>,
    pub deadline: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub urgency: Option<Urgency>,
    pub requires_approval: bool,
    pub pipeline_id: Option<String>,
    pub continues: Option<String>,
    pub max_cost_usd: Option<f64>,
    pub model: Option<String>,
    pub input_tokens: Option<i64>,
    pub output_tokens: Option<i64>,
    pub cost_usd: Option<f64>,
    pub injected_memories: Vec<String>,
    pub held: bool,
    pub assign_strict: bool,
    pub protocol_role: Option<m3shd_api::ProtocolRole>,
    pub protocol_of: Option<String>,
    pub protocol: Option<m3shd_api::ProtocolOutcome>,
}

/// A task plus the lease bookkeeping the wire `Task` does not show.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRecord {
    pub task: TaskBody,
    pub state: TaskState,
    /// Sequence number of the last streamed output chunk.
    pub output_seq: i64,
}

impl TaskBody {
    /// The fields of `t` this body keeps (its state is dropped).
    pub fn from_api(t: Task) -> TaskBody {
        TaskBody {
            id: t.id,
            title: t.title,
            prompt: t.prompt,
            required_capability: t.required_capability,
            assign_to: t.assign_to,
            priority: t.priority,
            attempts: t.attempts,
            max_attempts: t.max_attempts,
            output: t.output,
            error: t.error,
            confidence: t.confidence,
            depends_on: t.depends_on,
            deadline: t.deadline,
            created_at: t.created_at,
            updated_at: t.updated_at,
            urgency: t.urgency,
            requires_approval: t.requires_approval,
            pipeline_id: t.pipeline_id,
            continues: t.continues,
            max_cost_usd: t.max_cost_usd,
            model: t.model,
            input_tokens: t.input_tokens,
            output_tokens: t.output_tokens,
            cost_usd: t.cost_usd,
            injected_memories: t.injected_memories,
            held: t.held,
            assign_strict: t.assign_strict,
            protocol_role: t.protocol_role,
            protocol_of: t.protocol_of,
            protocol: t.protocol,
        }
    }

    /// The wire task: this body with `state` shown as loose fields.
    pub fn into_api(self, state: &TaskState) -> Task {
        Task {
            id: self.id,
            title: self.title,
            prompt: self.prompt,
            status: state.status(),
            required_capability: self.required_capability,
            assign_to: self.assign_to,
            assigned_to: state.agent().map(|a| a.as_str().to_string()),
            priority: self.priority,
            attempts: self.attempts,
            max_attempts: self.max_attempts,
            output: self.output,
            error: self.error,
            confidence: self.confidence,
            depends_on: self.depends_on,
            deadline: self.deadline,
            created_at: self.created_at,
            updated_at: self.updated_at,
            started_at: state.started_at(),
            finished_at: state.finished_at(),
            urgency: self.urgency,
            requires_approval: self.requires_approval,
            pipeline_id: self.pipeline_id,
            continues: self.continues,
            max_cost_usd: self.max_cost_usd,
            model: self.model,
            input_tokens: self.input_tokens,
            output_tokens: self.output_tokens,
            cost_usd: self.cost_usd,
            injected_memories: self.injected_memories,
            held: self.held,
            assign_strict: self.assign_strict,
            protocol_role: self.protocol_role,
            protocol_of: self.protocol_of,
            protocol: self.protocol,
        }
    }
}

impl TaskRecord {
    /// The wire task, copied.
    pub fn to_api(&self) -> Task {
        self.task.clone().into_api(&self.state)
    }

    /// The wire task, consuming the record.
    pub fn into_api(self) -> Task {
        self.task.into_api(&self.state)
    }
}

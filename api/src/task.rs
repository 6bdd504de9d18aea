//! Tasks: the unit of work, its status machine as seen on the wire, and the
//! requests that create and move it.

use serde::{Deserialize, Serialize};

use crate::{Fence, Timestamp};

/// Where a task is in its life. `done`, `failed` and `cancelled` are final.
/// Ordered as [`TaskStatus::ALL`] lists them: from waiting to finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// Waiting for parent tasks to finish.
    Blocked,
    /// Ready for dispatch.
    Queued,
    /// The dispatcher chose an agent and granted it a lease; the worker has not picked it up yet.
    Assigned,
    /// The worker picked it up and is executing it.
    Running,
    Done,
    Failed,
    Cancelled,
    /// Handed off: partial output kept, a continuation task carries on.
    Suspended,
}

impl TaskStatus {
    /// Every status, in the order the mesh shows them.
    pub const ALL: [TaskStatus; 8] = [
        TaskStatus::Blocked,
        TaskStatus::Queued,
        TaskStatus::Assigned,
        TaskStatus::Running,
        TaskStatus::Done,
        TaskStatus::Failed,
        TaskStatus::Cancelled,
        TaskStatus::Suspended,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Blocked => "blocked",
            TaskStatus::Queued => "queued",
            TaskStatus::Assigned => "assigned",
            TaskStatus::Running => "running",
            TaskStatus::Done => "done",
            TaskStatus::Failed => "failed",
            TaskStatus::Cancelled => "cancelled",
            TaskStatus::Suspended => "suspended",
        }
    }

    /// A final status never changes again.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            TaskStatus::Done | TaskStatus::Failed | TaskStatus::Cancelled | TaskStatus::Suspended
        )
    }

    /// Held by a worker under a lease.
    pub fn is_leased(self) -> bool {
        matches!(self, TaskStatus::Assigned | TaskStatus::Running)
    }
}

display_as_str!(TaskStatus);

impl std::str::FromStr for TaskStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TaskStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| format!("unknown task status `{s}`"))
    }
}

/// A task as the hub reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Task {
    pub id: String,
    pub title: String,
    pub prompt: String,
    pub status: TaskStatus,
    pub required_capability: Option<String>,
    /// The agent the submitter asked for, if any.
    pub assign_to: Option<String>,
    /// The agent holding (or last holding) the task.
    pub assigned_to: Option<String>,
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
    pub started_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
    /// Deadline urgency, raised on overdue tasks.
    #[serde(default)]
    pub urgency: Option<crate::Urgency>,
    /// The task dispatches only once its approval is granted.
    #[serde(default)]
    pub requires_approval: bool,
    /// The pipeline this task is a step of.
    #[serde(default)]
    pub pipeline_id: Option<String>,
    /// The suspended task this one continues (handoff).
    #[serde(default)]
    pub continues: Option<String>,
    /// Spend limit of this task alone.
    #[serde(default)]
    pub max_cost_usd: Option<f64>,
    /// Model the executor used (AI executors).
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub input_tokens: Option<i64>,
    #[serde(default)]
    pub output_tokens: Option<i64>,
    /// None when nothing was spent or the model has no price.
    #[serde(default)]
    pub cost_usd: Option<f64>,
    /// Keys of the agent memories prepended to the prompt delivered by the
    /// last claim (the stored `prompt` stays as submitted).
    #[serde(default)]
    pub injected_memories: Vec<String>,
    /// Kept from dispatch until released (`PUT /api/tasks/{id}` with
    /// `held: false`): an uploader holds a task while its attachments arrive.
    #[serde(default)]
    pub held: bool,
    /// The task stays with `assign_to` however long that agent cannot take
    /// it (no fall-through to another capable agent).
    #[serde(default)]
    pub assign_strict: bool,
    /// This task is a step of another task's quality protocol.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol_role: Option<crate::ProtocolRole>,
    /// The task whose protocol this step serves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol_of: Option<String>,
    /// Where this task's own protocols stand (none asked for and none
    /// triggered: absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<crate::ProtocolOutcome>,
}

impl Task {
    /// A queued task with nothing optional set: the starting point for
    /// fakes and tests (the hub builds its tasks from its store).
    pub fn queued(id: impl Into<String>, prompt: impl Into<String>, now: Timestamp) -> Task {
        let id = id.into();
        Task {
            title: id.clone(),
            id,
            prompt: prompt.into(),
            status: TaskStatus::Queued,
            required_capability: None,
            assign_to: None,
            assigned_to: None,
            priority: crate::limits::DEFAULT_PRIORITY,
            attempts: 0,
            max_attempts: crate::limits::DEFAULT_MAX_ATTEMPTS,
            output: None,
            error: None,
            confidence: None,
            depends_on: Vec::new(),
            deadline: None,
            created_at: now,
            updated_at: now,
            started_at: None,
            finished_at: None,
            urgency: None,
            requires_approval: false,
            pipeline_id: None,
            continues: None,
            max_cost_usd: None,
            model: None,
            input_tokens: None,
            output_tokens: None,
            cost_usd: None,
            injected_memories: Vec::new(),
            held: false,
            assign_strict: false,
            protocol_role: None,
            protocol_of: None,
            protocol: None,
        }
    }
}

/// Token usage and cost of one execution, reported with its result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Usage {
    pub model: String,
    pub input_tokens: i64,
    pub output_tokens: i64,
    /// None when the worker's price table has no price for the model.
    #[serde(default)]
    pub cost_usd: Option<f64>,
}

/// `POST /api/tasks`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateTask {
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_capability: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depends_on: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Timestamp>,
    /// Hold dispatch until an operator approves (creates an approval).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires_approval: Option<bool>,
    /// Refuse to spend more than this on the task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_cost_usd: Option<f64>,
    /// Ask AI executors for this model (overrides routing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Create the task held: it does not dispatch until released with
    /// `PUT /api/tasks/{id}` `{"held": false}` (upload its attachments first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold: Option<bool>,
    /// Keep the task with `assign_to` even while that agent is offline,
    /// circuit-open or capped (default: after the hub's `--assign-wait` it
    /// goes to another capable agent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign_strict: Option<bool>,
    /// See [`crate::ProtocolRequest::confidence_threshold`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence_threshold: Option<f64>,
    /// See [`crate::ProtocolRequest::challenge`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<bool>,
    /// See [`crate::ProtocolRequest::challenge_threshold`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge_threshold: Option<f64>,
    /// See [`crate::ProtocolRequest::requires_debate`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires_debate: Option<bool>,
    /// See [`crate::ProtocolRequest::requires_vote`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires_vote: Option<bool>,
    /// See [`crate::ProtocolRequest::quorum`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum: Option<u32>,
    /// See [`crate::ProtocolRequest::validator_capability`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validator_capability: Option<String>,
}

impl CreateTask {
    /// The protocol fields of the request, as one value.
    pub fn protocol_request(&self) -> crate::ProtocolRequest {
        crate::ProtocolRequest {
            confidence_threshold: self.confidence_threshold,
            challenge: self.challenge,
            challenge_threshold: self.challenge_threshold,
            requires_debate: self.requires_debate,
            requires_vote: self.requires_vote,
            quorum: self.quorum,
            validator_capability: self.validator_capability.clone(),
        }
    }

    /// Set the protocol fields from one value.
    pub fn set_protocol_request(&mut self, r: crate::ProtocolRequest) {
        self.confidence_threshold = r.confidence_threshold;
        self.challenge = r.challenge;
        self.challenge_threshold = r.challenge_threshold;
        self.requires_debate = r.requires_debate;
        self.requires_vote = r.requires_vote;
        self.quorum = r.quorum;
        self.validator_capability = r.validator_capability;
    }
}

/// `PUT /api/tasks/{id}`: operator edits of a task that has not finished.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateTask {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    /// `true` keeps a task that has not been dispatched from dispatch;
    /// `false` releases it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held: Option<bool>,
}

/// `GET /api/tasks` → `{"tasks": [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TaskList {
    pub tasks: Vec<Task>,
}

/// Query string of `GET /api/tasks`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TaskQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TaskStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<String>,
    /// Newest first; default 50, at most 500.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The next page: tasks older than this one (the last id of the page
    /// before), in the same order. Stable while new tasks arrive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
}

/// The lease a worker holds on a task. Every call that changes the task's
/// result presents `fence`; a stale fence gets 409 `stale_lease`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Lease {
    pub task_id: String,
    pub fence: Fence,
    pub expires_at: Timestamp,
}

/// One piece of work handed to a worker by a claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Claimed {
    pub task: Task,
    pub lease: Lease,
    /// Shared context (`@context`), newest first, as much as fits the hub's
    /// cap: executors that prompt a model put it in front of the prompt
    /// ([`crate::context_block`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<crate::ContextEntry>,
    /// The task's attachments; their bytes are at
    /// `GET /api/tasks/{id}/attachments/{aid}`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<crate::Attachment>,
}

/// `POST /api/agents/{id}/claim`: a long-poll for work.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClaimRequest {
    /// How long to wait for work when none is ready (ms, at most 60 000).
    #[serde(default)]
    pub wait_ms: u64,
    /// How many tasks the worker can start now: the hub hands over at most
    /// this many, and what else it assigned waits for the next claim.
    /// Absent: every task assigned to the agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_slots: Option<u32>,
}

/// → `{"claims": [...]}`, empty when the wait ran out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClaimResponse {
    pub claims: Vec<Claimed>,
}

/// `POST /api/tasks/{id}/stream`: a piece of live output (64 KB at most).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StreamChunk {
    pub fence: Fence,
    pub chunk: String,
}

/// `POST /api/tasks/{id}/complete`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CompleteTask {
    pub fence: Fence,
    pub output: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
}

/// `POST /api/tasks/{id}/fail`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FailTask {
    pub fence: Fence,
    pub error: String,
    /// Output produced before the failure, kept on the task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// A transient failure goes back to the queue while attempts remain;
    /// otherwise the task fails now.
    #[serde(default)]
    pub retryable: bool,
    /// What the failed run spent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
}

/// `POST /api/tasks/{id}/release`: a draining worker hands back a task it
/// will not finish; it returns to the queue without using up an attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReleaseTask {
    pub fence: Fence,
}

//! Every state change in the mesh is one `Event`, stored in the event log
//! with a monotonic id and served on `GET /api/stream` as SSE
//! (`id:` the event id, `event:` its type, `data:` the `EventRecord` JSON).

use serde::{Deserialize, Serialize};

use crate::{
    Agent, Approval, Attachment, ContextEntry, CostEntry, Escalation, Message, Task, TaskStatus,
    Timestamp,
};

/// An event as stored and streamed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EventRecord {
    pub id: i64,
    pub ts: Timestamp,
    #[serde(flatten)]
    pub event: Event,
}

/// The typed payload of an event; `type` is its snake_case name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", content = "data", rename_all = "snake_case")]
pub enum Event {
    TaskCreated {
        task: Task,
    },
    /// A status change (assigned, running, requeued, ...). `reason` says why
    /// when it was not the worker's own doing.
    TaskUpdated {
        task: Task,
        from: TaskStatus,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Live output of a running task.
    TaskOutput {
        task_id: String,
        seq: i64,
        chunk: String,
    },
    TaskCompleted {
        task: Task,
    },
    TaskFailed {
        task: Task,
    },
    TaskCancelled {
        task: Task,
    },
    AgentOnline {
        agent: Agent,
    },
    AgentOffline {
        agent: Agent,
        reason: String,
    },
    AgentUpdated {
        agent: Agent,
    },
    /// The queue was paused or resumed.
    QueueUpdated {
        queue: crate::QueueState,
    },
    /// A task exhausted its attempts or an agent's circuit opened.
    EscalationRaised {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        task_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        agent_id: Option<String>,
        reason: String,
    },
    /// A task was suspended and continued by a new task.
    TaskHandoff {
        suspended: Box<Task>,
        continuation: Box<Task>,
    },
    PipelineCreated {
        pipeline_id: String,
        name: String,
        task_ids: Vec<String>,
    },
    ApprovalRequested {
        approval: Approval,
    },
    /// Approved, rejected or expired.
    ApprovalDecided {
        approval: Approval,
    },
    EscalationCreated {
        escalation: Escalation,
    },
    EscalationUpdated {
        escalation: Escalation,
    },
    CostRecorded {
        entry: CostEntry,
    },
    /// An agent (or, with no agent, the whole mesh) reached a daily cap.
    BudgetExceeded {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        agent_id: Option<String>,
        reason: String,
    },
    ContextSet {
        entry: ContextEntry,
    },
    ContextDeleted {
        key: String,
    },
    MessagePosted {
        message: Message,
    },
    /// A memory was stored or replaced. The value is left out: memory
    /// values are meant to be kept encrypted at rest, the event log is not.
    MemoryStored {
        agent_id: String,
        key: String,
        source: String,
        confidence: f64,
    },
    MemoryDeleted {
        agent_id: String,
        key: String,
    },
    /// A plugin ran (its input and output stay out of the log).
    PluginInvoked {
        tool: String,
        kind: crate::PluginKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        task_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        agent_id: Option<String>,
        ok: bool,
    },
    /// An image was attached to a task (the bytes stay out of the log).
    AttachmentAdded {
        attachment: Attachment,
    },
    /// A schedule fired: on time (`due`) or by run-now (no `due`). It
    /// created `task_id`, or ran its action (`consolidated`), or did
    /// nothing and says why (`error`).
    ScheduleFired {
        schedule_id: String,
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        due: Option<Timestamp>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        task_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        action: Option<crate::ScheduleAction>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        consolidated: Option<crate::ConsolidateReport>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    },
    /// A quality protocol added a step to `task_id`'s graph.
    ProtocolStep {
        task_id: String,
        role: crate::ProtocolRole,
        step: Task,
    },
    /// A quality protocol moved on: a stage began or decided, or the whole
    /// protocol settled.
    ProtocolUpdated {
        task_id: String,
        protocol: crate::ProtocolOutcome,
    },
    /// A validator's verdict was signed into a receipt (and, when it
    /// accepted, the producer credited).
    ValidationRecorded {
        receipt: crate::ValidationReceipt,
    },
    /// The hub's benchmark (`POST /api/admin/benchmark`) moved on: `step`
    /// says what `test` is doing (`started`, `done`, `failed`, `skipped`, or
    /// a stage within it).
    BenchmarkProgress {
        id: String,
        test: String,
        step: String,
    },
    /// The hub's benchmark finished (done or failed); the whole report.
    BenchmarkComplete {
        report: Box<crate::BenchmarkReport>,
    },
}

impl Event {
    /// The SSE `event:` name and the `type` field.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::TaskCreated { .. } => "task_created",
            Event::TaskUpdated { .. } => "task_updated",
            Event::TaskOutput { .. } => "task_output",
            Event::TaskCompleted { .. } => "task_completed",
            Event::TaskFailed { .. } => "task_failed",
            Event::TaskCancelled { .. } => "task_cancelled",
            Event::AgentOnline { .. } => "agent_online",
            Event::AgentOffline { .. } => "agent_offline",
            Event::AgentUpdated { .. } => "agent_updated",
            Event::QueueUpdated { .. } => "queue_updated",
            Event::EscalationRaised { .. } => "escalation_raised",
            Event::TaskHandoff { .. } => "task_handoff",
            Event::PipelineCreated { .. } => "pipeline_created",
            Event::ApprovalRequested { .. } => "approval_requested",
            Event::ApprovalDecided { .. } => "approval_decided",
            Event::EscalationCreated { .. } => "escalation_created",
            Event::EscalationUpdated { .. } => "escalation_updated",
            Event::CostRecorded { .. } => "cost_recorded",
            Event::BudgetExceeded { .. } => "budget_exceeded",
            Event::ContextSet { .. } => "context_set",
            Event::ContextDeleted { .. } => "context_deleted",
            Event::MessagePosted { .. } => "message_posted",
            Event::MemoryStored { .. } => "memory_stored",
            Event::MemoryDeleted { .. } => "memory_deleted",
            Event::PluginInvoked { .. } => "plugin_invoked",
            Event::AttachmentAdded { .. } => "attachment_added",
            Event::ScheduleFired { .. } => "schedule_fired",
            Event::ProtocolStep { .. } => "protocol_step",
            Event::ProtocolUpdated { .. } => "protocol_updated",
            Event::ValidationRecorded { .. } => "validation_recorded",
            Event::BenchmarkProgress { .. } => "benchmark_progress",
            Event::BenchmarkComplete { .. } => "benchmark_complete",
        }
    }

    /// The task an event concerns, for `?task=` filtering.
    pub fn task_id(&self) -> Option<&str> {
        match self {
            Event::TaskCreated { task }
            | Event::TaskUpdated { task, .. }
            | Event::TaskCompleted { task }
            | Event::TaskFailed { task }
            | Event::TaskCancelled { task } => Some(&task.id),
            Event::TaskOutput { task_id, .. } => Some(task_id),
            Event::EscalationRaised { task_id, .. } => task_id.as_deref(),
            Event::TaskHandoff { suspended, .. } => Some(&suspended.id),
            Event::ApprovalRequested { approval } | Event::ApprovalDecided { approval } => {
                approval.task_id.as_deref()
            }
            Event::EscalationCreated { escalation } | Event::EscalationUpdated { escalation } => {
                escalation.task_id.as_deref()
            }
            Event::CostRecorded { entry } => entry.task_id.as_deref(),
            Event::AttachmentAdded { attachment } => Some(&attachment.task_id),
            Event::ScheduleFired { task_id, .. } => task_id.as_deref(),
            Event::ProtocolStep { task_id, .. } | Event::ProtocolUpdated { task_id, .. } => {
                Some(task_id)
            }
            Event::ValidationRecorded { receipt } => Some(&receipt.task_id),
            _ => None,
        }
    }
}

/// Sent on the stream (not stored) when a subscriber fell more than its
/// queue behind; the hub then replays what it missed from the event log.
pub const LAGGED_EVENT: &str = "lagged";

/// Sent on the stream (not stored) instead of a replay the hub can no
/// longer give: the events after the client's last id were deleted by the
/// hub's event retention. The client should reload the state it keeps (it
/// missed changes); the stream carries on after `resume_after`, which is
/// also this item's SSE id. Its data is a [`StreamReset`].
pub const RESET_EVENT: &str = "reset";

/// Sent on the stream (not stored) as its last item when the caller's
/// credential was revoked, logged out or expired, or its user deleted or
/// demoted: the hub then closes the stream. Retrying with the same token
/// cannot help. Its data is `{"message": "..."}`.
pub const AUTH_REVOKED_EVENT: &str = "auth_revoked";

/// The data of a `reset` item on the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StreamReset {
    /// The oldest event id the hub still keeps.
    pub oldest_kept: i64,
    /// The stream continues with the events after this id.
    pub resume_after: i64,
}

/// Query string of `GET /api/stream` and `GET /api/events`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StreamQuery {
    /// Comma-separated type prefixes, e.g. `task_,agent_offline`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub types: Option<String>,
    /// Only events about this task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    /// Replay from after this id (same as the `Last-Event-ID` header, which wins).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<i64>,
    /// `GET /api/events` only: at most this many (default 100, max 500).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

impl StreamQuery {
    /// Whether an event passes the type-prefix and task filters.
    pub fn matches(&self, event: &Event) -> bool {
        let type_ok = match &self.types {
            None => true,
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .any(|p| event.kind().starts_with(p)),
        };
        let task_ok = match &self.task {
            None => true,
            Some(id) => event.task_id() == Some(id.as_str()),
        };
        type_ok && task_ok
    }
}

/// `GET /api/events` → `{"events": [...]}`, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EventList {
    pub events: Vec<EventRecord>,
    /// The oldest event id the hub still keeps: a reader whose `after` is
    /// below `oldest_kept - 1` missed events that were deleted by retention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oldest_kept: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_record_has_type_and_data() {
        let rec = EventRecord {
            id: 7,
            ts: chrono::Utc::now(),
            event: Event::TaskOutput {
                task_id: "abc".into(),
                seq: 1,
                chunk: "hi".into(),
            },
        };
        let v = serde_json::to_value(&rec).unwrap();
        assert_eq!(v["type"], "task_output");
        assert_eq!(v["data"]["chunk"], "hi");
        assert_eq!(v["id"], 7);
        let back: EventRecord = serde_json::from_value(v).unwrap();
        assert_eq!(back, rec);
    }

    #[test]
    fn filters_by_prefix_and_task() {
        let ev = Event::TaskOutput {
            task_id: "t1".into(),
            seq: 0,
            chunk: String::new(),
        };
        let q = |types: Option<&str>, task: Option<&str>| StreamQuery {
            types: types.map(Into::into),
            task: task.map(Into::into),
            ..Default::default()
        };
        assert!(q(None, None).matches(&ev));
        assert!(q(Some("agent_,task_"), None).matches(&ev));
        assert!(!q(Some("agent_"), None).matches(&ev));
        assert!(q(None, Some("t1")).matches(&ev));
        assert!(!q(None, Some("t2")).matches(&ev));
    }
}

//! Tasks, their dependency edges, outputs and leases.

use m3shd_api::{TaskStatus, Timestamp};

use super::task_record::TaskRecord;
use super::task_state::TaskState;
use crate::store::error::StoreError;

/// Just what a lease check and an output append need, without loading a
/// possibly large output.
#[derive(Debug, Clone, PartialEq)]
pub struct LeaseView {
    pub state: TaskState,
    pub output_bytes: i64,
    pub output_seq: i64,
}

/// A queued task as the dispatcher sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuedRow {
    pub id: String,
    pub required_capability: Option<String>,
    pub assign_to: Option<String>,
    /// It names an agent, is not pinned to it (`assign_strict`) and has
    /// waited past the scan's `pinned_until`: another agent may take it
    /// when the named one cannot.
    pub may_fall_through: bool,
}

/// What the dispatcher's walk over the queue may skip in SQL.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueScan<'a> {
    /// The capabilities some agent with a free slot has.
    pub capabilities: &'a [&'a str],
    /// The agents with a free slot.
    pub agents: &'a [&'a str],
    /// Some agent with a free slot takes untyped work (`general`).
    pub general: bool,
    /// A task for an agent not in `agents` that has been queued since this
    /// time or earlier (and is not pinned) may fall through.
    pub pinned_until: Timestamp,
}

/// (status, holder, UTC day created, capability) of one task, for analytics.
pub type TaskFact = (TaskStatus, Option<String>, String, Option<String>);

/// What can be read about them, on a snapshot or inside a write.
pub trait TaskReads {
    fn get(&self, id: &str) -> Result<Option<TaskRecord>, StoreError>;
    fn by_idempotency_key(&self, key: &str) -> Result<Option<TaskRecord>, StoreError>;
    fn status(&self, id: &str) -> Result<Option<TaskStatus>, StoreError>;
    fn lease_view(&self, id: &str) -> Result<Option<LeaseView>, StoreError>;
    fn list(
        &self,
        status: Option<TaskStatus>,
        assigned_to: Option<&str>,
        before: Option<&str>,
        limit: i64,
    ) -> Result<Vec<TaskRecord>, StoreError>;
    fn held_by(
        &self,
        agent: &str,
        status: Option<TaskStatus>,
    ) -> Result<Vec<TaskRecord>, StoreError>;
    fn holds_assigned(&self, agent: &str) -> Result<bool, StoreError>;
    fn any_queued(&self) -> Result<bool, StoreError>;
    fn scan_queued(
        &self,
        scan: &QueueScan<'_>,
        f: &mut dyn FnMut(QueuedRow) -> bool,
    ) -> Result<(), StoreError>;
    fn any_pinned_waiting(&self, cutoff: Timestamp) -> Result<bool, StoreError>;
    fn expired_leases(&self, now: Timestamp) -> Result<Vec<String>, StoreError>;
    fn counts(&self) -> Result<Vec<(TaskStatus, i64)>, StoreError>;
    fn parent_statuses(&self, child: &str) -> Result<Vec<TaskStatus>, StoreError>;
    fn children(&self, parent: &str) -> Result<Vec<String>, StoreError>;
    fn parents(&self, child: &str) -> Result<Vec<String>, StoreError>;
    fn overdue(&self, now: Timestamp) -> Result<Vec<String>, StoreError>;
    fn recently_finished(&self, limit: i64) -> Result<Vec<TaskRecord>, StoreError>;
    fn facts_since(&self, from: Timestamp) -> Result<Vec<TaskFact>, StoreError>;
    fn total(&self) -> Result<i64, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait TaskWrites: TaskReads {
    fn insert(&self, rec: &TaskRecord, idem: Option<&str>) -> Result<(), StoreError>;
    fn save(&self, rec: &TaskRecord) -> Result<(), StoreError>;
    fn append_output(&self, id: &str, chunk: &str, seq: i64) -> Result<(), StoreError>;
    fn extend_leases(
        &self,
        agent: &str,
        running: &[String],
        until: Timestamp,
    ) -> Result<Vec<String>, StoreError>;
    fn insert_dep(&self, parent: &str, child: &str, ord: i64) -> Result<(), StoreError>;
    fn clear_deps(&self, child: &str) -> Result<(), StoreError>;
    fn repoint_children(&self, from: &str, to: &str) -> Result<(), StoreError>;
    fn set_prompt(&self, id: &str, prompt: &str) -> Result<(), StoreError>;
}

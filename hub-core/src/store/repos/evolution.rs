//! Self-evolving agents: the evolution tasks the hub created, the
//! amendments their output proposed, and what the statistics read of an
//! agent's finished tasks.

use m3shd_api::{AmendmentKind, AmendmentStatus, Timestamp};

use crate::store::error::StoreError;

/// A stored amendment (the wire `Amendment` without what is derived).
#[derive(Debug, Clone, PartialEq)]
pub struct AmendmentRow {
    pub id: String,
    pub agent_id: String,
    pub kind: AmendmentKind,
    pub text: String,
    pub confidence: f64,
    pub evidence: String,
    pub source_task: String,
    pub status: AmendmentStatus,
    /// For an applied `remove`: the amendment it stops giving.
    pub target: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub decided_at: Option<Timestamp>,
    pub decided_by: Option<String>,
    pub reverted_at: Option<Timestamp>,
    pub reverted_by: Option<String>,
    pub reason: Option<String>,
}

/// An evolution task: which agent it is about, and what its output gave.
#[derive(Debug, Clone, PartialEq)]
pub struct EvolutionRequestRow {
    pub task_id: String,
    pub agent_id: String,
    pub created_at: Timestamp,
    /// When its output was read into amendments, and how many.
    pub recorded_at: Option<Timestamp>,
    pub recorded: Option<i64>,
}

/// Done and failed tasks of one capability (`None`: untyped work).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FinishedTally {
    pub capability: Option<String>,
    pub done: u64,
    pub failed: u64,
}

/// A failed task, for the proposer to learn from.
#[derive(Debug, Clone, PartialEq)]
pub struct FailedRow {
    pub task_id: String,
    pub capability: Option<String>,
    pub error: Option<String>,
    pub finished_at: Timestamp,
}

/// What can be read, on a snapshot or inside a write.
pub trait EvolutionReads {
    fn amendment(&self, id: &str) -> Result<Option<AmendmentRow>, StoreError>;
    /// Newest first, at most `limit`.
    fn amendments(
        &self,
        agent: Option<&str>,
        status: Option<AmendmentStatus>,
        limit: i64,
    ) -> Result<Vec<AmendmentRow>, StoreError>;
    /// The agent's amendments in `status`, oldest decision first (then
    /// oldest proposal): what a claim reads for the applied ones.
    fn amendments_in(
        &self,
        agent: &str,
        status: AmendmentStatus,
    ) -> Result<Vec<AmendmentRow>, StoreError>;
    fn request(&self, task_id: &str) -> Result<Option<EvolutionRequestRow>, StoreError>;
    /// The agent's latest evolution task, if any.
    fn latest_request(&self, agent: &str) -> Result<Option<EvolutionRequestRow>, StoreError>;
    /// An evolution task about the agent that has not finished (blocked,
    /// queued, assigned or running), if any.
    fn open_request(&self, agent: &str) -> Result<Option<String>, StoreError>;
    /// Tasks the agent finished (done or failed) at or after `since`, as
    /// their last holder, per capability (capability order, untyped
    /// first).
    fn finished_tallies(
        &self,
        agent: &str,
        since: Timestamp,
    ) -> Result<Vec<FinishedTally>, StoreError>;
    /// The agent's latest failed tasks finished at or after `since`,
    /// newest first, at most `limit`.
    fn recent_failures(
        &self,
        agent: &str,
        since: Timestamp,
        limit: i64,
    ) -> Result<Vec<FailedRow>, StoreError>;
}

/// What a write transaction can change.
pub trait EvolutionWrites: EvolutionReads {
    fn insert_request(&self, r: &EvolutionRequestRow) -> Result<(), StoreError>;
    /// Note that the task's output was read into `count` amendments.
    fn record_request(&self, task_id: &str, at: Timestamp, count: i64) -> Result<bool, StoreError>;
    fn insert_amendment(&self, a: &AmendmentRow) -> Result<(), StoreError>;
    /// Save what a decision changes: status, target, the decision and
    /// revert fields, reason, updated_at.
    fn update_amendment(&self, a: &AmendmentRow) -> Result<bool, StoreError>;
}

//! Quality protocols: the labelled edges of a protocol graph, validators'
//! receipts, and the contribution ledger they credit. The steps themselves
//! are tasks (`protocol_of`, `protocol_role`), read through the task repo.

use m3shd_api::{Credit, LedgerEntry, ProtocolRole, ValidationReceipt};

use super::TaskRecord;
use crate::store::error::StoreError;

/// `from` → `to` with `to`'s role for the subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeRow {
    pub from: String,
    pub to: String,
    pub role: ProtocolRole,
}

/// A step that cannot finish: pinned to an agent that went offline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrandedRow {
    pub task_id: String,
    pub agent_id: String,
}

/// What can be read, on a snapshot or inside a write.
pub trait ProtocolReads {
    /// The steps serving `subject`, oldest first.
    fn steps_of(&self, subject: &str) -> Result<Vec<TaskRecord>, StoreError>;
    /// The edges into `subject`'s steps.
    fn edges_of(&self, subject: &str) -> Result<Vec<EdgeRow>, StoreError>;
    /// Unfinished tasks of a running protocol (steps, or a subject pinned
    /// for a debate) whose pinned agent is offline.
    fn stranded(&self) -> Result<Vec<StrandedRow>, StoreError>;
    fn receipts_of(&self, task: &str) -> Result<Vec<ValidationReceipt>, StoreError>;
    fn credits_of(&self, task: &str) -> Result<Vec<Credit>, StoreError>;
    /// Per producing agent: validated and rejected results and credits.
    fn ledger(&self) -> Result<Vec<LedgerEntry>, StoreError>;
}

/// What a write transaction can change.
pub trait ProtocolWrites: ProtocolReads {
    fn insert_edge(&self, edge: &EdgeRow) -> Result<(), StoreError>;
    fn insert_receipt(&self, receipt: &ValidationReceipt) -> Result<(), StoreError>;
    fn insert_credit(&self, credit: &Credit) -> Result<(), StoreError>;
}

//! The signed chain of task results.

use m3shd_api::Timestamp;

use crate::store::error::StoreError;

/// A stored link, as signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRow {
    pub task_id: String,
    pub prev_hash: String,
    pub signed_at: Timestamp,
    pub agent_id: String,
    pub output_hash: String,
    pub signature: String,
}

/// What can be read about them, on a snapshot or inside a write.
pub trait ProvenanceReads {
    fn link(&self, task: &str) -> Result<Option<LinkRow>, StoreError>;
    fn signature(&self, task: &str) -> Result<Option<String>, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait ProvenanceWrites: ProvenanceReads {
    fn insert(&self, link: &LinkRow) -> Result<(), StoreError>;
}

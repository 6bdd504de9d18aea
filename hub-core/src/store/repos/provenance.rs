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

/// The link a peer hub signed for a result it returned (`federated_links`),
/// kept by the hub that relayed the task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FederatedLinkRow {
    pub task_id: String,
    /// This hub's name for the peer.
    pub peer: String,
    pub link: m3shd_api::FederatedLink,
}

/// What can be read about them, on a snapshot or inside a write.
pub trait ProvenanceReads {
    fn link(&self, task: &str) -> Result<Option<LinkRow>, StoreError>;
    fn signature(&self, task: &str) -> Result<Option<String>, StoreError>;
    fn federated_link(&self, task: &str) -> Result<Option<FederatedLinkRow>, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait ProvenanceWrites: ProvenanceReads {
    fn insert(&self, link: &LinkRow) -> Result<(), StoreError>;
    fn insert_federated_link(&self, link: &FederatedLinkRow) -> Result<(), StoreError>;
}

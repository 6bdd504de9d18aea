//! Federation: the peers this hub relays work to (their tokens sealed), and
//! for a task, where it came from and where it was relayed (a row only for
//! tasks federation touched; a task without one is local and unrelayed).

use m3shd_api::{Timestamp, Trust};

use crate::store::error::StoreError;

/// A stored peer, without its token.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerRow {
    pub name: String,
    pub url: String,
    pub created_at: Timestamp,
}

/// A task's federation facts (`task_federation`).
#[derive(Debug, Clone, PartialEq)]
pub struct TaskFederationRow {
    pub task_id: String,
    pub trust: Trust,
    pub origin_hub: Option<String>,
    pub origin_task_id: Option<String>,
    pub hops: i64,
    /// Hubs it has been on, origin first (JSON array at rest).
    pub visited: Vec<String>,
    /// The peer (by name) it was last relayed to.
    pub relayed_to: Option<String>,
    pub peer_hub: Option<String>,
    pub peer_task_id: Option<String>,
    /// The lease the outstanding relay holds; none once it is settled.
    pub relay_fence: Option<i64>,
}

impl TaskFederationRow {
    /// A task of this hub's own, before anything was relayed.
    pub fn local(task_id: &str) -> TaskFederationRow {
        TaskFederationRow {
            task_id: task_id.to_string(),
            trust: Trust::Local,
            origin_hub: None,
            origin_task_id: None,
            hops: 0,
            visited: Vec::new(),
            relayed_to: None,
            peer_hub: None,
            peer_task_id: None,
            relay_fence: None,
        }
    }
}

pub trait FederationReads {
    /// Every peer, by name.
    fn peers(&self) -> Result<Vec<PeerRow>, StoreError>;
    /// A peer's token, unsealed.
    fn peer_token(&self, name: &str) -> Result<Option<String>, StoreError>;
    fn task_federation(&self, task_id: &str) -> Result<Option<TaskFederationRow>, StoreError>;
    /// Relays still outstanding (a relay fence set), any peer.
    fn open_relays(&self) -> Result<Vec<TaskFederationRow>, StoreError>;
}

pub trait FederationWrites: FederationReads {
    /// Add a peer or replace its URL and token (sealed here).
    fn upsert_peer(&self, row: &PeerRow, token: &str) -> Result<(), StoreError>;
    fn delete_peer(&self, name: &str) -> Result<bool, StoreError>;
    fn save_task_federation(&self, row: &TaskFederationRow) -> Result<(), StoreError>;
}

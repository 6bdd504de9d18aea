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
    /// The hub name it last reported (a pushed result goes to the peer
    /// whose hub name is the offering hub's).
    pub hub: Option<String>,
    /// Its record, kept across restarts: tasks relayed to it, and how
    /// those that came back ended.
    pub relayed: i64,
    pub succeeded: i64,
    pub failed: i64,
    /// The last heartbeat's round trip recorded.
    pub latency_us: Option<i64>,
}

impl PeerRow {
    /// A peer as it is added: nothing heard from it yet.
    pub fn new(name: &str, url: &str, created_at: Timestamp) -> PeerRow {
        PeerRow {
            name: name.to_string(),
            url: url.to_string(),
            created_at,
            hub: None,
            relayed: 0,
            succeeded: 0,
            failed: 0,
            latency_us: None,
        }
    }
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
    /// The template the task was made from (by name).
    pub template: Option<String>,
    /// On the hub that took a federated task: its id on the hub that
    /// offered it and that hub's relay fence, where the result is pushed.
    pub return_task_id: Option<String>,
    pub return_fence: Option<i64>,
    /// On the hub that relayed it: the peer said it will push the result.
    pub push: bool,
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
            template: None,
            return_task_id: None,
            return_fence: None,
            push: false,
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
    /// The secret a federated task's result is pushed back under, unsealed
    /// (none once it was delivered, or when the offer carried none).
    fn callback_secret(&self, task_id: &str) -> Result<Option<String>, StoreError>;
    /// Federated tasks whose result is still to be pushed back.
    fn pending_callbacks(&self) -> Result<Vec<TaskFederationRow>, StoreError>;
}

pub trait FederationWrites: FederationReads {
    /// Add a peer or replace its URL and token (sealed here).
    fn upsert_peer(&self, row: &PeerRow, token: &str) -> Result<(), StoreError>;
    fn delete_peer(&self, name: &str) -> Result<bool, StoreError>;
    /// Insert or update a task's row (its callback secret is untouched).
    fn save_task_federation(&self, row: &TaskFederationRow) -> Result<(), StoreError>;
    /// Set (sealed here) or clear a federated task's callback secret.
    fn set_callback_secret(&self, task_id: &str, secret: Option<&str>) -> Result<(), StoreError>;
    /// What a heartbeat learnt: the hub name the peer reports and the
    /// round trip (left as they are when none).
    fn note_peer(
        &self,
        name: &str,
        hub: Option<&str>,
        latency_us: Option<i64>,
    ) -> Result<(), StoreError>;
    /// Add to a peer's record.
    fn count_peer(
        &self,
        name: &str,
        relayed: i64,
        succeeded: i64,
        failed: i64,
    ) -> Result<(), StoreError>;
}

//! Agents, their reputation and circuit breakers.

use m3shd_api::{Agent, AgentStatus, CircuitState, Timestamp};

use crate::store::error::StoreError;

/// An agent plus the fields only the hub uses.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentRecord {
    pub agent: Agent,
    /// Whether its claim loop is alive (from heartbeats and claims).
    pub claiming: bool,
    pub circuit_opened_at: Option<Timestamp>,
    /// The stored status (`busy` is derived for display, never stored).
    pub stored_status: AgentStatus,
}

/// An agent the dispatcher may give work to.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateRow {
    pub id: String,
    pub capabilities: Vec<String>,
    pub max_concurrent: i64,
    pub held: i64,
    pub circuit: CircuitState,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReputationRow {
    pub agent_id: String,
    pub capability: String,
    pub successes: i64,
    pub failures: i64,
}

/// What can be read about them, on a snapshot or inside a write.
pub trait AgentReads {
    fn get(&self, id: &str) -> Result<Option<AgentRecord>, StoreError>;
    /// An agent without its reputation list (cheaper, for the write path).
    fn get_state(&self, id: &str) -> Result<Option<AgentRecord>, StoreError>;
    fn list(&self) -> Result<Vec<AgentRecord>, StoreError>;
    fn dispatch_candidates(&self) -> Result<Vec<CandidateRow>, StoreError>;
    fn reputations(&self) -> Result<Vec<ReputationRow>, StoreError>;
    fn silent_since(&self, cutoff: Timestamp) -> Result<Vec<String>, StoreError>;
    fn circuits_cooled_since(&self, cutoff: Timestamp) -> Result<Vec<String>, StoreError>;
    /// (online or busy, all) agents of this mesh: the entries federation
    /// peers' relayed tasks are held by are not counted.
    fn counts(&self) -> Result<(i64, i64), StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait AgentWrites: AgentReads {
    fn upsert(
        &self,
        id: &str,
        name: &str,
        machine: Option<&str>,
        capabilities: &[String],
        max_concurrent: i64,
    ) -> Result<(), StoreError>;
    fn save(&self, rec: &AgentRecord) -> Result<(), StoreError>;
    /// Change what the agent is given work for and how much at once (the
    /// operator's say, until the worker registers again).
    fn reconfigure(
        &self,
        id: &str,
        capabilities: &[String],
        max_concurrent: i64,
    ) -> Result<(), StoreError>;
    /// No agent has a claim waiting any more.
    fn forget_claims(&self) -> Result<usize, StoreError>;
    fn record_outcome(
        &self,
        agent: &str,
        capability: &str,
        success: bool,
    ) -> Result<(), StoreError>;
}

//! Provenance (ARCHITECTURE.md, "Security model"): every task result is signed, and the signatures
//! chain parent → child from a genesis hash.
//!
//! A link's signature is hex HMAC-SHA256, under the hub's provenance key,
//! of the five fields joined by `|` (none can contain it):
//! `prev_hash|timestamp|agent_id|task_id|output_hash`, where `timestamp` is
//! RFC 3339 UTC with microseconds (`2026-11-23T10:00:00.123456Z`) and
//! `output_hash` is hex SHA-256 of the output. `prev_hash` is [`GENESIS`]
//! for a task without parents, the parent's signature for one parent, and
//! for several parents hex SHA-256 of their signatures sorted and
//! concatenated. A task's parents are its dependencies plus, for a handoff
//! continuation, the task it continues (signed over its partial output
//! when it was suspended). A result relayed back from a peer hub chains
//! from the peer's signature as from one more parent: its
//! [`crate::FederatedLink`] is kept beside the link, and its output must be
//! the output the peer signed.

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// The `prev_hash` of a task without parents: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One signed result in a chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProvenanceLink {
    pub task_id: String,
    /// The agent that produced the result (empty when the link is missing).
    pub agent_id: String,
    /// When it was signed (absent when the link is missing).
    pub timestamp: Option<Timestamp>,
    pub output_hash: String,
    pub prev_hash: String,
    pub signature: String,
    /// The exact text that was signed (`prev_hash|timestamp|…`), so anyone
    /// holding the key can check `signature` without re-deriving the
    /// timestamp format; empty when the link is missing.
    pub message: String,
    /// The tasks this one chains from (dependencies, or the task a
    /// continuation continues); empty for a genesis link.
    pub parents: Vec<String>,
    /// Whether this link checks out: its output still hashes to
    /// `output_hash`, `prev_hash` follows from its parents' signatures, and
    /// the signature verifies under the hub's key.
    pub valid: bool,
    /// Why it does not, when it does not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// For a result relayed back from a peer hub: the link the peer signed
    /// under its own key, which this link chains from
    /// (`GET /api/tasks/{id}/provenance/peer` asks the peer to verify it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub federated: Option<crate::FederatedLink>,
}

/// `GET /api/tasks/{id}/provenance`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProvenanceReport {
    pub task_id: String,
    /// Every link valid.
    pub verified: bool,
    /// The links from genesis to this task, parents before children; the
    /// task itself is last.
    pub chain: Vec<ProvenanceLink>,
    /// The first link (in `chain` order) that does not check out.
    pub first_bad: Option<String>,
    /// Why it does not; null when verified.
    pub reason: Option<String>,
}

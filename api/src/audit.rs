//! The audit log: one row per mutating call (`GET /api/admin/audit`).

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// The actor of a call made without a valid credential.
pub const ANONYMOUS_ACTOR: &str = "anonymous";

/// `payload_sha256` of a call whose body carries a password: a plain hash
/// of a low-entropy secret could be brute-forced offline.
pub const REDACTED_PAYLOAD: &str = "redacted";

/// The worker protocol's routine calls, as `METHOD /route` (an audit
/// row's `action`): heartbeats, claims, stream chunks and result delivery.
/// A worker makes thousands a day; the hub counts them per agent and hour
/// ([`AuditCount`]) instead of logging each, unless it runs with
/// `--audit-worker-protocol`. A call refused as unauthorised (401/403) is
/// always logged.
pub const WORKER_PROTOCOL_ACTIONS: &[&str] = &[
    "POST /api/agents/{id}/heartbeat",
    "POST /api/agents/{id}/claim",
    "POST /api/tasks/{id}/stream",
    "POST /api/tasks/{id}/complete",
    "POST /api/tasks/{id}/fail",
    "POST /api/tasks/{id}/release",
];

/// Whether an audit `action` is a routine worker-protocol call.
pub fn is_worker_protocol(action: &str) -> bool {
    WORKER_PROTOCOL_ACTIONS.contains(&action)
}

/// Which rows `GET /api/admin/audit` lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditScope {
    /// Every row.
    #[default]
    All,
    /// What an operator acts on: worker-protocol rows left out.
    Operator,
}

/// One mutating call: who did what to which path, when, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuditEntry {
    /// Increasing; page with `?after=ID`.
    pub id: i64,
    /// When the call arrived.
    pub at: Timestamp,
    /// `operator` (master token), an agent id, `user:NAME`, `key:NAME`,
    /// `join:KEY_ID`, `webhook:NAME` (a delivery that proved the webhook's
    /// secret), or `anonymous` (no valid credential).
    pub actor: String,
    /// `METHOD /route/template`, e.g. `POST /api/tasks/{id}/cancel`.
    pub action: String,
    /// The concrete path (no query string), e.g. `/api/tasks/3f2a…/cancel`.
    pub target: String,
    /// The HTTP status the hub answered with.
    pub status: u16,
    /// Hex SHA-256 of the request body as received (the body itself is never
    /// kept); `redacted` for a body holding a password, empty for a body
    /// refused as too large before it was read in full.
    pub payload_sha256: String,
}

/// Query string of `GET /api/admin/audit`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only rows after this id, oldest first (tail or page forward). Without
    /// it: the most recent `limit` rows, still oldest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<i64>,
    /// Default 50, at most 500.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Exactly this actor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Actions containing this text, e.g. `cancel` or `POST /api/tasks`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// `operator` leaves out worker-protocol rows (logged only by a hub
    /// with `--audit-worker-protocol`); default `all`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<AuditScope>,
}

/// `GET /api/admin/audit` → `{"entries": [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuditList {
    pub entries: Vec<AuditEntry>,
}

/// How many worker-protocol calls of one kind one agent made in one hour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuditCount {
    /// The start of the hour (UTC).
    pub hour: Timestamp,
    /// The agent the calls were made for.
    pub agent: String,
    /// `METHOD /route`, one of [`WORKER_PROTOCOL_ACTIONS`].
    pub action: String,
    pub calls: u64,
    /// Calls answered with an error (4xx/5xx), e.g. a stale lease.
    pub failed: u64,
}

/// Query string of `GET /api/admin/audit/counts`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AuditCountQuery {
    /// Only this agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// The last this many hours, the current one included (default 24, at
    /// most 2160 = 90 days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<u32>,
}

/// `GET /api/admin/audit/counts` → `{"counts": [...]}`, newest hour first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuditCountList {
    pub counts: Vec<AuditCount>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_protocol_is_routine_and_the_rest_is_not() {
        assert!(is_worker_protocol("POST /api/agents/{id}/heartbeat"));
        assert!(is_worker_protocol("POST /api/tasks/{id}/complete"));
        for significant in [
            "POST /api/tasks",
            "POST /api/tasks/{id}/cancel",
            "POST /api/agents/{id}/register",
            "POST /api/agents/{id}/deregister",
            "DELETE /api/admin/tokens/{id}",
        ] {
            assert!(!is_worker_protocol(significant), "{significant}");
        }
    }
}

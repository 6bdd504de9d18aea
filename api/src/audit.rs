//! The audit log: one row per mutating call (`GET /api/admin/audit`).

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// The actor of a call made without a valid credential.
pub const ANONYMOUS_ACTOR: &str = "anonymous";

/// `payload_sha256` of a call whose body carries a password: a plain hash
/// of a low-entropy secret could be brute-forced offline.
pub const REDACTED_PAYLOAD: &str = "redacted";

/// One mutating call: who did what to which path, when, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuditEntry {
    /// Increasing; page with `?after=ID`.
    pub id: i64,
    /// When the call arrived.
    pub at: Timestamp,
    /// `operator` (master token), an agent id, `user:NAME`, `key:NAME`,
    /// `join:KEY_ID`, or `anonymous` (no valid credential).
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
}

/// `GET /api/admin/audit` → `{"entries": [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuditList {
    pub entries: Vec<AuditEntry>,
}

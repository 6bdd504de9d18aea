//! Health, status summary, shared context and chat messages.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// `GET /api/health` (no token needed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
    pub time: Timestamp,
}

/// `GET /api/status`: the one-screen summary of the mesh.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StatusSummary {
    pub agents_online: i64,
    pub agents_total: i64,
    /// Count of tasks per status (every status present, zero included).
    pub tasks: BTreeMap<String, i64>,
    pub last_event_id: i64,
}

/// One shared context entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ContextEntry {
    pub key: String,
    pub value: String,
    pub set_by: String,
    pub updated_at: Timestamp,
}

/// `GET /api/context` → `{"context": [...]}` sorted by key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ContextList {
    pub context: Vec<ContextEntry>,
}

/// `PUT /api/context/{key}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SetContext {
    pub value: String,
}

/// A chat message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Message {
    pub id: i64,
    pub ts: Timestamp,
    /// Who posted it, from their credentials: an agent id, `user:NAME`,
    /// `key:NAME`, or `operator` (the master token).
    pub sender: String,
    /// `agent`, `user`, `key` or `operator`.
    pub sender_type: String,
    pub channel: String,
    pub content: String,
    pub reply_to: Option<i64>,
}

/// `POST /api/messages`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PostMessage {
    pub content: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Leave it out: the hub takes the sender from the token. Given, it
    /// must be the caller's own name (403 otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<i64>,
}

/// `GET /api/messages?channel=&limit=&after=` → `{"messages": [...]}` oldest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MessageList {
    pub messages: Vec<Message>,
}

/// Query string of `GET /api/messages`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MessageQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

//! `POST /api/text` (ARCHITECTURE.md, "Operator commands"): one line of the
//! command grammar, run by the hub with the caller's own credential, as the
//! iMessage bridge runs what it is texted. Free text (no command word) is a
//! chat message, as over iMessage.

use serde::{Deserialize, Serialize};

/// Longest line accepted, in bytes: a `do` line's prompt fits the prompt
/// limit, and nobody types more into a chat.
pub const MAX_TEXT_BYTES: usize = crate::limits::MAX_PROMPT_BYTES;

/// `POST /api/text`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TextLine {
    /// What was typed: a command (`status`, `do …`, `approve`, `help`, …)
    /// or free text.
    pub text: String,
}

/// What the line did, in the words the bridge would text back.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TextReply {
    /// A few short lines, fit for a chat bubble.
    pub reply: String,
    /// The grammar's name for the line (`status`, `do`, `approve`, …;
    /// `chat` for free text, `usage` for a command with bad arguments).
    pub command: String,
    /// False for free text, which was posted as a chat message.
    pub is_command: bool,
    /// The task the line created (`do`, `@agent`, `retry`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<String>,
    /// Set when the command failed: the hub's error code (`forbidden`,
    /// `not_found`, …), or `failed` when the hub gave none. The reply says
    /// what went wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The API's JSON for the command, as `m3shd text --json` prints it
    /// (free text: `{"message": …, "reply": … or null}`).
    #[serde(default)]
    pub data: serde_json::Value,
}

//! Input limits (ARCHITECTURE.md, "Input limits"). The hub refuses anything larger, whole.

/// A task prompt, in bytes.
pub const MAX_PROMPT_BYTES: usize = 8 * 1024;
/// A chat message, in bytes.
pub const MAX_MESSAGE_BYTES: usize = 50 * 1024;
/// One streamed output chunk, in bytes.
pub const MAX_CHUNK_BYTES: usize = 64 * 1024;
/// Partial output kept on a handoff, in bytes.
pub const MAX_HANDOFF_OUTPUT_BYTES: usize = 32 * 1024;
/// A task's final output, in bytes.
pub const MAX_OUTPUT_BYTES: usize = 1024 * 1024;
/// A request body of any kind, in bytes.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;
/// A result a peer hub pushes back: a whole output (up to
/// [`MAX_OUTPUT_BYTES`]) as JSON escapes it (a control character takes six
/// bytes), with its error and provenance link.
pub const MAX_RELAY_RESULT_BYTES: usize = 6 * MAX_OUTPUT_BYTES + 64 * 1024;
/// A title, in bytes.
pub const MAX_TITLE_BYTES: usize = 200;
/// A context value, in bytes.
pub const MAX_CONTEXT_VALUE_BYTES: usize = 16 * 1024;
/// Rows any list endpoint returns at most.
pub const MAX_LIST_LIMIT: u32 = 500;
/// Default rows of a list endpoint.
pub const DEFAULT_LIST_LIMIT: u32 = 50;
/// Priorities run from 0 (lowest) to 10 (highest); 5 is the default.
pub const MIN_PRIORITY: i64 = 0;
pub const MAX_PRIORITY: i64 = 10;
pub const DEFAULT_PRIORITY: i64 = 5;
/// Attempts a task gets unless told otherwise.
pub const DEFAULT_MAX_ATTEMPTS: i64 = 3;
pub const MAX_MAX_ATTEMPTS: i64 = 20;
/// Longest claim long-poll, in ms.
pub const MAX_CLAIM_WAIT_MS: u64 = 60_000;
/// Capabilities an agent may advertise.
pub const MAX_CAPABILITIES: usize = 32;
/// Slots an agent may declare.
pub const MAX_SLOTS: i64 = 256;

/// Whether any string or key in `value` holds the NUL character, which no
/// text the hub stores may (PostgreSQL's text cannot hold it at all).
pub fn json_holds_nul(value: &serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::String(s) => s.contains('\0'),
        Value::Array(items) => items.iter().any(json_holds_nul),
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.contains('\0') || json_holds_nul(v)),
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}

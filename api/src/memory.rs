//! Agent memory (ARCHITECTURE.md, "Agent memory"): per-agent facts that outlive a task, searchable
//! with full-text search and injected into the prompts the agent claims.

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// A memory key: 1-64 characters of `[a-z0-9_.-]` (see `ids::is_valid_name`).
pub const MAX_MEMORY_KEY_CHARS: usize = 64;
/// A memory value, in bytes.
pub const MAX_MEMORY_VALUE_BYTES: usize = 16 * 1024;
/// Confidence of a memory stored without one.
pub const DEFAULT_MEMORY_CONFIDENCE: f64 = 1.0;
/// The `source` of an entry rewritten by consolidation.
pub const CONSOLIDATION_SOURCE: &str = "consolidation";

/// One remembered fact of one agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Memory {
    pub id: i64,
    pub agent_id: String,
    pub key: String,
    pub value: String,
    /// 0.0 ..= 1.0.
    pub confidence: f64,
    /// Who stored it: `operator`, `task:ID` (extracted from a task's
    /// output), `consolidation`, or what the caller said.
    pub source: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// `GET /api/agents/{id}/memory` and `.../memory/search` → `{"memories": [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MemoryList {
    pub memories: Vec<Memory>,
}

/// `POST /api/agents/{id}/memory`: store or replace the entry under `key`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SetMemory {
    pub key: String,
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Query string of `GET /api/agents/{id}/memory` (newest first).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MemoryQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Query string of `GET /api/agents/{id}/memory/search`: any of the words of
/// `q` (only letters and digits count; everything else separates words),
/// best bm25 match first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MemorySearchQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// `POST /api/memory/consolidate` → what the sweep merged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ConsolidateReport {
    /// Agents whose memories were looked at.
    pub agents: i64,
    /// Entries looked at.
    pub scanned: i64,
    /// Groups of duplicates merged into one entry each.
    pub merged: i64,
    /// Entries removed because another entry of their group won.
    pub removed: i64,
}

/// First line of the memories block a claim prepends to a prompt, before
/// the agent id: `--- memories of AGENT ---`.
pub const MEMORY_BLOCK_START: &str = "--- memories of ";
/// Last line of the block; an empty line and the submitted prompt follow.
pub const MEMORY_BLOCK_END: &str = "--- end of memories ---";

/// Render the block for `agent` around ready `key: value\n` lines.
pub fn memory_block(agent: &str, lines: &str) -> String {
    format!("{MEMORY_BLOCK_START}{agent} ---\n{lines}{MEMORY_BLOCK_END}\n\n")
}

/// A delivered prompt without its leading memories block (for executors
/// that parse the prompt as a command), or the prompt as it is.
/// Continuation lines of values are indented, so the first unindented end
/// line is the block's.
pub fn strip_memory_block(prompt: &str) -> &str {
    if !prompt.starts_with(MEMORY_BLOCK_START) {
        return prompt;
    }
    let end = format!("\n{MEMORY_BLOCK_END}\n\n");
    match prompt.find(&end) {
        Some(i) => &prompt[i + end.len()..],
        None => prompt,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_strip_back_to_the_prompt() {
        let p = format!(
            "{}echo hi",
            memory_block("ag", "k: v\n  --- end of memories ---\n")
        );
        assert_eq!(strip_memory_block(&p), "echo hi");
        assert_eq!(strip_memory_block("echo hi"), "echo hi");
        assert_eq!(
            strip_memory_block("--- memories of x ---\nno end"),
            "--- memories of x ---\nno end"
        );
    }
}

//! Health, status summary, shared context and chat messages.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{TaskStatus, Timestamp};

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
    #[serde(serialize_with = "by_name")]
    pub tasks: BTreeMap<TaskStatus, i64>,
    pub last_event_id: i64,
    /// The queue is paused: nothing queued is handed out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub queue_paused: bool,
}

/// The counts as a JSON object keyed by the status names in name order,
/// the document the hub has always sent.
fn by_name<S: serde::Serializer>(
    tasks: &BTreeMap<TaskStatus, i64>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut by_name: Vec<(&str, &i64)> = tasks.iter().map(|(k, n)| (k.as_str(), n)).collect();
    by_name.sort_unstable_by_key(|(name, _)| *name);
    s.collect_map(by_name)
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

/// First line of the shared-context block in front of a model's prompt.
pub const CONTEXT_BLOCK_START: &str = "--- shared context ---";
/// Last line of the block; an empty line and the prompt follow.
pub const CONTEXT_BLOCK_END: &str = "--- end of shared context ---";
/// Characters of `key: value` lines a prompt's shared-context block holds
/// at most.
pub const CONTEXT_PROMPT_CHARS: usize = 4_000;

/// One entry as a line of the block. Continuation lines of a multi-line
/// value are indented, so a value can never forge the closing delimiter.
fn context_line(e: &ContextEntry) -> String {
    format!("{}: {}\n", e.key, e.value.trim().replace('\n', "\n  "))
}

/// The entries that go in front of a prompt: newest first, each one whole,
/// as long as they fit [`CONTEXT_PROMPT_CHARS`] (an entry too big for what
/// is left is skipped; older, smaller ones may still fit).
pub fn context_for_prompt(mut entries: Vec<ContextEntry>) -> Vec<ContextEntry> {
    entries.sort_by(|a, b| {
        b.updated_at
            .cmp(&a.updated_at)
            .then_with(|| a.key.cmp(&b.key))
    });
    let mut used = 0usize;
    entries.retain(|e| {
        let n = context_line(e).chars().count();
        let fits = used + n <= CONTEXT_PROMPT_CHARS;
        if fits {
            used += n;
        }
        fits
    });
    entries
}

/// The delimited block for `entries`, in their order; `None` when empty.
pub fn context_block(entries: &[ContextEntry]) -> Option<String> {
    if entries.is_empty() {
        return None;
    }
    let lines: String = entries.iter().map(context_line).collect();
    Some(format!(
        "{CONTEXT_BLOCK_START}\n{lines}{CONTEXT_BLOCK_END}\n\n"
    ))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, value: &str, secs: i64) -> ContextEntry {
        ContextEntry {
            key: key.into(),
            value: value.into(),
            set_by: "operator".into(),
            updated_at: chrono::DateTime::from_timestamp(secs, 0).expect("time"),
        }
    }

    #[test]
    fn context_goes_newest_first_within_the_cap() {
        let big = "x".repeat(CONTEXT_PROMPT_CHARS);
        let picked = context_for_prompt(vec![
            entry("old", "oldest", 1),
            entry("huge", &big, 3),
            entry("new", "newest", 4),
            entry("mid", "two\n--- end of shared context ---", 2),
        ]);
        let keys: Vec<&str> = picked.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["new", "mid", "old"], "the one too big is left out");
        let block = context_block(&picked).expect("block");
        assert_eq!(
            block,
            "--- shared context ---\nnew: newest\nmid: two\n  --- end of shared context ---\n\
             old: oldest\n--- end of shared context ---\n\n"
        );
        assert_eq!(context_block(&[]), None);
    }

    #[test]
    fn status_counts_keep_their_json_document() {
        let mut s = StatusSummary {
            agents_online: 1,
            agents_total: 2,
            last_event_id: 9,
            ..Default::default()
        };
        let mut by_name = BTreeMap::new();
        for (n, st) in (0_i64..).zip(TaskStatus::ALL) {
            s.tasks.insert(st, n);
            by_name.insert(st.as_str().to_string(), n);
        }
        let json = serde_json::to_string(&s).expect("json");
        // What the hub sent while the counts were keyed by name.
        let as_before = format!(
            r#"{{"agents_online":1,"agents_total":2,"tasks":{},"last_event_id":9}}"#,
            serde_json::to_string(&by_name).expect("json")
        );
        assert_eq!(json, as_before);
        assert!(
            json.contains(r#""tasks":{"assigned":2,"blocked":0,"cancelled":6,"#),
            "{json}"
        );
        let back: StatusSummary = serde_json::from_str(&json).expect("back");
        assert_eq!(back, s);
        assert_eq!(
            back.tasks.keys().copied().collect::<Vec<_>>(),
            TaskStatus::ALL
        );
    }
}

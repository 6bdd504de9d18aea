//! Plugins (ARCHITECTURE.md, "Plugins and tool calls"): tools a model can call during a task through
//! `POST /api/plugins/{tool}/invoke`, listed by `GET /api/plugins`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where a plugin comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PluginKind {
    /// Built into the hub.
    Builtin,
    /// An executable with a manifest in the hub's plugins dir.
    External,
}

impl PluginKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PluginKind::Builtin => "builtin",
            PluginKind::External => "external",
        }
    }
}

/// One plugin as listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PluginInfo {
    pub name: String,
    pub description: String,
    /// A JSON Schema of the input object.
    #[serde(default)]
    pub input_schema: Value,
    pub kind: PluginKind,
}

/// `GET /api/plugins`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PluginList {
    pub plugins: Vec<PluginInfo>,
}

/// `POST /api/plugins/{tool}/invoke`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InvokePlugin {
    #[serde(default)]
    pub input: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
}

/// The reply of an invocation: `output` on success, `error` when the plugin
/// ran and failed (a refused invocation is an HTTP error instead).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PluginResult {
    pub tool: String,
    #[serde(default)]
    pub output: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The marker a model writes to call a tool, and the one results come back in.
pub const TOOL_CALL_OPEN: &str = "[TOOL_CALL]";
pub const TOOL_CALL_CLOSE: &str = "[/TOOL_CALL]";
pub const TOOL_RESULT_CLOSE: &str = "[/TOOL_RESULT]";

/// One `[TOOL_CALL] {"tool": "...", "input": {...}} [/TOOL_CALL]` block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ToolCall {
    pub tool: String,
    #[serde(default)]
    pub input: Value,
}

/// The well-formed tool calls in `text`, in order. Blocks whose body is not
/// a `{"tool": …}` object are skipped.
pub fn parse_tool_calls(text: &str) -> Vec<ToolCall> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(TOOL_CALL_OPEN) {
        let after = &rest[start + TOOL_CALL_OPEN.len()..];
        let Some(end) = after.find(TOOL_CALL_CLOSE) else {
            break;
        };
        if let Ok(call) = serde_json::from_str::<ToolCall>(after[..end].trim())
            && !call.tool.is_empty()
        {
            out.push(call);
        }
        rest = &after[end + TOOL_CALL_CLOSE.len()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_calls_are_found_and_bad_ones_skipped() {
        let text = "a [TOOL_CALL] {\"tool\": \"web_search\", \"input\": {\"q\": \"x\"}} [/TOOL_CALL] b \
                    [TOOL_CALL] not json [/TOOL_CALL] [TOOL_CALL]{\"tool\":\"notify\"}[/TOOL_CALL] \
                    [TOOL_CALL] {\"tool\": \"x\"}";
        let calls = parse_tool_calls(text);
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].tool, "web_search");
        assert_eq!(calls[0].input["q"], "x");
        assert_eq!(calls[1].tool, "notify");
        assert_eq!(calls[1].input, Value::Null);
    }
}

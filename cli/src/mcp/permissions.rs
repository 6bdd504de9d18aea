//! Which tools the configured token may use. Each tool names the hub routes
//! it calls and the permission those routes require (the hub's route table,
//! `x-m3shd-permission` in `/api/openapi.json`; an end-to-end test checks the
//! two agree). The server asks the hub who the token is (`GET /api/whoami`)
//! and lists only the tools whose permission the token holds.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use m3shd_api::{Permission, PermissionSet};
use m3shd_client::Client;
use rmcp::model::{MetaObject, Tool};

/// One tool: its name, the permission it needs, the routes it calls.
#[derive(Debug, Clone, Copy)]
pub struct ToolAccess {
    pub tool: &'static str,
    pub permission: Permission,
    /// `(method, path)` as in the hub's route table.
    pub routes: &'static [(&'static str, &'static str)],
}

const fn tool(
    tool: &'static str,
    permission: Permission,
    routes: &'static [(&'static str, &'static str)],
) -> ToolAccess {
    ToolAccess {
        tool,
        permission,
        routes,
    }
}

use Permission as P;

/// Every tool of the server.
pub const TOOLS: &[ToolAccess] = &[
    tool("dispatch_task", P::TasksWrite, &[("post", "/api/tasks")]),
    tool("get_task", P::TasksRead, &[("get", "/api/tasks/{id}")]),
    tool(
        "wait_task",
        P::TasksRead,
        &[
            ("get", "/api/tasks/{id}"),
            ("get", "/api/status"),
            ("get", "/api/stream"),
        ],
    ),
    tool("list_tasks", P::TasksRead, &[("get", "/api/tasks")]),
    tool(
        "cancel_task",
        P::TasksWrite,
        &[("post", "/api/tasks/{id}/cancel")],
    ),
    tool(
        "retry_task",
        P::TasksWrite,
        &[("post", "/api/tasks/{id}/retry")],
    ),
    tool("list_agents", P::AgentsRead, &[("get", "/api/agents")]),
    tool("mesh_status", P::TasksRead, &[("get", "/api/status")]),
    tool(
        "search_memory",
        P::MemoryRead,
        &[("get", "/api/agents/{id}/memory/search")],
    ),
    tool(
        "store_memory",
        P::MemoryWrite,
        &[("post", "/api/agents/{id}/memory")],
    ),
    tool("list_approvals", P::TasksRead, &[("get", "/api/approvals")]),
    tool(
        "decide_approval",
        P::AgentsWrite,
        &[("put", "/api/approvals/{id}")],
    ),
    tool("get_context", P::MessagesRead, &[("get", "/api/context")]),
    tool(
        "set_context",
        P::MessagesWrite,
        &[("put", "/api/context/{key}")],
    ),
    tool("run_pipeline", P::TasksWrite, &[("post", "/api/pipelines")]),
    tool(
        "get_pipeline",
        P::TasksRead,
        &[("get", "/api/pipelines/{id}")],
    ),
    tool("list_templates", P::TasksRead, &[("get", "/api/templates")]),
    tool(
        "dispatch_template",
        P::TasksWrite,
        &[("post", "/api/templates/{id}/dispatch")],
    ),
    tool(
        "costs",
        P::AdminAnalytics,
        &[("get", "/api/costs"), ("get", "/api/budgets")],
    ),
    tool(
        "send_message",
        P::MessagesWrite,
        &[("post", "/api/messages")],
    ),
    tool(
        "list_messages",
        P::MessagesRead,
        &[("get", "/api/messages")],
    ),
    tool(
        "task_graph",
        P::TasksRead,
        &[("get", "/api/tasks/{id}/graph")],
    ),
    tool(
        "task_votes",
        P::TasksRead,
        &[("get", "/api/tasks/{id}/votes")],
    ),
    tool(
        "task_trace",
        P::TasksRead,
        &[("get", "/api/tasks/{id}/trace")],
    ),
    tool("ledger", P::TasksRead, &[("get", "/api/ledger")]),
];

/// The permission `tool` needs; None for a name the server does not have.
pub fn required(tool: &str) -> Option<Permission> {
    TOOLS.iter().find(|t| t.tool == tool).map(|t| t.permission)
}

/// Tell clients what a tool needs: the permission at the end of its
/// description, and in its `_meta` the permission and the hub routes it
/// calls (`m3shd/permission`, `m3shd/routes`); a tool that only reads is
/// marked read-only.
pub fn annotate(attr: &mut Tool) {
    let Some(access) = TOOLS.iter().find(|t| t.tool == attr.name) else {
        return;
    };
    let described = unwrap_lines(attr.description.as_deref().unwrap_or_default());
    attr.description =
        Some(format!("{described} Needs the permission {}.", access.permission).into());
    let mut schema = serde_json::Value::Object((*attr.input_schema).clone());
    unwrap_descriptions(&mut schema);
    if let serde_json::Value::Object(schema) = schema {
        attr.input_schema = Arc::new(schema);
    }
    let routes: Vec<String> = access
        .routes
        .iter()
        .map(|(verb, path)| format!("{} {path}", verb.to_uppercase()))
        .collect();
    let mut meta = MetaObject::new();
    meta.insert("m3shd/permission".into(), access.permission.as_str().into());
    meta.insert("m3shd/routes".into(), routes.into());
    attr.meta = Some(meta);
    let mut hints = attr.annotations.clone().unwrap_or_default();
    hints.read_only_hint = Some(access.routes.iter().all(|(verb, _)| *verb == "get"));
    attr.annotations = Some(hints);
}

/// How long the server waits for `GET /api/whoami` before listing tools
/// without knowing the token's permissions.
const WHOAMI_WAIT: Duration = Duration::from_secs(3);

/// The token's permissions, once the hub has said what they are. Until then
/// (the hub is down, or refuses the token) every tool is listed and each
/// call reports the hub's own error, which says more than an empty list.
#[derive(Debug, Default)]
pub struct Grants {
    known: Mutex<Option<PermissionSet>>,
    /// Said once that the hub did not answer; later misses only at debug.
    warned: AtomicBool,
}

impl Grants {
    /// The permissions if known; asks the hub when they are not yet. The
    /// second value is true when this call learnt them (the tool list just
    /// changed).
    pub async fn resolve(&self, client: &Client) -> (Option<PermissionSet>, bool) {
        if let Some(p) = self.get() {
            return (Some(p), false);
        }
        let why = match tokio::time::timeout(WHOAMI_WAIT, client.whoami()).await {
            Ok(Ok(me)) => {
                tracing::info!(name = %me.name, kind = %me.kind, "serving with this token's permissions");
                let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
                let learnt = known.is_none();
                *known = Some(me.permissions);
                return (Some(me.permissions), learnt);
            }
            Ok(Err(e)) => e.to_string(),
            Err(_) => format!("no answer within {} s", WHOAMI_WAIT.as_secs()),
        };
        if self.warned.swap(true, Ordering::Relaxed) {
            tracing::debug!(error = %why, "still cannot ask the hub who this token is");
        } else {
            tracing::warn!(
                error = %why,
                hub = client.base_url(),
                "cannot ask the hub who this token is; every tool is listed until it answers"
            );
        }
        (None, false)
    }

    pub fn get(&self) -> Option<PermissionSet> {
        *self.known.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Doc comments arrive with the source's line breaks: one paragraph is one
/// line for a client (blank lines still separate paragraphs).
fn unwrap_lines(text: &str) -> String {
    text.split("\n\n")
        .map(|para| para.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn unwrap_descriptions(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    serde_json::Value::String(s) if key == "description" => {
                        *s = unwrap_lines(s);
                    }
                    other => unwrap_descriptions(other),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(unwrap_descriptions),
        _ => {}
    }
}

/// Whether `tool` may be listed and called with `permissions` (None:
/// not known yet, so yes).
pub fn allows(permissions: Option<PermissionSet>, tool: &str) -> bool {
    match (permissions, required(tool)) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(p), Some(need)) => p.contains(need),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use m3shd_api::UserRole;

    #[test]
    fn tool_names_are_unique() {
        let mut names: Vec<_> = TOOLS.iter().map(|t| t.tool).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), TOOLS.len());
    }

    #[test]
    fn a_viewer_reads_but_does_not_dispatch() {
        let viewer = Some(UserRole::Viewer.permissions());
        assert!(allows(viewer, "list_tasks"));
        assert!(allows(viewer, "wait_task"));
        for protocol_tool in ["task_graph", "task_votes", "task_trace", "ledger"] {
            assert!(allows(viewer, protocol_tool), "{protocol_tool}");
        }
        assert!(!allows(viewer, "dispatch_task"));
        assert!(!allows(viewer, "decide_approval"));
        assert!(!allows(viewer, "costs"));
        assert!(allows(None, "dispatch_task"), "unknown: list everything");
        assert!(!allows(None, "no_such_tool"));
        assert!(!allows(Some(PermissionSet::EMPTY), "list_tasks"));
    }

    #[test]
    fn descriptions_are_unwrapped_into_paragraphs() {
        assert_eq!(
            unwrap_lines("one\ntwo  three\n\nnext"),
            "one two three\n\nnext"
        );
        let mut schema = serde_json::json!({"properties": {"id": {"description": "a\nb"}}});
        unwrap_descriptions(&mut schema);
        assert_eq!(schema["properties"]["id"]["description"], "a b");
    }
}

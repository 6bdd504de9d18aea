//! The MCP server: the tool groups joined into one router, listed and
//! called through the permission filter.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use m3shd_api::ErrorCode;
use m3shd_client::{Client, ClientError};
use rmcp::handler::server::tool::{ToolCallContext, ToolRouter};
use rmcp::model::{
    CacheScope, CallToolRequestParams, CallToolResponse, CallToolResult, Implementation,
    ListToolsResult, PaginatedRequestParams, ProtocolVersion, ServerCapabilities, ServerConfig,
    Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, Peer, RoleServer, ServerHandler};

use super::permissions::{self, Grants};
use super::reply;

const INSTRUCTIONS: &str = "Tools of an M3SHD mesh: a hub that routes tasks to AI and builtin \
agents on the operator's machines. dispatch_task submits work and returns a task id; \
wait_task waits for its result. Quality protocols asked for on dispatch_task (challenge, \
debate, vote, validator) add steps by other agents after the task finishes: task_graph, \
task_votes and task_trace show them, ledger the credits validated results earned. Errors \
carry the hub's stable code (not_found, forbidden, validation, protocol_conflict, \
quorum_unreachable, unavailable, ...).";

#[derive(Clone)]
pub struct MeshServer {
    pub(super) client: Client,
    grants: Arc<Grants>,
    /// A tool list went out before the permissions were known.
    listed_unfiltered: Arc<AtomicBool>,
    tools: ToolRouter<MeshServer>,
}

impl MeshServer {
    pub fn new(client: Client) -> MeshServer {
        MeshServer {
            client,
            grants: Arc::default(),
            listed_unfiltered: Arc::default(),
            tools: Self::router(),
        }
    }

    /// Every tool, whatever the token may do, each marked with what it needs.
    pub fn router() -> ToolRouter<MeshServer> {
        let mut all = Self::task_tools()
            + Self::fleet_tools()
            + Self::control_tools()
            + Self::shared_tools()
            + Self::protocol_tools();
        for route in all.map.values_mut() {
            permissions::annotate(&mut route.attr);
        }
        all
    }

    /// The permissions as far as known, asking the hub if they are not;
    /// tells the client its tool list changed when they were just learnt
    /// after it had been given the unfiltered list.
    async fn permissions(&self, peer: &Peer<RoleServer>) -> Option<m3shd_api::PermissionSet> {
        let (known, learnt) = self.grants.resolve(&self.client).await;
        if learnt && self.listed_unfiltered.load(Ordering::Relaxed) {
            let peer = peer.clone();
            tokio::spawn(async move {
                let _ = peer.notify_tool_list_changed().await;
            });
        }
        known
    }

    /// A tool answer from a hub result; an unreachable hub is named.
    pub(super) fn answer<T: serde::Serialize>(
        &self,
        result: Result<T, ClientError>,
        text: impl FnOnce(&T) -> String,
    ) -> CallToolResult {
        match result {
            Ok(v) => reply::ok(text(&v), &v),
            Err(e) => self.failed(&e),
        }
    }

    /// A hub error as a tool error.
    pub(super) fn failed(&self, e: &ClientError) -> CallToolResult {
        match e {
            ClientError::Transport(why) => reply::refused(
                ErrorCode::Unavailable,
                format!(
                    "cannot reach the hub at {} ({why}); is it running?",
                    self.client.base_url()
                ),
            ),
            _ => reply::failed(e),
        }
    }
}

impl ServerHandler for MeshServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_tool_list_changed()
                .build(),
        )
        .with_server_info(Implementation::new("m3shd", env!("CARGO_PKG_VERSION")))
        .with_instructions(INSTRUCTIONS)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let known = self.permissions(&ctx.peer).await;
        if known.is_none() {
            self.listed_unfiltered.store(true, Ordering::Relaxed);
        }
        let tools = self
            .tools
            .list_all()
            .into_iter()
            .filter(|t| permissions::allows(known, &t.name))
            .collect();
        let mut listed = ListToolsResult::with_all_items(tools);
        // The list depends on this token and may shrink once the hub
        // answers: clients that understand cache hints must not keep it.
        if ctx
            .protocol_version()
            .is_some_and(|v| v >= ProtocolVersion::V_2026_07_28)
        {
            listed = listed.with_ttl_ms(0).with_cache_scope(CacheScope::Private);
        }
        Ok(listed)
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        if !permissions::allows(self.grants.get(), name) {
            return None;
        }
        self.tools.get(name).cloned()
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        // A call does not wait for the hub to say who the token is: the
        // hub refuses what the token may not do anyway.
        let known = self.grants.get();
        if known.is_none() {
            let server = self.clone();
            let peer = ctx.peer.clone();
            tokio::spawn(async move { server.permissions(&peer).await });
        }
        if let (Some(granted), Some(need)) = (known, permissions::required(&request.name))
            && !granted.contains(need)
        {
            let refusal = reply::refused(
                ErrorCode::Forbidden,
                format!(
                    "{} needs the permission {need}, which this server's token does not hold",
                    request.name
                ),
            );
            return Ok(refusal.into());
        }
        let call = ToolCallContext::new(self, request, ctx);
        self.tools.call(call).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tool_has_a_permission_and_every_permission_a_tool() {
        let mut served: Vec<String> = MeshServer::router()
            .list_all()
            .into_iter()
            .map(|t| t.name.to_string())
            .collect();
        let mut declared: Vec<String> = permissions::TOOLS
            .iter()
            .map(|t| t.tool.to_string())
            .collect();
        served.sort();
        declared.sort();
        assert_eq!(served, declared);
        assert!(served.len() >= 17);
    }

    #[test]
    fn tools_say_what_they_need_and_take_objects() {
        for t in MeshServer::router().list_all() {
            let meta = t.meta.as_ref().expect("meta");
            let need = meta["m3shd/permission"].as_str().unwrap();
            let description = t.description.as_deref().unwrap_or_default();
            assert!(
                description.ends_with(&format!("Needs the permission {need}.")),
                "{description}"
            );
            assert!(
                description.len() > 40,
                "{} needs a useful description",
                t.name
            );
            assert_eq!(
                t.input_schema.get("type").and_then(|v| v.as_str()),
                Some("object")
            );
        }
        let tools = MeshServer::router();
        let get = tools.get("get_task").unwrap();
        assert_eq!(get.annotations.as_ref().unwrap().read_only_hint, Some(true));
        let dispatch = tools.get("dispatch_task").unwrap();
        assert_eq!(
            dispatch.annotations.as_ref().unwrap().read_only_hint,
            Some(false)
        );
        let props = dispatch.input_schema["properties"].as_object().unwrap();
        for field in [
            "prompt",
            "capability",
            "agent",
            "priority",
            "depends_on",
            "model",
            "requires_approval",
            "confidence_threshold",
            "challenge",
            "challenge_threshold",
            "debate",
            "vote",
            "quorum",
            "validator",
        ] {
            assert!(props.contains_key(field), "dispatch_task lacks {field}");
        }
        for name in ["task_graph", "task_votes", "task_trace", "ledger"] {
            let t = tools.get(name).unwrap();
            assert_eq!(
                t.annotations.as_ref().unwrap().read_only_hint,
                Some(true),
                "{name} only reads"
            );
        }
        assert!(props["prompt"]["description"].as_str().is_some());
    }
}

#[cfg(test)]
mod schema_tests {
    use serde_json::{Map, Value};

    use super::*;

    /// Every numeric property of a tool's input schema (nested definitions
    /// included): (path, its schema).
    fn numeric_properties(at: &str, schema: &Value, out: &mut Vec<(String, Map<String, Value>)>) {
        let Some(obj) = schema.as_object() else {
            return;
        };
        let types: Vec<&str> = match obj.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if types.iter().any(|t| *t == "integer" || *t == "number") {
            out.push((at.to_string(), obj.clone()));
        }
        for (key, child) in obj {
            match child {
                Value::Object(_) => numeric_properties(&format!("{at}.{key}"), child, out),
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        numeric_properties(&format!("{at}.{key}[{i}]"), item, out);
                    }
                }
                _ => {}
            }
        }
    }

    fn range(tool: &str, property: &str) -> (Option<f64>, Option<f64>) {
        let tools = MeshServer::router();
        let t = tools.get(tool).unwrap_or_else(|| panic!("no tool {tool}"));
        let mut found = Vec::new();
        numeric_properties(tool, &Value::Object((*t.input_schema).clone()), &mut found);
        let suffix = format!(".{property}");
        let (_, schema) = found
            .into_iter()
            .find(|(path, _)| path.ends_with(&suffix))
            .unwrap_or_else(|| panic!("{tool} has no numeric {property}"));
        let bound = |k: &str| schema.get(k).and_then(Value::as_f64);
        (bound("minimum"), bound("maximum"))
    }

    #[test]
    fn numeric_arguments_carry_the_ranges_the_hub_accepts() {
        let priority = (
            Some(m3shd_api::limits::MIN_PRIORITY as f64),
            Some(m3shd_api::limits::MAX_PRIORITY as f64),
        );
        assert_eq!(priority, (Some(0.0), Some(10.0)));
        assert_eq!(range("dispatch_task", "priority"), priority);
        assert_eq!(range("dispatch_template", "priority"), priority);
        assert_eq!(range("run_pipeline", "priority"), priority, "a step's");
        assert_eq!(range("dispatch_task", "quorum"), (Some(1.0), Some(15.0)));
        for unit in ["confidence_threshold", "challenge_threshold"] {
            assert_eq!(
                range("dispatch_task", unit),
                (Some(0.0), Some(1.0)),
                "{unit}"
            );
        }
        assert_eq!(range("store_memory", "confidence"), (Some(0.0), Some(1.0)));
        assert_eq!(range("dispatch_task", "max_cost_usd").0, Some(0.0));
        assert_eq!(
            range("wait_task", "timeout_secs"),
            (Some(0.0), Some(3600.0))
        );
        for tool in ["list_tasks", "search_memory", "list_messages"] {
            assert_eq!(range(tool, "limit"), (Some(1.0), Some(500.0)), "{tool}");
        }
    }

    #[test]
    fn no_numeric_argument_is_unbounded_below() {
        for t in MeshServer::router().list_all() {
            let mut found = Vec::new();
            numeric_properties(
                &t.name,
                &Value::Object((*t.input_schema).clone()),
                &mut found,
            );
            for (path, schema) in found {
                assert!(schema.contains_key("minimum"), "{path}: {schema:?}");
            }
        }
    }
}

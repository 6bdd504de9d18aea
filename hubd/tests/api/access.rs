//! The access matrix: every operation in the OpenAPI document, called by
//! every kind of caller, allowed exactly when its declared permission says.
//! The table below is the contract: a route added without being declared
//! here (with its permission) fails `the_document_lists_exactly_the_declared_operations`.

use m3shd_api::{Permission, PermissionSet, Role, UserRole};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::{TOKEN, TestHub};

/// (method, path, x-m3shd-permission) of every operation the hub serves.
const DECLARED: &[(&str, &str, &str)] = &[
    ("GET", "/api/admin/audit", "admin:users"),
    ("GET", "/api/admin/audit/counts", "admin:users"),
    ("GET", "/api/tasks/{id}/provenance", "tasks:read"),
    ("GET", "/api/tasks/{id}/federation", "tasks:read"),
    ("GET", "/api/tasks/{id}/provenance/peer", "tasks:read"),
    (
        "POST",
        "/api/federation/tasks/{id}/cancel",
        "federation:relay",
    ),
    (
        "GET",
        "/api/federation/tasks/{id}/provenance",
        "federation:relay",
    ),
    ("POST", "/api/federation/results/{id}", "federation:relay"),
    ("GET", "/api/admin/peers", "admin:federation"),
    ("POST", "/api/admin/peers", "admin:federation"),
    ("DELETE", "/api/admin/peers/{name}", "admin:federation"),
    ("GET", "/api/federation/capacity", "federation:relay"),
    ("POST", "/api/federation/tasks", "federation:relay"),
    ("GET", "/api/federation/tasks/{id}", "federation:relay"),
    ("GET", "/api/tasks/{id}/graph", "tasks:read"),
    ("GET", "/api/tasks/{id}/votes", "tasks:read"),
    ("GET", "/api/tasks/{id}/trace", "tasks:read"),
    ("GET", "/api/ledger", "tasks:read"),
    ("POST", "/api/tasks/{id}/decide", "tasks:write"),
    ("GET", "/api/tasks/{id}/attachments", "tasks:read"),
    ("POST", "/api/tasks/{id}/attachments", "tasks:write"),
    ("GET", "/api/tasks/{id}/attachments/{aid}", "tasks:read"),
    ("DELETE", "/api/admin/keys/{id}", "admin:tokens"),
    ("DELETE", "/api/admin/users/{id}", "admin:users"),
    ("GET", "/api/admin/keys", "admin:tokens"),
    ("GET", "/api/admin/users", "admin:users"),
    ("POST", "/api/admin/keys", "admin:tokens"),
    ("POST", "/api/admin/users", "admin:users"),
    ("POST", "/api/login", "public"),
    ("POST", "/api/logout", "authenticated"),
    ("PUT", "/api/admin/users/{id}", "admin:users"),
    ("GET", "/api/admin/analytics/agents", "admin:analytics"),
    ("GET", "/api/admin/analytics/costs", "admin:analytics"),
    ("GET", "/api/admin/analytics/summary", "admin:analytics"),
    ("GET", "/api/admin/analytics/tasks", "admin:analytics"),
    ("POST", "/api/admin/benchmark", "admin:analytics"),
    ("GET", "/api/admin/benchmark", "admin:analytics"),
    ("GET", "/api/admin/benchmark/{id}", "admin:analytics"),
    ("GET", "/api/admin/join-keys", "admin:tokens"),
    ("POST", "/api/admin/join-keys", "admin:tokens"),
    ("DELETE", "/api/admin/join-keys/{id}", "admin:tokens"),
    ("GET", "/api/admin/tokens", "admin:tokens"),
    ("POST", "/api/admin/tokens", "admin:tokens"),
    ("DELETE", "/api/admin/tokens/{id}", "admin:tokens"),
    ("GET", "/api/agents", "agents:read"),
    ("GET", "/api/agents/{id}", "agents:read"),
    ("POST", "/api/agents/{id}/claim", "tasks:stream"),
    ("POST", "/api/agents/{id}/deregister", "tasks:stream"),
    ("POST", "/api/agents/{id}/heartbeat", "tasks:stream"),
    ("GET", "/api/agents/{id}/maintenance", "agents:read"),
    ("PUT", "/api/agents/{id}/maintenance", "agents:admin"),
    ("GET", "/api/agents/{id}/memory", "memory:read"),
    ("POST", "/api/agents/{id}/memory", "memory:write"),
    ("GET", "/api/agents/{id}/memory/search", "memory:read"),
    ("DELETE", "/api/agents/{id}/memory/{key}", "memory:write"),
    ("GET", "/api/agents/{id}/memory/{key}", "memory:read"),
    ("POST", "/api/agents/{id}/register", "tasks:stream"),
    ("GET", "/api/agents/{id}/performance", "agents:read"),
    ("POST", "/api/agents/{id}/evolve/propose", "agents:write"),
    ("POST", "/api/agents/{id}/evolve", "agents:admin"),
    ("GET", "/api/evolution/amendments", "agents:read"),
    ("GET", "/api/evolution/amendments/{id}", "agents:read"),
    (
        "POST",
        "/api/evolution/amendments/{id}/apply",
        "agents:admin",
    ),
    (
        "POST",
        "/api/evolution/amendments/{id}/reject",
        "agents:admin",
    ),
    (
        "POST",
        "/api/evolution/amendments/{id}/revert",
        "agents:admin",
    ),
    ("GET", "/api/approvals", "tasks:read"),
    ("POST", "/api/approvals", "tasks:write"),
    ("PUT", "/api/approvals/{id}", "agents:write"),
    ("GET", "/api/budgets", "admin:analytics"),
    ("PUT", "/api/budgets", "agents:admin"),
    ("GET", "/api/context", "messages:read"),
    ("DELETE", "/api/context/{key}", "messages:write"),
    ("PUT", "/api/context/{key}", "messages:write"),
    ("GET", "/api/costs", "admin:analytics"),
    ("GET", "/api/escalations", "tasks:read"),
    ("PUT", "/api/escalations/{id}", "agents:write"),
    ("GET", "/api/events", "tasks:read"),
    ("GET", "/api/health", "public"),
    ("POST", "/api/join", "join-key"),
    ("POST", "/api/memory/consolidate", "agents:admin"),
    ("GET", "/api/messages", "messages:read"),
    ("POST", "/api/messages", "messages:write"),
    ("GET", "/api/openapi.json", "public"),
    ("GET", "/api/pipelines", "tasks:read"),
    ("POST", "/api/pipelines", "tasks:write"),
    ("GET", "/api/pipelines/{id}", "tasks:read"),
    ("GET", "/api/plugins", "tasks:read"),
    ("POST", "/api/plugins/{tool}/invoke", "tasks:stream"),
    ("GET", "/api/status", "tasks:read"),
    ("GET", "/api/stream", "tasks:read"),
    ("GET", "/api/summary", "tasks:read"),
    ("GET", "/api/tasks", "tasks:read"),
    ("POST", "/api/tasks", "tasks:write"),
    ("GET", "/api/tasks/{id}", "tasks:read"),
    ("PUT", "/api/tasks/{id}", "tasks:write"),
    ("POST", "/api/tasks/{id}/cancel", "tasks:write"),
    ("POST", "/api/tasks/{id}/complete", "tasks:stream"),
    ("PUT", "/api/tasks/{id}/dependencies", "tasks:write"),
    ("POST", "/api/tasks/{id}/fail", "tasks:stream"),
    ("POST", "/api/tasks/{id}/handoff", "tasks:stream"),
    ("POST", "/api/tasks/{id}/release", "tasks:stream"),
    ("POST", "/api/tasks/{id}/retry", "tasks:write"),
    ("POST", "/api/tasks/{id}/stream", "tasks:stream"),
    ("GET", "/api/templates", "tasks:read"),
    ("POST", "/api/templates", "tasks:write"),
    ("DELETE", "/api/templates/{id}", "tasks:write"),
    ("PUT", "/api/templates/{id}", "tasks:write"),
    ("GET", "/api/templates/{id}", "tasks:read"),
    ("POST", "/api/templates/{id}/dispatch", "tasks:write"),
    ("POST", "/api/mesh/control", "agents:read"),
    ("POST", "/api/voice/dispatch", "voice:dispatch"),
    ("POST", "/api/text", "tasks:read"),
    ("GET", "/api/schedules", "tasks:read"),
    ("POST", "/api/schedules", "agents:write"),
    ("GET", "/api/schedules/{id}", "tasks:read"),
    ("PUT", "/api/schedules/{id}", "agents:write"),
    ("DELETE", "/api/schedules/{id}", "agents:write"),
    ("POST", "/api/schedules/{id}/pause", "agents:write"),
    ("POST", "/api/schedules/{id}/resume", "agents:write"),
    ("POST", "/api/schedules/{id}/run-now", "agents:write"),
    ("GET", "/api/whoami", "authenticated"),
    ("GET", "/api/admin/webhooks", "admin:webhooks"),
    ("POST", "/api/admin/webhooks", "admin:webhooks"),
    ("PUT", "/api/admin/webhooks/{id}", "admin:webhooks"),
    ("DELETE", "/api/admin/webhooks/{id}", "admin:webhooks"),
    (
        "POST",
        "/api/admin/webhooks/{id}/rotate-secret",
        "admin:webhooks",
    ),
    ("POST", "/api/webhooks/{id}/trigger", "public"),
    ("POST", "/api/webhooks/{id}/github", "public"),
    ("GET", "/metrics", "admin:analytics"),
    ("GET", "/api/world/entities", "memory:read"),
    ("GET", "/api/world/entities/{id}", "memory:read"),
    ("GET", "/api/world/relations", "memory:read"),
    ("GET", "/", "public"),
    ("GET", "/sw.js", "public"),
    ("GET", "/web/{file}", "public"),
    ("POST", "/api/web/login", "public"),
    ("POST", "/api/web/logout", "public"),
    ("GET", "/demo", "public"),
    ("GET", "/api/demo/snapshot", "public"),
];

/// A caller in the matrix.
struct Who {
    name: &'static str,
    token: Option<String>,
    /// None: the master token (everything).
    perms: Option<PermissionSet>,
    /// Bound to an agent (agent tokens).
    agent: Option<String>,
}

/// The worker protocol acts as the agent in the path: only that agent's own
/// token, or agents:admin (the path names nobody's own agent here).
fn acts_as_path_agent(path: &str) -> bool {
    ["register", "heartbeat", "claim", "deregister"]
        .iter()
        .any(|v| path == format!("/api/agents/{{id}}/{v}"))
}

/// An agent's memory: operator-side callers with the permission, but
/// another agent's token only with agents:admin.
fn touches_path_agent_data(path: &str) -> bool {
    path.starts_with("/api/agents/{id}/memory")
}

fn expected_allowed(who: &Who, path: &str, perm: &str) -> bool {
    if perm == "public" {
        return true;
    }
    let Some(_) = &who.token else { return false };
    let Some(perms) = who.perms else {
        // The master token: everything but the join-key exchange.
        return perm != "join-key";
    };
    match perm {
        "authenticated" => true,
        "join-key" => false,
        p => {
            let p: Permission = p.parse().expect("a known permission");
            let admin = perms.contains(Permission::AgentsAdmin);
            perms.contains(p)
                && (admin
                    || !(acts_as_path_agent(path)
                        || touches_path_agent_data(path) && who.agent.is_some()))
        }
    }
}

async fn mint(hub: &TestHub, agent: &str, perms: PermissionSet) -> String {
    let r = hub
        .post(
            "/api/admin/tokens",
            json!({"agent_id": agent, "permissions": perms}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body["token"].as_str().expect("token").to_string()
}

async fn callers(hub: &TestHub) -> Vec<Who> {
    let mut v = vec![
        Who {
            name: "no token",
            token: None,
            perms: Some(PermissionSet::EMPTY),
            agent: None,
        },
        Who {
            name: "master",
            token: Some(TOKEN.into()),
            perms: None,
            agent: None,
        },
        Who {
            name: "zero-permission token",
            token: Some(mint(hub, "zero", PermissionSet::EMPTY).await),
            perms: Some(PermissionSet::EMPTY),
            agent: Some("zero".into()),
        },
    ];
    for role in Role::ALL {
        let agent = format!("as-{}", role.as_str());
        v.push(Who {
            name: role.as_str(),
            token: Some(mint(hub, &agent, role.permissions()).await),
            perms: Some(role.permissions()),
            agent: Some(agent),
        });
    }
    for role in UserRole::ALL {
        let username = format!("{}-user", role.as_str());
        let password = "a long enough password";
        let r = hub
            .post(
                "/api/admin/users",
                json!({"username": username, "password": password, "role": role}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
        let r = hub
            .post(
                "/api/login",
                json!({"username": username, "password": password}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        v.push(Who {
            name: role.as_str(),
            token: Some(r.body["token"].as_str().expect("session").to_string()),
            perms: Some(role.permissions()),
            agent: None,
        });
    }
    let r = hub
        .post(
            "/api/admin/keys",
            json!({"name": "ci", "role": "commander", "rate_limit_per_minute": 100000, "daily_cap": 100000}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    v.push(Who {
        name: "commander API key",
        token: Some(r.body["key"].as_str().expect("key").to_string()),
        perms: Some(Role::Commander.permissions()),
        agent: None,
    });
    v
}

fn concrete(path: &str) -> String {
    path.replace("{id}", "someone-else")
        .replace("{key}", "k")
        .replace("{aid}", "a")
        .replace("{tool}", "no-such-tool")
}

async fn status_of(hub: &TestHub, verb: &str, path: &str, token: Option<&str>) -> StatusCode {
    let method = Method::from_bytes(verb.as_bytes()).expect("method");
    let mut req = hub.http.request(method.clone(), hub.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if method != Method::GET && method != Method::DELETE {
        req = req.json(&json!({}));
    }
    // Only the status matters (and the SSE stream never ends): drop the body.
    req.send().await.expect("send").status()
}

async fn document(hub: &TestHub) -> Vec<(String, String, String)> {
    let resp = hub
        .http
        .get(hub.url("/api/openapi.json"))
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), StatusCode::OK);
    let doc: Value = resp.json().await.expect("json");
    let mut ops = Vec::new();
    for (path, methods) in doc["paths"].as_object().expect("paths") {
        for (method, op) in methods.as_object().expect("methods") {
            let perm = op["x-m3shd-permission"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} declares no permission"));
            ops.push((method.to_uppercase(), path.clone(), perm.to_string()));
        }
    }
    ops.sort();
    ops
}

#[tokio::test]
async fn the_document_lists_exactly_the_declared_operations() {
    let mut hub = TestHub::start().await;
    let got = document(&hub).await;
    let mut want: Vec<(String, String, String)> = DECLARED
        .iter()
        .map(|(m, p, a)| (m.to_string(), p.to_string(), a.to_string()))
        .collect();
    want.sort();
    let missing: Vec<_> = want.iter().filter(|w| !got.contains(w)).collect();
    let undeclared: Vec<_> = got.iter().filter(|g| !want.contains(g)).collect();
    assert!(
        missing.is_empty() && undeclared.is_empty(),
        "declared but not served: {missing:#?}\nserved but not declared here: {undeclared:#?}"
    );
    hub.stop().await;
}

#[tokio::test]
async fn every_operation_admits_exactly_the_callers_its_permission_names() {
    let mut hub = TestHub::start().await;
    let who = callers(&hub).await;
    let mut ops = document(&hub).await;
    // Logging out ends a session principal's session: check it last.
    ops.sort_by_key(|(_, path, _)| path == "/api/logout");
    let mut wrong = Vec::new();
    for (verb, path, perm) in &ops {
        for w in &who {
            let status = status_of(&hub, verb, &concrete(path), w.token.as_deref()).await;
            let allowed = status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN;
            if allowed != expected_allowed(w, path, perm) {
                wrong.push(format!("{verb} {path} ({perm}) as {}: {status}", w.name));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "access differs from the declaration:\n{}",
        wrong.join("\n")
    );
    hub.stop().await;
}

fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                out.push(r);
            }
            m.values().for_each(|x| refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_document_describes_bodies_from_the_handlers_types() {
    let mut hub = TestHub::start().await;
    let doc: Value = hub
        .http
        .get(hub.url("/api/openapi.json"))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    assert_eq!(doc["openapi"], "3.1.0");
    // Every reference points into the document.
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let pointer = r.strip_prefix('#').expect("local ref");
        assert!(doc.pointer(pointer).is_some(), "dangling {r}");
    }
    let create = &doc["paths"]["/api/tasks"]["post"];
    assert_eq!(
        create["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/CreateTask"
    );
    assert_eq!(
        create["responses"]["201"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Task"
    );
    let props = &doc["components"]["schemas"]["CreateTask"]["properties"];
    assert!(props["prompt"].is_object(), "{props}");
    // A lease's fence is a plain integer on the wire, whatever type holds it.
    for schema in [
        "Lease",
        "StreamChunk",
        "CompleteTask",
        "FailTask",
        "ReleaseTask",
        "Handoff",
    ] {
        let fence = &doc["components"]["schemas"][schema]["properties"]["fence"];
        assert_eq!(fence["type"], "integer", "{schema}.fence: {fence}");
    }
    let status = &doc["components"]["schemas"]["Pipeline"]["properties"]["status"];
    let status = doc
        .pointer(
            status["$ref"]
                .as_str()
                .unwrap_or("")
                .trim_start_matches('#'),
        )
        .unwrap_or(status);
    assert_eq!(
        status["enum"],
        serde_json::json!(["running", "done", "failed"]),
        "{status}"
    );
    let list = &doc["paths"]["/api/tasks"]["get"]["parameters"];
    assert!(
        list.as_array()
            .expect("params")
            .iter()
            .any(|p| p["name"] == "limit" && p["in"] == "query")
    );
    assert!(
        doc["paths"]["/api/stream"]["get"]["responses"]["200"]["content"]["text/event-stream"]
            .is_object()
    );
    hub.stop().await;
}

//! `POST /api/mesh/control`: a sentence becomes one operation, shown as a
//! plan or carried out with the caller's permissions; a model reads what
//! the parser cannot.

use std::time::Duration;

use m3shd_api::TaskStatus;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::{Reply, TOKEN, TestHub, wait_for};

async fn control(hub: &TestHub, text: &str, execute: bool) -> Reply {
    hub.post(
        "/api/mesh/control",
        json!({"text": text, "execute": execute}),
    )
    .await
}

async fn control_as(hub: &TestHub, token: &str, body: Value) -> Reply {
    hub.call_with(
        Some(token),
        Method::POST,
        "/api/mesh/control",
        Some(body),
        None,
        &[],
    )
    .await
}

async fn executed(hub: &TestHub, text: &str) -> Value {
    let r = control(hub, text, true).await;
    assert_eq!(r.status, StatusCode::OK, "{text}: {:?}", r.body);
    assert_eq!(r.body["executed"], true, "{text}: {:?}", r.body);
    r.body
}

async fn agent(hub: &TestHub, id: &str) -> Value {
    let r = hub.get(&format!("/api/agents/{id}")).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body
}

async fn token_with(hub: &TestHub, agent: &str, role: &str) -> String {
    let r = hub
        .post(
            "/api/admin/tokens",
            json!({"agent_id": agent, "role": role}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body["token"].as_str().expect("token").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_changes_nothing_and_execute_drains_until_undrained() {
    let mut hub = TestHub::start().await;
    hub.register("crucible", &["render"], 2).await;
    // Assigned to crucible but not started yet.
    let waiting = hub
        .create(json!({"prompt": "render it", "required_capability": "render"}))
        .await;
    assert_eq!(hub.task(&waiting.id).await.status, TaskStatus::Assigned);

    let r = control(&hub, "take crucible offline for maintenance", false).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(
        r.body["operation"],
        json!({"op": "drain", "agent": "crucible"})
    );
    assert_eq!(r.body["summary"], "drain agent crucible");
    assert_eq!(r.body["permission"], "agents:write");
    assert_eq!(r.body["allowed"], true);
    assert_eq!(r.body["executed"], false);
    assert_eq!(r.body["read_by"], "parser");
    assert_eq!(
        agent(&hub, "crucible").await["status"],
        "online",
        "a plan runs nothing"
    );

    let done = executed(&hub, "drain crucible").await;
    assert_eq!(done["agent"]["status"], "draining");
    assert!(
        done["outcome"].as_str().unwrap_or("").contains("1 task"),
        "{done}"
    );
    assert_eq!(agent(&hub, "crucible").await["status"], "draining");
    assert_eq!(
        hub.task(&waiting.id).await.status,
        TaskStatus::Queued,
        "its unstarted work went back to the queue"
    );
    assert!(hub.claim("crucible", 0).await.is_empty());
    let updates = hub.events_of("agent_updated").await;
    assert!(
        updates
            .iter()
            .any(|e| e["data"]["agent"]["status"] == "draining"),
        "{updates:?}"
    );

    // A restart of its worker does not undo the drain.
    hub.register("crucible", &["render"], 2).await;
    assert_eq!(agent(&hub, "crucible").await["status"], "draining");
    assert!(hub.claim("crucible", 0).await.is_empty());

    let back = executed(&hub, "bring crucible back online").await;
    assert_eq!(back["operation"]["op"], "undrain");
    assert_eq!(back["agent"]["status"], "online");
    let claims = hub.claim("crucible", 2_000).await;
    assert_eq!(claims.len(), 1, "the queued task is handed out again");
    assert_eq!(claims[0].task.id, waiting.id);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slots_and_capabilities_change_what_an_agent_is_given() {
    let mut hub = TestHub::start().await;
    hub.register("archon", &["general"], 1).await;
    hub.register("rex", &["research"], 1).await;

    let done = executed(&hub, "set archon max concurrent to 3").await;
    assert_eq!(
        done["operation"],
        json!({"op": "set_slots", "agent": "archon", "slots": 3})
    );
    assert_eq!(done["agent"]["max_concurrent"], 3);
    for i in 0..3 {
        hub.create(json!({"prompt": format!("job {i}")})).await;
    }
    let claims = hub.claim("archon", 2_000).await;
    assert_eq!(claims.len(), 3, "three at once now");

    let done = executed(&hub, "rex can do code-review and summarize").await;
    assert_eq!(
        done["agent"]["capabilities"],
        json!(["code-review", "summarize"])
    );
    let t = hub
        .create(json!({"prompt": "tl;dr", "required_capability": "summarize"}))
        .await;
    assert_eq!(hub.task(&t.id).await.assigned_to.as_deref(), Some("rex"));
    let done = executed(&hub, "move rex to code-review only").await;
    assert_eq!(done["agent"]["capabilities"], json!(["code-review"]));
    let r = control(&hub, "give archon 100000 slots", true).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("slots")
    );
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paused_queue_hands_out_nothing_until_resumed() {
    let mut hub = TestHub::start().await;
    hub.register("w1", &["general"], 2).await;
    let done = executed(&hub, "pause the queue").await;
    assert_eq!(done["queue"]["paused"], true);
    assert_eq!(done["queue"]["paused_by"], "operator");
    let status = hub.get("/api/status").await;
    assert_eq!(status.body["queue_paused"], true, "{:?}", status.body);

    let t = hub.create(json!({"prompt": "wait for it"})).await;
    assert_eq!(hub.task(&t.id).await.status, TaskStatus::Queued);
    assert!(hub.claim("w1", 0).await.is_empty());

    let done = executed(&hub, "resume the queue").await;
    assert_eq!(done["queue"]["paused"], false);
    assert_eq!(hub.task(&t.id).await.status, TaskStatus::Assigned);
    let status = hub.get("/api/status").await;
    assert!(
        status.body.get("queue_paused").is_none(),
        "{:?}",
        status.body
    );
    let events = hub.events_of("queue_updated").await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[0]["data"]["queue"]["paused"], true);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_are_cancelled_and_budgets_set() {
    let mut hub = TestHub::start().await;
    hub.register("rex", &["research"], 1).await;
    let t = hub
        .create(json!({"prompt": "never mind", "required_capability": "nobody-does-this"}))
        .await;
    let done = executed(&hub, &format!("cancel task {}", t.id)).await;
    assert_eq!(done["permission"], "tasks:write");
    assert_eq!(done["task"]["status"], "cancelled");
    assert_eq!(hub.task(&t.id).await.status, TaskStatus::Cancelled);

    let done = executed(&hub, "set the daily budget to $20").await;
    assert_eq!(done["permission"], "agents:admin");
    assert_eq!(done["budgets"]["mesh_daily_usd"], 20.0);
    let done = executed(&hub, "cap rex at $5 a day").await;
    assert_eq!(done["budgets"]["agent_usd_overrides"], json!({"rex": 5.0}));
    let done = executed(&hub, "cap rex at 20000 tokens a day").await;
    assert_eq!(done["budgets"]["agent_overrides"], json!({"rex": 20000}));
    let done = executed(&hub, "cap each agent at $2 a day").await;
    assert_eq!(done["budgets"]["agent_daily_usd"], 2.0);
    let costs = hub.get("/api/costs").await;
    let rex = costs.body["agents"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["agent_id"] == "rex").cloned())
        .expect("rex in costs");
    assert_eq!(rex["usd_cap"], 5.0, "its own cap beats every agent's");
    assert_eq!(rex["token_cap"], 20000);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operation_sent_back_runs_and_bad_requests_are_refused() {
    let mut hub = TestHub::start().await;
    hub.register("archon", &["general"], 1).await;
    let r = hub
        .post(
            "/api/mesh/control",
            json!({"operation": {"op": "set_slots", "agent": "Archon", "slots": 2}, "execute": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["read_by"], "given");
    assert_eq!(r.body["agent"]["max_concurrent"], 2);
    for (body, code) in [
        (json!({}), "validation"),
        (
            json!({"text": "drain archon", "operation": {"op": "pause_queue"}}),
            "validation",
        ),
        (
            json!({"operation": {"op": "set_slots", "agent": "archon", "slots": 9999}}),
            "validation",
        ),
        (json!({"operation": {"op": "reboot"}}), "bad_request"),
        (
            json!({"text": "drain archon", "wait_secs": 0}),
            "validation",
        ),
        (json!({"text": "x".repeat(2_000)}), "payload_too_large"),
    ] {
        let r = hub.post("/api/mesh/control", body.clone()).await;
        assert_eq!(r.code(), code, "{body}: {:?}", r.body);
    }
    // Unknown names are 404s that say what there is.
    let r = control(&hub, "drain crucible", false).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{:?}", r.body);
    let msg = r.body["error"]["message"].as_str().unwrap_or("");
    assert!(
        msg.contains("no agent `crucible`") && msg.contains("archon"),
        "{msg}"
    );
    let r = control(&hub, "cancel task 0123456789abcdef", true).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{:?}", r.body);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn execution_takes_the_callers_own_permission() {
    let mut hub = TestHub::start().await;
    hub.register("crucible", &["general"], 1).await;
    let worker = token_with(&hub, "phone", "worker").await;
    let commander = token_with(&hub, "boss", "commander").await;

    // A worker token may see the plan but not drain.
    let r = control_as(&hub, &worker, json!({"text": "drain crucible"})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["allowed"], false);
    let r = control_as(
        &hub,
        &worker,
        json!({"text": "drain crucible", "execute": true}),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("agents:write"),
        "{:?}",
        r.body
    );
    assert_eq!(r.body["permission"], "agents:write");
    assert_eq!(r.body["operation"]["op"], "drain");
    assert_eq!(agent(&hub, "crucible").await["status"], "online");

    // A commander drains, but budgets take agents:admin.
    let r = control_as(
        &hub,
        &commander,
        json!({"text": "drain crucible", "execute": true}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let r = control_as(
        &hub,
        &commander,
        json!({"text": "set the daily budget to $20", "execute": true}),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("agents:admin")
    );
    let b = hub.get("/api/budgets").await;
    assert!(b.body.get("mesh_daily_usd").is_none(), "{:?}", b.body);

    // Every call, refused or not, is in the audit log under its caller.
    let rows = wait_for("the audit rows", Duration::from_secs(10), || async {
        let r = hub.get("/api/admin/audit?actor=boss&limit=50").await;
        let rows = r.body["entries"].as_array().cloned().unwrap_or_default();
        (rows.len() >= 2).then_some(rows)
    })
    .await;
    let statuses: Vec<(String, u64)> = rows
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap_or("").to_string(),
                e["status"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert!(
        statuses.contains(&("POST /api/mesh/control".into(), 200))
            && statuses.contains(&("POST /api/mesh/control".into(), 403)),
        "{statuses:?}"
    );
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sentence_nobody_reads_is_not_understood() {
    let mut hub = TestHub::start().await;
    let r = control(&hub, "make it rain on the mesh", false).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(r.code(), "not_understood");
    let msg = r.body["error"]["message"].as_str().unwrap_or("");
    assert!(msg.contains("mesh-control"), "{msg}");
    assert!(
        msg.contains("drain crucible"),
        "lists phrasings that work: {msg}"
    );
    assert_eq!(hub.task_count().await, 0, "no task was made for it");
    hub.stop().await;
}

/// The POST runs in the background while the test plays the model.
fn control_in_background(
    hub: &TestHub,
    body: Value,
) -> tokio::task::JoinHandle<(StatusCode, Value)> {
    let http = hub.http.clone();
    let url = hub.url("/api/mesh/control");
    tokio::spawn(async move {
        let resp = http
            .post(url)
            .bearer_auth(TOKEN)
            .json(&body)
            .send()
            .await
            .expect("send");
        let status = resp.status();
        (status, resp.json().await.expect("json"))
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mesh_control_agent_reads_what_the_parser_cannot() {
    let mut hub = TestHub::start().await;
    hub.register("crucible", &["general"], 1).await;
    hub.register("interp", &["mesh-control"], 1).await;

    let pending = control_in_background(
        &hub,
        json!({"text": "crucible needs a rest, keep work off it", "execute": true}),
    );
    let claims = hub.claim("interp", 10_000).await;
    assert_eq!(claims.len(), 1);
    let prompt = &claims[0].task.prompt;
    assert!(prompt.contains("crucible needs a rest"), "{prompt}");
    assert!(
        prompt.contains("\"op\": \"set_slots\""),
        "the schema: {prompt}"
    );
    assert!(prompt.contains("crucible"), "{prompt}");
    let r = hub
        .lease_call(
            "interp",
            &claims[0].task.id,
            "complete",
            json!({"fence": claims[0].lease.fence,
                   "output": "```json\n{\"op\": \"drain\", \"agent\": \"crucible\"}\n```"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let (status, body) = pending.await.expect("join");
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["read_by"], "model");
    assert_eq!(body["model_task"], claims[0].task.id.as_str());
    assert_eq!(
        body["operation"],
        json!({"op": "drain", "agent": "crucible"})
    );
    assert_eq!(agent(&hub, "crucible").await["status"], "draining");

    // An answer that is no operation is refused, and nothing runs.
    let pending = control_in_background(
        &hub,
        json!({"text": "crucible should reboot itself", "execute": true}),
    );
    let claims = hub.claim("interp", 10_000).await;
    hub.lease_call(
        "interp",
        &claims[0].task.id,
        "complete",
        json!({"fence": claims[0].lease.fence, "output": "{\"op\": \"reboot\", \"agent\": \"crucible\"}"}),
    )
    .await;
    let (status, body) = pending.await.expect("join");
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "not_understood");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("not an operation"),
        "{body}"
    );

    // Nobody answers in time: the task is cancelled and the caller told.
    let r = hub
        .post(
            "/api/mesh/control",
            json!({"text": "crucible deserves a nap", "wait_secs": 1}),
        )
        .await;
    assert_eq!(r.code(), "not_understood", "{:?}", r.body);
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("within 1 s")
    );
    let tasks = hub.get("/api/tasks?limit=10").await;
    let last = tasks.body["tasks"][0].clone();
    assert_eq!(last["required_capability"], "mesh-control");
    assert_eq!(last["status"], "cancelled");

    // Asking a model makes a task: a caller without tasks:write may not.
    let viewer = {
        let r = hub
            .post(
                "/api/admin/tokens",
                json!({"agent_id": "eyes", "permissions": ["agents:read", "tasks:read"]}),
            )
            .await;
        r.body["token"].as_str().expect("token").to_string()
    };
    let r = control_as(&hub, &viewer, json!({"text": "crucible deserves a nap"})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("tasks:write")
    );
    // What the parser reads needs no model.
    let r = control_as(&hub, &viewer, json!({"text": "undrain crucible"})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    hub.stop().await;
}

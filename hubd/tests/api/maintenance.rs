//! Maintenance work for idle agents: off until the operator turns it on,
//! one task at a time behind per-kind cooldowns and a daily cap, and
//! always out of the way of real work.

use std::time::Duration;

use m3shd_api::{Task, TaskStatus};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::TestHub;

const HOUR: Duration = Duration::from_secs(3600);

async fn set(hub: &TestHub, agent: &str, body: Value) -> Value {
    let r = hub
        .call(
            Method::PUT,
            &format!("/api/agents/{agent}/maintenance"),
            Some(body),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body
}

async fn maintenance_tasks(hub: &TestHub) -> Vec<Task> {
    let r = hub.get("/api/tasks?limit=500").await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let all: Vec<Task> = serde_json::from_value(r.body["tasks"].clone()).expect("tasks");
    let mut tasks: Vec<Task> = all
        .into_iter()
        .filter(|t| t.title.starts_with("maintenance: "))
        .collect();
    tasks.sort_by_key(|t| t.created_at);
    tasks
}

/// An idle worker with one slot whose claim loop runs.
async fn idle_worker(hub: &TestHub, agent: &str) {
    hub.register(agent, &["general"], 1).await;
    let r = hub.heartbeat(agent, &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
}

/// Claim the agent's task and complete it at `cost`.
async fn finish(hub: &TestHub, agent: &str, cost: f64) -> Task {
    let claims = hub.claim(agent, 0).await;
    assert_eq!(claims.len(), 1, "one task for {agent}");
    let id = claims[0].task.id.clone();
    let r = hub
        .lease_call(
            agent,
            &id,
            "complete",
            json!({"fence": claims[0].lease.fence, "output": "all well",
                   "usage": {"model": "m", "input_tokens": 5, "output_tokens": 5, "cost_usd": cost}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    hub.task(&id).await
}

/// Move the clock on, keeping the worker alive across it.
async fn later(hub: &TestHub, agent: &str, by: Duration) {
    hub.advance(by);
    let r = hub.heartbeat(agent, &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_agent_gets_nothing_until_its_operator_turns_maintenance_on() {
    let hub = TestHub::on_manual_clock().await;
    idle_worker(&hub, "ada").await;
    hub.sweep().await;
    assert!(maintenance_tasks(&hub).await.is_empty());
    let r = hub.get("/api/agents/ada/maintenance").await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["enabled"], false);
    assert_eq!(r.body["daily_cap_usd"], 0.5);

    let m = set(&hub, "ada", json!({"enabled": true, "daily_cap_usd": 1.0})).await;
    assert_eq!(
        (m["enabled"].clone(), m["daily_cap_usd"].clone()),
        (json!(true), json!(1.0))
    );
    hub.sweep().await;
    let tasks = maintenance_tasks(&hub).await;
    assert_eq!(tasks.len(), 1, "{tasks:?}");
    let t = &tasks[0];
    assert_eq!(t.title, "maintenance: health-check");
    assert_eq!(t.assign_to.as_deref(), Some("ada"));
    assert!(t.assign_strict);
    assert_eq!(t.priority, 0);
    assert_eq!(t.status, TaskStatus::Assigned, "dispatched to ada at once");

    hub.sweep().await;
    assert_eq!(maintenance_tasks(&hub).await.len(), 1, "one at a time");

    let off = set(&hub, "ada", json!({"enabled": false})).await;
    assert_eq!(off["daily_cap_usd"], 1.0, "the cap stays when left out");
    assert_eq!(off["open_tasks"], json!([t.id]));
    finish(&hub, "ada", 0.0).await;
    later(&hub, "ada", 7 * HOUR).await;
    hub.sweep().await;
    assert_eq!(maintenance_tasks(&hub).await.len(), 1, "off means off");

    let r = hub
        .call(
            Method::PUT,
            "/api/agents/nobody/maintenance",
            Some(json!({"enabled": true})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{:?}", r.body);
    let r = hub
        .call(
            Method::PUT,
            "/api/agents/ada/maintenance",
            Some(json!({"enabled": true, "daily_cap_usd": -1})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_kind_waits_out_its_cooldown() {
    let hub = TestHub::on_manual_clock().await;
    idle_worker(&hub, "ada").await;
    let r = hub
        .post(
            "/api/agents/ada/memory",
            json!({"key": "favourite_db", "value": "sqlite"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    set(&hub, "ada", json!({"enabled": true})).await;

    hub.sweep().await;
    let audit = finish(&hub, "ada", 0.0).await;
    assert_eq!(audit.title, "maintenance: memory-audit");
    assert!(audit.prompt.contains("favourite_db"), "{}", audit.prompt);

    hub.sweep().await;
    let check = finish(&hub, "ada", 0.0).await;
    assert_eq!(check.title, "maintenance: health-check");

    hub.sweep().await;
    assert_eq!(
        maintenance_tasks(&hub).await.len(),
        2,
        "both kinds are cooling down"
    );

    later(&hub, "ada", 6 * HOUR).await;
    hub.sweep().await;
    let tasks = maintenance_tasks(&hub).await;
    assert_eq!(tasks.len(), 3);
    assert_eq!(
        tasks[2].title, "maintenance: health-check",
        "the memory audit waits a day"
    );
    let m = hub.get("/api/agents/ada/maintenance").await.body;
    assert!(m["last"]["memory-audit"].is_string(), "{m}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_doubtful_result_is_rechecked_once() {
    let hub = TestHub::on_manual_clock().await;
    hub.register("bob", &["general"], 1).await;
    hub.heartbeat("bob", &[]).await;
    let t = hub.create(json!({"prompt": "what is 6 x 7?"})).await;
    let claims = hub.claim("bob", 0).await;
    let r = hub
        .lease_call(
            "bob",
            &t.id,
            "complete",
            json!({"fence": claims[0].lease.fence, "output": "41", "confidence": 0.3}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    idle_worker(&hub, "ada").await;
    set(&hub, "ada", json!({"enabled": true})).await;
    hub.sweep().await;
    let recheck = finish(&hub, "ada", 0.0).await;
    assert_eq!(recheck.title, "maintenance: reverify");
    assert!(
        recheck.prompt.contains("what is 6 x 7?") && recheck.prompt.contains("41"),
        "{}",
        recheck.prompt
    );
    later(&hub, "ada", 2 * HOUR).await;
    hub.sweep().await;
    let next = finish(&hub, "ada", 0.0).await;
    assert_eq!(
        next.title, "maintenance: health-check",
        "not re-checked twice"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_more_once_the_daily_cap_is_spent() {
    let hub = TestHub::on_manual_clock().await;
    idle_worker(&hub, "ada").await;
    let r = hub
        .post("/api/agents/ada/memory", json!({"key": "k", "value": "v"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    set(&hub, "ada", json!({"enabled": true, "daily_cap_usd": 0.3})).await;
    hub.sweep().await;
    let audit = finish(&hub, "ada", 0.35).await;
    assert_eq!(audit.title, "maintenance: memory-audit");
    let m = hub.get("/api/agents/ada/maintenance").await.body;
    assert_eq!(m["spent_today_usd"], 0.35, "{m}");

    hub.sweep().await;
    assert_eq!(
        maintenance_tasks(&hub).await.len(),
        1,
        "the health check is due, but the cap is spent"
    );

    set(&hub, "ada", json!({"enabled": true, "daily_cap_usd": 1.0})).await;
    hub.sweep().await;
    let tasks = maintenance_tasks(&hub).await;
    assert_eq!(tasks.len(), 2, "a raised cap lets it through");
    assert!(
        tasks
            .iter()
            .any(|t| t.id != audit.id && t.title == "maintenance: health-check"),
        "{tasks:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_work_preempts_a_maintenance_task() {
    let hub = TestHub::on_manual_clock().await;
    idle_worker(&hub, "ada").await;
    set(&hub, "ada", json!({"enabled": true})).await;
    hub.sweep().await;
    let claims = hub.claim("ada", 0).await;
    assert_eq!(claims.len(), 1);
    let maintenance = claims[0].task.clone();
    assert_eq!(maintenance.status, TaskStatus::Running);

    let real = hub.create(json!({"prompt": "ship the release"})).await;
    assert_eq!(
        hub.task(&real.id).await.status,
        TaskStatus::Queued,
        "ada's one slot is taken"
    );
    hub.sweep().await;
    let m = hub.task(&maintenance.id).await;
    assert_eq!(m.status, TaskStatus::Cancelled);
    assert_eq!(m.error.as_deref(), Some("preempted by real work"));
    let real = hub.task(&real.id).await;
    assert_eq!(real.status, TaskStatus::Assigned);
    assert_eq!(real.assigned_to.as_deref(), Some("ada"));

    hub.sweep().await;
    assert_eq!(
        maintenance_tasks(&hub).await.len(),
        1,
        "no new maintenance while real work holds the slot"
    );
}

//! Who gets what: claims never exceed the slots a worker says are free,
//! untyped work goes only to agents taking general work, a task for an
//! agent that cannot work falls through after `assign_wait` unless pinned,
//! and an agent with no slots only dispatches.

use std::time::Duration;

use m3shd_api::TaskStatus;
use reqwest::StatusCode;
use serde_json::json;

use crate::harness::{TestHub, trip_circuit};

fn long_lease(c: m3shd_hubd::HubConfig) -> m3shd_hubd::HubConfig {
    c.with_lease_timeout(Duration::from_secs(30))
}

/// Tasks wait 300 ms for an unavailable agent they name.
fn short_assign_wait(c: m3shd_hubd::HubConfig) -> m3shd_hubd::HubConfig {
    let mut c = long_lease(c);
    c.assign_wait = Duration::from_millis(300);
    c
}

/// Past the wait on the hub's clock, and swept.
async fn the_wait_passes(hub: &TestHub) {
    hub.advance(Duration::from_millis(400));
    hub.sweep().await;
}

/// The reason given when `task` left the queue.
async fn assigned_because(hub: &TestHub, task: &str) -> String {
    hub.events_of("task_updated")
        .await
        .into_iter()
        .find(|e| e["data"]["task"]["id"] == task && e["data"]["from"] == "queued")
        .and_then(|e| e["data"]["reason"].as_str().map(str::to_string))
        .expect("an assignment with a reason")
}

async fn claim_n(hub: &TestHub, agent: &str, free_slots: u32) -> Vec<m3shd_api::Claimed> {
    let r = hub
        .post(
            &format!("/api/agents/{agent}/claim"),
            json!({"wait_ms": 0, "free_slots": free_slots}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "claim: {:?}", r.body);
    serde_json::from_value(r.body["claims"].clone()).expect("claims")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claim_gets_no_more_than_the_free_slots_it_names() {
    let mut hub = TestHub::start_with(long_lease).await;
    hub.register("w", &["general"], 3).await;
    for i in 0..3 {
        hub.create(json!({"prompt": format!("job {i}")})).await;
    }
    // The hub assigned all three (it counts three free slots), but the
    // worker says it can start one: it gets one, the others wait for it.
    let first = claim_n(&hub, "w", 1).await;
    assert_eq!(first.len(), 1);
    let waiting = hub.get("/api/tasks?status=assigned").await;
    let waiting = waiting.body["tasks"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(waiting.len(), 2);
    assert!(waiting.iter().all(|t| t["assigned_to"] == "w"));
    let rest = claim_n(&hub, "w", 2).await;
    assert_eq!(rest.len(), 2);
    assert_eq!(hub.get("/api/agents/w").await.body["active_tasks"], 3);

    let r = hub
        .post(
            "/api/agents/w/claim",
            json!({"wait_ms": 0, "free_slots": 0}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.code(), "validation", "{:?}", r.body);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn untyped_work_goes_only_to_agents_taking_general_work() {
    let mut hub = TestHub::start_with(long_lease).await;
    hub.register("shelly", &["upper"], 4).await;
    let untyped = hub.create(json!({"prompt": "hello"})).await;
    let named = hub
        .create(json!({"prompt": "shout", "assign_to": "shelly"}))
        .await;
    let got: Vec<String> = hub
        .claim("shelly", 0)
        .await
        .into_iter()
        .map(|c| c.task.id)
        .collect();
    assert_eq!(got, vec![named.id], "only the task that names it");
    assert_eq!(hub.task(&untyped.id).await.status, TaskStatus::Queued);

    hub.register("plain", &["general"], 1).await;
    let got = hub.claim("plain", 0).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].task.id, untyped.id);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_for_an_offline_agent_falls_through_after_the_wait_unless_pinned() {
    let mut hub = TestHub::on_manual_clock_with(short_assign_wait).await;
    hub.register("rex", &["research"], 1).await;
    hub.register("other", &["research"], 2).await;
    let r = hub.post("/api/agents/rex/deregister", json!({})).await;
    assert_eq!(r.status, StatusCode::OK);

    let loose = hub
        .create(json!({"prompt": "dig", "required_capability": "research", "assign_to": "rex"}))
        .await;
    let pinned = hub
        .create(
            json!({"prompt": "only rex", "required_capability": "research",
                       "assign_to": "rex", "assign_strict": true}),
        )
        .await;
    assert!(pinned.assign_strict);
    assert!(
        hub.claim("other", 0).await.is_empty(),
        "within the wait the task waits for rex"
    );

    the_wait_passes(&hub).await;
    let c = hub.claim("other", 0).await.pop().expect("the fall-through");
    assert_eq!(c.task.id, loose.id);
    let why = assigned_because(&hub, &loose.id).await;
    assert!(
        why.contains("rex is offline") && why.contains("other took"),
        "{why}"
    );
    assert_eq!(hub.task(&pinned.id).await.status, TaskStatus::Queued);

    // Pinned stays for rex, and rex gets it when it is back.
    hub.register("rex", &["research"], 1).await;
    let got = hub.claim("rex", 0).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].task.id, pinned.id);

    let r = hub
        .post("/api/tasks", json!({"prompt": "x", "assign_strict": true}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_for_an_agent_with_an_open_circuit_falls_through() {
    let mut hub = TestHub::on_manual_clock_with(short_assign_wait).await;
    hub.register("rex", &["general"], 1).await;
    trip_circuit(&hub, "rex").await;
    assert_eq!(hub.get("/api/agents/rex").await.body["circuit"], "open");
    hub.register("spare", &["general"], 1).await;
    let t = hub
        .create(json!({"prompt": "for rex", "assign_to": "rex"}))
        .await;
    the_wait_passes(&hub).await;
    let c = hub.claim("spare", 0).await.pop().expect("the fall-through");
    assert_eq!(c.task.id, t.id);
    let why = assigned_because(&hub, &t.id).await;
    assert!(why.contains("rex has its circuit open"), "{why}");
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_with_no_slots_registers_and_never_gets_work() {
    let mut hub = TestHub::start_with(long_lease).await;
    let phone = hub.register("phone", &["general"], 0).await;
    assert_eq!(phone.body["agent"]["max_concurrent"], 0);
    assert_eq!(
        phone.body["agent"]["status"], "online",
        "not busy: it has no slots"
    );
    let t = hub.create(json!({"prompt": "anyone"})).await;
    let named = hub
        .create(json!({"prompt": "you?", "assign_to": "phone"}))
        .await;
    assert!(hub.claim("phone", 0).await.is_empty());
    assert_eq!(hub.task(&t.id).await.status, TaskStatus::Queued);
    assert_eq!(hub.task(&named.id).await.status, TaskStatus::Queued);
    hub.register("worker", &["general"], 2).await;
    let got = hub.claim("worker", 0).await;
    assert_eq!(got.len(), 1, "the untyped task; the one for phone waits");
    assert_eq!(got[0].task.id, t.id);
    hub.stop().await;
}

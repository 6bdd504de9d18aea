use std::time::Duration;

use m3shd_api::TaskStatus;
use reqwest::StatusCode;
use serde_json::json;

use crate::harness::{TestHub, trip_circuit};

fn long_lease(c: m3shd_hubd::HubConfig) -> m3shd_hubd::HubConfig {
    c.with_lease_timeout(Duration::from_secs(30))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_go_only_to_capable_or_named_agents() {
    let mut hub = TestHub::start_with(long_lease).await;
    hub.register("coder", &["code"], 4).await;
    hub.register("reader", &["research"], 4).await;

    let research = hub
        .create(json!({"prompt": "find", "required_capability": "research"}))
        .await;
    let art = hub
        .create(json!({"prompt": "draw", "required_capability": "art"}))
        .await;
    let named = hub
        .create(json!({"prompt": "you", "assign_to": "coder"}))
        .await;
    let absent = hub
        .create(json!({"prompt": "who", "assign_to": "ghost"}))
        .await;

    let coder: Vec<String> = hub
        .claim("coder", 0)
        .await
        .into_iter()
        .map(|c| c.task.id)
        .collect();
    let reader: Vec<String> = hub
        .claim("reader", 0)
        .await
        .into_iter()
        .map(|c| c.task.id)
        .collect();
    assert_eq!(coder, vec![named.id.clone()]);
    assert_eq!(reader, vec![research.id.clone()]);
    assert_eq!(hub.task(&art.id).await.status, TaskStatus::Queued);
    assert_eq!(hub.task(&absent.id).await.status, TaskStatus::Queued);

    // The named agent arrives: its task is dispatched to it.
    hub.register("ghost", &["general"], 1).await;
    let ghost = hub.claim("ghost", 0).await;
    assert_eq!(ghost.len(), 1);
    assert_eq!(ghost[0].task.id, absent.id);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_agent_holds_more_than_its_slots() {
    let mut hub = TestHub::start_with(long_lease).await;
    hub.register("two", &["general"], 2).await;
    for i in 0..5 {
        hub.create(json!({"prompt": format!("job {i}")})).await;
    }
    let first = hub.claim("two", 0).await;
    assert_eq!(first.len(), 2);
    assert!(hub.claim("two", 0).await.is_empty());
    let agent = hub.get("/api/agents/two").await;
    assert_eq!(agent.body["active_tasks"], 2);
    assert_eq!(agent.body["status"], "busy");
    let queued = hub.get("/api/tasks?status=queued").await;
    assert_eq!(queued.body["tasks"].as_array().map(Vec::len), Some(3));

    let c = &first[0];
    let r = hub
        .lease_call(
            "two",
            &c.task.id,
            "complete",
            json!({"fence": c.lease.fence, "output": "ok"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let next = hub.claim("two", 0).await;
    assert_eq!(next.len(), 1, "one slot freed, one task");
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn higher_priority_first() {
    let mut hub = TestHub::start_with(long_lease).await;
    let low = hub.create(json!({"prompt": "low", "priority": 1})).await;
    let high = hub.create(json!({"prompt": "high", "priority": 9})).await;
    let mid = hub.create(json!({"prompt": "mid"})).await;
    hub.register("solo", &["general"], 1).await;
    let mut order = Vec::new();
    for _ in 0..3 {
        let c = hub.claim("solo", 0).await.pop().expect("claim");
        order.push(c.task.id.clone());
        hub.lease_call(
            "solo",
            &c.task.id,
            "complete",
            json!({"fence": c.lease.fence, "output": ""}),
        )
        .await;
    }
    assert_eq!(order, vec![high.id, mid.id, low.id]);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_circuit_opens_after_three_failures_and_half_opens_later() {
    let mut hub = TestHub::on_manual_clock_with(|c| {
        let mut c = c.with_lease_timeout(Duration::from_secs(30));
        c.circuit_cooldown = Duration::from_millis(400);
        c
    })
    .await;
    hub.register("broken", &["general"], 1).await;
    trip_circuit(&hub, "broken").await;
    let agent = hub.get("/api/agents/broken").await;
    assert_eq!(agent.body["circuit"], "open");
    assert_eq!(agent.body["consecutive_failures"], 3);
    let esc = hub.events_of("escalation_raised").await;
    assert!(
        esc.iter().any(|e| e["data"]["agent_id"] == "broken"),
        "{esc:?}"
    );
    let upd = hub.events_of("agent_updated").await;
    assert!(upd.iter().any(|e| e["data"]["agent"]["circuit"] == "open"));

    // While open, nothing is dispatched to it.
    let waiting = hub.create(json!({"prompt": "after the trip"})).await;
    let t = hub.task(&waiting.id).await;
    assert_eq!(t.status, TaskStatus::Queued);

    // Not before the cool-down.
    hub.advance(Duration::from_millis(300));
    hub.sweep().await;
    assert!(hub.claim("broken", 0).await.is_empty(), "still open");
    // After it, half-open: it gets exactly that one task.
    hub.advance(Duration::from_millis(200));
    hub.sweep().await;
    let c = hub
        .claim("broken", 0)
        .await
        .pop()
        .expect("a half-open trial");
    assert_eq!(c.task.id, waiting.id);
    let r = hub
        .lease_call(
            "broken",
            &c.task.id,
            "complete",
            json!({"fence": c.lease.fence, "output": "fixed"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let agent = hub.get("/api/agents/broken").await;
    assert_eq!(agent.body["circuit"], "closed");
    assert_eq!(agent.body["consecutive_failures"], 0);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deregistering_requeues_held_work() {
    let mut hub = TestHub::start_with(long_lease).await;
    hub.register("leaver", &["general"], 1).await;
    let task = hub.create(json!({"prompt": "left behind"})).await;
    assert_eq!(hub.claim("leaver", 0).await.len(), 1);
    let r = hub.post("/api/agents/leaver/deregister", json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["status"], "offline");
    let t = hub.task(&task.id).await;
    assert_eq!(t.status, TaskStatus::Queued);
    assert_eq!(t.attempts, 0);
    assert_eq!(t.assigned_to, None);
    hub.stop().await;
}

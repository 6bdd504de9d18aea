//! Who gets what: claims never exceed the slots a worker says are free.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;

use crate::harness::TestHub;

fn long_lease(c: m3shd_hubd::HubConfig) -> m3shd_hubd::HubConfig {
    c.with_lease_timeout(Duration::from_secs(30))
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

use std::time::{Duration, Instant};

use m3shd_api::TaskStatus;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::TestHub;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_claim_stream_complete() {
    let mut hub = TestHub::start().await;
    hub.register("worker-1", &["echo"], 2).await;
    let task = hub
        .create(json!({"prompt": "say hello\nplease", "required_capability": "echo"}))
        .await;
    assert_eq!(task.title, "say hello");
    assert_eq!(task.priority, 5);
    assert_eq!(task.max_attempts, 3);

    let claims = hub.claim("worker-1", 0).await;
    assert_eq!(claims.len(), 1);
    let c = &claims[0];
    assert_eq!(c.task.id, task.id);
    assert_eq!(c.task.status, TaskStatus::Running);
    assert_eq!(c.task.attempts, 1);
    assert_eq!(c.lease.task_id, task.id);
    let fence = c.lease.fence;

    for chunk in ["hel", "lo"] {
        let r = hub
            .lease_call(
                "worker-1",
                &task.id,
                "stream",
                json!({"fence": fence, "chunk": chunk}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    }
    let running = hub.task(&task.id).await;
    assert_eq!(running.status, TaskStatus::Running);
    assert_eq!(running.output.as_deref(), Some("hello"));

    let r = hub
        .lease_call(
            "worker-1",
            &task.id,
            "complete",
            json!({"fence": fence, "output": "hello!", "confidence": 0.75}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let done = hub.task(&task.id).await;
    assert_eq!(done.status, TaskStatus::Done);
    assert_eq!(done.output.as_deref(), Some("hello!"));
    assert_eq!(done.confidence, Some(0.75));
    assert!(done.finished_at.is_some());
    assert_eq!(done.assigned_to.as_deref(), Some("worker-1"));

    let outputs = hub.events_of("task_output").await;
    let seqs: Vec<i64> = outputs
        .iter()
        .map(|e| e["data"]["seq"].as_i64().unwrap_or(-1))
        .collect();
    assert_eq!(seqs, vec![1, 2]);
    assert_eq!(hub.events_of("task_completed").await.len(), 1);

    // The agent's reputation counts the success, under its capability.
    let agent = hub.get("/api/agents/worker-1").await;
    assert_eq!(agent.body["reputation"][0]["capability"], "echo");
    assert_eq!(agent.body["reputation"][0]["successes"], 1);
    assert_eq!(agent.body["active_tasks"], 0);
    hub.stop().await;
}

/// A claim of `agent` waiting up to 20 s, in the background.
fn spawn_claim(hub: &TestHub, agent: &str) -> tokio::task::JoinHandle<Value> {
    let http = hub.http.clone();
    let url = hub.url(&format!("/api/agents/{agent}/claim"));
    tokio::spawn(async move {
        http.post(url)
            .bearer_auth(crate::harness::TOKEN)
            .json(&json!({"wait_ms": 20_000}))
            .send()
            .await
            .expect("send")
            .json::<Value>()
            .await
            .expect("json")
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_poll_claim_receives_a_task_submitted_while_waiting() {
    let mut hub = TestHub::start_with(|c| c.with_lease_timeout(Duration::from_secs(30))).await;
    hub.register("waiter", &["general"], 1).await;
    let started = Instant::now();
    let pending = spawn_claim(&hub, "waiter");
    let task = hub.create(json!({"prompt": "wake up"})).await;
    let body = pending.await.expect("join");
    let elapsed = started.elapsed();
    assert_eq!(body["claims"][0]["task"]["id"], task.id.as_str());
    assert!(elapsed < Duration::from_secs(10), "claim took {elapsed:?}");
    hub.stop().await;
}

/// Work for a claim that waits is handed over by the write that assigns it,
/// once: nothing goes back to the queue on the way. (With replicas, a
/// hub's own assignment woke the claim it had just served, which then
/// turned the work away, about 1.5 times per task.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn work_for_a_waiting_claim_is_handed_over_once() {
    let mut hub = TestHub::start_with(|c| c.with_lease_timeout(Duration::from_secs(30))).await;
    hub.register("waiter", &["general"], 20).await;
    for n in 0..20 {
        let pending = spawn_claim(&hub, "waiter");
        let task = hub.create(json!({"prompt": format!("task {n}")})).await;
        let body = pending.await.expect("join");
        assert_eq!(body["claims"][0]["task"]["id"], task.id.as_str());
    }
    let requeued: Vec<Value> = hub
        .events_of("task_updated")
        .await
        .into_iter()
        .filter(|e| e["data"]["task"]["status"] == "queued")
        .collect();
    assert!(requeued.is_empty(), "work went back: {requeued:?}");
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_claim_waits_then_returns_empty() {
    let mut hub = TestHub::start().await;
    hub.register("idle", &["general"], 1).await;
    let t0 = Instant::now();
    let claims = hub.claim("idle", 300).await;
    assert!(claims.is_empty());
    assert!(t0.elapsed() >= Duration::from_millis(290));
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dependencies_block_until_parents_are_done() {
    let mut hub = TestHub::start().await;
    let parent = hub.create(json!({"prompt": "parent"})).await;
    let child = hub
        .create(json!({"prompt": "child", "depends_on": [parent.id]}))
        .await;
    assert_eq!(child.status, TaskStatus::Blocked);
    assert_eq!(child.depends_on, vec![parent.id.clone()]);
    let r = hub
        .post(
            "/api/tasks",
            json!({"prompt": "orphan", "depends_on": ["nope"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    hub.register("w", &["general"], 1).await;
    let claims = hub.claim("w", 0).await;
    assert_eq!(claims.len(), 1, "only the parent is runnable");
    assert_eq!(claims[0].task.id, parent.id);
    let r = hub
        .lease_call(
            "w",
            &parent.id,
            "complete",
            json!({"fence": claims[0].lease.fence, "output": "p"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let claims = hub.claim("w", 0).await;
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].task.id, child.id);

    // A cancelled parent cancels its blocked children.
    let p2 = hub
        .create(json!({"prompt": "p2", "assign_to": "nobody"}))
        .await;
    let c2 = hub
        .create(json!({"prompt": "c2", "depends_on": [p2.id]}))
        .await;
    let r = hub
        .post(&format!("/api/tasks/{}/cancel", p2.id), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(hub.task(&c2.id).await.status, TaskStatus::Cancelled);
    hub.stop().await;
}

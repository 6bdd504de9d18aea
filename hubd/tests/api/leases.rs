use std::time::Duration;

use m3shd_api::TaskStatus;
use reqwest::StatusCode;
use serde_json::json;

use crate::harness::TestHub;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_fence_gets_409_and_changes_nothing() {
    let mut hub = TestHub::start_with(|c| c.with_lease_timeout(Duration::from_secs(30))).await;
    hub.register("a", &["general"], 1).await;
    hub.register("b", &["general"], 1).await;
    let task = hub.create(json!({"prompt": "x", "assign_to": "a"})).await;
    let claims = hub.claim("a", 0).await;
    let fence = claims[0].lease.fence.0;
    let before = hub.task(&task.id).await;

    for (agent, f, verb, body) in [
        ("a", fence + 1, "complete", json!({"output": "zombie"})),
        ("b", fence, "complete", json!({"output": "thief"})),
        ("a", fence - 1, "stream", json!({"chunk": "zombie"})),
        ("a", fence + 7, "fail", json!({"error": "e"})),
        ("b", fence, "release", json!({})),
    ] {
        let mut body = body;
        body["fence"] = json!(f);
        let r = hub.lease_call(agent, &task.id, verb, body).await;
        assert_eq!(
            r.status,
            StatusCode::CONFLICT,
            "{agent} {verb}: {:?}",
            r.body
        );
        assert_eq!(r.code(), "stale_lease");
    }
    // Without the agent header there is no holder to check.
    let r = hub
        .post(
            &format!("/api/tasks/{}/complete", task.id),
            json!({"fence": fence, "output": "o"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(hub.task(&task.id).await, before);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_lease_requeues_and_the_old_holder_is_fenced_off() {
    let mut hub = TestHub::on_manual_clock().await;
    hub.register("dies", &["general"], 1).await;
    let task = hub.create(json!({"prompt": "survive me"})).await;
    let first = hub.claim("dies", 0).await;
    assert_eq!(first.len(), 1);
    let old_fence = first[0].lease.fence;

    // A healthy agent joins and keeps heartbeating; "dies" never does.
    hub.register("lives", &["general"], 1).await;
    live_through(&hub, "lives", &[], Duration::from_secs(2)).await;
    let claimed = hub
        .claim("lives", 0)
        .await
        .pop()
        .expect("the task came back to the live agent");
    assert_eq!(claimed.task.id, task.id);
    assert_eq!(claimed.task.attempts, 2);
    assert!(claimed.lease.fence > old_fence);
    let updated = hub.events_of("task_updated").await;
    assert!(
        updated
            .iter()
            .any(|e| e["data"]["reason"] == "lease expired")
    );

    let r = hub
        .lease_call(
            "dies",
            &task.id,
            "complete",
            json!({"fence": old_fence, "output": "late"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = hub
        .lease_call(
            "lives",
            &task.id,
            "complete",
            json!({"fence": claimed.lease.fence, "output": "on time"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let done = hub.task(&task.id).await;
    assert_eq!(done.output.as_deref(), Some("on time"));

    // The silent agent was marked offline.
    let offline = hub.events_of("agent_offline").await;
    assert!(offline.iter().any(|e| e["data"]["agent"]["id"] == "dies"));
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exhausted_attempts_fail_the_task_and_escalate() {
    let mut hub = TestHub::on_manual_clock().await;
    hub.register("flaky", &["general"], 1).await;
    let task = hub
        .create(json!({"prompt": "one shot", "max_attempts": 1}))
        .await;
    assert_eq!(hub.claim("flaky", 0).await.len(), 1);
    hub.advance(Duration::from_secs(2));
    hub.sweep().await;
    let failed = hub.task(&task.id).await;
    assert_eq!(failed.status, TaskStatus::Failed);
    assert_eq!(
        failed.error.as_deref(),
        Some("lease expired after 1 attempts")
    );
    let esc = hub.events_of("escalation_raised").await;
    assert!(
        esc.iter().any(|e| e["data"]["task_id"] == task.id.as_str()),
        "{esc:?}"
    );
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heartbeats_keep_the_lease_and_report_aborts() {
    let mut hub = TestHub::on_manual_clock().await;
    hub.register("steady", &["general"], 2).await;
    let task = hub.create(json!({"prompt": "long job"})).await;
    let claim = hub.claim("steady", 0).await.pop().expect("claimed");
    // Several lease timeouts pass while heartbeating.
    for _ in 0..6 {
        hub.advance(Duration::from_millis(400));
        let r = hub.heartbeat("steady", &[task.id.as_str()]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body["extended"][0], task.id.as_str());
        assert_eq!(r.body["abort"], json!([]));
        hub.sweep().await;
    }
    let t = hub.task(&task.id).await;
    assert_eq!(t.status, TaskStatus::Running);
    assert_eq!(t.attempts, 1);

    let r = hub
        .post(&format!("/api/tasks/{}/cancel", task.id), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = hub
        .heartbeat("steady", &[task.id.as_str(), "0000000000000000"])
        .await;
    assert_eq!(r.body["abort"], json!([task.id, "0000000000000000"]));
    let r = hub
        .lease_call(
            "steady",
            &task.id,
            "complete",
            json!({"fence": claim.lease.fence, "output": "too late"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.code(), "invalid_transition");
    let r = hub
        .post(&format!("/api/tasks/{}/cancel", task.id), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.code(), "invalid_transition");

    let r = hub.heartbeat("ghost", &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn release_and_retryable_failure_requeue() {
    let mut hub = TestHub::start_with(|c| c.with_lease_timeout(Duration::from_secs(30))).await;
    hub.register("w", &["general"], 1).await;
    let task = hub.create(json!({"prompt": "hand me back"})).await;
    let c = hub.claim("w", 0).await.pop().expect("claim");
    let r = hub
        .lease_call("w", &task.id, "release", json!({"fence": c.lease.fence}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["status"], "queued");
    assert_eq!(r.body["attempts"], 0);

    // Released work is dispatched again (to the same agent, the only one).
    let c = hub.claim("w", 0).await.pop().expect("claim again");
    assert_eq!(c.task.attempts, 1);
    let r = hub
        .lease_call(
            "w",
            &task.id,
            "fail",
            json!({"fence": c.lease.fence, "error": "transient", "retryable": true}),
        )
        .await;
    assert_eq!(r.body["status"], "queued");
    assert_eq!(r.body["error"], "transient");
    let c = hub.claim("w", 0).await.pop().expect("retry");
    assert_eq!(c.task.attempts, 2);
    let r = hub
        .lease_call(
            "w",
            &task.id,
            "fail",
            json!({"fence": c.lease.fence, "error": "fatal", "retryable": false}),
        )
        .await;
    assert_eq!(r.body["status"], "failed");
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_task_the_worker_does_not_report_expires_despite_heartbeats() {
    // The claim reply was lost: the hub has the task running on the agent,
    // the worker never heard of it. Its heartbeats must not keep it alive.
    let mut hub = TestHub::on_manual_clock().await;
    hub.register("forgetful", &["general"], 1).await;
    let task = hub.create(json!({"prompt": "lost in transit"})).await;
    hub.claim("forgetful", 0).await.pop().expect("claimed");
    live_through(&hub, "forgetful", &[], Duration::from_secs(2)).await;
    let requeued = hub.task(&task.id).await;
    assert_eq!(requeued.attempts, 2, "expired, and handed out again");
    // Back in the queue and handed out again (the agent is the only one).
    assert_ne!(requeued.status, TaskStatus::Running);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_restart_keeps_the_leases_of_agents_that_check_in_within_the_grace() {
    let lease = Duration::from_secs(1);
    let mut hub = TestHub::on_manual_clock().await;
    hub.register("back", &["general"], 1).await;
    hub.register("gone", &["general"], 1).await;
    let kept = hub
        .create(json!({"prompt": "finished while the hub was down", "assign_to": "back"}))
        .await;
    let orphan = hub
        .create(json!({"prompt": "held by a worker that died", "assign_to": "gone"}))
        .await;
    let claim = hub.claim("back", 0).await.pop().expect("back claims");
    assert_eq!(hub.claim("gone", 0).await.len(), 1);

    // The hub stays down well past the lease and the offline threshold.
    hub.stop().await;
    hub.advance(lease + Duration::from_secs(3));
    hub.restart_with(move |c| c.with_lease_timeout(lease)).await;

    // "back" checks in, naming the task it finished meanwhile, and keeps
    // heartbeating; "gone" never does. The grace is over once the hub
    // judges "gone".
    let r = hub.heartbeat("back", &[&kept.id]).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["extended"], json!([kept.id]), "{:?}", r.body);
    assert_eq!(r.body["abort"], json!([]));
    // New work waits for a worker that has checked in: "back" is full and
    // "gone" has not claimed since the hub started.
    let fresh = hub
        .create(json!({"prompt": "submitted after the restart"}))
        .await;
    assert_eq!(fresh.status, TaskStatus::Queued, "{fresh:?}");
    // The grace passes while "back" keeps heartbeating.
    live_through(&hub, "back", &[&kept.id], Duration::from_secs(2)).await;
    let gone = hub.get("/api/agents/gone").await;
    assert_eq!(gone.body["status"], "offline", "the silent agent is judged");

    let r = hub
        .lease_call(
            "back",
            &kept.id,
            "complete",
            json!({"fence": claim.lease.fence, "output": "from the outbox"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let done = hub.task(&kept.id).await;
    assert_eq!(done.status, TaskStatus::Done);
    assert_eq!(done.attempts, 1, "not run a second time");

    assert_eq!(
        hub.task(&fresh.id).await.assigned_to.as_deref(),
        Some("back"),
        "the new task went to the worker that checked in, once it had room"
    );
    let back = hub.task(&orphan.id).await;
    assert_eq!(
        back.status,
        TaskStatus::Queued,
        "the dead worker's lease lapsed"
    );
    let offline: Vec<String> = hub
        .events_of("agent_offline")
        .await
        .iter()
        .map(|e| e["data"]["agent"]["id"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(offline, ["gone"], "only the agent that stayed silent");
    hub.stop().await;
}

/// Let `span` pass on the hub's clock in steps well inside a heartbeat
/// interval, `agent` heartbeating (naming `running`) and the sweeps
/// running after each: `agent` stays live, the silent ones do not.
async fn live_through(hub: &TestHub, agent: &str, running: &[&str], span: Duration) {
    let step = Duration::from_millis(250);
    let mut passed = Duration::ZERO;
    while passed < span {
        hub.advance(step);
        passed += step;
        let r = hub.heartbeat(agent, running).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        hub.sweep().await;
    }
}

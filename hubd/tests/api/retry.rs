//! `POST /api/tasks/{id}/retry`: a failed or cancelled task runs again from
//! scratch; anything else is refused with a stable code.

use m3shd_api::{Task, TaskStatus};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::TestHub;

async fn retry(hub: &TestHub, id: &str) -> crate::harness::Reply {
    hub.post(&format!("/api/tasks/{id}/retry"), json!({})).await
}

async fn retried(hub: &TestHub, id: &str) -> Task {
    let r = retry(hub, id).await;
    assert_eq!(r.status, StatusCode::OK, "retry {id}: {:?}", r.body);
    serde_json::from_value(r.body).expect("task")
}

/// Claim the task as `agent` and fail it for good.
async fn fail(hub: &TestHub, agent: &str, id: &str) {
    let claims = hub.claim(agent, 0).await;
    let c = claims.iter().find(|c| c.task.id == id).expect("claimed");
    let r = hub
        .lease_call(
            agent,
            id,
            "fail",
            json!({"fence": c.lease.fence, "error": "boom", "output": "half"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(hub.task(id).await.status, TaskStatus::Failed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_task_runs_again_with_its_attempts_given_back() {
    let mut hub = TestHub::start().await;
    hub.register("w", &["general"], 1).await;
    let t = hub
        .create(json!({"prompt": "flaky", "max_attempts": 1}))
        .await;
    fail(&hub, "w", &t.id).await;

    let again = retried(&hub, &t.id).await;
    assert_eq!(again.status, TaskStatus::Queued);
    assert_eq!(again.attempts, 0);
    assert_eq!(again.error, None);
    assert_eq!(again.output, None);
    assert_eq!(again.assigned_to, None);
    assert_eq!(again.finished_at, None);

    // One event says what happened and why.
    let events = hub.events_of("task_updated").await;
    let retries: Vec<_> = events
        .iter()
        .filter(|e| e["data"]["reason"] == "retried")
        .collect();
    assert_eq!(retries.len(), 1, "{events:?}");
    assert_eq!(retries[0]["data"]["from"], "failed");
    assert_eq!(retries[0]["data"]["task"]["status"], "queued");
    assert_eq!(retries[0]["data"]["task"]["attempts"], 0);

    // It is dispatched like new: attempt 1 of 1 again, and it can finish.
    let claims = hub.claim("w", 0).await;
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].task.attempts, 1);
    let r = hub
        .lease_call(
            "w",
            &t.id,
            "complete",
            json!({"fence": claims[0].lease.fence, "output": "fine now"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(hub.task(&t.id).await.status, TaskStatus::Done);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_failed_or_cancelled_tasks_can_be_retried() {
    let mut hub = TestHub::start().await;
    hub.register("w", &["general"], 1).await;
    let t = hub.create(json!({"prompt": "one"})).await;
    let r = retry(&hub, &t.id).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    assert_eq!(r.code(), "invalid_transition");
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("only a failed or cancelled task"),
        "{:?}",
        r.body
    );

    let claims = hub.claim("w", 0).await;
    let r = retry(&hub, &t.id).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::CONFLICT, "invalid_transition")
    );
    hub.lease_call(
        "w",
        &t.id,
        "complete",
        json!({"fence": claims[0].lease.fence, "output": "ok"}),
    )
    .await;
    let r = retry(&hub, &t.id).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::CONFLICT, "invalid_transition")
    );
    assert_eq!(hub.task(&t.id).await.output.as_deref(), Some("ok"));

    // A cancelled one comes back.
    let c = hub.create(json!({"prompt": "two"})).await;
    let r = hub
        .post(&format!("/api/tasks/{}/cancel", c.id), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(retried(&hub, &c.id).await.status, TaskStatus::Queued);

    for bad in ["ffffffffffffffff", "Not-An-Id"] {
        let r = retry(&hub, bad).await;
        assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, "not_found"));
    }
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retried_child_waits_for_its_parents_and_gets_their_output_once() {
    let mut hub = TestHub::start().await;
    hub.register("w", &["general"], 1).await;
    let parent = hub
        .create(json!({"prompt": "gather", "title": "gather", "max_attempts": 1}))
        .await;
    let child = hub
        .create(json!({"prompt": "write", "depends_on": [parent.id]}))
        .await;
    fail(&hub, "w", &parent.id).await;
    assert_eq!(hub.task(&child.id).await.status, TaskStatus::Cancelled);

    // The parent failed: the child cannot run until the parent is retried.
    let r = retry(&hub, &child.id).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::CONFLICT, "invalid_transition")
    );
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains(&parent.id),
        "{:?}",
        r.body
    );
    retried(&hub, &parent.id).await;
    assert_eq!(retried(&hub, &child.id).await.status, TaskStatus::Blocked);

    let claims = hub.claim("w", 0).await;
    assert_eq!(claims[0].task.id, parent.id);
    hub.lease_call(
        "w",
        &parent.id,
        "complete",
        json!({"fence": claims[0].lease.fence, "output": "the facts"}),
    )
    .await;
    // Unblocked (and at once handed to the free worker).
    let ready = hub.task(&child.id).await;
    assert!(
        matches!(ready.status, TaskStatus::Queued | TaskStatus::Assigned),
        "{}",
        ready.status
    );
    assert_eq!(ready.prompt.matches("the facts").count(), 1);

    // Cancelled after its parents' output was added, retried: added once.
    hub.post(&format!("/api/tasks/{}/cancel", child.id), json!({}))
        .await;
    let again = retried(&hub, &child.id).await;
    assert_eq!(again.status, TaskStatus::Queued);
    assert_eq!(again.prompt, ready.prompt);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retrying_a_rejected_task_asks_for_approval_again() {
    let mut hub = TestHub::start().await;
    hub.register("w", &["general"], 1).await;
    let t = hub
        .create(json!({"prompt": "risky", "requires_approval": true}))
        .await;
    let decide = |decision: &'static str| {
        hub.call(
            Method::PUT,
            "/api/approvals/latest",
            Some(json!({"decision": decision})),
        )
    };
    assert_eq!(decide("reject").await.status, StatusCode::OK);
    assert_eq!(hub.task(&t.id).await.status, TaskStatus::Cancelled);

    // The retry does not run what was refused: it waits for a new decision.
    assert_eq!(retried(&hub, &t.id).await.status, TaskStatus::Blocked);
    assert!(hub.claim("w", 0).await.is_empty());
    let r = hub.get("/api/approvals?status=pending").await;
    assert_eq!(r.body["approvals"][0]["task_id"], t.id.as_str());
    assert_eq!(decide("approve").await.status, StatusCode::OK);
    let claims = hub.claim("w", 0).await;
    assert_eq!(claims[0].task.id, t.id);
    hub.stop().await;
}

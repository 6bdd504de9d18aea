//! Task graphs: dependencies, cycles, pipelines, cancellation, handoff.

use m3shd_api::{Pipeline, PipelineStatus, Task, TaskStatus};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::TestHub;

/// Claim whatever `agent` was given and complete each with `OUT-<title>`.
async fn work_all(hub: &TestHub, agent: &str) -> Vec<Task> {
    let claims = hub.claim(agent, 0).await;
    let mut done = Vec::new();
    for c in claims {
        let r = hub
            .lease_call(
                agent,
                &c.task.id,
                "complete",
                json!({"fence": c.lease.fence, "output": format!("OUT-{}", c.task.title)}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        done.push(c.task);
    }
    done
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipeline_injects_parent_outputs_and_fans_in() {
    let mut hub = TestHub::start().await;
    hub.register("w", &["research", "general"], 4).await;
    let r = hub
        .post(
            "/api/pipelines",
            json!({"name": "demo", "steps": [
                {"name": "research", "prompt": "find facts", "capability": "research"},
                {"name": "summarize", "prompt": "summarize them"},
                {"name": "other", "prompt": "independent", "depends_on": []},
                {"name": "report", "prompt": "combine", "depends_on": ["summarize", "other"]}
            ]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["status"], "running");
    let p: Pipeline = serde_json::from_value(r.body).expect("pipeline");
    assert_eq!(p.status, PipelineStatus::Running);
    let names: Vec<&str> = p.tasks.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["research", "summarize", "other", "report"]);
    assert_eq!(p.tasks[0].task.title, "demo / research");
    assert_eq!(p.tasks[3].depends_on, vec!["summarize", "other"]);
    assert_eq!(p.tasks[1].status, TaskStatus::Blocked);
    let id = |n: &str| {
        p.tasks
            .iter()
            .find(|t| t.name == n)
            .expect("step")
            .id
            .clone()
    };
    assert_eq!(hub.events_of("pipeline_created").await.len(), 1);

    // Round 1: research and other run; round 2: summarize; round 3: report.
    for _ in 0..3 {
        work_all(&hub, "w").await;
    }
    let summarize = hub.task(&id("summarize")).await;
    assert!(
        summarize
            .prompt
            .starts_with("summarize them\n\n--- output of \"demo / research\" (task "),
        "{}",
        summarize.prompt
    );
    assert!(
        summarize
            .prompt
            .contains("OUT-demo / research\n--- end of output ---")
    );
    let report = hub.task(&id("report")).await;
    assert_eq!(report.status, TaskStatus::Done, "{report:?}");
    let a = report
        .prompt
        .find("OUT-demo / summarize")
        .expect("summarize output");
    let b = report
        .prompt
        .find("OUT-demo / other")
        .expect("other output");
    assert!(a < b, "outputs in depends_on order: {}", report.prompt);
    assert!(
        !report.prompt.contains("OUT-demo / research"),
        "direct parents only"
    );

    let r = hub.get(&format!("/api/pipelines/{}", p.id)).await;
    assert_eq!(r.body["status"], "done", "{:?}", r.body);
    let r = hub.get("/api/pipelines").await;
    assert_eq!(r.body["pipelines"].as_array().map(Vec::len), Some(1));
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cycles_are_refused_with_nothing_written() {
    let mut hub = TestHub::start().await;
    let a = hub.create(json!({"prompt": "a"})).await;
    let b = hub
        .create(json!({"prompt": "b", "depends_on": [a.id]}))
        .await;
    let c = hub
        .create(json!({"prompt": "c", "depends_on": [b.id]}))
        .await;
    assert_eq!(b.status, TaskStatus::Blocked);
    let before = hub.task_count().await;

    let r = hub
        .call(
            Method::PUT,
            &format!("/api/tasks/{}/dependencies", a.id),
            Some(json!({"depends_on": [c.id]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    assert_eq!(r.code(), "dependency_cycle");
    let msg = r.body["error"]["message"].as_str().unwrap_or("");
    assert!(
        msg.contains(&format!("{} → {} → {} → {}", a.id, c.id, b.id, a.id)),
        "{msg}"
    );
    assert!(hub.task(&a.id).await.depends_on.is_empty());

    let r = hub
        .call(
            Method::PUT,
            &format!("/api/tasks/{}/dependencies", a.id),
            Some(json!({"depends_on": [a.id]})),
        )
        .await;
    assert_eq!(r.code(), "dependency_cycle", "self-loop: {:?}", r.body);

    let r = hub
        .post(
            "/api/pipelines",
            json!({"name": "loop", "steps": [
                {"name": "x", "prompt": "x", "depends_on": ["y"]},
                {"name": "y", "prompt": "y"}
            ]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("x → y → x")
    );
    let r = hub
        .post(
            "/api/pipelines",
            json!({"name": "bad", "steps": [{"name": "x", "prompt": "x", "depends_on": ["nope"]}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(hub.task_count().await, before, "nothing written");

    // A legal change: c depends on a only.
    let r = hub
        .call(
            Method::PUT,
            &format!("/api/tasks/{}/dependencies", c.id),
            Some(json!({"depends_on": [a.id]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["depends_on"], json!([a.id]));
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_parent_cancels_its_subtree() {
    let mut hub = TestHub::start().await;
    hub.register("w", &["general"], 2).await;
    let a = hub.create(json!({"prompt": "a"})).await;
    let b = hub
        .create(json!({"prompt": "b", "depends_on": [a.id]}))
        .await;
    let c = hub
        .create(json!({"prompt": "c", "depends_on": [b.id]}))
        .await;
    let other = hub.create(json!({"prompt": "unrelated"})).await;
    let claims = hub.claim("w", 0).await;
    let ca = claims
        .iter()
        .find(|c| c.task.id == a.id)
        .expect("a claimed");
    let r = hub
        .lease_call(
            "w",
            &a.id,
            "fail",
            json!({"fence": ca.lease.fence, "error": "boom", "retryable": false}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let tb = hub.task(&b.id).await;
    assert_eq!(tb.status, TaskStatus::Cancelled);
    assert!(tb.error.unwrap_or_default().contains(&a.id));
    let tc = hub.task(&c.id).await;
    assert_eq!(tc.status, TaskStatus::Cancelled);
    assert!(tc.error.unwrap_or_default().contains(&b.id));
    assert_ne!(hub.task(&other.id).await.status, TaskStatus::Cancelled);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handoff_suspends_and_continues() {
    let mut hub = TestHub::start().await;
    hub.register("w", &["code"], 1).await;
    let a = hub
        .create(json!({"prompt": "write it", "required_capability": "code", "priority": 7}))
        .await;
    let child = hub
        .create(json!({"prompt": "after", "depends_on": [a.id]}))
        .await;
    let claims = hub.claim("w", 0).await;
    let fence = claims[0].lease.fence.0;
    let r = hub
        .lease_call(
            "w",
            &a.id,
            "handoff",
            json!({"fence": fence + 1, "partial_output": "x"}),
        )
        .await;
    assert_eq!(r.code(), "stale_lease");
    let big = "x".repeat(32 * 1024 + 1);
    let r = hub
        .lease_call(
            "w",
            &a.id,
            "handoff",
            json!({"fence": fence, "partial_output": big}),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let r = hub
        .lease_call(
            "w",
            &a.id,
            "handoff",
            json!({"fence": fence, "partial_output": "half done"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["suspended"]["status"], "suspended");
    assert_eq!(r.body["suspended"]["output"], "half done");
    let cont: Task = serde_json::from_value(r.body["continuation"].clone()).expect("task");
    assert_eq!(cont.continues.as_deref(), Some(a.id.as_str()));
    assert_eq!(cont.priority, 8);
    assert_eq!(cont.required_capability.as_deref(), Some("code"));
    assert_eq!(
        cont.prompt,
        "CONTINUE FROM PREVIOUS AGENT'S PARTIAL WORK:\nhalf done\n\nORIGINAL TASK:\nwrite it"
    );
    let child = hub.task(&child.id).await;
    assert_eq!(child.status, TaskStatus::Blocked);
    assert_eq!(child.depends_on, vec![cont.id.clone()]);
    assert_eq!(hub.events_of("task_handoff").await.len(), 1);
    // The continuation is dispatched normally.
    let claims = hub.claim("w", 0).await;
    assert_eq!(claims[0].task.id, cont.id);
    hub.stop().await;
}

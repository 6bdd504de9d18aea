//! Templates, approvals, budgets, escalations, deadlines, chat and alerts.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use m3shd_api::{TaskStatus, Urgency};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::{TestHub, wait_for};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn templates_seeded_crud_and_dispatch() {
    let mut hub = TestHub::start().await;
    let r = hub.get("/api/templates").await;
    let names: Vec<&str> = r.body["templates"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["code-review", "qa", "research", "summarize", "write"]
    );
    let r = hub.get("/api/templates/research").await;
    assert_eq!(r.body["variables"], json!(["topic"]));
    assert_eq!(r.body["capability"], "research");

    let r = hub
        .post(
            "/api/templates/research/dispatch",
            json!({"variables": {"topic": "bees", "x": "y"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert!(r.body["prompt"].as_str().unwrap_or("").contains("bees"));
    assert_eq!(r.body["required_capability"], "research");
    let before = hub.task_count().await;
    let r = hub
        .post("/api/templates/research/dispatch", json!({"variables": {}}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["error"]["message"], "missing variable `topic`");
    assert_eq!(hub.task_count().await, before);

    let r = hub
        .post(
            "/api/templates",
            json!({"name": "greet", "prompt_template": "Hello {who} from {where}"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["variables"], json!(["who", "where"]));
    let id = r.body["id"].as_str().expect("id").to_string();
    let r = hub
        .post(
            "/api/templates",
            json!({"name": "greet", "prompt_template": "x"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = hub.get(&format!("/api/templates/{id}")).await;
    assert_eq!(r.body["name"], "greet");
    let r = hub.call(Method::DELETE, "/api/templates/greet", None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        hub.get(&format!("/api/templates/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_template_model_reaches_its_tasks_unless_the_dispatch_names_another() {
    let mut hub = TestHub::start().await;
    let r = hub
        .post(
            "/api/templates",
            json!({"name": "deep", "prompt_template": "Audit {what}", "model": "claude-opus-4-1"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["model"], "claude-opus-4-1");
    assert_eq!(
        hub.get("/api/templates/deep").await.body["model"],
        "claude-opus-4-1"
    );

    let r = hub
        .post(
            "/api/templates/deep/dispatch",
            json!({"variables": {"what": "the lease code"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["model"], "claude-opus-4-1");
    let r = hub
        .post(
            "/api/templates/deep/dispatch",
            json!({"variables": {"what": "x"}, "model": "small"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["model"], "small");
    // A template without one leaves the choice to the worker's routing.
    let r = hub
        .post(
            "/api/templates/summarize/dispatch",
            json!({"variables": {"target": "t"}}),
        )
        .await;
    assert_eq!(r.body["model"], serde_json::Value::Null);

    let before = hub.task_count().await;
    for bad in [json!(""), json!("  "), json!("m".repeat(201))] {
        let r = hub
            .post(
                "/api/templates",
                json!({"name": "bad", "prompt_template": "x", "model": bad}),
            )
            .await;
        assert!(r.status.is_client_error(), "{bad}: {:?}", r.body);
        let r = hub
            .post(
                "/api/templates/deep/dispatch",
                json!({"variables": {"what": "x"}, "model": bad}),
            )
            .await;
        assert!(r.status.is_client_error(), "{bad}: {:?}", r.body);
    }
    assert_eq!(
        hub.get("/api/templates/bad").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(hub.task_count().await, before);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approve_and_reject_latest() {
    let mut hub = TestHub::start().await;
    let r = hub
        .call(
            Method::PUT,
            "/api/approvals/latest",
            Some(json!({"decision": "approve"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let first = hub
        .post(
            "/api/approvals",
            json!({"agent": "a1", "action": "deploy", "description": "prod"}),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    assert_eq!(first.body["status"], "pending");
    assert!(first.body["expires_at"].is_string());
    let second = hub
        .post(
            "/api/approvals",
            json!({"agent": "a2", "action": "spend", "timeout_seconds": 60}),
        )
        .await;
    let r = hub
        .call(
            Method::PUT,
            "/api/approvals/latest",
            Some(json!({"decision": "approve"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["id"], second.body["id"]);
    assert_eq!(r.body["status"], "approved");
    let r = hub
        .call(
            Method::PUT,
            "/api/approvals/latest",
            Some(json!({"decision": "reject"})),
        )
        .await;
    assert_eq!(r.body["id"], first.body["id"]);
    assert_eq!(r.body["status"], "rejected");
    let again = format!("/api/approvals/{}", first.body["id"].as_str().unwrap_or(""));
    let r = hub
        .call(Method::PUT, &again, Some(json!({"decision": "approve"})))
        .await;
    assert_eq!(r.code(), "invalid_transition");
    let r = hub.get("/api/approvals?status=approved").await;
    assert_eq!(r.body["approvals"].as_array().map(Vec::len), Some(1));
    assert_eq!(hub.events_of("approval_decided").await.len(), 2);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_requiring_approval_dispatches_only_after_it() {
    let mut hub = TestHub::start().await;
    hub.register("w", &["general"], 2).await;
    let t = hub
        .create(json!({"prompt": "risky", "requires_approval": true}))
        .await;
    assert_eq!(t.status, TaskStatus::Blocked);
    assert!(t.requires_approval);
    assert!(hub.claim("w", 0).await.is_empty());
    let r = hub.get("/api/approvals?status=pending").await;
    assert_eq!(r.body["approvals"][0]["task_id"], t.id.as_str());
    assert_eq!(r.body["approvals"][0]["action"], "run task");
    let r = hub
        .call(
            Method::PUT,
            "/api/approvals/latest",
            Some(json!({"decision": "approve"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let claims = hub.claim("w", 0).await;
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].task.id, t.id);

    let t2 = hub
        .create(json!({"prompt": "riskier", "requires_approval": true}))
        .await;
    hub.call(
        Method::PUT,
        "/api/approvals/latest",
        Some(json!({"decision": "reject"})),
    )
    .await;
    let t2 = hub.task(&t2.id).await;
    assert_eq!(t2.status, TaskStatus::Cancelled);
    assert!(t2.error.unwrap_or_default().contains("rejected"));
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approvals_expire_and_cancel_their_task() {
    let mut hub = TestHub::on_manual_clock().await;
    let t = hub
        .create(json!({"prompt": "x", "requires_approval": true}))
        .await;
    let r = hub
        .post(
            "/api/approvals",
            json!({"agent": "a", "action": "soon", "timeout_seconds": 60}),
        )
        .await;
    let id = r.body["id"].as_str().expect("id").to_string();
    let expired = || async {
        let r = hub.get("/api/approvals?status=expired").await;
        r.body["approvals"]
            .as_array()
            .expect("approvals")
            .iter()
            .any(|a| a["id"] == id.as_str())
    };
    hub.sweep().await;
    assert!(!expired().await, "not before its time");
    hub.advance(Duration::from_secs(61));
    hub.sweep().await;
    assert!(expired().await, "expired by the sweeper");
    // The task's own request (1 h) is still pending.
    assert_eq!(hub.task(&t.id).await.status, TaskStatus::Blocked);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_capped_agent_gets_no_more_work() {
    let mut hub = TestHub::start().await;
    let r = hub
        .call(
            Method::PUT,
            "/api/budgets",
            Some(json!({"agent_overrides": {"w1": 100}})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["agent_daily_tokens"], 500000);
    hub.register("w1", &["general"], 4).await;
    let t1 = hub.create(json!({"prompt": "one", "model": "small"})).await;
    assert_eq!(t1.model.as_deref(), Some("small"));
    let claims = hub.claim("w1", 0).await;
    let r = hub
        .lease_call(
            "w1",
            &t1.id,
            "complete",
            json!({"fence": claims[0].lease.fence, "output": "ok",
                   "usage": {"model": "big-1", "input_tokens": 80, "output_tokens": 30, "cost_usd": 0.25}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let t1 = hub.task(&t1.id).await;
    assert_eq!(t1.model.as_deref(), Some("big-1"));
    assert_eq!((t1.input_tokens, t1.output_tokens), (Some(80), Some(30)));
    assert_eq!(t1.cost_usd, Some(0.25));

    let t2 = hub.create(json!({"prompt": "two"})).await;
    assert!(hub.claim("w1", 0).await.is_empty(), "w1 is capped");
    assert_eq!(hub.task(&t2.id).await.status, TaskStatus::Queued);
    hub.register("w2", &["general"], 1).await;
    let claims = hub.claim("w2", 0).await;
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].task.id, t2.id);

    let r = hub.get("/api/costs").await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["total_tokens"], 110);
    let w1 = r.body["agents"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["agent_id"] == "w1").cloned())
        .expect("w1 row");
    assert_eq!(w1["capped"], true);
    assert_eq!(hub.events_of("budget_exceeded").await.len(), 1);
    assert_eq!(hub.events_of("cost_recorded").await.len(), 1);
    assert_eq!(
        hub.get("/api/costs?day=nope").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let r = hub.get("/api/costs?day=2001-01-01").await;
    assert_eq!(r.body["total_tokens"], 0);

    // The mesh cap stops all dispatch.
    hub.call(
        Method::PUT,
        "/api/budgets",
        Some(json!({"mesh_daily_usd": 0.2})),
    )
    .await;
    let t3 = hub.create(json!({"prompt": "three"})).await;
    hub.register("w3", &["general"], 1).await;
    assert!(hub.claim("w3", 0).await.is_empty());
    assert_eq!(hub.task(&t3.id).await.status, TaskStatus::Queued);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_failures_escalate_along_the_chain() {
    let mut hub = TestHub::start_with(|mut c| {
        c = c.with_lease_timeout(Duration::from_secs(30));
        c.escalation_chain = vec![("flaky".into(), "senior".into())];
        c
    })
    .await;
    hub.register("flaky", &["general"], 1).await;
    for i in 0..3 {
        let t = hub.create(json!({"prompt": format!("t{i}")})).await;
        let claims = hub.claim("flaky", 0).await;
        let r = hub
            .lease_call(
                "flaky",
                &t.id,
                "fail",
                json!({"fence": claims[0].lease.fence, "error": "no", "retryable": false}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    }
    let r = hub.get("/api/escalations?status=open").await;
    let list = r.body["escalations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(list.len(), 1, "{:?}", r.body);
    assert_eq!(list[0]["from_agent"], "flaky");
    assert_eq!(list[0]["to_agent"], "senior");
    let path = format!("/api/escalations/{}", list[0]["id"].as_str().unwrap_or(""));
    let r = hub
        .call(Method::PUT, &path, Some(json!({"status": "acknowledged"})))
        .await;
    assert_eq!(r.body["status"], "acknowledged");
    let r = hub
        .call(Method::PUT, &path, Some(json!({"status": "open"})))
        .await;
    assert_eq!(r.code(), "invalid_transition");
    let r = hub
        .call(Method::PUT, &path, Some(json!({"status": "resolved"})))
        .await;
    assert_eq!(r.body["status"], "resolved");
    assert_eq!(hub.events_of("escalation_created").await.len(), 1);
    assert_eq!(hub.events_of("escalation_raised").await.len(), 1);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_deadline_sweeper_raises_urgency_with_an_injected_clock() {
    use m3shd_hubd::domain::{Hub, NoWake, Policy};
    use m3shd_hubd::store::Store;
    use m3shd_hubd::{Clock, ManualClock};
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = ManualClock::starting_now();
    let store = Store::open_with_clock(
        dir.path(),
        m3shd_hubd::Durability::Normal,
        Arc::new(clock.clone()),
    )
    .expect("store");
    let policy = Policy {
        lease_timeout: Duration::from_secs(30),
        heartbeat_interval: Duration::from_secs(10),
        offline_after: Duration::from_secs(30),
        circuit_threshold: 3,
        circuit_cooldown: Duration::from_secs(60),
        escalation_chain: Vec::new(),
        assign_wait: std::time::Duration::from_secs(30),
    };
    let hub = Hub::new(store, policy, Arc::new(NoWake));
    let deadline = clock.now() + chrono::Duration::hours(1);
    let req = m3shd_api::CreateTask {
        prompt: "due soon".into(),
        priority: Some(8),
        deadline: Some(deadline),
        ..Default::default()
    };
    let t = hub.create_task(req, None).await.expect("create").task;
    assert_eq!(t.urgency, Some(Urgency::Low));
    let id = m3shd_api::TaskId::parse(&t.id).expect("a task id");
    clock.set(deadline - chrono::Duration::seconds(1));
    assert_eq!(hub.deadline_pass().await.expect("pass"), 0);
    clock.set(deadline + chrono::Duration::minutes(1));
    let mut seen = Vec::new();
    for _ in 0..4 {
        hub.deadline_pass().await.expect("pass");
        let t = hub.task(&id).expect("task");
        seen.push((t.urgency, t.priority));
    }
    assert_eq!(
        seen,
        vec![
            (Some(Urgency::Medium), 9),
            (Some(Urgency::High), 10),
            (Some(Urgency::Critical), 10),
            (Some(Urgency::Critical), 10),
        ]
    );
    hub.into_store().close().expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_messages_are_answered_by_the_chat_agent() {
    let mut hub = TestHub::start_with(|c| c.with_lease_timeout(Duration::from_secs(30))).await;
    let r = hub
        .post("/api/messages", json!({"content": "nobody home?"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(hub.task_count().await, 0, "no chat agent: just stored");
    hub.register("chatty", &["chat"], 1).await;
    let r = hub
        .post("/api/messages", json!({"content": "hello there"}))
        .await;
    let msg_id = r.body["id"].as_i64().expect("id");
    let claims = hub.claim("chatty", 0).await;
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].task.title, "chat: hello there");
    assert_eq!(claims[0].task.prompt, "hello there");
    hub.lease_call(
        "chatty",
        &claims[0].task.id,
        "complete",
        json!({"fence": claims[0].lease.fence, "output": "hi, operator"}),
    )
    .await;
    let r = hub.get("/api/messages?channel=general").await;
    let reply = r.body["messages"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["reply_to"] == msg_id).cloned())
        .expect("reply");
    assert_eq!(reply["content"], "hi, operator");
    assert_eq!(reply["sender"], "chatty");
    assert_eq!(reply["sender_type"], "agent");

    let r = hub.get("/api/summary?limit=5").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["done"], 1);
    assert_eq!(r.body["recent"][0]["excerpt"], "hi, operator");
    hub.stop().await;
}

/// A local stand-in for ntfy's publish endpoint: records (headers, body).
async fn fake_ntfy() -> (String, Arc<Mutex<Vec<(String, String, String)>>>) {
    use axum::routing::post;
    let got: Arc<Mutex<Vec<(String, String, String)>>> = Arc::default();
    let sink = got.clone();
    let app = axum::Router::new().route(
        "/{topic}",
        post(move |headers: axum::http::HeaderMap, body: String| {
            let sink = sink.clone();
            async move {
                let h = |k: &str| {
                    headers
                        .get(k)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_string()
                };
                sink.lock()
                    .expect("lock")
                    .push((h("title"), h("priority"), body));
                "{}"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}/mesh"), got)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ntfy_hears_of_an_outage_once() {
    let (url, got) = fake_ntfy().await;
    let mut hub = TestHub::on_manual_clock_with(move |mut c| {
        c = c.with_lease_timeout(Duration::from_millis(300));
        c.ntfy_url = Some(url);
        c
    })
    .await;
    // Past the start-up grace and the offline threshold, then swept.
    let silence = || async {
        hub.advance(Duration::from_secs(2));
        hub.sweep().await;
    };
    hub.register("gone", &["general"], 1).await;
    let downs = || {
        got.lock()
            .expect("lock")
            .iter()
            .filter(|(t, _, _)| t.contains("gone is down"))
            .count()
    };
    silence().await;
    wait_for("the outage alert", Duration::from_secs(10), || async {
        (downs() >= 1).then_some(())
    })
    .await;
    // More sweeps while it stays down say nothing new.
    silence().await;
    silence().await;
    let first = hub.events_of("agent_offline").await.len();
    assert_eq!(first, 1);
    hub.heartbeat("gone", &[]).await;
    silence().await;
    assert_eq!(
        hub.events_of("agent_offline").await.len(),
        2,
        "a second outage"
    );
    wait_for(
        "the second outage alert",
        Duration::from_secs(10),
        || async { (downs() >= 2).then_some(()) },
    )
    .await;
    assert_eq!(downs(), 2, "one alert per outage");
    let (_, priority, body) = got.lock().expect("lock")[0].clone();
    assert_eq!(priority, "high");
    assert!(body.contains("gone went offline"), "{body}");
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn analytics_count_tasks_and_costs() {
    let mut hub = TestHub::start_with(|c| c.with_lease_timeout(Duration::from_secs(30))).await;
    hub.register("w", &["x"], 2).await;
    let t = hub
        .create(json!({"prompt": "a", "required_capability": "x"}))
        .await;
    hub.create(json!({"prompt": "b", "required_capability": "y"}))
        .await;
    let claims = hub.claim("w", 0).await;
    hub.lease_call(
        "w",
        &t.id,
        "complete",
        json!({"fence": claims[0].lease.fence, "output": "ok",
               "usage": {"model": "m", "input_tokens": 5, "output_tokens": 5, "cost_usd": 0.5}}),
    )
    .await;
    let r = hub.get("/api/admin/analytics/tasks?days=3").await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["days"], 3);
    assert_eq!(r.body["total"], 2);
    assert_eq!(r.body["by_status"]["done"], 1);
    assert_eq!(r.body["by_agent"]["w"], 1);
    assert_eq!(r.body["by_capability"]["y"], 1);
    let r = hub.get("/api/admin/analytics/costs").await;
    assert_eq!(r.body["days"], 7);
    assert_eq!(r.body["by_agent"]["w"], 0.5);
    assert_eq!(r.body["avg_cost_per_task"]["w"], 0.5);
    let r = hub.get("/api/admin/analytics/agents?days=1000").await;
    assert_eq!(r.body["days"], 365);
    assert_eq!(r.body["agents"][0]["done"], 1);
    assert_eq!(r.body["agents"][0]["memories"], 0);
    // Memories per agent: what it keeps now, a key stored twice once.
    for (key, value) in [("editor", "emacs"), ("lunch", "pizza"), ("editor", "vim")] {
        let r = hub
            .post("/api/agents/w/memory", json!({"key": key, "value": value}))
            .await;
        assert!(r.status.is_success(), "{:?}", r.body);
    }
    let r = hub.get("/api/admin/analytics/agents").await;
    assert_eq!(r.body["agents"][0]["agent_id"], "w");
    assert_eq!(r.body["agents"][0]["memories"], 2, "{:?}", r.body);
    let r = hub.get("/api/admin/analytics/summary").await;
    assert_eq!(r.body["tasks_done"], 1);
    assert_eq!(r.body["total_tokens"], 10);
    assert_eq!(
        hub.get("/api/admin/analytics/nope").await.status,
        StatusCode::NOT_FOUND
    );
    hub.stop().await;
}

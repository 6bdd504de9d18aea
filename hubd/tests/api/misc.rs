use m3shd_api::TaskStatus;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::TestHub;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_context_and_messages() {
    let mut hub = TestHub::start().await;
    let s = hub.get("/api/status").await;
    assert_eq!(s.status, StatusCode::OK);
    for st in TaskStatus::ALL {
        assert_eq!(s.body["tasks"][st.as_str()], 0, "{st}");
    }

    let r = hub
        .call(
            Method::PUT,
            "/api/context/project.name",
            Some(json!({"value": "m3shd"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["set_by"], "operator");
    let r = hub
        .call(
            Method::PUT,
            "/api/context/big",
            Some(json!({"value": "x".repeat(16 * 1024 + 1)})),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let r = hub.get("/api/context").await;
    assert_eq!(r.body["context"][0]["value"], "m3shd");
    let r = hub
        .call(Method::DELETE, "/api/context/project.name", None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = hub
        .call(Method::DELETE, "/api/context/project.name", None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(hub.events_of("context_").await.len(), 2);

    let m = hub.post("/api/messages", json!({"content": "hello"})).await;
    assert_eq!(m.status, StatusCode::CREATED);
    assert_eq!(m.body["channel"], "general");
    assert_eq!(m.body["sender"], "operator");
    let reply = hub
        .post(
            "/api/messages",
            json!({"content": "re", "channel": "ops", "reply_to": m.body["id"]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let r = hub
        .post(
            "/api/messages",
            json!({"content": "x".repeat(50 * 1024 + 1)}),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let r = hub.get("/api/messages?channel=ops").await;
    assert_eq!(r.body["messages"].as_array().map(Vec::len), Some(1));
    let r = hub.get("/api/messages").await;
    assert_eq!(r.body["messages"][0]["content"], "hello");
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_and_listing() {
    let mut hub = TestHub::start().await;
    let a = hub.create(json!({"prompt": "first"})).await;
    let b = hub.create(json!({"prompt": "second"})).await;
    let r = hub.get("/api/tasks?limit=1").await;
    assert_eq!(r.body["tasks"][0]["id"], b.id.as_str(), "newest first");
    let r = hub
        .call(
            Method::PUT,
            &format!("/api/tasks/{}", a.id),
            Some(json!({"title": "renamed", "priority": 8})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["title"], "renamed");
    assert_eq!(r.body["priority"], 8);
    let r = hub
        .call(
            Method::PUT,
            &format!("/api/tasks/{}", a.id),
            Some(json!({"priority": 99})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    hub.post(&format!("/api/tasks/{}/cancel", a.id), json!({}))
        .await;
    let r = hub
        .call(
            Method::PUT,
            &format!("/api/tasks/{}", a.id),
            Some(json!({"title": "late"})),
        )
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::CONFLICT, "invalid_transition")
    );
    let r = hub.get("/api/tasks?status=cancelled").await;
    assert_eq!(r.body["tasks"].as_array().map(Vec::len), Some(1));
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn data_survives_a_restart_and_passes_integrity_check() {
    let mut hub = TestHub::start().await;
    hub.register("w", &["general"], 1).await;
    let mut ids = Vec::new();
    for i in 0..20 {
        ids.push(hub.create(json!({"prompt": format!("keep {i}")})).await.id);
    }
    let c = hub.claim("w", 0).await.pop().expect("claim");
    hub.lease_call(
        "w",
        &c.task.id,
        "complete",
        json!({"fence": c.lease.fence, "output": "kept"}),
    )
    .await;
    hub.stop().await;

    let store = hub.reopen_store();
    assert_eq!(store.integrity_check().expect("check"), "ok");
    let n = store
        .read(|r| r.tasks().list(None, None, None, 500))
        .expect("read")
        .len();
    assert_eq!(n, 20);
    let done = store
        .read(|r| r.tasks().get(&c.task.id))
        .expect("read")
        .expect("task");
    assert_eq!(done.task.output.as_deref(), Some("kept"));
    store.close().expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn task_lists_page_by_keyset_without_gaps_or_repeats() {
    let hub = TestHub::start().await;
    let mut created = Vec::new();
    for i in 0..25 {
        created.push(hub.create(json!({"prompt": format!("echo {i}")})).await.id);
    }
    created.reverse(); // the list is newest first
    let mut seen = Vec::new();
    let mut before: Option<String> = None;
    loop {
        let path = match &before {
            Some(id) => format!("/api/tasks?limit=10&before={id}"),
            None => "/api/tasks?limit=10".to_string(),
        };
        let page = hub.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
        let ids: Vec<String> = page.body["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect();
        if ids.is_empty() {
            break;
        }
        // A task created while paging shows up on a fresh first page, never
        // shifts the pages after the cursor.
        if before.is_none() {
            hub.create(json!({"prompt": "echo late"})).await;
        }
        before = ids.last().cloned();
        seen.extend(ids);
    }
    assert_eq!(seen, created);

    let r = hub.get("/api/tasks?before=no-such-task").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{:?}", r.body);
    assert_eq!(r.code(), "not_found");
}

//! Bad input gets the right status and a stable code, and writes nothing.

use serde_json::{Value, json};

use crate::harness::*;

async fn call(
    method: reqwest::Method,
    url: &str,
    token: Option<&str>,
    body: Option<String>,
) -> (u16, Value) {
    let http = reqwest::Client::new();
    let mut rb = http
        .request(method, url)
        .header("content-type", "application/json");
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    if let Some(b) = body {
        rb = rb.body(b);
    }
    let resp = rb.send().await.unwrap();
    let status = resp.status().as_u16();
    let v = resp.json::<Value>().await.unwrap_or(Value::Null);
    (status, v)
}

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("<no error code>")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_are_refused_with_codes_and_leave_no_rows() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let tasks = format!("{}/api/tasks", hub.url);
    use reqwest::Method as M;

    let (s, v) = call(M::GET, &format!("{}/api/health", hub.url), None, None).await;
    assert_eq!(s, 200);
    assert_eq!(v["status"], "ok");

    let ok = json!({"prompt": "echo hi"}).to_string();
    let (s, v) = call(M::POST, &tasks, None, Some(ok.clone())).await;
    assert_eq!((s, code(&v)), (401, "unauthorized"));
    let (s, v) = call(M::POST, &tasks, Some("wrong"), Some(ok.clone())).await;
    assert_eq!((s, code(&v)), (401, "unauthorized"));

    let t = Some(TOKEN);
    let (s, v) = call(
        M::POST,
        &tasks,
        t,
        Some(r#"{"prompt": "x", "colour": "red"}"#.into()),
    )
    .await;
    assert_eq!((s, code(&v)), (400, "bad_request"), "unknown field: {v}");
    let (s, v) = call(M::POST, &tasks, t, Some("{not json".into())).await;
    assert_eq!((s, code(&v)), (400, "bad_request"));
    let (s, v) = call(M::POST, &tasks, t, Some(json!({"prompt": 5}).to_string())).await;
    assert_eq!((s, code(&v)), (400, "bad_request"));
    let (s, v) = call(
        M::POST,
        &tasks,
        t,
        Some(json!({"prompt": "x".repeat(8 * 1024 + 1)}).to_string()),
    )
    .await;
    assert_eq!((s, code(&v)), (413, "payload_too_large"));
    let (s, v) = call(M::POST, &tasks, t, Some(json!({"prompt": ""}).to_string())).await;
    assert_eq!((s, code(&v)), (422, "validation"));
    let (s, v) = call(
        M::POST,
        &tasks,
        t,
        Some(json!({"prompt": "x", "priority": 99}).to_string()),
    )
    .await;
    assert_eq!((s, code(&v)), (422, "validation"));
    let (s, v) = call(
        M::POST,
        &tasks,
        t,
        Some(json!({"prompt": "x", "required_capability": "No Spaces"}).to_string()),
    )
    .await;
    assert_eq!((s, code(&v)), (422, "validation"));
    let (s, v) = call(
        M::POST,
        &tasks,
        t,
        Some(json!({"prompt": "x", "depends_on": ["0000000000000000"]}).to_string()),
    )
    .await;
    assert!(s == 422 || s == 404, "unknown parent: {s} {v}");
    let (s, _) = call(
        M::POST,
        &tasks,
        t,
        Some(format!(
            r#"{{"prompt": "{}"}}"#,
            "y".repeat(3 * 1024 * 1024)
        )),
    )
    .await;
    assert_eq!(s, 413, "oversize body");

    let (s, v) = call(M::GET, &format!("{tasks}/0000000000000000"), t, None).await;
    assert_eq!((s, code(&v)), (404, "not_found"));
    let (s, v) = call(
        M::POST,
        &format!("{tasks}/0000000000000000/cancel"),
        t,
        Some("{}".into()),
    )
    .await;
    assert_eq!((s, code(&v)), (404, "not_found"));
    let (s, v) = call(
        M::POST,
        &format!("{}/api/agents/Bad%20Id/register", hub.url),
        t,
        Some(json!({"capabilities": ["general"], "max_concurrent": 1}).to_string()),
    )
    .await;
    assert_eq!((s, code(&v)), (422, "validation"));
    let (s, v) = call(
        M::POST,
        &format!("{}/api/messages", hub.url),
        t,
        Some(json!({"content": "m".repeat(50 * 1024 + 1)}).to_string()),
    )
    .await;
    assert_eq!((s, code(&v)), (413, "payload_too_large"));
    let (s, v) = call(M::GET, &format!("{}/api/nowhere", hub.url), t, None).await;
    assert_eq!(s, 404, "{v}");

    // Nothing above left a row behind.
    let (s, v) = call(M::GET, &tasks, t, None).await;
    assert_eq!(s, 200);
    assert_eq!(v["tasks"].as_array().map(Vec::len), Some(0), "{v}");
    let (_, v) = call(M::GET, &format!("{}/api/agents", hub.url), t, None).await;
    assert_eq!(v["agents"].as_array().map(Vec::len), Some(0), "{v}");
    let (_, v) = call(M::GET, &format!("{}/api/messages", hub.url), t, None).await;
    assert_eq!(v["messages"].as_array().map(Vec::len), Some(0), "{v}");

    // A good one works, and an idempotent retry returns the same task.
    let hub_client = hub.client();
    let req = m3shd_api::CreateTask {
        prompt: "echo once".into(),
        ..Default::default()
    };
    let a = hub_client.create_task(&req, Some("key-1")).await.unwrap();
    let b = hub_client.create_task(&req, Some("key-1")).await.unwrap();
    assert_eq!(a.id, b.id);
    let (_, v) = call(M::GET, &tasks, t, None).await;
    assert_eq!(v["tasks"].as_array().map(Vec::len), Some(1));
}

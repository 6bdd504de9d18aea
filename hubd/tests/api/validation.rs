use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::TestHub;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_are_refused_whole() {
    let mut hub = TestHub::start().await;
    let cases = [
        (json!({"prompt": "x", "colour": "red"}), 400, "bad_request"),
        (json!({"prompt": 5}), 400, "bad_request"),
        (
            json!({"prompt": "x".repeat(8 * 1024 + 1)}),
            413,
            "payload_too_large",
        ),
        (json!({"prompt": "x", "priority": 11}), 422, "validation"),
        (json!({"prompt": "x", "priority": -1}), 422, "validation"),
        (json!({"prompt": "   "}), 422, "validation"),
        (json!({"prompt": "x", "max_attempts": 0}), 422, "validation"),
        (
            json!({"prompt": "x", "required_capability": "Bad Cap"}),
            422,
            "validation",
        ),
        (
            json!({"prompt": "x", "assign_to": "UPPER"}),
            422,
            "validation",
        ),
        (
            json!({"prompt": "x", "title": "t".repeat(201)}),
            413,
            "payload_too_large",
        ),
        (
            json!({"prompt": "x", "depends_on": ["0000000000000000"]}),
            422,
            "validation",
        ),
        // A string that is no task id is an unknown parent too, not a
        // malformed body.
        (
            json!({"prompt": "x", "depends_on": ["Not An Id"]}),
            422,
            "validation",
        ),
    ];
    for (body, status, code) in cases {
        let r = hub.post("/api/tasks", body.clone()).await;
        assert_eq!(r.status.as_u16(), status, "{body}: {:?}", r.body);
        assert_eq!(r.code(), code, "{body}");
        assert!(
            r.body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
    }

    // Malformed JSON, wrong content type, oversized body.
    let raw = |ct: &'static str, body: Vec<u8>| {
        hub.http
            .post(hub.url("/api/tasks"))
            .bearer_auth(crate::harness::TOKEN)
            .header("content-type", ct)
            .body(body)
            .send()
    };
    let r = raw("application/json", b"{\"prompt\": ".to_vec())
        .await
        .expect("send");
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let v: serde_json::Value = r.json().await.expect("json body");
    assert_eq!(v["error"]["code"], "bad_request");
    let r = raw("text/plain", b"{\"prompt\": \"x\"}".to_vec())
        .await
        .expect("send");
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = raw("application/json", vec![b' '; 2 * 1024 * 1024 + 10])
        .await
        .expect("send");
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let v: serde_json::Value = r.json().await.expect("json body");
    assert_eq!(v["error"]["code"], "payload_too_large");

    // NUL, which no stored text may hold (PostgreSQL's cannot): in a JSON
    // string, a JSON key, a query.
    let r = raw("application/json", br#"{"prompt": "a\u0000b"}"#.to_vec())
        .await
        .expect("send");
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let v: serde_json::Value = r.json().await.expect("json body");
    assert_eq!(v["error"]["code"], "bad_request");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("NUL")),
        "{v}"
    );
    let r = raw(
        "application/json",
        br#"{"prompt": "x", "k\u0000": 1}"#.to_vec(),
    )
    .await
    .expect("send");
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = hub.get("/api/agents/a/memory/search?q=a%00b").await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_REQUEST, "bad_request")
    );

    // No token / wrong token.
    let r = hub
        .http
        .post(hub.url("/api/tasks"))
        .json(&json!({"prompt": "x"}))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let v: serde_json::Value = r.json().await.expect("json");
    assert_eq!(v["error"]["code"], "unauthorized");
    let r = hub
        .http
        .get(hub.url("/api/tasks"))
        .bearer_auth("wrong")
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // Unknown task and route, bad query.
    let r = hub.get("/api/tasks/0123456789abcdef").await;
    assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, "not_found"));
    let r = hub.get("/api/tasks/NOT..valid").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = hub.get("/api/nope").await;
    assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, "not_found"));
    let r = hub.get("/api/tasks?status=exploded").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = hub.call(Method::DELETE, "/api/tasks", None).await;
    assert_eq!(r.code(), "not_found");

    // Health needs no token.
    let r = hub
        .http
        .get(hub.url("/api/health"))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), StatusCode::OK);

    assert_eq!(hub.task_count().await, 0, "nothing was written");
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idempotency_key_creates_once() {
    let mut hub = TestHub::start().await;
    let send = || {
        hub.call_as(
            Method::POST,
            "/api/tasks",
            Some(json!({"prompt": "only once"})),
            None,
            &[("Idempotency-Key", "submit-42")],
        )
    };
    let first = send().await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert!(first.headers.get("idempotent-replayed").is_none());
    let second = send().await;
    assert_eq!(second.status, StatusCode::CREATED);
    assert_eq!(
        second
            .headers
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    assert_eq!(first.body["id"], second.body["id"]);
    assert_eq!(hub.task_count().await, 1);
    assert_eq!(hub.events_of("task_created").await.len(), 1);
    let long = "k".repeat(201);
    let r = hub
        .call_as(
            Method::POST,
            "/api/tasks",
            Some(json!({"prompt": "x"})),
            None,
            &[("Idempotency-Key", &long)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(hub.task_count().await, 1);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agent_input_is_checked() {
    let mut hub = TestHub::start().await;
    let r = hub
        .post(
            "/api/agents/Bad_Id/register",
            json!({"capabilities": [], "max_concurrent": 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = hub
        .post(
            "/api/agents/ok/register",
            json!({"capabilities": ["a b"], "max_concurrent": 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = hub
        .post(
            "/api/agents/ok/register",
            json!({"capabilities": [], "max_concurrent": 257}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("outside 0..=256")
    );
    let r = hub
        .post("/api/agents/ok/claim", json!({"wait_ms": 0}))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = hub.get("/api/agents").await;
    assert_eq!(r.body["agents"], json!([]));
    let ok = hub.register("ok", &["x"], 3).await;
    assert_eq!(ok.body["lease_timeout_ms"], 1000);
    assert_eq!(ok.body["heartbeat_interval_ms"], 333);
    assert_eq!(ok.body["agent"]["status"], "online");
    hub.stop().await;
}

/// A path naming no valid agent id is an unknown agent (404), except where
/// an id is chosen: registering under it is invalid input (422).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_path_that_is_no_agent_id_names_no_agent() {
    let mut hub = TestHub::start().await;
    let memory = json!({"key": "k", "value": "v"});
    let cases = [
        (Method::GET, "/api/agents/Bad_Id", None),
        (
            Method::POST,
            "/api/agents/Bad_Id/heartbeat",
            Some(json!({})),
        ),
        (Method::POST, "/api/agents/Bad_Id/claim", Some(json!({}))),
        (
            Method::POST,
            "/api/agents/Bad_Id/deregister",
            Some(json!({})),
        ),
        (Method::GET, "/api/agents/Bad_Id/memory", None),
        (Method::POST, "/api/agents/Bad_Id/memory", Some(memory)),
        (Method::GET, "/api/agents/Bad_Id/memory/search?q=x", None),
        (Method::GET, "/api/agents/Bad_Id/memory/k", None),
        (Method::DELETE, "/api/agents/Bad_Id/memory/k", None),
    ];
    for (method, path, body) in cases {
        let r = hub.call(method.clone(), path, body).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::NOT_FOUND, "not_found"),
            "{method} {path}: {:?}",
            r.body
        );
    }
    let r = hub
        .post(
            "/api/agents/Bad_Id/register",
            json!({"capabilities": [], "max_concurrent": 1}),
        )
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation")
    );
    hub.stop().await;
}

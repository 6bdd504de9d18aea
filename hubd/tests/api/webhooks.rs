//! Webhooks over HTTP: admin CRUD (edits and secret rotation included)
//! under admin:webhooks, deliveries without a bearer token, each refusal
//! with its status and code, the audit rows, and a webhook that outlives a
//! restart with its secret sealed on disk.

// The helpers, like the tests, panic on what should not happen.
#![allow(clippy::expect_used)]

use std::time::Duration;

use hmac::{Hmac, Mac};
use m3shd_api::AuditEntry;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Sha256;

use crate::harness::{Reply, TestHub, wait_for};

async fn template(hub: &TestHub, name: &str, prompt: &str) {
    let r = hub
        .post(
            "/api/templates",
            json!({"name": name, "prompt_template": prompt}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
}

/// Create a webhook: (id, secret).
async fn webhook(hub: &TestHub, body: Value) -> (String, String) {
    let r = hub.post("/api/admin/webhooks", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    (
        r.body["id"].as_str().expect("id").to_string(),
        r.body["secret"].as_str().expect("secret").to_string(),
    )
}

/// A delivery: no bearer token, the body sent as is.
async fn deliver(hub: &TestHub, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut req = hub
        .http
        .post(hub.url(path))
        .header("content-type", "application/json")
        .body(body.to_vec());
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = req.send().await.expect("send");
    let status = resp.status();
    let headers = resp.headers().clone();
    let text = resp.text().await.expect("body");
    Reply {
        status,
        headers,
        body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
    }
}

fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

async fn audit_of(hub: &TestHub, actor: &str, rows: usize) -> Vec<AuditEntry> {
    wait_for("audit rows", Duration::from_secs(10), || async {
        let r = hub
            .get(&format!("/api/admin/audit?actor={actor}&limit=500"))
            .await;
        let entries: Vec<AuditEntry> =
            serde_json::from_value(r.body["entries"].clone()).expect("entries");
        (entries.len() >= rows).then_some(entries)
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_crud_shows_the_secret_once() {
    let mut hub = TestHub::start().await;
    template(&hub, "deploy", "deploy {repo}").await;
    let r = hub
        .post(
            "/api/admin/webhooks",
            json!({"name": "ci", "template": "deploy", "variables": {"repo": "/repo"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let secret = r.body["secret"].as_str().expect("secret").to_string();
    assert!(secret.starts_with("m3shd_wh_"));
    let id = r.body["id"].as_str().expect("id").to_string();
    assert_eq!(r.body["kind"], "generic");
    assert_eq!(
        r.body["trigger_path"],
        format!("/api/webhooks/{id}/trigger")
    );

    let list = hub.get("/api/admin/webhooks").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body["webhooks"][0]["name"], "ci");
    assert!(!list.body.to_string().contains(&secret), "{:?}", list.body);

    let dup = hub
        .post(
            "/api/admin/webhooks",
            json!({"name": "ci", "template": "deploy", "variables": {"repo": "/repo"}}),
        )
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    let unmapped = hub
        .post(
            "/api/admin/webhooks",
            json!({"name": "ci2", "template": "deploy"}),
        )
        .await;
    assert_eq!(unmapped.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unmapped.body.to_string().contains("`repo`"),
        "{:?}",
        unmapped.body
    );

    let r = hub
        .call(reqwest::Method::DELETE, "/api/admin/webhooks/ci", None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = deliver(
        &hub,
        &format!("/api/webhooks/{id}/trigger"),
        &[("x-webhook-secret", &secret)],
        br#"{"repo": "x"}"#,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "a deleted webhook is gone");
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generic_deliveries_are_checked_then_dispatched_and_audited() {
    let mut hub = TestHub::start().await;
    template(&hub, "deploy", "deploy {repo}").await;
    let (id, secret) = webhook(
        &hub,
        json!({"name": "ci", "template": "deploy", "variables": {"repo": "/repo"}}),
    )
    .await;
    let path = format!("/api/webhooks/{id}/trigger");
    let body = br#"{"repo": "acme/site"}"#;

    let ok = deliver(&hub, &path, &[("x-webhook-secret", &secret)], body).await;
    assert_eq!(ok.status, StatusCode::ACCEPTED, "{:?}", ok.body);
    let task_id = ok.body["task_id"].as_str().expect("task id").to_string();
    assert_eq!(hub.task(&task_id).await.prompt, "deploy acme/site");

    let wrong = deliver(&hub, &path, &[("x-webhook-secret", "m3shd_wh_nope")], body).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.code(), "unauthorized");
    assert!(wrong.headers.get("www-authenticate").is_none());
    let none = deliver(&hub, &path, &[], body).await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);

    let unknown = deliver(
        &hub,
        "/api/webhooks/wh-000000000000/trigger",
        &[("x-webhook-secret", &secret)],
        body,
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(
        !unknown.body.to_string().contains("ci"),
        "{:?}",
        unknown.body
    );

    for query in [
        format!("?secret={secret}"),
        "?token=x".into(),
        format!("?s={secret}"),
    ] {
        let r = deliver(
            &hub,
            &format!("{path}{query}"),
            &[("x-webhook-secret", &secret)],
            body,
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(r.code(), "secret_in_query", "{query}");
    }

    let missing = deliver(
        &hub,
        &path,
        &[("x-webhook-secret", &secret)],
        br#"{"other": 1}"#,
    )
    .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing.body.to_string().contains("`repo`"),
        "{:?}",
        missing.body
    );

    let big = vec![b' '; m3shd_api::MAX_WEBHOOK_BODY_BYTES + 1];
    let r = deliver(&hub, &path, &[("x-webhook-secret", &secret)], &big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        hub.task_count().await,
        1,
        "only the first delivery dispatched"
    );

    // The proven calls are the webhook's; the unproven ones nobody's.
    let rows = audit_of(&hub, "webhook:ci", 2).await;
    let mut statuses: Vec<u16> = rows.iter().map(|e| e.status).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, vec![202, 422]);
    assert!(
        rows.iter()
            .all(|e| e.action == "POST /api/webhooks/{id}/trigger")
    );
    let anonymous = audit_of(&hub, "anonymous", 1).await;
    assert!(
        anonymous
            .iter()
            .any(|e| e.status == 401 && e.target == path)
    );
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_eleventh_delivery_in_a_minute_gets_429_with_retry_after() {
    let mut hub = TestHub::start().await;
    template(&hub, "t", "run").await;
    let (id, secret) = webhook(&hub, json!({"name": "busy", "template": "t"})).await;
    let path = format!("/api/webhooks/{id}/trigger");
    for i in 0..10 {
        let r = deliver(&hub, &path, &[("x-webhook-secret", &secret)], b"").await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "delivery {i}: {:?}", r.body);
    }
    let r = deliver(&hub, &path, &[("x-webhook-secret", &secret)], b"").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.code(), "rate_limited");
    let wait: u64 = r.headers["retry-after"]
        .to_str()
        .expect("text")
        .parse()
        .expect("seconds");
    assert!((1..=6).contains(&wait), "{wait}");
    assert_eq!(hub.task_count().await, 10);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn github_deliveries_need_a_signature_of_the_exact_body() {
    let mut hub = TestHub::start().await;
    template(&hub, "gh", "{event} on {repo}").await;
    let (id, secret) = webhook(
        &hub,
        json!({"name": "gh", "template": "gh", "kind": "github",
               "variables": {"repo": "/repository/full_name"}}),
    )
    .await;
    let path = format!("/api/webhooks/{id}/github");
    let body = br#"{"repository": {"full_name": "acme/site"}}"#;
    let sig = signature(&secret, body);

    let ok = deliver(
        &hub,
        &path,
        &[("x-hub-signature-256", &sig), ("x-github-event", "push")],
        body,
    )
    .await;
    assert_eq!(ok.status, StatusCode::ACCEPTED, "{:?}", ok.body);
    let task = hub.task(ok.body["task_id"].as_str().expect("task")).await;
    assert_eq!(task.prompt, "push on acme/site");

    let tampered = br#"{"repository": {"full_name": "evil/site"}}"#;
    let r = deliver(
        &hub,
        &path,
        &[("x-hub-signature-256", &sig), ("x-github-event", "push")],
        tampered,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    let ping = br#"{"zen": "Keep it logically awesome."}"#;
    let r = deliver(
        &hub,
        &path,
        &[
            ("x-hub-signature-256", &signature(&secret, ping)),
            ("x-github-event", "ping"),
        ],
        ping,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["task_id"], Value::Null);

    // A GitHub webhook answers on its own route only.
    let r = deliver(
        &hub,
        &format!("/api/webhooks/{id}/trigger"),
        &[("x-webhook-secret", &secret)],
        body,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(hub.task_count().await, 1);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_outlives_a_restart_with_its_secret_sealed_on_disk() {
    let mut hub = TestHub::start().await;
    template(&hub, "kuma", "{monitor} is {status}").await;
    let (id, secret) = webhook(&hub, json!({"name": "kuma", "template": "kuma"})).await;
    hub.restart_with(|c| c).await;
    let path = format!("/api/webhooks/{id}/trigger");
    let down = json!({
        "heartbeat": {"status": 0, "msg": "timeout"},
        "monitor": {"name": "site"},
        "msg": "[site] [Down] timeout",
    });
    let r = deliver(
        &hub,
        &path,
        &[("x-webhook-secret", &secret), ("x-uptime-kuma-agent", "1")],
        down.to_string().as_bytes(),
    )
    .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{:?}", r.body);
    let task = hub.task(r.body["task_id"].as_str().expect("task")).await;
    assert_eq!(task.prompt, "site is down");
    hub.stop().await;

    let stored = hub
        .db_text("SELECT secret FROM webhooks WHERE id = $1", &[&id])
        .await
        .expect("row");
    assert!(stored.starts_with("enc1:"), "{stored}");
    assert!(!stored.contains(&secret));
}

async fn edit(hub: &TestHub, key: &str, body: Value) -> Reply {
    hub.call(
        reqwest::Method::PUT,
        &format!("/api/admin/webhooks/{key}"),
        Some(body),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_changes_the_mapping_and_keeps_the_id_and_the_secret() {
    let mut hub = TestHub::start().await;
    template(&hub, "deploy", "deploy {repo}").await;
    template(&hub, "release", "release {repo} as {tag}").await;
    let (id, secret) = webhook(
        &hub,
        json!({"name": "ci", "template": "deploy", "variables": {"repo": "/repo"}}),
    )
    .await;

    let unmapped = edit(&hub, "ci", json!({"template": "release"})).await;
    assert_eq!(
        unmapped.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        unmapped.body
    );
    assert_eq!(unmapped.code(), "validation");
    assert!(
        unmapped.body.to_string().contains("`tag`"),
        "{:?}",
        unmapped.body
    );
    let no_template = edit(&hub, "ci", json!({"template": "nope"})).await;
    assert_eq!(no_template.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad_pointer = edit(&hub, "ci", json!({"variables": {"repo": "repo"}})).await;
    assert_eq!(bad_pointer.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = edit(&hub, "wh-000000000000", json!({"name": "x"})).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{:?}", unknown.body);
    assert_eq!(unknown.code(), "not_found");
    let with_secret = edit(&hub, "ci", json!({"secret": "m3shd_wh_mine"})).await;
    assert_eq!(
        with_secret.status,
        StatusCode::BAD_REQUEST,
        "a secret is not set by PUT: {:?}",
        with_secret.body
    );
    assert!(with_secret.body.to_string().contains("secret"));

    let r = edit(
        &hub,
        "ci",
        json!({"name": "releases", "template": "release",
               "variables": {"repo": "/repository/full_name", "tag": "/release/tag_name"}}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["id"], id.as_str());
    assert_eq!(r.body["name"], "releases");
    assert_eq!(r.body["template"], "release");
    assert_eq!(
        r.body["trigger_path"],
        format!("/api/webhooks/{id}/trigger")
    );
    assert!(r.body.get("secret").is_none(), "{:?}", r.body);
    let list = hub.get("/api/admin/webhooks").await;
    assert_eq!(list.body["webhooks"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        list.body["webhooks"][0]["variables"]["tag"],
        "/release/tag_name"
    );

    // The URL and the secret the other system holds keep working, with the
    // new mapping.
    let path = format!("/api/webhooks/{id}/trigger");
    let body = br#"{"repository": {"full_name": "acme/site"}, "release": {"tag_name": "v2"}}"#;
    let ok = deliver(&hub, &path, &[("x-webhook-secret", &secret)], body).await;
    assert_eq!(ok.status, StatusCode::ACCEPTED, "{:?}", ok.body);
    let task = hub.task(ok.body["task_id"].as_str().expect("task")).await;
    assert_eq!(task.prompt, "release acme/site as v2");
    let old_shape = deliver(
        &hub,
        &path,
        &[("x-webhook-secret", &secret)],
        br#"{"repo": "acme/site"}"#,
    )
    .await;
    assert_eq!(old_shape.status, StatusCode::UNPROCESSABLE_ENTITY);

    let rows = audit_of(&hub, "operator", 1).await;
    assert!(
        rows.iter()
            .any(|e| e.action == "PUT /api/admin/webhooks/{id}"
                && e.target == "/api/admin/webhooks/ci"
                && e.status == 200),
        "{rows:?}"
    );
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_secret_is_shown_once_and_the_old_one_stops_working() {
    let mut hub = TestHub::start().await;
    template(&hub, "t", "run").await;
    let (id, old) = webhook(&hub, json!({"name": "ci", "template": "t"})).await;
    let r = hub
        .post("/api/admin/webhooks/ci/rotate-secret", json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["id"], id.as_str());
    let new = r.body["secret"].as_str().expect("secret").to_string();
    assert!(new.starts_with("m3shd_wh_") && new != old);
    let list = hub.get("/api/admin/webhooks").await;
    assert!(!list.body.to_string().contains(&new), "{:?}", list.body);

    let path = format!("/api/webhooks/{id}/trigger");
    let stale = deliver(&hub, &path, &[("x-webhook-secret", &old)], b"{}").await;
    assert_eq!(stale.status, StatusCode::UNAUTHORIZED);
    let fresh = deliver(&hub, &path, &[("x-webhook-secret", &new)], b"{}").await;
    assert_eq!(fresh.status, StatusCode::ACCEPTED, "{:?}", fresh.body);

    let unknown = hub
        .post("/api/admin/webhooks/nope/rotate-secret", json!({}))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let rows = audit_of(&hub, "operator", 1).await;
    assert!(
        rows.iter()
            .any(|e| e.action == "POST /api/admin/webhooks/{id}/rotate-secret" && e.status == 200),
        "{rows:?}"
    );
    hub.stop().await;
}

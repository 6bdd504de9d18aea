//! `POST /api/text`: a line of the command grammar, run by the runner the
//! hub was handed, with the caller's own credential. An in-process hub has
//! no runner (the grammar's interpreter sits above the hub): it answers 501,
//! and everything the hub itself decides (credential, limits, demo, audit)
//! is checked here; the real runner is in the end-to-end tests.

use std::sync::Arc;
use std::time::Duration;

use m3shd_api::{MAX_TEXT_BYTES, TextReply};
use m3shd_hubd::{TextCall, TextRunner};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::{Reply, TOKEN, TestHub, wait_for};

const PASSWORD: &str = "a long enough password";

async fn text(hub: &TestHub, token: Option<&str>, line: &str) -> Reply {
    hub.call_with(
        token,
        Method::POST,
        "/api/text",
        Some(json!({ "text": line })),
        None,
        &[],
    )
    .await
}

/// A runner that asks the hub, with the credential it was given, who it
/// is and what it may do, and answers that: what a line could do.
fn whoami_runner() -> TextRunner {
    Arc::new(|call: TextCall| {
        Box::pin(async move {
            let client =
                m3shd_client::Client::new(&call.hub_url, call.credential.expose()).expect("client");
            let reply = match client.whoami().await {
                Ok(me) => format!(
                    "{} {} may {}",
                    call.text,
                    me.name,
                    serde_json::to_string(&me.permissions).unwrap_or_default()
                ),
                Err(e) => format!("{} failed: {e}", call.text),
            };
            TextReply {
                reply,
                command: "probe".into(),
                is_command: true,
                ..TextReply::default()
            }
        })
    })
}

#[tokio::test]
async fn without_a_runner_a_line_is_refused_with_a_stable_code() {
    let mut hub = TestHub::start_with(|mut c| {
        c.demo = true;
        c
    })
    .await;
    // No credential (the demo grants none): 401, before anything else.
    let r = text(&hub, None, "status").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{:?}", r.body);
    // A credential without tasks:read (a peer hub's) may not.
    let peer = hub
        .post(
            "/api/admin/tokens",
            json!({"agent_id": "peer-b", "role": "federation"}),
        )
        .await;
    let peer = peer.body["token"].as_str().expect("token").to_string();
    let r = text(&hub, Some(&peer), "status").await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    // The hub's own checks come first: empty, too long, NUL.
    let r = text(&hub, Some(TOKEN), " \n\t ").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    assert_eq!(r.code(), "validation");
    let long = "x".repeat(MAX_TEXT_BYTES + 1);
    let r = text(&hub, Some(TOKEN), &format!("do {long}")).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{:?}", r.body);
    let r = text(&hub, Some(TOKEN), "do a\u{0}b").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{:?}", r.body);
    let r = hub
        .post("/api/text", json!({"text": "status", "extra": 1}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{:?}", r.body);
    // Then: no runner in this hub.
    let r = text(&hub, Some(TOKEN), "status").await;
    assert_eq!(r.status, StatusCode::NOT_IMPLEMENTED, "{:?}", r.body);
    assert_eq!(r.code(), "not_implemented");
    // Audited like every mutating call.
    let rows = wait_for("the audit rows", Duration::from_secs(10), || async {
        let r = hub.get("/api/admin/audit?action=POST%20/api/text").await;
        let rows = r.body["entries"].as_array().cloned().unwrap_or_default();
        (rows.len() >= 7).then_some(rows)
    })
    .await;
    assert!(
        rows.iter()
            .any(|e| e["status"] == 501 && e["actor"] == "operator"),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|e| e["status"] == 401 && e["actor"] == "anonymous")
    );
    hub.stop().await;
}

#[tokio::test]
async fn the_runner_gets_the_callers_own_credential() {
    let mut hub = TestHub::start_with(|mut c| {
        c.text_runner = Some(whoami_runner());
        c
    })
    .await;
    let r = text(&hub, Some(TOKEN), "status").await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["command"], "probe");
    assert!(
        r.body["reply"]
            .as_str()
            .unwrap_or_default()
            .starts_with("status operator may "),
        "{:?}",
        r.body
    );

    // A viewer, logged in by cookie: the runner holds that session, which
    // may read and nothing more.
    let u = hub
        .post(
            "/api/admin/users",
            json!({"username": "vic", "password": PASSWORD, "role": "viewer"}),
        )
        .await;
    assert_eq!(u.status, StatusCode::CREATED, "{:?}", u.body);
    let login = hub
        .call_with(
            None,
            Method::POST,
            "/api/web/login",
            Some(json!({"username": "vic", "password": PASSWORD})),
            None,
            &[],
        )
        .await;
    assert_eq!(login.status, StatusCode::OK, "{:?}", login.body);
    let pairs: Vec<(String, String)> = login
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| {
            v.to_str()
                .ok()?
                .split(';')
                .next()?
                .split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
        })
        .collect();
    let jar = pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let csrf = pairs
        .iter()
        .find(|(k, _)| k == "m3shd_csrf")
        .map(|(_, v)| v.clone())
        .expect("csrf");
    let line = Some(json!({"text": "pending"}));
    let no_csrf = hub
        .call_with(
            None,
            Method::POST,
            "/api/text",
            line.clone(),
            None,
            &[("cookie", &jar)],
        )
        .await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN, "{:?}", no_csrf.body);
    let r = hub
        .call_with(
            None,
            Method::POST,
            "/api/text",
            line,
            None,
            &[("cookie", &jar), ("x-csrf-token", &csrf)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let reply = r.body["reply"].as_str().unwrap_or_default();
    assert!(reply.starts_with("pending vic may "), "{reply}");
    assert!(reply.contains("tasks:read"), "{reply}");
    assert!(!reply.contains("tasks:write"), "never wider: {reply}");
    hub.stop().await;
}

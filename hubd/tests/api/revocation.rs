//! A live event stream or a waiting claim outlives the moment its token was
//! checked: it must end as soon as that token is revoked, logged out,
//! expired, or its user deleted — not keep delivering prompts and outputs.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use m3shd_api::Role;
use m3shd_hubd::ManualClock;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::TestHub;
use crate::users::{add_user, as_token, login};

/// Longer than the hub's re-check period with room for a busy machine; the
/// figure printed is what matters for operators.
const WITHIN: Duration = Duration::from_secs(10);

async fn mint(hub: &TestHub, agent: &str) -> (String, String) {
    let r = hub
        .post(
            "/api/admin/tokens",
            json!({"agent_id": agent, "permissions": Role::Worker.permissions()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    (
        r.body["id"].as_str().expect("id").to_string(),
        r.body["token"].as_str().expect("token").to_string(),
    )
}

/// An open `GET /api/stream` read as raw SSE text.
struct Sse {
    body: futures_util::stream::BoxStream<'static, reqwest::Result<Vec<u8>>>,
    text: String,
}

impl Sse {
    async fn open(hub: &TestHub, token: &str) -> Sse {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let resp = reqwest::Client::new()
            .get(hub.url("/api/stream"))
            .bearer_auth(token)
            .send()
            .await
            .expect("stream");
        assert_eq!(resp.status(), StatusCode::OK);
        Sse {
            body: resp.bytes_stream().map(|c| c.map(|b| b.to_vec())).boxed(),
            text: String::new(),
        }
    }

    /// Read until `needle` arrives (panics after `WITHIN`).
    async fn until(&mut self, needle: &str) {
        let deadline = Instant::now() + WITHIN;
        while !self.text.contains(needle) {
            let left = deadline.saturating_duration_since(Instant::now());
            match tokio::time::timeout(left, self.body.next()).await {
                Ok(Some(Ok(chunk))) => self.text.push_str(&String::from_utf8_lossy(&chunk)),
                Ok(other) => panic!(
                    "the stream ended before {needle:?}: {other:?}\n{}",
                    self.text
                ),
                Err(_) => panic!("no {needle:?} within {WITHIN:?}:\n{}", self.text),
            }
        }
    }

    /// The stream is told, then closed: returns how long that took.
    async fn ends_revoked(mut self, since: Instant) -> Duration {
        self.until("event: auth_revoked").await;
        let took = since.elapsed();
        let end = tokio::time::timeout(WITHIN, async {
            loop {
                match self.body.next().await {
                    None | Some(Err(_)) => return,
                    Some(Ok(chunk)) => {
                        let more = String::from_utf8_lossy(&chunk).into_owned();
                        assert!(
                            !more.contains("event: task_") && !more.contains("event: context"),
                            "an event after auth_revoked: {more}"
                        );
                    }
                }
            }
        })
        .await;
        assert!(end.is_ok(), "the stream stayed open after auth_revoked");
        took
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_agent_token_or_api_key_ends_its_stream_and_the_master_stream_lives_on() {
    let hub = TestHub::start().await;
    let (id, token) = mint(&hub, "phone").await;
    let mut master = Sse::open(&hub, crate::harness::TOKEN).await;
    let mut s = Sse::open(&hub, &token).await;
    hub.create(json!({"prompt": "echo before"})).await;
    s.until("echo before").await;

    let at = Instant::now();
    let r = hub
        .call(Method::DELETE, &format!("/api/admin/tokens/{id}"), None)
        .await;
    assert!(r.status.is_success(), "{:?}", r.body);
    let took = s.ends_revoked(at).await;
    println!("agent token revoked -> stream ended in {took:?}");

    let key = hub
        .post(
            "/api/admin/keys",
            json!({"name": "dash", "permissions": ["tasks:read"], "rate_limit_per_minute": 600, "daily_cap": 10000}),
        )
        .await;
    assert_eq!(key.status, StatusCode::CREATED, "{:?}", key.body);
    let s = Sse::open(&hub, key.body["key"].as_str().expect("key")).await;
    let at = Instant::now();
    let key_id = key.body["id"].as_str().expect("id");
    let r = hub
        .call(Method::DELETE, &format!("/api/admin/keys/{key_id}"), None)
        .await;
    assert!(r.status.is_success(), "{:?}", r.body);
    let took = s.ends_revoked(at).await;
    println!("API key revoked -> stream ended in {took:?}");

    // The master token's stream saw all of it and is still live.
    hub.create(json!({"prompt": "echo after"})).await;
    master.until("echo after").await;
    assert!(!master.text.contains("auth_revoked"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_stream_ends_at_logout_expiry_and_user_deletion() {
    let clock = ManualClock::new(chrono::Utc::now());
    let c = clock.clone();
    let hub = TestHub::start_with(move |mut cfg| {
        cfg.clock = Arc::new(c);
        cfg
    })
    .await;
    add_user(&hub, "alice", "alice-password-1", "viewer").await;

    let session = login(&hub, "alice", "alice-password-1").await;
    let s = Sse::open(&hub, &session).await;
    let at = Instant::now();
    let r = as_token(&hub, &session, Method::POST, "/api/logout", None).await;
    assert!(r.status.is_success(), "{:?}", r.body);
    println!("logout -> stream ended in {:?}", s.ends_revoked(at).await);

    let session = login(&hub, "alice", "alice-password-1").await;
    let s = Sse::open(&hub, &session).await;
    let at = Instant::now();
    clock.advance(Duration::from_secs(25 * 3600)); // past the 24 h TTL
    println!("expiry -> stream ended in {:?}", s.ends_revoked(at).await);
    clock.advance(Duration::ZERO);

    let session = login(&hub, "alice", "alice-password-1").await;
    let s = Sse::open(&hub, &session).await;
    let at = Instant::now();
    let r = hub
        .call(Method::DELETE, "/api/admin/users/alice", None)
        .await;
    assert!(r.status.is_success(), "{:?}", r.body);
    println!(
        "user deleted -> stream ended in {:?}",
        s.ends_revoked(at).await
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_waiting_claim_ends_with_401_when_its_token_is_revoked() {
    let hub = TestHub::start().await;
    let (id, token) = mint(&hub, "rex").await;
    let r = as_token(
        &hub,
        &token,
        Method::POST,
        "/api/agents/rex/register",
        Some(json!({"name": "rex", "capabilities": ["general"], "max_concurrent": 1})),
    )
    .await;
    assert!(r.status.is_success(), "{:?}", r.body);
    let claim = {
        let url = hub.url("/api/agents/rex/claim");
        let token = token.clone();
        tokio::spawn(async move {
            let started = Instant::now();
            let r = reqwest::Client::new()
                .post(url)
                .bearer_auth(token)
                .json(&json!({"wait_ms": 25_000}))
                .send()
                .await
                .expect("claim");
            (r.status(), started.elapsed())
        })
    };
    // Revoke once the claim waits (nothing is queued for it).
    crate::harness::wait_for("the claim to wait", WITHIN, || async {
        let m = hub.get("/metrics").await;
        m.body
            .as_str()
            .is_some_and(|t| t.contains("m3shd_claims_waiting 1"))
            .then_some(())
    })
    .await;
    let r = hub
        .call(Method::DELETE, &format!("/api/admin/tokens/{id}"), None)
        .await;
    assert!(r.status.is_success(), "{:?}", r.body);
    let (status, took) = claim.await.expect("claim task");
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        took < Duration::from_secs(20),
        "ended before its wait: {took:?}"
    );
    println!("token revoked -> waiting claim answered 401 after {took:?} of its 25 s wait");
}

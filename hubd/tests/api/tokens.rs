//! Agent tokens and join keys over HTTP: an agent acts only as itself,
//! revocation is immediate, a join key is spent by use.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::{Reply, TestHub};

async fn mint(hub: &TestHub, agent: &str, role: &str) -> String {
    let r = hub
        .post(
            "/api/admin/tokens",
            json!({"agent_id": agent, "role": role}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body["token"].as_str().expect("token").to_string()
}

async fn as_token(
    hub: &TestHub,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Reply {
    hub.call_with(Some(token), method, path, body, None, &[])
        .await
}

#[tokio::test]
async fn an_agent_token_cannot_touch_another_agents_lease() {
    let mut hub = TestHub::start().await;
    let rex = mint(&hub, "rex", "worker").await;
    let crucible = mint(&hub, "crucible", "worker").await;
    for (token, agent) in [(&rex, "rex"), (&crucible, "crucible")] {
        let r = as_token(
            &hub,
            token,
            Method::POST,
            &format!("/api/agents/{agent}/register"),
            Some(json!({"capabilities": ["echo"], "max_concurrent": 1})),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    }
    let task = hub
        .create(json!({"prompt": "hi", "assign_to": "rex"}))
        .await;
    let claimed = as_token(
        &hub,
        &rex,
        Method::POST,
        "/api/agents/rex/claim",
        Some(json!({})),
    )
    .await;
    let fence = claimed.body["claims"][0]["lease"]["fence"]
        .as_i64()
        .expect("rex holds it");

    // Crucible's token may not claim as rex, nor complete rex's task either
    // by naming rex or as itself.
    let r = as_token(
        &hub,
        &crucible,
        Method::POST,
        "/api/agents/rex/claim",
        Some(json!({})),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let done = json!({"fence": fence, "output": "stolen"});
    let path = format!("/api/tasks/{}/complete", task.id);
    let r = hub
        .call_with(
            Some(&crucible),
            Method::POST,
            &path,
            Some(done.clone()),
            Some("rex"),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    let r = as_token(&hub, &crucible, Method::POST, &path, Some(done.clone())).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    assert_eq!(r.code(), "stale_lease");
    assert_eq!(hub.task(&task.id).await.output, None);

    // Rex completes its own, without naming itself.
    let r = as_token(
        &hub,
        &rex,
        Method::POST,
        &path,
        Some(json!({"fence": fence, "output": "mine"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    hub.stop().await;
}

#[tokio::test]
async fn a_revoked_token_is_refused_on_its_next_request() {
    let mut hub = TestHub::start().await;
    let r = hub
        .post(
            "/api/admin/tokens",
            json!({"agent_id": "phone", "role": "mobile"}),
        )
        .await;
    let token = r.body["token"].as_str().expect("token").to_string();
    let id = r.body["id"].as_str().expect("id").to_string();
    assert_eq!(
        as_token(&hub, &token, Method::GET, "/api/tasks", None)
            .await
            .status,
        StatusCode::OK
    );
    // The secret is shown once: the listing has only its id.
    let list = hub.get("/api/admin/tokens").await;
    assert!(!list.body.to_string().contains(&token));
    assert_eq!(list.body["tokens"][0]["id"], id.as_str());

    let r = hub
        .call(Method::DELETE, &format!("/api/admin/tokens/{id}"), None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = as_token(&hub, &token, Method::GET, "/api/tasks", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = hub
        .call(Method::DELETE, &format!("/api/admin/tokens/{id}"), None)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    hub.stop().await;
}

#[tokio::test]
async fn nobody_mints_more_than_they_hold() {
    let mut hub = TestHub::start().await;
    let r = hub
        .post(
            "/api/admin/tokens",
            json!({"agent_id": "lead", "permissions": ["admin:tokens", "tasks:read"]}),
        )
        .await;
    let lead = r.body["token"].as_str().expect("token").to_string();
    let r = as_token(
        &hub,
        &lead,
        Method::POST,
        "/api/admin/tokens",
        Some(json!({"agent_id": "x", "role": "admin"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    let r = as_token(
        &hub,
        &lead,
        Method::POST,
        "/api/admin/tokens",
        Some(json!({"agent_id": "x", "permissions": ["tasks:read"]})),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let r = hub
        .post(
            "/api/admin/tokens",
            json!({"agent_id": "x", "permissions": ["tasks:delete"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{:?}", r.body);
    hub.stop().await;
}

#[tokio::test]
async fn a_join_key_is_spent_by_use_and_cannot_take_over_an_agent() {
    let mut hub = TestHub::start().await;
    let r = hub
        .post("/api/admin/join-keys", json!({"role": "worker", "uses": 1}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let key = r.body["key"].as_str().expect("key").to_string();

    // The join key is good for nothing but joining.
    assert_eq!(
        as_token(&hub, &key, Method::GET, "/api/tasks", None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let r = as_token(
        &hub,
        &key,
        Method::POST,
        "/api/join",
        Some(json!({"agent_id": "pi-one"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let token = r.body["token"].as_str().expect("token").to_string();
    assert!(token.starts_with("m3shd_ag_"));
    assert_eq!(r.body["agent_id"], "pi-one");
    let me = as_token(&hub, &token, Method::GET, "/api/whoami", None).await;
    assert_eq!(me.body["name"], "pi-one");
    assert_eq!(me.body["kind"], "agent");

    // Single use.
    let r = as_token(
        &hub,
        &key,
        Method::POST,
        "/api/join",
        Some(json!({"agent_id": "pi-two"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{:?}", r.body);

    // A fresh key cannot enrol an id that already has a live token.
    let r = hub
        .post("/api/admin/join-keys", json!({"role": "worker", "uses": 2}))
        .await;
    let key2 = r.body["key"].as_str().expect("key").to_string();
    let r = as_token(
        &hub,
        &key2,
        Method::POST,
        "/api/join",
        Some(json!({"agent_id": "pi-one"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    hub.stop().await;
}

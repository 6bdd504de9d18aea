//! Federation between real hubs on loopback: overflow relay and the return
//! of the result, trust marks and delimited federated input, relayed costs
//! on both sides, loops and hop limits, a peer lost mid-task, a refused
//! token.

use std::time::{Duration, Instant};

use m3shd_api::Claimed;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::TestHub;

/// A hub named `name` that relays after 200 ms and calls its peers every
/// 100 ms (1 s leases).
pub(crate) async fn hub(name: &str) -> TestHub {
    let name = name.to_string();
    TestHub::start_with(move |mut c| {
        c = c.with_lease_timeout(Duration::from_secs(1));
        c.hub_name = Some(name);
        c.relay_after = Duration::from_millis(200);
        c.peer_interval = Some(Duration::from_millis(100));
        c
    })
    .await
}

/// A `federation` token minted on `hub` (for a peer to present).
pub(crate) async fn federation_token(hub: &TestHub, agent: &str) -> String {
    let r = hub
        .post(
            "/api/admin/tokens",
            json!({"agent_id": agent, "role": "federation"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body["token"].as_str().expect("token").to_string()
}

/// `from` relays to `to` under `name`, with a token `to` minted.
pub(crate) async fn peer(from: &TestHub, name: &str, to: &TestHub) -> String {
    let token = federation_token(to, &format!("fed-{name}")).await;
    add_peer(from, name, &to.base, &token).await;
    token
}

pub(crate) async fn add_peer(from: &TestHub, name: &str, url: &str, token: &str) {
    let r = from
        .post(
            "/api/admin/peers",
            json!({"name": name, "url": url, "token": token}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert!(r.body.get("token").is_none(), "never shown back");
}

pub(crate) async fn wait_for<T>(what: &str, mut f: impl AsyncFnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

pub(crate) async fn peer_entry(hub: &TestHub, name: &str) -> Value {
    let r = hub.get("/api/admin/peers").await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body["peers"]
        .as_array()
        .expect("peers")
        .iter()
        .find(|p| p["name"] == name)
        .cloned()
        .expect("the peer is listed")
}

/// Claim on `hub` as `agent` until a task comes.
pub(crate) async fn claim_one(hub: &TestHub, agent: &str) -> Claimed {
    wait_for("a claim", async || hub.claim(agent, 200).await.pop()).await
}

pub(crate) async fn complete(
    hub: &TestHub,
    agent: &str,
    c: &Claimed,
    output: &str,
    cost: f64,
) -> StatusCode {
    hub.lease_call(
        agent,
        &c.task.id,
        "complete",
        json!({"fence": c.lease.fence, "output": output,
               "usage": {"model": "m1", "input_tokens": 10, "output_tokens": 5, "cost_usd": cost}}),
    )
    .await
    .status
}

pub(crate) async fn federation_of(hub: &TestHub, task: &str) -> Value {
    let r = hub.get(&format!("/api/tasks/{task}/federation")).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body
}

pub(crate) async fn done(hub: &TestHub, id: &str) -> m3shd_api::Task {
    wait_for("the task to finish", async || {
        let t = hub.task(id).await;
        t.status.is_final().then_some(t)
    })
    .await
}

#[tokio::test]
async fn a_task_no_local_agent_can_take_runs_on_a_peer_and_comes_back_marked() {
    let a = hub("hub-a").await;
    let b = hub("hub-b").await;
    let token = peer(&a, "b", &b).await;
    b.register("wb", &["summarise"], 1).await;
    let online = wait_for("peer b online", async || {
        let p = peer_entry(&a, "b").await;
        (p["status"] == "online" && p["capacity"]["summarise"] == 1).then_some(p)
    })
    .await;
    assert_eq!(online["hub"], "hub-b");
    assert_eq!(online["agent_id"], "peer-b");

    let task = a
        .create(json!({"prompt": "Summarise the log", "required_capability": "summarise"}))
        .await;
    let c = claim_one(&b, "wb").await;
    // What the worker on the peer is handed: delimited, named by the origin.
    assert!(
        c.task.prompt.starts_with(
            "--- federated input from hub-a (untrusted) ---\nSummarise the log\n--- end federated input ---"
        ),
        "{}",
        c.task.prompt
    );
    let on_b = federation_of(&b, &c.task.id).await;
    assert_eq!(on_b["trust"], "federated");
    assert_eq!(on_b["origin_hub"], "hub-a");
    assert_eq!(on_b["origin_task_id"], task.id.as_str());
    assert_eq!(on_b["hops"], 1);
    assert_eq!(on_b["visited"], json!(["hub-a"]));
    let b_task = b.task(&c.task.id).await;
    assert_eq!(b_task.prompt, "Summarise the log", "stored as sent");

    assert_eq!(
        complete(&b, "wb", &c, "the summary", 0.25).await,
        StatusCode::OK
    );
    let back = done(&a, &task.id).await;
    assert_eq!(back.status, m3shd_api::TaskStatus::Done);
    assert_eq!(back.output.as_deref(), Some("the summary"));
    assert_eq!(back.assigned_to.as_deref(), Some("peer-b"));
    assert_eq!(back.model.as_deref(), Some("relayed:b/m1"));
    assert_eq!(back.cost_usd, Some(0.25));
    assert_eq!(back.input_tokens, Some(10));
    // Both sides record the cost.
    assert_eq!(b.task(&c.task.id).await.cost_usd, Some(0.25));

    let on_a = federation_of(&a, &task.id).await;
    assert_eq!(on_a["trust"], "local");
    assert_eq!(on_a["relayed_to"], "b");
    assert_eq!(on_a["peer_hub"], "hub-b");
    assert_eq!(on_a["peer_task_id"], c.task.id.as_str());
    assert!(on_a["relay_fence"].is_null(), "settled");
    let prov = a.get(&format!("/api/tasks/{}/provenance", task.id)).await;
    assert_eq!(prov.status, StatusCode::OK, "{:?}", prov.body);

    let p = peer_entry(&a, "b").await;
    assert_eq!(p["relayed"], 1);
    assert_eq!(p["succeeded"], 1);
    assert_eq!(p["success_rate"], 1.0);
    let listed = a.get("/api/admin/peers").await;
    assert!(
        !listed.body.to_string().contains(&token),
        "the token never comes back"
    );
}

#[tokio::test]
async fn a_task_relays_on_through_a_triangle_and_never_back_to_a_hub_it_saw() {
    let a = hub("hub-a").await;
    let b = hub("hub-b").await;
    let c = hub("hub-c").await;
    // Every hub is every other hub's peer.
    peer(&a, "b", &b).await;
    peer(&a, "c", &c).await;
    peer(&b, "a", &a).await;
    peer(&b, "c", &c).await;
    peer(&c, "a", &a).await;
    peer(&c, "b", &b).await;
    // Only b can take the capability at first; a takes it onwards to b.
    b.register("wb", &["render"], 1).await;
    wait_for("b reports render", async || {
        (peer_entry(&a, "b").await["capacity"]["render"] == 1).then_some(())
    })
    .await;
    let task = a
        .create(json!({"prompt": "Render it", "required_capability": "render"}))
        .await;
    let on_b = wait_for("the task on b", async || {
        let r = b.get("/api/tasks?limit=50").await;
        r.body["tasks"].as_array()?.first().cloned()
    })
    .await;
    let b_id = on_b["id"].as_str().expect("id").to_string();
    // b loses its agent before running it; c now has one: b relays on.
    let r = b.post("/api/agents/wb/deregister", json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    c.register("wc", &["render"], 1).await;
    let claimed = claim_one(&c, "wc").await;
    let on_c = federation_of(&c, &claimed.task.id).await;
    assert_eq!(on_c["origin_hub"], "hub-a");
    assert_eq!(on_c["origin_task_id"], task.id.as_str());
    assert_eq!(on_c["hops"], 2);
    assert_eq!(on_c["visited"], json!(["hub-a", "hub-b"]));
    assert!(
        claimed
            .task
            .prompt
            .starts_with("--- federated input from hub-a (untrusted) ---"),
        "named by the hub it came from: {}",
        claimed.task.prompt
    );
    assert_eq!(
        complete(&c, "wc", &claimed, "rendered on c", 0.5).await,
        StatusCode::OK
    );
    // Back along the path: c → b → a.
    assert_eq!(
        done(&b, &b_id).await.output.as_deref(),
        Some("rendered on c")
    );
    let back = done(&a, &task.id).await;
    assert_eq!(back.output.as_deref(), Some("rendered on c"));
    assert_eq!(back.model.as_deref(), Some("relayed:b/relayed:c/m1"));
    assert_eq!(
        federation_of(&b, &b_id).await["relayed_to"],
        "c",
        "b relayed it on"
    );

    // A hub refuses what it has seen, and what travelled too far.
    let token = federation_token(&c, "probe").await;
    let offer = |visited: Value, hops: u32, from: &str| {
        json!({"origin_hub": "hub-a", "origin_task_id": "t-1", "from_hub": from, "fence": 1,
               "title": "t", "prompt": "p", "hops": hops, "visited": visited})
    };
    let call = async |body: Value| {
        c.call_with(
            Some(&token),
            Method::POST,
            "/api/federation/tasks",
            Some(body),
            None,
            &[],
        )
        .await
    };
    let r = call(offer(json!(["hub-a", "hub-c", "hub-b"]), 3, "hub-b")).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    assert_eq!(r.code(), "federation_loop");
    let r = call(offer(
        json!(["hub-a", "hub-b", "hub-d", "hub-e"]),
        4,
        "hub-e",
    ))
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    assert_eq!(r.code(), "hop_limit");
    // The token does what a peer needs and nothing else.
    let r = c
        .call_with(Some(&token), Method::GET, "/api/tasks", None, None, &[])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
}

#[tokio::test]
async fn a_peer_lost_mid_task_gives_it_back_and_its_late_result_is_refused() {
    let a = hub("hub-a").await;
    let mut b = hub("hub-b").await;
    let token = peer(&a, "b", &b).await;
    b.register("wb", &["crunch"], 1).await;
    wait_for("b reports crunch", async || {
        (peer_entry(&a, "b").await["capacity"]["crunch"] == 1).then_some(())
    })
    .await;
    let task = a
        .create(json!({"prompt": "Crunch", "required_capability": "crunch"}))
        .await;
    let on_b = claim_one(&b, "wb").await;
    let first = federation_of(&a, &task.id).await;
    let fence = first["relay_fence"].as_i64().expect("relay outstanding");

    // b goes down mid-task: a's lease on it lapses and a takes the task back.
    b.stop().await;
    wait_for("b unreachable", async || {
        (peer_entry(&a, "b").await["status"] == "unreachable").then_some(())
    })
    .await;
    a.register("wa", &["crunch"], 1).await;
    let local = claim_one(&a, "wa").await;
    assert_eq!(local.task.id, task.id);
    assert!(local.lease.fence.0 > fence, "the fence went up");
    assert_eq!(
        complete(&a, "wa", &local, "crunched here", 0.1).await,
        StatusCode::OK
    );

    // b comes back and finishes its copy: a refuses that late result.
    b.restart_with(|mut c| {
        c = c.with_lease_timeout(Duration::from_secs(1));
        c.hub_name = Some("hub-b".into());
        c
    })
    .await;
    b.register("wb", &["crunch"], 1).await;
    assert_eq!(
        complete(&b, "wb", &on_b, "crunched on b", 9.0).await,
        StatusCode::OK
    );
    add_peer(&a, "b", &b.base, &token).await;
    wait_for("the late result handled", async || {
        federation_of(&a, &task.id).await["relay_fence"]
            .is_null()
            .then_some(())
    })
    .await;
    let t = a.task(&task.id).await;
    assert_eq!(t.output.as_deref(), Some("crunched here"), "applied once");
    assert_eq!(t.cost_usd, Some(0.1), "the late run's cost is not added");
    assert_eq!(t.assigned_to.as_deref(), Some("wa"));
}

#[tokio::test]
async fn a_wrong_token_is_refused_and_the_peer_list_says_so() {
    let a = hub("hub-a").await;
    let b = hub("hub-b").await;
    add_peer(&a, "b", &b.base, "m3shd_ag_not-a-real-token").await;
    let p = wait_for("b refused", async || {
        let p = peer_entry(&a, "b").await;
        (p["status"] == "refused").then_some(p)
    })
    .await;
    assert!(p["error"].as_str().unwrap_or("").contains("refused"), "{p}");
    // A revoked token is refused the same way.
    let token = federation_token(&b, "fed-a").await;
    add_peer(&a, "b", &b.base, &token).await;
    wait_for("b online", async || {
        (peer_entry(&a, "b").await["status"] == "online").then_some(())
    })
    .await;
    let tokens = b.get("/api/admin/tokens").await;
    let id = tokens.body["tokens"]
        .as_array()
        .expect("tokens")
        .iter()
        .find(|t| t["agent_id"] == "fed-a")
        .and_then(|t| t["id"].as_str())
        .expect("the token")
        .to_string();
    let r = b
        .call(Method::DELETE, &format!("/api/admin/tokens/{id}"), None)
        .await;
    assert!(r.status.is_success(), "{:?}", r.body);
    wait_for("b refused again", async || {
        (peer_entry(&a, "b").await["status"] == "refused").then_some(())
    })
    .await;
    // Removing the peer removes it from the list.
    let r = a.call(Method::DELETE, "/api/admin/peers/b", None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{:?}", r.body);
    let r = a.get("/api/admin/peers").await;
    assert_eq!(r.body["peers"], json!([]));
    let r = a.call(Method::DELETE, "/api/admin/peers/b", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // The answer names the peer as the operator knows it.
    assert_eq!(r.body["error"]["message"], "no peer \"b\"");
}

//! The return of a relay between real hubs: a result pushed back signed
//! (no poll needed), a forged, replayed or late push, the peer's signed
//! provenance link and its own verdict on it, and a cancel that follows the
//! relay to the peer.

use std::time::Duration;

use m3shd_hubd::domain::ProvenanceKey;
use m3shd_hubd::domain::federation::sign;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::federation::{
    claim_one, complete, done, federation_of, federation_token, peer, peer_entry, wait_for,
};
use crate::harness::TestHub;

/// The origin's provenance key, so the test can sign as its peer would.
const KEY: &str = "1111111111111111111111111111111111111111111111111111111111111111";
/// The peer's.
const KEY_B: &str = "2222222222222222222222222222222222222222222222222222222222222222";

fn key_of(name: &str) -> ProvenanceKey {
    ProvenanceKey::from_hex(if name == "hub-a" { KEY } else { KEY_B }).expect("key")
}

/// A hub that polls a relay whose peer pushes only every ten minutes (far
/// beyond any deadline here), relays after 200 ms, passes every 100 ms.
async fn pushing_hub(name: &str) -> TestHub {
    let name = name.to_string();
    TestHub::start_with(move |mut c| {
        c = c.with_lease_timeout(Duration::from_secs(1));
        c.hub_name = Some(name.clone());
        c.relay_after = Duration::from_millis(200);
        c.peer_interval = Some(Duration::from_millis(100));
        c.relay_poll = Duration::from_secs(600);
        c.provenance_key = Some(key_of(&name));
        c
    })
    .await
}

/// `a` relays to `b` and `b` can push back to `a`: both are each other's
/// peers and have heard each other's names. Returns the token `b` presents
/// to `a`.
async fn peered(a: &TestHub, b: &TestHub, cap: &str) -> String {
    peer(a, "b", b).await;
    let b_on_a = peer(b, "a", a).await;
    b.register("wb", &[cap], 1).await;
    wait_for("a sees b's capacity", async || {
        (peer_entry(a, "b").await["capacity"][cap] == 1).then_some(())
    })
    .await;
    wait_for("b knows a's name", async || {
        (peer_entry(b, "a").await["hub"] == "hub-a").then_some(())
    })
    .await;
    b_on_a
}

/// A push to `hub` for its task `task` under `fence`, signed with `secret`
/// (None: no signature header).
async fn push(
    hub: &TestHub,
    token: &str,
    task: &str,
    body: &Value,
    secret: Option<&str>,
) -> crate::harness::Reply {
    let bytes = serde_json::to_vec(body).expect("body");
    let sig = secret.map(|s| sign::sign(s, &bytes));
    let headers: Vec<(&str, &str)> = sig
        .as_deref()
        .map(|s| vec![("X-M3SHD-Signature", s)])
        .unwrap_or_default();
    hub.call_with(
        Some(token),
        Method::POST,
        &format!("/api/federation/results/{task}"),
        Some(body.clone()),
        None,
        &headers,
    )
    .await
}

fn secret(task: &str, fence: i64) -> String {
    sign::relay_secret(&ProvenanceKey::from_hex(KEY).expect("key"), task, fence)
}

#[tokio::test]
async fn a_result_comes_back_by_a_signed_push_with_the_peers_signed_link() {
    let a = pushing_hub("hub-a").await;
    let b = pushing_hub("hub-b").await;
    let token = peered(&a, &b, "summarise").await;

    let task = a
        .create(json!({"prompt": "Summarise the log", "required_capability": "summarise"}))
        .await;
    let c = claim_one(&b, "wb").await;
    let fence = federation_of(&a, &task.id).await["relay_fence"]
        .as_i64()
        .expect("relay outstanding");
    assert_eq!(
        complete(&b, "wb", &c, "the summary", 0.25).await,
        StatusCode::OK
    );
    // Polled only every ten minutes: back within the deadline means pushed.
    let back = done(&a, &task.id).await;
    assert_eq!(back.status, m3shd_api::TaskStatus::Done);
    assert_eq!(back.output.as_deref(), Some("the summary"));
    assert_eq!(back.cost_usd, Some(0.25));
    let on_a = federation_of(&a, &task.id).await;
    assert!(on_a["relay_fence"].is_null(), "settled: {on_a}");
    assert_eq!(on_a["peer_task_id"], c.task.id.as_str());
    // The peer forgets the relay's secret once the result is delivered.
    wait_for("b's secret dropped", async || {
        let left = b
            .db_text(
                "SELECT CAST(count(*) AS TEXT) FROM task_federation \
                 WHERE callback_secret IS NOT NULL",
                &[],
            )
            .await;
        (left.as_deref() == Some("0")).then_some(())
    })
    .await;
    let p = peer_entry(&a, "b").await;
    assert_eq!(
        (p["relayed"].as_u64(), p["succeeded"].as_u64()),
        (Some(1), Some(1))
    );

    // The peer's signed link is chained into a's own, and shown.
    let b_chain = b.get(&format!("/api/tasks/{}/provenance", c.task.id)).await;
    assert_eq!(b_chain.status, StatusCode::OK, "{:?}", b_chain.body);
    let b_link = b_chain.body["chain"][0].clone();
    let prov = a.get(&format!("/api/tasks/{}/provenance", task.id)).await;
    assert_eq!(prov.status, StatusCode::OK, "{:?}", prov.body);
    assert_eq!(prov.body["verified"], true, "{}", prov.body);
    let link = &prov.body["chain"][0];
    assert_eq!(link["federated"]["hub"], "hub-b");
    assert_eq!(link["federated"]["task_id"], c.task.id.as_str());
    assert_eq!(link["federated"]["signature"], b_link["signature"]);
    assert_eq!(link["federated"]["output_hash"], link["output_hash"]);
    assert_eq!(
        link["prev_hash"], b_link["signature"],
        "a's link chains from the peer's signature"
    );
    // The peer vouches for its own chain.
    let verdict = a
        .get(&format!("/api/tasks/{}/provenance/peer", task.id))
        .await;
    assert_eq!(verdict.status, StatusCode::OK, "{:?}", verdict.body);
    assert_eq!(verdict.body["verified"], true, "{}", verdict.body);
    assert_eq!(verdict.body["peer"], "b");
    assert_eq!(verdict.body["report"]["verified"], true);

    // A replay of an applied result changes nothing.
    let replay = json!({"fence": fence, "result": {
        "hub": "hub-b", "task_id": c.task.id, "status": "done", "output": "something else"}});
    let r = push(
        &a,
        &token,
        &task.id,
        &replay,
        Some(&secret(&task.id, fence)),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["applied"], false);
    assert_eq!(r.body["status"], "done");
    assert_eq!(
        a.task(&task.id).await.output.as_deref(),
        Some("the summary")
    );
    // A forged or missing signature is refused, whatever the body says.
    let r = push(&a, &token, &task.id, &replay, Some(&"ab".repeat(32))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    assert_eq!(r.code(), "bad_signature");
    let r = push(&a, &token, &task.id, &replay, None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    assert_eq!(r.code(), "bad_signature");
    // Signed for an older lease: late.
    let old = json!({"fence": fence - 1, "result": {
        "hub": "hub-b", "task_id": c.task.id, "status": "done", "output": "old"}});
    let r = push(
        &a,
        &token,
        &task.id,
        &old,
        Some(&secret(&task.id, fence - 1)),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    assert_eq!(r.code(), "stale_lease");
    // Garbage is refused before anything is read.
    let r = a
        .call_with(
            Some(&token),
            Method::POST,
            &format!("/api/federation/results/{}", task.id),
            Some(json!({"fence": "x"})),
            None,
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{:?}", r.body);
    assert_eq!(
        a.task(&task.id).await.output.as_deref(),
        Some("the summary")
    );

    // A link altered at rest breaks a's chain, and the peer no longer
    // vouches for it.
    a.db_execute(
        "UPDATE federated_links SET signature = $1 WHERE task_id = $2",
        &["cd".repeat(32).as_str(), task.id.as_str()],
    )
    .await;
    let prov = a.get(&format!("/api/tasks/{}/provenance", task.id)).await;
    assert_eq!(prov.body["verified"], false, "{}", prov.body);
    let verdict = a
        .get(&format!("/api/tasks/{}/provenance/peer", task.id))
        .await;
    assert_eq!(verdict.body["verified"], false, "{}", verdict.body);
    assert!(
        verdict.body["reason"]
            .as_str()
            .unwrap_or("")
            .contains("not the one it returned"),
        "{}",
        verdict.body
    );
    // A task that was not relayed has no peer to ask.
    let local = a.create(json!({"prompt": "here"})).await;
    let r = a
        .get(&format!("/api/tasks/{}/provenance/peer", local.id))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{:?}", r.body);
}

#[tokio::test]
async fn cancelling_a_relayed_task_cancels_the_peers_copy_even_when_it_was_down() {
    let a = pushing_hub("hub-a").await;
    let mut b = pushing_hub("hub-b").await;
    peered(&a, &b, "crunch").await;

    // Cancelled while the peer runs it: the peer's copy is cancelled too.
    let t1 = a
        .create(json!({"prompt": "Crunch one", "required_capability": "crunch"}))
        .await;
    let c1 = claim_one(&b, "wb").await;
    let r = a
        .post(&format!("/api/tasks/{}/cancel", t1.id), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["status"], "cancelled");
    let on_b = done(&b, &c1.task.id).await;
    assert_eq!(on_b.status, m3shd_api::TaskStatus::Cancelled);
    assert_eq!(
        complete(&b, "wb", &c1, "too late", 0.1).await,
        StatusCode::CONFLICT,
        "the worker on b can no longer deliver"
    );
    wait_for("a forgets the relay", async || {
        federation_of(&a, &t1.id).await["relay_fence"]
            .is_null()
            .then_some(())
    })
    .await;
    assert_eq!(
        a.task(&t1.id).await.status,
        m3shd_api::TaskStatus::Cancelled
    );

    // A forged cancel is refused by the peer.
    let t2 = a
        .create(json!({"prompt": "Crunch two", "required_capability": "crunch"}))
        .await;
    let c2 = claim_one(&b, "wb").await;
    let a_on_b = federation_token(&b, "probe").await;
    let r = b
        .call_with(
            Some(&a_on_b),
            Method::POST,
            &format!("/api/federation/tasks/{}/cancel", c2.task.id),
            Some(json!({"fence": 1})),
            None,
            &[("X-M3SHD-Signature", "sha256=00")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    assert_eq!(r.code(), "bad_signature");
    assert_eq!(
        b.task(&c2.task.id).await.status,
        m3shd_api::TaskStatus::Running
    );

    // The peer is down when the task is cancelled: the cancel here does not
    // wait for it, and the peer is told once it is back.
    b.stop().await;
    let r = a
        .post(&format!("/api/tasks/{}/cancel", t2.id), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["status"], "cancelled");
    assert!(
        !federation_of(&a, &t2.id).await["relay_fence"].is_null(),
        "still to tell the peer"
    );
    b.restart_with(|mut c| {
        c = c.with_lease_timeout(Duration::from_secs(1));
        c.hub_name = Some("hub-b".into());
        // The same key: a hub on PostgreSQL refuses to start with another.
        c.provenance_key = Some(key_of("hub-b"));
        c
    })
    .await;
    // Back on a new port: the operator points a at it again.
    let b_token = federation_token(&b, "fed-b-again").await;
    crate::federation::add_peer(&a, "b", &b.base, &b_token).await;
    let on_b = done(&b, &c2.task.id).await;
    assert_eq!(on_b.status, m3shd_api::TaskStatus::Cancelled);
    wait_for("a forgets the relay", async || {
        federation_of(&a, &t2.id).await["relay_fence"]
            .is_null()
            .then_some(())
    })
    .await;
}

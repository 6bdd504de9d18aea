//! What federation may and may not touch, between real hubs: a template
//! that refuses federated input (offers naming it refused, its own tasks
//! never relayed), peers' entries kept out of the mesh's agents, and a
//! peer's record kept across a restart.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::federation::{
    claim_one, complete, done, federation_of, federation_token, hub, peer, peer_entry, wait_for,
};

fn offer(template: Option<&str>, origin_task: &str) -> Value {
    let mut o = json!({"origin_hub": "hub-a", "origin_task_id": origin_task, "from_hub": "hub-a",
        "fence": 1, "title": "t", "prompt": "p", "hops": 1, "visited": ["hub-a"]});
    if let Some(t) = template {
        o["template"] = json!(t);
    }
    o
}

#[tokio::test]
async fn a_template_that_refuses_federated_input_keeps_its_work_on_its_hub() {
    let a = hub("hub-a").await;
    let b = hub("hub-b").await;
    // On b, `ledger` refuses federated input (set after it was made).
    let r = b
        .post(
            "/api/templates",
            json!({"name": "ledger", "prompt_template": "Reconcile {month}"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["federated_input"], "accept", "the default");
    let r = b
        .call(
            Method::PUT,
            "/api/templates/ledger",
            Some(json!({"federated_input": "refuse"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["federated_input"], "refuse");
    let r = b
        .call(
            Method::PUT,
            "/api/templates/ledger",
            Some(json!({"federated_input": "maybe"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{:?}", r.body);
    let r = b
        .call(
            Method::PUT,
            "/api/templates/nope",
            Some(json!({"federated_input": "refuse"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{:?}", r.body);

    // An offer naming it is refused; one naming another template is not.
    let token = federation_token(&b, "fed-a").await;
    let call = async |body: Value| {
        b.call_with(
            Some(&token),
            Method::POST,
            "/api/federation/tasks",
            Some(body),
            None,
            &[],
        )
        .await
    };
    let r = call(offer(Some("ledger"), "t-1")).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    assert_eq!(r.code(), "federated_input_refused");
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("ledger")
    );
    let r = call(offer(Some("digest"), "t-2")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let taken = r.body["task_id"].as_str().expect("task").to_string();
    assert_eq!(federation_of(&b, &taken).await["template"], "digest");
    let r = call(offer(Some("Not A Name"), "t-3")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);

    // On a, a refusing template's task is never relayed, though a peer
    // could take it; an accepting template's task queued after it is.
    peer(&a, "b", &b).await;
    b.register("wb", &["books"], 2).await;
    wait_for("b reports books", async || {
        (peer_entry(&a, "b").await["capacity"]["books"] == 2).then_some(())
    })
    .await;
    for (name, policy) in [("private", "refuse"), ("shared", "accept")] {
        let r = a
            .post(
                "/api/templates",
                json!({"name": name, "prompt_template": "Books for {month}",
                       "capability": "books", "federated_input": policy}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    }
    let kept = a
        .post(
            "/api/templates/private/dispatch",
            json!({"variables": {"month": "may"}}),
        )
        .await;
    assert_eq!(kept.status, StatusCode::CREATED, "{:?}", kept.body);
    let kept = kept.body["id"].as_str().expect("id").to_string();
    let sent = a
        .post(
            "/api/templates/shared/dispatch",
            json!({"variables": {"month": "may"}}),
        )
        .await;
    let sent = sent.body["id"].as_str().expect("id").to_string();
    // Relays are offered in dispatch order: once the later task is on b,
    // the earlier one was passed over.
    wait_for("the shared task relayed", async || {
        (federation_of(&a, &sent).await["relayed_to"] == "b").then_some(())
    })
    .await;
    let on_a = federation_of(&a, &kept).await;
    assert_eq!(on_a["template"], "private");
    assert!(on_a["relayed_to"].is_null(), "{on_a}");
    assert_eq!(a.task(&kept).await.status, m3shd_api::TaskStatus::Queued);
    let c = claim_one(&b, "wb").await;
    assert_eq!(federation_of(&b, &c.task.id).await["template"], "shared");
}

#[tokio::test]
async fn peers_are_not_agents_of_the_mesh_and_keep_their_record_across_a_restart() {
    let mut a = hub("hub-a").await;
    let b = hub("hub-b").await;
    peer(&a, "b", &b).await;
    b.register("wb", &["render"], 1).await;
    wait_for("b online with render", async || {
        (peer_entry(&a, "b").await["capacity"]["render"] == 1).then_some(())
    })
    .await;
    a.register("wa", &["other"], 1).await;

    // The peer's entry is online, but it is no agent of this mesh.
    let agents = a.get("/api/agents").await;
    let ids: Vec<&str> = agents.body["agents"]
        .as_array()
        .expect("agents")
        .iter()
        .filter_map(|x| x["id"].as_str())
        .collect();
    assert_eq!(ids, vec!["wa"], "{}", agents.body);
    let all = a.get("/api/agents?peers=true").await;
    assert!(
        all.body["agents"]
            .as_array()
            .expect("agents")
            .iter()
            .any(|x| x["id"] == "peer-b" && x["status"] == "online"),
        "{}",
        all.body
    );
    let status = a.get("/api/status").await;
    assert_eq!(status.status, StatusCode::OK, "{:?}", status.body);
    assert_eq!(status.body["agents_online"], 1, "{}", status.body);
    assert_eq!(status.body["agents_total"], 1, "{}", status.body);
    let analytics = a.get("/api/admin/analytics/summary").await;
    assert_eq!(analytics.body["agents_online"], 1, "{}", analytics.body);
    let per_agent = a.get("/api/admin/analytics/agents").await;
    assert!(
        !per_agent.body.to_string().contains("peer-b"),
        "{}",
        per_agent.body
    );

    // One relay, one success: the record outlives a restart.
    let task = a
        .create(json!({"prompt": "Render it", "required_capability": "render"}))
        .await;
    let c = claim_one(&b, "wb").await;
    assert_eq!(
        complete(&b, "wb", &c, "rendered", 0.1).await,
        StatusCode::OK
    );
    done(&a, &task.id).await;
    let before = peer_entry(&a, "b").await;
    assert_eq!(before["relayed"], 1, "{before}");
    assert_eq!(before["succeeded"], 1, "{before}");
    a.restart_with(|mut c| {
        c = c.with_lease_timeout(Duration::from_secs(1));
        c.hub_name = Some("hub-a".into());
        // No heartbeat for a long while: what is shown is what was kept.
        c.peer_interval = Some(Duration::from_secs(600));
        c
    })
    .await;
    let after = wait_for("a back", async || {
        let r = a.get("/api/admin/peers").await;
        (r.status == StatusCode::OK).then_some(r)
    })
    .await;
    let p = &after.body["peers"][0];
    assert_eq!(p["relayed"], 1, "{p}");
    assert_eq!(p["succeeded"], 1, "{p}");
    assert_eq!(p["success_rate"], 1.0, "{p}");
    assert_eq!(p["hub"], "hub-b", "{p}");
    assert!(p["latency_ms"].is_u64(), "{p}");
}

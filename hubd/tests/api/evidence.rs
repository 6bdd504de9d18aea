//! Evidence: the audit log of mutating calls and signed result provenance.

use std::time::Duration;

use hmac::{Hmac, Mac};
use m3shd_api::{AuditEntry, GENESIS, ProvenanceReport};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::harness::{Reply, TOKEN, TestHub, wait_for};

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A call with any bearer token and a body sent exactly as given.
async fn raw(hub: &TestHub, method: Method, path: &str, token: &str, body: Option<&str>) -> Reply {
    let mut req = hub.http.request(method, hub.url(path)).bearer_auth(token);
    if let Some(b) = body {
        req = req
            .header("content-type", "application/json")
            .body(b.to_string());
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

/// An agent token with a role preset: (secret, token id).
async fn token(hub: &TestHub, agent: &str, role: &str) -> (String, String) {
    let r = hub
        .post(
            "/api/admin/tokens",
            json!({"agent_id": agent, "role": role}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    (
        r.body["token"].as_str().unwrap_or_default().to_string(),
        r.body["id"].as_str().unwrap_or_default().to_string(),
    )
}

async fn audit(hub: &TestHub, query: &str) -> Vec<AuditEntry> {
    let limit = if query.contains("limit=") {
        ""
    } else {
        "limit=500"
    };
    let r = hub
        .get(&format!("/api/admin/audit?{limit}{query}").replace("?&", "?"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    serde_json::from_value(r.body["entries"].clone()).expect("entries")
}

/// The audit log once a row with `action` has landed (rows commit with the
/// writer's next batch, so they show up shortly after the response).
async fn audit_once(hub: &TestHub, action: &str) -> Vec<AuditEntry> {
    wait_for("the audit row", Duration::from_secs(10), || async {
        let all = audit(hub, "").await;
        all.iter().any(|e| e.action == action).then_some(all)
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutating_calls_leave_rows_with_actor_route_status_and_body_hash() {
    let mut hub = TestHub::start().await;
    // Spacing kept on purpose: the hash is over the bytes as sent.
    let body = r#"{"prompt":  "audit me", "priority": 7}"#;
    let r = raw(&hub, Method::POST, "/api/tasks", TOKEN, Some(body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let task = r.body["id"].as_str().unwrap_or_default().to_string();
    let r = hub
        .post(&format!("/api/tasks/{task}/cancel"), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let (secret, token_id) = token(&hub, "rex", "worker").await;
    let register = r#"{"capabilities": ["general"], "max_concurrent": 1}"#;
    let r = raw(
        &hub,
        Method::POST,
        "/api/agents/rex/register",
        &secret,
        Some(register),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    // Refused calls are evidence too: a worker may not mint tokens...
    let r = raw(
        &hub,
        Method::POST,
        "/api/admin/tokens",
        &secret,
        Some(r#"{"agent_id": "rex", "role": "admin"}"#),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // ...and a made-up token is nobody.
    let r = raw(
        &hub,
        Method::POST,
        "/api/tasks",
        "m3shd_ag_forged",
        Some(body),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // Reads are not recorded.
    assert_eq!(hub.get("/api/tasks").await.status, StatusCode::OK);
    assert_eq!(
        hub.get(&format!("/api/tasks/{task}")).await.status,
        StatusCode::OK
    );
    let r = hub
        .call(
            Method::DELETE,
            &format!("/api/admin/tokens/{token_id}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);

    let rows = audit_once(&hub, "DELETE /api/admin/tokens/{id}").await;
    let seen: Vec<(&str, &str, &str, u16)> = rows
        .iter()
        .map(|e| {
            (
                e.actor.as_str(),
                e.action.as_str(),
                e.target.as_str(),
                e.status,
            )
        })
        .collect();
    let cancel = format!("/api/tasks/{task}/cancel");
    let revoke = format!("/api/admin/tokens/{token_id}");
    assert_eq!(
        seen,
        vec![
            ("operator", "POST /api/tasks", "/api/tasks", 201),
            (
                "operator",
                "POST /api/tasks/{id}/cancel",
                cancel.as_str(),
                200
            ),
            (
                "operator",
                "POST /api/admin/tokens",
                "/api/admin/tokens",
                201
            ),
            (
                "rex",
                "POST /api/agents/{id}/register",
                "/api/agents/rex/register",
                200
            ),
            ("rex", "POST /api/admin/tokens", "/api/admin/tokens", 403),
            ("anonymous", "POST /api/tasks", "/api/tasks", 401),
            (
                "operator",
                "DELETE /api/admin/tokens/{id}",
                revoke.as_str(),
                204
            ),
        ]
    );
    assert_eq!(rows[0].payload_sha256, sha256(body.as_bytes()));
    assert_eq!(rows[3].payload_sha256, sha256(register.as_bytes()));
    assert_eq!(rows[6].payload_sha256, sha256(b""), "an empty body");
    let ids: Vec<i64> = rows.iter().map(|e| e.id).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "oldest first: {ids:?}");
    // Only hashes and ids: no token secret anywhere in the log.
    let text = serde_json::to_string(&rows).expect("json");
    assert!(!text.contains(&secret));
    assert!(!text.contains(TOKEN));

    let rex = audit(&hub, "&actor=rex").await;
    assert_eq!(rex.len(), 2);
    assert!(rex.iter().all(|e| e.actor == "rex"));
    let cancels = audit(&hub, "&action=cancel").await;
    assert_eq!(cancels.len(), 1);
    assert_eq!(cancels[0].target, cancel);
    let after = audit(&hub, &format!("&after={}&limit=2", rows[1].id)).await;
    assert_eq!(
        after.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![rows[2].id, rows[3].id]
    );
    let newest = audit(&hub, "&limit=1").await;
    assert_eq!(newest[0].id, rows[6].id, "without after: the newest rows");
    let r = hub.get("/api/admin/audit?actor=").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = hub.get("/api/admin/audit?bogus=1").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    hub.stop().await;
}

/// A worker's routine calls: register, heartbeats, a claim, a chunk, a
/// result, and a result sent twice (refused). Returns the task id.
async fn work_a_task(hub: &TestHub, agent: &str) -> String {
    hub.register(agent, &["general"], 1).await;
    let task = hub.create(json!({"prompt": "routine"})).await;
    for _ in 0..3 {
        assert_eq!(hub.heartbeat(agent, &[]).await.status, StatusCode::OK);
    }
    let fence = hub
        .claim(agent, 0)
        .await
        .pop()
        .expect("claimed")
        .lease
        .fence;
    let chunk = json!({"fence": fence, "chunk": "par"});
    let r = hub.lease_call(agent, &task.id, "stream", chunk).await;
    assert!(r.status.is_success(), "{:?}", r.body);
    let done = json!({"fence": fence, "output": "done"});
    let r = hub
        .lease_call(agent, &task.id, "complete", done.clone())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let r = hub.lease_call(agent, &task.id, "complete", done).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    task.id
}

async fn counts(hub: &TestHub, query: &str) -> Vec<m3shd_api::AuditCount> {
    let r = hub.get(&format!("/api/admin/audit/counts{query}")).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    serde_json::from_value(r.body["counts"].clone()).expect("counts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn worker_protocol_calls_are_counted_per_agent_and_hour_not_logged() {
    let mut hub = TestHub::start_with(|c| c.with_lease_timeout(Duration::from_secs(30))).await;
    let task = work_a_task(&hub, "w1").await;
    hub.post(&format!("/api/tasks/{task}/cancel"), json!({}))
        .await;
    let rows = audit_once(&hub, "POST /api/tasks/{id}/cancel").await;
    let actions: Vec<&str> = rows.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "POST /api/agents/{id}/register",
            "POST /api/tasks",
            "POST /api/tasks/{id}/cancel"
        ],
        "only what an operator acts on"
    );

    let got = wait_for("the counts", Duration::from_secs(10), || async {
        let c = counts(&hub, "?agent=w1").await;
        (c.iter().map(|c| c.calls).sum::<u64>() == 7).then_some(c)
    })
    .await;
    let per_action: Vec<(&str, u64, u64)> = got
        .iter()
        .map(|c| (c.action.as_str(), c.calls, c.failed))
        .collect();
    assert_eq!(
        per_action,
        [
            ("POST /api/agents/{id}/claim", 1, 0),
            ("POST /api/agents/{id}/heartbeat", 3, 0),
            ("POST /api/tasks/{id}/complete", 2, 1),
            ("POST /api/tasks/{id}/stream", 1, 0),
        ]
    );
    assert!(got.iter().all(|c| c.agent == "w1"));
    let hour = chrono::Utc::now().timestamp().div_euclid(3600) * 3600;
    assert!(got.iter().all(|c| c.hour.timestamp() == hour));
    assert!(counts(&hub, "?agent=w2").await.is_empty());
    let r = hub.get("/api/admin/audit/counts?hours=0").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hub_can_log_every_worker_call_and_readers_can_leave_them_out() {
    let mut hub = TestHub::start_with(|mut c| {
        c = c.with_lease_timeout(Duration::from_secs(30));
        c.audit_worker_protocol = true;
        c
    })
    .await;
    let task = work_a_task(&hub, "w1").await;
    hub.post(&format!("/api/tasks/{task}/cancel"), json!({}))
        .await;
    let rows = audit_once(&hub, "POST /api/tasks/{id}/cancel").await;
    let heartbeats = rows
        .iter()
        .filter(|e| e.action == "POST /api/agents/{id}/heartbeat")
        .count();
    assert_eq!(heartbeats, 3);
    assert_eq!(rows.len(), 10, "{rows:#?}");
    let operator = audit(&hub, "&scope=operator").await;
    assert_eq!(operator.len(), 3, "{operator:#?}");
    assert!(
        operator
            .iter()
            .all(|e| !m3shd_api::is_worker_protocol(&e.action))
    );
    assert!(counts(&hub, "").await.is_empty(), "logged, so not counted");
    let r = hub.get("/api/admin/audit?scope=routine").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{:?}", r.body);
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_admins_read_the_audit_log() {
    let mut hub = TestHub::start().await;
    let (commander, _) = token(&hub, "boss", "commander").await;
    let (worker, _) = token(&hub, "rex", "worker").await;
    let (admin, _) = token(&hub, "root", "admin").await;
    for t in [&commander, &worker] {
        let r = raw(&hub, Method::GET, "/api/admin/audit", t, None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
        assert_eq!(r.code(), "forbidden");
    }
    let r = raw(&hub, Method::GET, "/api/admin/audit", "", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = raw(&hub, Method::GET, "/api/admin/audit", &admin, None).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert!(r.body["entries"].is_array());
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unauthenticated_rows_are_capped_per_minute() {
    let mut hub = TestHub::start().await;
    let minute = || chrono::Utc::now().timestamp().div_euclid(60);
    let started = minute();
    for _ in 0..25 {
        let r = raw(&hub, Method::POST, "/api/tasks", "nope", Some("{}")).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let ended = minute();
    let r = hub.post("/api/tasks", json!({"prompt": "marker"})).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let rows = wait_for("the marker row", Duration::from_secs(10), || async {
        let all = audit(&hub, "").await;
        all.iter().any(|e| e.actor == "operator").then_some(all)
    })
    .await;
    let anonymous = rows.iter().filter(|e| e.actor == "anonymous").count();
    let cap = m3shd_hubd::domain::ANONYMOUS_PER_MINUTE as usize;
    if started == ended {
        assert_eq!(anonymous, cap);
    } else {
        // The calls straddled a minute: each minute has its own budget.
        assert!(anonymous <= 2 * cap, "{anonymous}");
    }
    hub.stop().await;
}

async fn complete_next(hub: &TestHub, agent: &str, output: impl Fn(&str) -> String) -> String {
    let claims = hub.claim(agent, 5_000).await;
    assert_eq!(claims.len(), 1, "one task at a time");
    let c = &claims[0];
    let r = hub
        .lease_call(
            agent,
            &c.task.id,
            "complete",
            json!({"fence": c.lease.fence, "output": output(&c.task.id)}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    c.task.id.clone()
}

async fn provenance(hub: &TestHub, id: &str) -> ProvenanceReport {
    let r = hub.get(&format!("/api/tasks/{id}/provenance")).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    serde_json::from_value(r.body).expect("report")
}

/// The documented signature, recomputed outside the hub.
fn expected_signature(key_hex: &str, l: &m3shd_api::ProvenanceLink) -> String {
    let key = hex::decode(key_hex.trim()).expect("hex key");
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).expect("key");
    let ts = l
        .timestamp
        .expect("signed")
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let message = format!(
        "{}|{ts}|{}|{}|{}",
        l.prev_hash, l.agent_id, l.task_id, l.output_hash
    );
    assert_eq!(l.message, message, "the report shows what was signed");
    mac.update(message.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pipeline_chains_its_results_and_a_tampered_output_breaks_the_chain() {
    let mut hub = TestHub::start_with(|c| c.with_lease_timeout(Duration::from_secs(30))).await;
    hub.register("signer", &["general"], 1).await;
    let r = hub
        .post(
            "/api/pipelines",
            json!({"name": "three", "steps": [
                {"name": "a", "prompt": "first"},
                {"name": "b", "prompt": "second"},
                {"name": "c", "prompt": "third"},
            ]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let step = |i: usize| {
        r.body["tasks"][i]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let (a, b, c) = (step(0), step(1), step(2));
    for expected in [&a, &b, &c] {
        let done = complete_next(&hub, "signer", |id| format!("output of {id}")).await;
        assert_eq!(&done, expected, "steps run in order");
    }

    let rep = provenance(&hub, &c).await;
    assert!(rep.verified, "{rep:?}");
    assert_eq!((rep.first_bad.as_ref(), rep.reason.as_ref()), (None, None));
    let ids: Vec<&str> = rep.chain.iter().map(|l| l.task_id.as_str()).collect();
    assert_eq!(ids, [a.as_str(), b.as_str(), c.as_str()], "genesis first");
    assert_eq!(rep.chain[0].prev_hash, GENESIS);
    assert_eq!(rep.chain[1].prev_hash, rep.chain[0].signature);
    assert_eq!(rep.chain[2].prev_hash, rep.chain[1].signature);
    assert_eq!(rep.chain[1].parents, vec![a.clone()]);
    let key = std::fs::read_to_string(hub.data_dir.join("provenance.key")).expect("key file");
    for l in &rep.chain {
        assert!(l.valid);
        assert_eq!(l.agent_id, "signer");
        assert_eq!(
            l.output_hash,
            sha256(format!("output of {}", l.task_id).as_bytes())
        );
        assert_eq!(l.signature, expected_signature(&key, l));
        assert!(l.message.starts_with(&format!("{}|", l.prev_hash)));
        assert!(
            l.message
                .ends_with(&format!("|signer|{}|{}", l.task_id, l.output_hash))
        );
    }
    let first = provenance(&hub, &a).await;
    assert!(first.verified);
    assert_eq!(first.chain.len(), 1);

    // Rewrite the middle result behind the hub's back.
    let n = hub
        .db_execute("UPDATE tasks SET output = 'forged' WHERE id = $1", &[&b])
        .await;
    assert_eq!(n, 1);
    let rep = provenance(&hub, &c).await;
    assert!(!rep.verified);
    assert_eq!(rep.first_bad.as_deref(), Some(b.as_str()));
    let reason = rep.reason.clone().unwrap_or_default();
    assert!(reason.contains("no longer matches"), "{reason}");
    let valid: Vec<bool> = rep.chain.iter().map(|l| l.valid).collect();
    assert_eq!(valid, [true, false, true]);
    assert!(
        provenance(&hub, &a).await.verified,
        "a's chain stops before b"
    );

    // A forged link (here: who did the work) fails its signature.
    hub.db_execute(
        "UPDATE provenance SET agent_id = 'mallory' WHERE task_id = $1",
        &[&a],
    )
    .await;
    let rep = provenance(&hub, &c).await;
    assert_eq!(rep.first_bad.as_deref(), Some(a.as_str()));
    assert!(
        rep.reason.unwrap_or_default().contains("does not verify"),
        "the key check names it"
    );
    // Deleting a link is noticed as well.
    hub.db_execute("DELETE FROM provenance WHERE task_id = $1", &[&c])
        .await;
    let rep = provenance(&hub, &c).await;
    assert!(!rep.verified);
    assert!(
        rep.chain[2]
            .problem
            .as_deref()
            .unwrap_or("")
            .contains("no provenance link")
    );
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handoffs_and_joins_chain_from_every_parent() {
    let mut hub = TestHub::start_with(|c| c.with_lease_timeout(Duration::from_secs(30))).await;
    hub.register("w", &["general"], 1).await;

    // A handoff: the continuation chains from the suspended task, which is
    // signed over its partial output.
    let x = hub.create(json!({"prompt": "long job"})).await;
    let claims = hub.claim("w", 0).await;
    let r = hub
        .lease_call(
            "w",
            &x.id,
            "handoff",
            json!({"fence": claims[0].lease.fence, "partial_output": "half"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let cont = r.body["continuation"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let done = complete_next(&hub, "w", |_| "whole".into()).await;
    assert_eq!(done, cont);
    let rep = provenance(&hub, &cont).await;
    assert!(rep.verified, "{rep:?}");
    let ids: Vec<&str> = rep.chain.iter().map(|l| l.task_id.as_str()).collect();
    assert_eq!(ids, [x.id.as_str(), cont.as_str()]);
    assert_eq!(rep.chain[0].output_hash, sha256(b"half"));
    assert_eq!(rep.chain[1].parents, vec![x.id.clone()]);
    assert_eq!(rep.chain[1].prev_hash, rep.chain[0].signature);
    assert!(
        provenance(&hub, &x.id).await.verified,
        "suspended is signed"
    );

    // A join: two parents' signatures, sorted and hashed together.
    let p1 = hub.create(json!({"prompt": "left"})).await;
    let p2 = hub.create(json!({"prompt": "right"})).await;
    let d = hub
        .create(json!({"prompt": "both", "depends_on": [p2.id, p1.id]}))
        .await;
    for _ in 0..3 {
        complete_next(&hub, "w", |id| format!("out {id}")).await;
    }
    let rep = provenance(&hub, &d.id).await;
    assert!(rep.verified, "{rep:?}");
    assert_eq!(rep.chain.len(), 3);
    assert_eq!(rep.chain[2].task_id, d.id);
    let mut sigs: Vec<String> = rep.chain[..2].iter().map(|l| l.signature.clone()).collect();
    sigs.sort();
    assert_eq!(rep.chain[2].prev_hash, sha256(sigs.concat().as_bytes()));
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_finished_tasks_have_provenance() {
    let mut hub = TestHub::start().await;
    let t = hub.create(json!({"prompt": "not yet"})).await;
    let r = hub.get(&format!("/api/tasks/{}/provenance", t.id)).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.code(), "invalid_transition");
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("queued")
    );
    let r = hub.get("/api/tasks/ffffffffffffffff/provenance").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = hub
        .post(&format!("/api/tasks/{}/cancel", t.id), json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = hub.get(&format!("/api/tasks/{}/provenance", t.id)).await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "a cancelled task has no result"
    );
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_body_is_refused_before_anything_and_recorded_unhashed() {
    let mut hub = TestHub::start().await;
    let big = format!(
        "{{\"prompt\": \"{}\"}}",
        "x".repeat(m3shd_api::limits::MAX_BODY_BYTES)
    );
    let r = raw(&hub, Method::POST, "/api/tasks", TOKEN, Some(&big)).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.code(), "payload_too_large");
    assert_eq!(hub.task_count().await, 0, "nothing written");
    let rows = audit_once(&hub, "POST /api/tasks").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (
            rows[0].actor.as_str(),
            rows[0].status,
            rows[0].payload_sha256.as_str()
        ),
        ("anonymous", 413, "")
    );
    hub.stop().await;
}

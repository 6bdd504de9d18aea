//! Quality protocols over HTTP, with agents played by the test: who gets
//! each step, what the graph looks like, what is accepted and stored.

use m3shd_api::{
    EdgeRole, Ledger, ProtocolRole, ProtocolStage, ProtocolState, Task, TaskGraph, TaskStatus,
    TaskTrace, Verdict, VoteReport,
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

use crate::harness::TestHub;

/// `agent` claims what it was given and completes the task `id` with
/// `output` (and `confidence`).
async fn answer(hub: &TestHub, agent: &str, id: &str, output: &str, confidence: Option<f64>) {
    let claims = hub.claim(agent, 0).await;
    let fence = claims
        .iter()
        .find(|c| c.task.id == id)
        .map(|c| c.lease.fence)
        .unwrap_or_else(|| panic!("{agent} was not given {id}: {claims:?}"));
    let mut body = json!({"fence": fence, "output": output});
    if let Some(c) = confidence {
        body["confidence"] = json!(c);
    }
    let r = hub.lease_call(agent, id, "complete", body).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
}

async fn graph(hub: &TestHub, id: &str) -> TaskGraph {
    let r = hub.get(&format!("/api/tasks/{id}/graph")).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    serde_json::from_value(r.body).unwrap()
}

/// The one step of `role` in the graph.
fn step(g: &TaskGraph, role: ProtocolRole) -> (String, Option<String>) {
    let n: Vec<_> = g.nodes.iter().filter(|n| n.role == Some(role)).collect();
    assert_eq!(n.len(), 1, "one {role} step: {g:?}");
    (n[0].id.clone(), n[0].assigned_to.clone())
}

fn has_edge(g: &TaskGraph, from: &str, to: &str, role: EdgeRole) -> bool {
    g.edges
        .iter()
        .any(|e| e.from == from && e.to == to && e.role == role)
}

async fn votes(hub: &TestHub, id: &str) -> VoteReport {
    let r = hub.get(&format!("/api/tasks/{id}/votes")).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    serde_json::from_value(r.body).unwrap()
}

async fn create(hub: &TestHub, body: Value) -> Task {
    hub.create(body).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsure_answer_is_verified_by_another_agent_and_the_surer_one_wins() {
    let hub = TestHub::start().await;
    hub.register("ann", &["general"], 2).await;
    hub.register("bob", &["general"], 2).await;
    let t = create(&hub, json!({"prompt": "what is 6 x 7", "assign_to": "ann"})).await;
    let child = create(
        &hub,
        json!({"prompt": "use it", "depends_on": [t.id], "assign_to": "ann"}),
    )
    .await;
    answer(&hub, "ann", &t.id, "about 40", Some(0.4)).await;

    let g = graph(&hub, &t.id).await;
    let (v, who) = step(&g, ProtocolRole::Verifies);
    assert_eq!(who.as_deref(), Some("bob"), "never the agent that answered");
    assert!(has_edge(&g, &t.id, &v, EdgeRole::Verifies));
    let p = g.protocol.unwrap();
    assert_eq!(
        (p.state, p.stage),
        (ProtocolState::Running, Some(ProtocolStage::Verification))
    );
    assert_eq!(
        hub.task(&child.id).await.status,
        TaskStatus::Blocked,
        "dependents wait"
    );
    let vt = hub.task(&v).await;
    assert_eq!(
        vt.prompt, "what is 6 x 7",
        "the verifier answers on its own"
    );
    assert_eq!(vt.protocol_of.as_deref(), Some(t.id.as_str()));

    answer(&hub, "bob", &v, "42", Some(0.95)).await;
    let t = hub.task(&t.id).await;
    let p = t.protocol.unwrap();
    assert_eq!(p.state, ProtocolState::Accepted);
    assert_eq!(p.result_task.as_deref(), Some(v.as_str()));
    assert!(p.reason.unwrap().contains("surer"));
    assert_eq!(
        t.output.as_deref(),
        Some("about 40"),
        "both answers are kept"
    );
    let child = hub.task(&child.id).await;
    assert_eq!(
        child.status,
        TaskStatus::Assigned,
        "released and dispatched"
    );
    assert!(
        child.prompt.contains("\n42\n"),
        "the accepted answer is handed on: {}",
        child.prompt
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sure_answer_or_a_lone_agent_needs_no_verification() {
    let hub = TestHub::start().await;
    hub.register("ann", &["general"], 2).await;
    let t = create(
        &hub,
        json!({"prompt": "p", "challenge": false, "requires_vote": false}),
    )
    .await;
    assert!(
        t.protocol.is_none(),
        "switches that are off ask for nothing"
    );
    answer(&hub, "ann", &t.id, "x", Some(0.9)).await;
    assert!(hub.task(&t.id).await.protocol.is_none());
    let t = create(&hub, json!({"prompt": "q"})).await;
    answer(&hub, "ann", &t.id, "y", Some(0.2)).await;
    let p = hub.task(&t.id).await.protocol.unwrap();
    assert_eq!(p.state, ProtocolState::Accepted);
    assert!(p.reason.unwrap().contains("unverified"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_material_critique_is_revised_by_the_original_agent() {
    let hub = TestHub::start().await;
    hub.register("ann", &["code"], 2).await;
    hub.register("bob", &["code"], 2).await;
    let t = create(
        &hub,
        json!({"prompt": "write it", "required_capability": "code", "assign_to": "ann", "challenge": true}),
    )
    .await;
    answer(&hub, "ann", &t.id, "draft TODO", None).await;
    let g = graph(&hub, &t.id).await;
    let (c, who) = step(&g, ProtocolRole::Challenges);
    assert_eq!(who.as_deref(), Some("bob"));
    assert!(
        hub.task(&c).await.prompt.contains("draft TODO"),
        "the challenger sees the result"
    );
    answer(&hub, "bob", &c, "the TODO is unfinished\nSCORE: 0.9", None).await;

    let g = graph(&hub, &t.id).await;
    let (r, who) = step(&g, ProtocolRole::Revises);
    assert_eq!(who.as_deref(), Some("ann"), "the original agent revises");
    assert!(has_edge(&g, &t.id, &r, EdgeRole::Revises));
    assert!(has_edge(&g, &c, &r, EdgeRole::Revises));
    answer(&hub, "ann", &r, "final", None).await;
    let p = hub.task(&t.id).await.protocol.unwrap();
    assert_eq!(p.state, ProtocolState::Accepted);
    assert_eq!(p.result_task.as_deref(), Some(r.as_str()));
    assert_eq!(p.critique.as_deref(), Some("the TODO is unfinished"));
    assert_eq!(p.score, Some(0.9));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_debate_takes_two_agents_and_a_synthesis() {
    let hub = TestHub::start().await;
    let r = hub
        .post(
            "/api/tasks",
            json!({"prompt": "p", "requires_debate": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.code(), "quorum_unreachable");
    hub.register("ann", &["general"], 2).await;
    hub.register("bob", &["general"], 2).await;
    let t = create(
        &hub,
        json!({"prompt": "tabs or spaces", "requires_debate": true}),
    )
    .await;
    let g = graph(&hub, &t.id).await;
    let d = g
        .nodes
        .iter()
        .find(|n| n.role == Some(ProtocolRole::Debates))
        .unwrap();
    let first = t.assign_to.clone().unwrap();
    let second = hub.task(&d.id).await.assign_to.unwrap();
    assert_ne!(first, second, "two different agents");
    answer(&hub, &second, &d.id, "spaces", None).await;
    answer(&hub, &first, &t.id, "tabs", None).await;
    let g = graph(&hub, &t.id).await;
    let (s, _) = step(&g, ProtocolRole::Synthesises);
    assert!(has_edge(&g, &t.id, &s, EdgeRole::Synthesises));
    assert!(has_edge(&g, &d.id, &s, EdgeRole::Synthesises));
    let sp = hub.task(&s).await.prompt;
    assert!(sp.contains("tabs") && sp.contains("spaces"), "{sp}");
    let who = hub.task(&s).await.assigned_to.unwrap();
    answer(&hub, &who, &s, "both, by file", None).await;
    let p = hub.task(&t.id).await.protocol.unwrap();
    assert_eq!(p.state, ProtocolState::Accepted);
    assert_eq!(p.result_task.as_deref(), Some(s.as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vote_needs_its_quorum_and_the_majority_decides() {
    let hub = TestHub::start().await;
    for a in ["ann", "bob", "cat"] {
        hub.register(a, &["general"], 2).await;
    }
    let r = hub
        .post("/api/tasks", json!({"prompt": "p", "requires_vote": true}))
        .await;
    assert_eq!(r.code(), "quorum_unreachable", "{:?}", r.body);
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("needs 4")
    );
    let r = hub
        .post(
            "/api/tasks",
            json!({"prompt": "p", "requires_vote": true, "assign_to": "ann", "assign_strict": true}),
        )
        .await;
    assert_eq!(r.code(), "protocol_conflict", "{:?}", r.body);

    hub.register("dan", &["general"], 2).await;
    let t = create(
        &hub,
        json!({"prompt": "ship it?", "requires_vote": true, "assign_to": "ann"}),
    )
    .await;
    answer(&hub, "ann", &t.id, "yes", None).await;
    let report = votes(&hub, &t.id).await;
    let mut roster = report.roster.clone();
    roster.sort();
    assert_eq!(roster, ["bob", "cat", "dan"], "everyone but the answerer");
    assert_eq!(report.outcome, None);
    for v in &report.votes {
        let verdict = if v.agent_id == "dan" {
            "reject"
        } else {
            "accept"
        };
        answer(
            &hub,
            &v.agent_id,
            &v.task_id,
            &format!("fine.\nVOTE: {verdict}"),
            None,
        )
        .await;
    }
    let report = votes(&hub, &t.id).await;
    assert_eq!((report.accepts, report.rejects), (2, 1));
    assert_eq!(report.outcome, Some(ProtocolState::Accepted));
    let dan = report.votes.iter().find(|v| v.agent_id == "dan").unwrap();
    assert_eq!(dan.verdict, Some(Verdict::Reject));
    assert_eq!(dan.rationale.as_deref(), Some("fine."));
    assert_eq!(
        hub.task(&t.id).await.protocol.unwrap().state,
        ProtocolState::Accepted
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_vote_cancels_the_dependents_and_counts_against_the_answerer() {
    let hub = TestHub::start().await;
    for a in ["ann", "bob", "cat", "dan"] {
        hub.register(a, &["general"], 2).await;
    }
    let t = create(
        &hub,
        json!({"prompt": "ship it?", "requires_vote": true, "quorum": 2, "assign_to": "ann"}),
    )
    .await;
    let child = create(&hub, json!({"prompt": "after", "depends_on": [t.id]})).await;
    answer(&hub, "ann", &t.id, "yes", None).await;
    let report = votes(&hub, &t.id).await;
    for v in &report.votes {
        answer(&hub, &v.agent_id, &v.task_id, "no.\nVOTE: reject", None).await;
    }
    let p = hub.task(&t.id).await.protocol.unwrap();
    assert_eq!(p.state, ProtocolState::Rejected);
    assert!(p.reason.unwrap().contains("rejected by vote, 3–0"));
    let child = hub.task(&child.id).await;
    assert_eq!(child.status, TaskStatus::Cancelled);
    assert!(child.error.unwrap().contains("rejected"));
    let ann = hub.get("/api/agents/ann").await.body;
    let rep = &ann["reputation"][0];
    assert_eq!(
        (rep["successes"].as_i64(), rep["failures"].as_i64()),
        (Some(1), Some(1))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_voter_that_vanishes_escalates_instead_of_hanging() {
    let hub = TestHub::on_manual_clock().await;
    for a in ["ann", "bob", "cat", "dan"] {
        hub.register(a, &["general"], 2).await;
    }
    let t = create(
        &hub,
        json!({"prompt": "ship it?", "requires_vote": true, "assign_to": "ann"}),
    )
    .await;
    let child = create(&hub, json!({"prompt": "after", "depends_on": [t.id]})).await;
    answer(&hub, "ann", &t.id, "yes", None).await;
    let report = votes(&hub, &t.id).await;
    for v in report.votes.iter().filter(|v| v.agent_id != "dan") {
        answer(&hub, &v.agent_id, &v.task_id, "ok\nVOTE: accept", None).await;
    }
    // Everyone else keeps beating; dan goes silent.
    hub.advance(Duration::from_secs(60));
    for a in ["ann", "bob", "cat"] {
        hub.heartbeat(a, &[]).await;
    }
    hub.sweep().await;
    let p = hub.task(&t.id).await.protocol.unwrap();
    assert_eq!(p.state, ProtocolState::Escalated, "{p:?}");
    assert!(p.reason.unwrap().contains("only 2 of 3 voters"));
    let esc = hub.get("/api/escalations").await.body;
    assert!(
        esc["escalations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["task_id"] == t.id.as_str()),
        "{esc}"
    );
    assert_eq!(
        hub.task(&child.id).await.status,
        TaskStatus::Blocked,
        "dependents wait for the operator's decision"
    );

    // The operator accepts the result: the dependents run on it and the
    // escalation is resolved.
    let r = hub
        .post(
            &format!("/api/tasks/{}/decide", t.id),
            json!({"decision": "accept", "reason": "two yes votes are enough"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let p = hub.task(&t.id).await.protocol.unwrap();
    assert_eq!(p.state, ProtocolState::Accepted);
    assert!(
        p.reason
            .unwrap()
            .contains("accepted by operator (two yes votes are enough)")
    );
    assert_ne!(hub.task(&child.id).await.status, TaskStatus::Blocked);
    let esc = hub.get("/api/escalations?status=open").await.body;
    assert!(
        !esc.to_string().contains(t.id.as_str()),
        "the escalation is resolved: {esc}"
    );
    let again = hub
        .post(
            &format!("/api/tasks/{}/decide", t.id),
            json!({"decision": "reject"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{:?}", again.body);
    assert_eq!(again.code(), "invalid_transition");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validated_results_earn_credit_and_rejected_ones_do_not() {
    let hub = TestHub::start().await;
    hub.register("ann", &["general"], 2).await;
    hub.register("val", &["review"], 2).await;
    let ok = create(
        &hub,
        json!({"prompt": "a", "validator_capability": "review"}),
    )
    .await;
    answer(&hub, "ann", &ok.id, "good", None).await;
    let g = graph(&hub, &ok.id).await;
    let (v, who) = step(&g, ProtocolRole::Validates);
    assert_eq!(who.as_deref(), Some("val"));
    answer(
        &hub,
        "val",
        &v,
        "VERDICT: accept\nREASON: a non-empty result",
        None,
    )
    .await;
    assert_eq!(
        hub.task(&ok.id).await.protocol.unwrap().state,
        ProtocolState::Accepted
    );

    let bad = create(
        &hub,
        json!({"prompt": "b", "validator_capability": "review"}),
    )
    .await;
    answer(&hub, "ann", &bad.id, "INVALID", None).await;
    let (v2, _) = step(&graph(&hub, &bad.id).await, ProtocolRole::Validates);
    answer(
        &hub,
        "val",
        &v2,
        "VERDICT: reject\nREASON: marked INVALID",
        None,
    )
    .await;
    assert_eq!(
        hub.task(&bad.id).await.protocol.unwrap().state,
        ProtocolState::Rejected
    );

    let trace: TaskTrace =
        serde_json::from_value(hub.get(&format!("/api/tasks/{}/trace", ok.id)).await.body).unwrap();
    assert_eq!(trace.producer.as_deref(), Some("ann"));
    assert_eq!(trace.receipts.len(), 1);
    let rc = &trace.receipts[0];
    assert_eq!(
        (rc.validator.as_str(), rc.verdict),
        ("val", Verdict::Accept)
    );
    assert_eq!(Some(rc.result_hash.clone()), trace.result_hash);
    let prov = hub.get(&format!("/api/tasks/{v}/provenance")).await.body;
    assert_eq!(prov["verified"], true, "{prov}");
    let chain = prov["chain"].as_array().unwrap();
    assert_eq!(chain.last().unwrap()["signature"], rc.signature.as_str());
    assert_eq!(
        chain[0]["task_id"],
        ok.id.as_str(),
        "the receipt chains from the result"
    );
    assert_eq!(trace.credits.len(), 1);
    let bad_trace: TaskTrace =
        serde_json::from_value(hub.get(&format!("/api/tasks/{}/trace", bad.id)).await.body)
            .unwrap();
    assert!(
        bad_trace.credits.is_empty(),
        "no credit for a rejected result"
    );

    let ledger: Ledger = serde_json::from_value(hub.get("/api/ledger").await.body).unwrap();
    assert_eq!(ledger.agents.len(), 1);
    let ann = &ledger.agents[0];
    assert_eq!(
        (
            ann.agent_id.as_str(),
            ann.validated_results,
            ann.rejected_results,
            ann.credits
        ),
        ("ann", 1, 1, 1.0)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spent_budget_stops_the_protocol_with_a_reason() {
    let hub = TestHub::start().await;
    hub.register("ann", &["general"], 2).await;
    hub.register("bob", &["general"], 2).await;
    let r = hub
        .call(
            reqwest::Method::PUT,
            "/api/budgets",
            Some(json!({"mesh_daily_usd": 0.01})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let t = create(
        &hub,
        json!({"prompt": "p", "challenge": true, "assign_to": "ann"}),
    )
    .await;
    let claims = hub.claim("ann", 0).await;
    let r = hub
        .lease_call(
            "ann",
            &t.id,
            "complete",
            json!({"fence": claims[0].lease.fence, "output": "x",
                   "usage": {"model": "m", "input_tokens": 10, "output_tokens": 10, "cost_usd": 0.02}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let p = hub.task(&t.id).await.protocol.unwrap();
    assert_eq!(p.state, ProtocolState::Stopped);
    assert!(p.reason.unwrap().contains("daily budget"));
    assert_eq!(
        graph(&hub, &t.id).await.nodes.len(),
        1,
        "no step was dispatched"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contradicting_flags_are_refused_naming_the_conflict() {
    let hub = TestHub::start().await;
    for (body, code, says) in [
        (
            json!({"prompt": "p", "quorum": 3}),
            "protocol_conflict",
            "requires_vote",
        ),
        (
            json!({"prompt": "p", "challenge_threshold": 0.3}),
            "protocol_conflict",
            "challenge",
        ),
        (
            json!({"prompt": "p", "confidence_threshold": 2.0}),
            "validation",
            "between 0 and 1",
        ),
        (
            json!({"prompt": "p", "requires_debate": true, "assign_to": "ann"}),
            "protocol_conflict",
            "assign_to",
        ),
    ] {
        let r = hub.post("/api/tasks", body.clone()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(r.code(), code, "{body}: {:?}", r.body);
        assert!(
            r.body["error"]["message"].as_str().unwrap().contains(says),
            "{:?}",
            r.body
        );
    }
    assert_eq!(hub.task_count().await, 0, "nothing half-written");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_template_carries_its_protocols_to_every_task_it_creates() {
    let hub = TestHub::start().await;
    hub.register("ann", &["general"], 2).await;
    hub.register("bob", &["general"], 2).await;
    let r = hub
        .post(
            "/api/templates",
            json!({"name": "review", "prompt_template": "review {pr}",
                   "protocol": {"challenge": true, "challenge_threshold": 0.4}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    assert_eq!(r.body["protocol"]["challenge"], true);
    let bad = hub
        .post(
            "/api/templates",
            json!({"name": "bad", "prompt_template": "x", "protocol": {"quorum": 3}}),
        )
        .await;
    assert_eq!(bad.code(), "protocol_conflict", "{:?}", bad.body);
    let r = hub
        .post(
            "/api/templates/review/dispatch",
            json!({"variables": {"pr": "#12"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let t: Task = serde_json::from_value(r.body).unwrap();
    let p = t.protocol.unwrap();
    assert_eq!(
        (p.request.challenge, p.request.challenge_threshold),
        (Some(true), Some(0.4))
    );
    assert_eq!(p.state, ProtocolState::Running);
}

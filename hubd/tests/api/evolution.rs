//! Self-evolving agents over HTTP: a failure history becomes an evolution
//! task for an `evolve` agent, its AMENDMENT lines become proposals, an
//! applied one leads the agent's next prompt until reverted; the default
//! schedule and who may read, ask and decide.

use m3shd_api::{Claimed, PermissionSet, Role};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::TestHub;

const EVOLVE_OUTPUT: &str = "Two patterns stand out.\n\
AMENDMENT: add | CONFIDENCE 0.8 | Cite a source for every claim | 1 of 2 failures: no sources\n\
AMENDMENT: restrict | CONFIDENCE 0.55 | Do not start work needing more than 5 minutes | timed out\n\
AMENDMENT: reinforce | CONFIDENCE 0.7 | Keep answers short | most done tasks were short\n\
AMENDMENT: perhaps | CONFIDENCE 0.5 | not a kind | ignored\n";

/// `agent` claims `task` (it must be handed it) and completes it with
/// `output`, or fails it with the error.
async fn finish(hub: &TestHub, agent: &str, task: &str, outcome: Result<&str, &str>) {
    let claims = hub.claim(agent, 0).await;
    let c = claims
        .iter()
        .find(|c| c.task.id == task)
        .unwrap_or_else(|| panic!("{agent} was not handed {task}: {claims:?}"));
    let fence = c.lease.fence;
    let r = match outcome {
        Ok(output) => {
            hub.lease_call(
                agent,
                task,
                "complete",
                json!({"fence": fence, "output": output}),
            )
            .await
        }
        Err(error) => {
            hub.lease_call(agent, task, "fail", json!({"fence": fence, "error": error}))
                .await
        }
    };
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
}

/// Five done and two failed tasks of `agent` (never three failures in a
/// row, or its circuit would open).
async fn history(hub: &TestHub, agent: &str) {
    for error in [
        None,
        Some("no sources cited"),
        None,
        None,
        Some("timed out"),
        None,
        None,
    ] {
        let t = hub
            .create(json!({"prompt": "echo work", "assign_to": agent, "max_attempts": 1}))
            .await;
        finish(hub, agent, &t.id, error.map_or(Ok("ok"), Err)).await;
    }
}

/// The prompt `agent` is handed for a new `echo next` task (it then
/// completes it).
async fn next_prompt(hub: &TestHub, agent: &str) -> String {
    let t = hub
        .create(json!({"prompt": "echo next", "assign_to": agent}))
        .await;
    let claims: Vec<Claimed> = hub.claim(agent, 0).await;
    let c = claims
        .into_iter()
        .find(|c| c.task.id == t.id)
        .expect("handed the new task");
    let r = hub
        .lease_call(
            agent,
            &t.id,
            "complete",
            json!({"fence": c.lease.fence, "output": "ok"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    c.task.prompt
}

async fn amendments(hub: &TestHub, query: &str) -> Vec<Value> {
    let r = hub.get(&format!("/api/evolution/amendments{query}")).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body["amendments"].as_array().cloned().unwrap_or_default()
}

fn find<'a>(list: &'a [Value], kind: &str) -> &'a Value {
    list.iter()
        .find(|a| a["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {list:#?}"))
}

fn id_of(a: &Value) -> &str {
    a["id"].as_str().expect("id")
}

/// rex's history, an evolution task for sage, and sage's answer; returns
/// the evolution task's id.
async fn proposed(hub: &TestHub) -> String {
    hub.register("rex", &["general"], 2).await;
    hub.register("sage", &["evolve"], 1).await;
    history(hub, "rex").await;
    let r = hub.post("/api/agents/rex/evolve/propose", json!({})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let task = r.body["task"]["id"].as_str().expect("task").to_string();
    finish(hub, "sage", &task, Ok(EVOLVE_OUTPUT)).await;
    task
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_history_becomes_guidelines_in_the_next_prompt_until_reverted() {
    let mut hub = TestHub::start().await;
    hub.register("rex", &["general"], 2).await;
    hub.register("sage", &["evolve"], 1).await;
    history(&hub, "rex").await;

    let r = hub.get("/api/agents/rex/performance").await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(
        (r.body["succeeded"].clone(), r.body["failed"].clone()),
        (json!(5), json!(2))
    );
    assert_eq!(r.body["window_days"], 7);
    assert_eq!(r.body["by_capability"][0]["capability"], "general");
    assert_eq!(r.body["recent_failures"][0]["error"], "timed out");
    let r = hub.get("/api/agents/rex/performance?days=0").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{:?}", r.body);

    let r = hub.post("/api/agents/rex/evolve/propose", json!({})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let task = r.body["task"].clone();
    assert_eq!(task["required_capability"], "evolve");
    let prompt = task["prompt"].as_str().expect("prompt");
    assert!(
        prompt.contains("- overall: 7 finished, 5 succeeded, 2 failed"),
        "{prompt}"
    );
    assert!(prompt.contains("timed out"), "{prompt}");
    assert!(
        prompt.contains("AMENDMENT: add|reinforce|restrict|remove"),
        "{prompt}"
    );
    let r = hub.post("/api/agents/rex/evolve/propose", json!({})).await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "one open at a time: {:?}",
        r.body
    );
    // Only an agent advertising `evolve` is handed it.
    assert!(hub.claim("rex", 0).await.is_empty());
    let task_id = task["id"].as_str().expect("id");
    finish(&hub, "sage", task_id, Ok(EVOLVE_OUTPUT)).await;

    let list = amendments(&hub, "?agent=rex&status=proposed").await;
    assert_eq!(list.len(), 3, "the malformed line is ignored: {list:#?}");
    assert!(
        list.iter()
            .all(|a| a["source_task"] == task_id && a["active"] == false)
    );
    assert_eq!(hub.events_of("evolution_proposed").await.len(), 3);
    let add = find(&list, "add").clone();
    assert_eq!(add["confidence"], 0.8);
    assert_eq!(add["evidence"], "1 of 2 failures: no sources");
    let restrict = find(&list, "restrict").clone();
    let reinforce = find(&list, "reinforce").clone();

    // Nothing reaches the prompt before the operator decides.
    assert_eq!(next_prompt(&hub, "rex").await, "echo next");

    let r = hub
        .post(
            &format!("/api/evolution/amendments/{}/apply", id_of(&add)),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["status"], "applied");
    assert_eq!(r.body["active"], true);
    assert_eq!(r.body["decided_by"], "operator");
    let prompt = next_prompt(&hub, "rex").await;
    assert_eq!(
        prompt,
        "EVOLUTION GUIDELINES:\n- Cite a source for every claim\n\
         --- end of evolution guidelines ---\n\necho next"
    );
    assert_eq!(next_prompt(&hub, "sage").await, "echo next", "rex's only");

    // The agent's own route applies one of its amendments by id.
    let r = hub
        .post(
            "/api/agents/sage/evolve",
            json!({"amendment_id": id_of(&reinforce)}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "not sage's: {:?}", r.body);
    let r = hub
        .post(
            "/api/agents/rex/evolve",
            json!({"amendment_id": id_of(&reinforce)}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let prompt = next_prompt(&hub, "rex").await;
    assert!(
        prompt.starts_with(
            "EVOLUTION GUIDELINES:\n- Cite a source for every claim\n- Keep answers short\n"
        ),
        "{prompt}"
    );

    let r = hub
        .post(
            &format!("/api/evolution/amendments/{}/reject", id_of(&restrict)),
            json!({"reason": "too broad"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(
        (r.body["status"].clone(), r.body["reason"].clone()),
        (json!("rejected"), json!("too broad"))
    );
    let r = hub
        .post(
            &format!("/api/evolution/amendments/{}/apply", id_of(&restrict)),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    assert_eq!(r.code(), "invalid_transition");

    for a in [&add, &reinforce] {
        let r = hub
            .post(
                &format!("/api/evolution/amendments/{}/revert", id_of(a)),
                json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body["status"], "reverted");
    }
    assert_eq!(next_prompt(&hub, "rex").await, "echo next");
    let r = hub
        .post(
            &format!("/api/evolution/amendments/{}/revert", id_of(&add)),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);

    let r = hub
        .get(&format!("/api/evolution/amendments/{}", id_of(&add)))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        (r.body["status"].clone(), r.body["reverted_by"].clone()),
        (json!("reverted"), json!("operator"))
    );
    assert_eq!(
        hub.get("/api/evolution/amendments/am-nope").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(amendments(&hub, "?status=reverted").await.len(), 2);
    assert_eq!(amendments(&hub, "?agent=sage").await.len(), 0);
    let r = hub.get("/api/evolution/amendments?status=maybe").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{:?}", r.body);
    for kind in [
        "evolution_applied",
        "evolution_rejected",
        "evolution_reverted",
    ] {
        assert!(!hub.events_of(kind).await.is_empty(), "{kind}");
    }
    hub.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_schedule_proposes_only_when_an_agent_advertises_evolve() {
    let mut hub = TestHub::on_manual_clock_with(|mut c| {
        c.default_schedules = true;
        c
    })
    .await;
    let r = hub.get("/api/schedules/agent-evolution").await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(
        (r.body["cron"].clone(), r.body["action"].clone()),
        (json!("0 */6 * * *"), json!("evolve"))
    );

    hub.register("rex", &["general"], 2).await;
    history(&hub, "rex").await;
    let before = hub.task_count().await;
    let r = hub
        .post("/api/schedules/agent-evolution/run-now", json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let note = r.body["evolution"]["note"].as_str().unwrap_or_default();
    assert!(note.contains("evolve"), "{:?}", r.body);
    assert_eq!(r.body["evolution"]["proposed"], json!([]));
    assert_eq!(hub.task_count().await, before, "nothing created");
    let r = hub.post("/api/agents/rex/evolve/propose", json!({})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("evolve")
    );

    hub.register("sage", &["evolve"], 1).await;
    let r = hub
        .post("/api/schedules/agent-evolution/run-now", json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let proposed = r.body["evolution"]["proposed"]
        .as_array()
        .expect("proposed")
        .clone();
    assert_eq!(proposed.len(), 1, "{:?}", r.body);
    assert_eq!(proposed[0]["agent_id"], "rex");
    let task = hub
        .task(proposed[0]["task_id"].as_str().expect("task"))
        .await;
    assert_eq!(task.required_capability.as_deref(), Some("evolve"));
    let fired = hub.events_of("schedule_fired").await;
    assert_eq!(fired.last().expect("fired")["data"]["action"], "evolve");
    hub.stop().await;
}

async fn token(hub: &TestHub, agent: &str, role: Role) -> String {
    let perms: PermissionSet = role.permissions();
    let r = hub
        .post(
            "/api/admin/tokens",
            json!({"agent_id": agent, "permissions": perms}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body["token"].as_str().expect("token").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_asking_and_deciding_need_their_permissions() {
    let mut hub = TestHub::start().await;
    proposed(&hub).await;
    let list = amendments(&hub, "").await;
    let add = id_of(find(&list, "add")).to_string();
    let worker = token(&hub, "wrk", Role::Worker).await;
    let commander = token(&hub, "cmd", Role::Commander).await;
    let admin = token(&hub, "adm", Role::Admin).await;
    let call = |t: &str, method: Method, path: String| {
        let t = t.to_string();
        let hub = &hub;
        async move {
            hub.call_with(Some(&t), method, &path, Some(json!({})), None, &[])
                .await
                .status
        }
    };
    let apply = format!("/api/evolution/amendments/{add}/apply");

    // Everyone who sees agents sees their amendments and performance.
    for t in [&worker, &commander] {
        assert_eq!(
            call(t, Method::GET, "/api/evolution/amendments".into()).await,
            StatusCode::OK
        );
        assert_eq!(
            call(t, Method::GET, "/api/agents/rex/performance".into()).await,
            StatusCode::OK
        );
    }
    // A worker may not ask; a commander may, and may not decide.
    assert_eq!(
        call(
            &worker,
            Method::POST,
            "/api/agents/rex/evolve/propose".into()
        )
        .await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(&commander, Method::POST, apply.clone()).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(
            &commander,
            Method::POST,
            format!("/api/evolution/amendments/{add}/reject")
        )
        .await,
        StatusCode::FORBIDDEN
    );
    // Asking on a schedule is asking too: a commander's, not a worker's.
    let evolve_schedule = json!({"name": "evo", "cron": "0 */6 * * *", "action": "evolve"});
    for (t, want) in [
        (&worker, StatusCode::FORBIDDEN),
        (&commander, StatusCode::CREATED),
    ] {
        let r = hub
            .call_with(
                Some(t),
                Method::POST,
                "/api/schedules",
                Some(evolve_schedule.clone()),
                None,
                &[],
            )
            .await;
        assert_eq!(r.status, want, "{:?}", r.body);
    }
    assert_eq!(
        find(&amendments(&hub, "").await, "add")["status"],
        "proposed"
    );
    // An admin decides.
    assert_eq!(call(&admin, Method::POST, apply).await, StatusCode::OK);
    assert_eq!(
        call(
            &commander,
            Method::POST,
            format!("/api/evolution/amendments/{add}/revert")
        )
        .await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(
            &admin,
            Method::POST,
            format!("/api/evolution/amendments/{add}/revert")
        )
        .await,
        StatusCode::OK
    );
    hub.stop().await;
}

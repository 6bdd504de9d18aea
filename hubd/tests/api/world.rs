//! The world model over HTTP: a completed output's entities and relations
//! are searchable and shown, the next prompt naming them gets them, and a
//! `world-extract` agent reads model outputs (opt-in by capability).

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::TestHub;

fn path(base: &str, params: &[(&str, &str)]) -> String {
    let url = reqwest::Url::parse_with_params(&format!("http://hub{base}"), params).expect("url");
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    }
}

fn names(body: &Value, list: &str, field: &str) -> Vec<String> {
    body[list]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e[field].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// `agent` claims `task` (assigned to it) and completes it with `output`.
async fn run(hub: &TestHub, agent: &str, task: &str, output: &str, usage: Option<Value>) {
    let claims = hub.claim(agent, 5_000).await;
    let claim = claims
        .iter()
        .find(|c| c.task.id == task)
        .unwrap_or_else(|| panic!("{agent} claimed {task}"));
    let mut body = json!({"fence": claim.lease.fence, "output": output});
    if let Some(u) = usage {
        body["usage"] = u;
    }
    let r = hub.lease_call(agent, task, "complete", body).await;
    assert_eq!(r.status, StatusCode::OK, "complete: {:?}", r.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn world_outputs_become_entities_and_ground_later_prompts() {
    let mut hub = TestHub::start().await;
    hub.register("ag", &["general"], 2).await;
    hub.heartbeat("ag", &[]).await;
    let source = hub
        .create(json!({"prompt": "report on the project", "assign_to": "ag"}))
        .await;
    run(
        &hub,
        "ag",
        &source.id,
        "Alice Smith works on Project Apollo. Project Apollo uses Rust and depends on \
         PostgreSQL. The team met Acme Corp on Monday.",
        None,
    )
    .await;

    // Search by name: any case, from the start of a word, typed.
    let r = hub
        .get(&path("/api/world/entities", &[("q", "APOLLO")]))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(names(&r.body, "entities", "name"), ["Project Apollo"]);
    let apollo = &r.body["entities"][0];
    assert_eq!(apollo["type"], "project");
    assert_eq!(apollo["mention_count"], 1);
    assert_eq!(apollo["source_task_id"], source.id.as_str());
    let r = hub
        .get(&path(
            "/api/world/entities",
            &[("q", "acme"), ("type", "organisation")],
        ))
        .await;
    assert_eq!(names(&r.body, "entities", "name"), ["Acme Corp"]);
    let r = hub
        .get(&path("/api/world/entities", &[("q", "pollo")]))
        .await;
    assert!(names(&r.body, "entities", "name").is_empty());
    let r = hub.get("/api/world/entities?type=tool").await;
    let mut tools = names(&r.body, "entities", "name");
    tools.sort();
    assert_eq!(tools, ["PostgreSQL", "Rust"]);
    let r = hub.get("/api/world/entities?type=planet").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{:?}", r.body);

    // One entity by name (any case) or id, with its relations both ways.
    let r = hub.get("/api/world/entities/project%20APOLLO").await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let mut relations: Vec<String> = r.body["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .map(|x| format!("{} {} {}", x["from"], x["relation_type"], x["to"]).replace('"', ""))
        .collect();
    relations.sort();
    assert_eq!(
        relations,
        [
            "Alice Smith works_on Project Apollo",
            "Project Apollo depends_on PostgreSQL",
            "Project Apollo uses Rust",
        ]
    );
    assert_eq!(r.body["source_tasks"], json!([source.id]));
    let id = r.body["entity"]["id"].as_i64().expect("id");
    let by_id = hub.get(&format!("/api/world/entities/{id}")).await;
    assert_eq!(by_id.body["entity"]["name"], "Project Apollo");
    let alice = hub.get("/api/world/entities/alice%20smith").await;
    assert_eq!(alice.body["entity"]["type"], "person");
    let r = hub.get("/api/world/entities/Nobody").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.code(), "not_found");

    // Relations by entity and type.
    let r = hub
        .get(&path(
            "/api/world/relations",
            &[("entity", "Project Apollo"), ("type", "uses")],
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(names(&r.body, "relations", "to"), ["Rust"]);
    assert_eq!(r.body["relations"][0]["weight"], 1.0);
    let r = hub
        .get(&path("/api/world/relations", &[("entity", "nobody")]))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = hub
        .get(&path("/api/world/relations", &[("type", "→")]))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A later prompt naming an entity gets it, with its relations; the
    // stored prompt stays as submitted.
    let prompt = "What database does Project Apollo need?";
    let next = hub
        .create(json!({"prompt": prompt, "assign_to": "ag"}))
        .await;
    let claims = hub.claim("ag", 5_000).await;
    let delivered = &claims
        .iter()
        .find(|c| c.task.id == next.id)
        .expect("claimed")
        .task
        .prompt;
    assert!(
        delivered.starts_with("--- world model (entities known to the mesh) ---\n"),
        "{delivered}"
    );
    assert!(
        delivered.contains("- Project Apollo (project)\n"),
        "{delivered}"
    );
    assert!(
        delivered.contains("  Project Apollo uses Rust\n"),
        "{delivered}"
    );
    assert!(delivered.contains("  Alice Smith works on Project Apollo\n"));
    assert!(delivered.ends_with(&format!("--- end of world model ---\n\n{prompt}")));
    assert!(delivered.len() <= prompt.len() + 1_600);
    assert_eq!(hub.task(&next.id).await.prompt, prompt);
    // Seen again (this completion names it too): two mentions, weight 2.
    run(&hub, "ag", &next.id, "Project Apollo uses Rust.", None).await;
    let r = hub.get("/api/world/entities/project%20apollo").await;
    assert_eq!(r.body["entity"]["mention_count"], 2);
    assert_eq!(r.body["source_tasks"], json!([next.id, source.id]));
    let r = hub
        .get(&path(
            "/api/world/relations",
            &[("entity", &id.to_string()), ("type", "uses")],
        ))
        .await;
    assert_eq!(r.body["relations"][0]["weight"], 2.0);

    // A prompt naming nothing known goes out untouched.
    let plain = hub
        .create(json!({"prompt": "echo nothing to see", "assign_to": "ag"}))
        .await;
    let claims = hub.claim("ag", 5_000).await;
    let c = claims
        .iter()
        .find(|c| c.task.id == plain.id)
        .expect("claimed");
    assert_eq!(c.task.prompt, "echo nothing to see");
    hub.stop().await;
}

fn extraction_tasks(body: &Value) -> Vec<Value> {
    body["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter(|t| t["required_capability"] == "world-extract")
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn world_extract_agents_read_model_outputs_only_when_online() {
    let mut hub = TestHub::start().await;
    hub.register("ag", &["general"], 2).await;
    hub.heartbeat("ag", &[]).await;
    let usage = json!({"model": "big-model", "input_tokens": 10, "output_tokens": 20});

    // Nobody extracts: a model's output costs nothing more.
    let first = hub
        .create(json!({"prompt": "write", "assign_to": "ag"}))
        .await;
    run(
        &hub,
        "ag",
        &first.id,
        "Zorblax Industries Ltd is new.",
        Some(usage.clone()),
    )
    .await;
    let r = hub.get("/api/tasks?limit=500").await;
    assert!(extraction_tasks(&r.body).is_empty());

    hub.register("ex", &["world-extract"], 1).await;
    hub.heartbeat("ex", &[]).await;
    // A builtin output (no model usage) is not sent to a model either.
    let plain = hub
        .create(json!({"prompt": "write", "assign_to": "ag"}))
        .await;
    run(&hub, "ag", &plain.id, "Zorblax Industries Ltd again.", None).await;
    let r = hub.get("/api/tasks?limit=500").await;
    assert!(extraction_tasks(&r.body).is_empty());

    let source = hub
        .create(json!({"prompt": "write", "assign_to": "ag"}))
        .await;
    let output = "Zorblax Industries Ltd builds the Quantum Loom.";
    run(&hub, "ag", &source.id, output, Some(usage.clone())).await;
    let r = hub.get("/api/tasks?limit=500").await;
    let made = extraction_tasks(&r.body);
    assert_eq!(made.len(), 1, "{made:?}");
    assert_eq!(made[0]["priority"], 1);

    // The extractor gets the output to read, and no world-model block
    // although the prompt names a known entity.
    let claims = hub.claim("ex", 5_000).await;
    assert_eq!(claims.len(), 1);
    let ext = &claims[0];
    assert!(ext.task.prompt.starts_with("Extract the named entities"));
    assert!(
        ext.task.prompt.contains(&format!(
            "(task {}) ---\n{output}\n--- end of output ---",
            source.id
        )),
        "{}",
        ext.task.prompt
    );
    let answer = "ENTITY: Zorblax Industries Ltd | organisation | makes looms\n\
                  ENTITY: Quantum Loom | tool | a loom\n\
                  RELATION: Zorblax Industries Ltd | created | Quantum Loom\n\
                  Anything else is ignored.";
    let r = hub
        .lease_call(
            "ex",
            &ext.task.id,
            "complete",
            json!({"fence": ext.lease.fence, "output": answer, "usage": usage}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);

    let r = hub
        .get("/api/world/entities/zorblax%20industries%20ltd")
        .await;
    assert_eq!(r.body["entity"]["type"], "organisation");
    assert_eq!(r.body["entity"]["description"], "makes looms");
    // Three outputs named it; the extraction counts for the task it read.
    assert_eq!(r.body["entity"]["mention_count"], 3);
    assert_eq!(r.body["relations"][0]["relation_type"], "created");
    assert_eq!(r.body["relations"][0]["to"], "Quantum Loom");
    assert_eq!(r.body["relations"][0]["source_task_id"], source.id.as_str());
    let loom = hub.get("/api/world/entities/quantum%20loom").await;
    assert_eq!(loom.body["entity"]["type"], "tool");
    // The extraction's own (model) output asks for no further extraction.
    let r = hub.get("/api/tasks?limit=500").await;
    assert_eq!(extraction_tasks(&r.body).len(), 1);
    hub.stop().await;
}

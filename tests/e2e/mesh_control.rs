//! Mesh control and voice dispatch through the real binaries: `m3shd
//! control` changes the mesh (and refuses without --yes off a terminal, or
//! without the permission), the grammar words run from `m3shd text`, a
//! shell worker advertising `mesh-control` reads what the parser cannot,
//! and `POST /api/voice/dispatch` dispatches a template.

use std::process::Output;
use std::time::Duration;

use m3shd_api::{AgentStatus, CreateTokenRequest, Role, TaskStatus};
use m3shd_client::Client;
use serde_json::{Value, json};

use crate::harness::*;

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn agent_status(hub: &Hub, id: &str) -> String {
    let agents = m3shd_json(hub, &["agents", "--json"]);
    agents["agents"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["id"] == id))
        .map(|a| a["status"].as_str().unwrap_or("").to_string())
        .unwrap_or_else(|| panic!("no agent {id} in {agents}"))
}

async fn token(client: &Client, agent: &str, role: Role) -> String {
    client
        .create_token(&CreateTokenRequest {
            agent_id: agent.into(),
            role: Some(role),
            permissions: None,
        })
        .await
        .expect("token")
        .token
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_drains_and_undrains_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let _w = Worker::start(&hub.url, dir.path(), WorkerSpec::named("crucible", 2));
    let client = hub.client();
    agents_online(&client, 1).await;

    // Off a terminal and without --yes nothing runs.
    let out = m3shd_cli(&hub, &["control", "take crucible offline for maintenance"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(stdout.contains("plan: drain agent crucible"), "{stdout}");
    assert!(stderr.contains("--yes"), "{stderr}");
    assert_ne!(agent_status(&hub, "crucible").await, "draining");

    let out = m3shd_cli(&hub, &["control", "drain crucible", "--yes"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.contains("done: agent crucible is drained"),
        "{stdout}"
    );
    assert_eq!(agent_status(&hub, "crucible").await, "draining");

    // A drained agent gets nothing new.
    let t = submit(&client, "echo while drained").await;
    assert_eq!(
        client.get_task(&t.id).await.unwrap().status,
        TaskStatus::Queued
    );

    let back = m3shd_json(
        &hub,
        &["control", "bring", "crucible", "back", "--yes", "--json"],
    );
    assert_eq!(back["executed"], true, "{back}");
    assert_eq!(back["operation"]["op"], "undrain");
    task_reaches(&client, &t.id, TaskStatus::Done, Duration::from_secs(30)).await;
    let a = client.get_agent("crucible").await.unwrap();
    assert_ne!(a.status, AgentStatus::Draining);

    // A token without agents:write is refused, naming it; nothing changes.
    let worker_token = token(&client, "phone", Role::Worker).await;
    let out = m3shd_command(
        &hub.url,
        &worker_token,
        &["control", "drain crucible", "--yes"],
    )
    .output()
    .unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(3), "{stdout}{stderr}");
    assert!(stderr.contains("agents:write"), "{stderr}");
    assert_ne!(agent_status(&hub, "crucible").await, "draining");

    // A sentence nobody reads is a usage error that says what works.
    let out = m3shd_cli(&hub, &["control", "make it rain", "--yes"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("drain crucible"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_grammar_words_plan_and_run_and_a_shell_model_reads_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let _w = Worker::start(&hub.url, dir.path(), WorkerSpec::named("archon", 1));
    // A "model" that answers every sentence with one fixed operation.
    let _interp = Worker::start(
        &hub.url,
        dir.path(),
        WorkerSpec {
            name: "interp",
            capabilities: "mesh-control",
            slots: 1,
            executor: "shell",
            command: Some(
                r#"cat >/dev/null; printf '{"op": "set_slots", "agent": "archon", "slots": 3}'"#,
            ),
            ..Default::default()
        },
    );
    let client = hub.client();
    agents_online(&client, 2).await;

    let out = m3shd_cli(&hub, &["text", "control pause the queue"]);
    let (stdout, _) = text(&out);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("plan: pause the queue"), "{stdout}");
    assert!(stdout.contains("control! pause the queue"), "{stdout}");
    assert!(
        !client.status().await.unwrap().queue_paused,
        "a plan runs nothing"
    );

    let out = m3shd_cli(&hub, &["text", "control! pause the queue"]);
    let (stdout, _) = text(&out);
    assert!(stdout.contains("done: the queue is paused"), "{stdout}");
    let status = m3shd_cli(&hub, &["status"]);
    assert!(
        text(&status).0.contains("queue: paused"),
        "{:?}",
        text(&status)
    );
    let t = submit(&client, "echo after the pause").await;
    assert_eq!(
        client.get_task(&t.id).await.unwrap().status,
        TaskStatus::Queued
    );
    let out = m3shd_cli(&hub, &["control", "resume the queue", "--yes"]);
    assert!(out.status.success(), "{:?}", text(&out));
    task_reaches(&client, &t.id, TaskStatus::Done, Duration::from_secs(30)).await;

    // The parser cannot read this one; the mesh-control worker does.
    let answer = m3shd_json(
        &hub,
        &[
            "control",
            "archon deserves more room to work",
            "--yes",
            "--json",
        ],
    );
    assert_eq!(answer["read_by"], "model", "{answer}");
    assert!(answer["model_task"].is_string(), "{answer}");
    assert_eq!(answer["agent"]["max_concurrent"], 3, "{answer}");
    assert_eq!(client.get_agent("archon").await.unwrap().max_concurrent, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn voice_dispatch_answers_a_sentence_to_read_out() {
    let dir = tempfile::tempdir().unwrap();
    // With the default schedules, whose daily blog brings its template.
    let hub = Hub::start_full(
        &dir.path().join("hub"),
        "127.0.0.1:0",
        10,
        &[],
        &[("M3SHD_NO_DEFAULT_SCHEDULES", "false")],
    );
    let _w = Worker::start(&hub.url, dir.path(), WorkerSpec::named("w1", 2));
    let client = hub.client();
    agents_online(&client, 1).await;
    let http = reqwest::Client::new();
    let post = |token: String, body: Value| {
        let http = http.clone();
        let url = format!("{}/api/voice/dispatch", hub.url);
        async move {
            let resp = http
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .expect("send");
            let status = resp.status().as_u16();
            (status, resp.json::<Value>().await.expect("json"))
        }
    };

    // The daily blog is a seeded template of a new hub; a general worker writes it.
    let (status, body) = post(TOKEN.into(), json!({"text": "write the daily blog"})).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["template"], "daily-blog");
    let id = body["task"]["id"].as_str().expect("id").to_string();
    assert_eq!(body["speech"], format!("Dispatched daily-blog, task {id}."));
    task_reaches(&client, &id, TaskStatus::Done, Duration::from_secs(30)).await;

    let (status, body) = post(
        TOKEN.into(),
        json!({"text": "research StoreKit 2 pricing models"}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["variables"]["topic"], "StoreKit 2 pricing models");

    let (status, body) = post(TOKEN.into(), json!({"text": "play some jazz"})).await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["closest"].as_array().is_some_and(|c| !c.is_empty()),
        "{body}"
    );
    assert!(body["speech"].is_string(), "{body}");

    // A phone's mobile token may not; a worker token (the Shortcut's) may.
    let mobile = token(&client, "phone", Role::Mobile).await;
    let (status, body) = post(mobile, json!({"text": "research bees"})).await;
    assert_eq!(status, 403, "{body}");
    let shortcut = token(&client, "siri", Role::Worker).await;
    let (status, body) = post(shortcut, json!({"text": "research bees"})).await;
    assert_eq!(status, 201, "{body}");
}

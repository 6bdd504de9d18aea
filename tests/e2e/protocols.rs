//! Quality protocols through the real binaries: builtin workers answer,
//! challenge, revise, debate, vote and validate; the operator drives and
//! reads it all with `m3shd`.

use std::time::Duration;

use m3shd_api::{ProtocolRole, ProtocolState, TaskStatus};
use serde_json::Value;

use crate::harness::*;

fn builtin<'a>(name: &'a str, caps: &'a str, args: &'a [&'a str]) -> WorkerSpec<'a> {
    WorkerSpec {
        name,
        capabilities: caps,
        args,
        ..Default::default()
    }
}

/// `m3shd do ARGS --wait --json`: the subject once its protocol decided.
fn run(hub: &Hub, args: &[&str]) -> (bool, Value) {
    let mut all = vec!["do"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--wait", "--json"]);
    let out = m3shd_cli(hub, &all);
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "m3shd {all:?} printed no JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.success(), v)
}

fn state(task: &Value) -> ProtocolState {
    serde_json::from_value(task["protocol"]["state"].clone()).expect("protocol state")
}

/// The graph's nodes of `role`: (id, agent).
fn nodes(graph: &Value, role: ProtocolRole) -> Vec<(String, String)> {
    graph["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter(|n| n["role"] == role.as_str())
        .map(|n| {
            (
                n["id"].as_str().unwrap_or_default().to_string(),
                n["assigned_to"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn output_of(hub: &Hub, id: &str) -> String {
    m3shd_json(hub, &["task", "show", id, "--json"])["output"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_challenged_answer_is_critiqued_by_another_agent_and_revised_by_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 30);
    let _a = Worker::start(&hub.url, dir.path(), builtin("ann", "general", &[]));
    let _b = Worker::start(&hub.url, dir.path(), builtin("bob", "general", &[]));
    agents_online(&hub.client(), 2).await;

    let (ok, task) = run(
        &hub,
        &[
            "echo the total is 42\nTODO: show the working",
            "--challenge",
            "--agent",
            "ann",
        ],
    );
    assert!(ok, "{task}");
    assert_eq!(state(&task), ProtocolState::Accepted);
    assert_eq!(task["protocol"]["score"], 0.9);
    assert!(
        task["protocol"]["critique"]
            .as_str()
            .unwrap()
            .contains("TODO: show the working"),
        "{task}"
    );
    let id = task["id"].as_str().unwrap();
    let graph = m3shd_json(&hub, &["task", "graph", id, "--json"]);
    let challenges = nodes(&graph, ProtocolRole::Challenges);
    let revises = nodes(&graph, ProtocolRole::Revises);
    assert_eq!(challenges.len(), 1, "{graph}");
    assert_eq!(challenges[0].1, "bob", "never the agent that answered");
    assert_eq!(revises[0].1, "ann", "the original agent revises");
    assert_eq!(task["protocol"]["result_task"], revises[0].0.as_str());
    assert_eq!(output_of(&hub, &revises[0].0), "the total is 42");
    let labels: Vec<&str> = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["role"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["challenges", "revises", "revises"], "{graph}");
    // The text view names the roles too.
    let text = m3shd_cli(&hub, &["task", "graph", id]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("challenges") && text.contains("revises"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsure_builtin_answer_is_verified_and_the_surer_one_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 30);
    let _a = Worker::start(
        &hub.url,
        dir.path(),
        builtin("ann", "general", &["--builtin-confidence", "0.5"]),
    );
    let _b = Worker::start(
        &hub.url,
        dir.path(),
        builtin("bob", "general", &["--builtin-confidence", "0.95"]),
    );
    agents_online(&hub.client(), 2).await;
    let (ok, task) = run(&hub, &["echo forty-two", "--agent", "ann"]);
    assert!(ok, "{task}");
    assert_eq!(task["confidence"], 0.5);
    assert_eq!(state(&task), ProtocolState::Accepted);
    let graph = m3shd_json(
        &hub,
        &["task", "graph", task["id"].as_str().unwrap(), "--json"],
    );
    let verifies = nodes(&graph, ProtocolRole::Verifies);
    assert_eq!(verifies.len(), 1, "{graph}");
    assert_eq!(verifies[0].1, "bob");
    assert_eq!(task["protocol"]["result_task"], verifies[0].0.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_debate_runs_on_two_agents_and_the_synthesis_names_what_it_kept() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 30);
    let _a = Worker::start(&hub.url, dir.path(), builtin("ann", "general", &[]));
    let none = m3shd_cli(&hub, &["do", "echo one voice", "--debate"]);
    assert_eq!(none.status.code(), Some(2), "{none:?}");
    assert!(
        String::from_utf8_lossy(&none.stderr).contains("quorum_unreachable")
            || String::from_utf8_lossy(&none.stderr).contains("two online agents"),
        "{none:?}"
    );
    let _b = Worker::start(&hub.url, dir.path(), builtin("bob", "general", &[]));
    agents_online(&hub.client(), 2).await;

    let (ok, task) = run(&hub, &["echo tabs are clearer", "--debate"]);
    assert!(ok, "{task}");
    let id = task["id"].as_str().unwrap();
    let graph = m3shd_json(&hub, &["task", "graph", id, "--json"]);
    let second = nodes(&graph, ProtocolRole::Debates);
    assert_eq!(second.len(), 1, "{graph}");
    assert_ne!(
        second[0].1,
        task["assigned_to"].as_str().unwrap(),
        "the two sides of a debate are two agents"
    );
    let synth = nodes(&graph, ProtocolRole::Synthesises);
    assert_eq!(task["protocol"]["result_task"], synth[0].0.as_str());
    let out = output_of(&hub, &synth[0].0);
    assert!(out.contains(&format!("KEPT FROM {id}")), "{out}");
    assert!(out.contains(&format!("KEPT FROM {}", second[0].0)), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_other_agent_votes_and_the_votes_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 30);
    let names = ["ann", "bob", "cat", "dan"];
    let _w: Vec<Worker> = names
        .iter()
        .map(|n| Worker::start(&hub.url, dir.path(), builtin(n, "general", &[])))
        .collect();
    agents_online(&hub.client(), 4).await;

    let (ok, task) = run(&hub, &["echo ship it", "--vote", "--agent", "ann"]);
    assert!(ok, "{task}");
    assert_eq!(state(&task), ProtocolState::Accepted);
    let id = task["id"].as_str().unwrap();
    let votes = m3shd_json(&hub, &["task", "votes", id, "--json"]);
    let mut roster: Vec<&str> = votes["roster"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    roster.sort_unstable();
    assert_eq!(roster, ["bob", "cat", "dan"], "the answerer does not vote");
    assert_eq!(
        (votes["accepts"].as_u64(), votes["rejects"].as_u64()),
        (Some(3), Some(0))
    );

    // A result the voters reject: the task's dependents never run on it.
    let (ok, task) = run(&hub, &["echo INVALID numbers", "--vote", "--agent", "ann"]);
    assert!(!ok, "a rejected result is not a success: {task}");
    assert_eq!(state(&task), ProtocolState::Rejected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_voter_killed_mid_vote_escalates_instead_of_hanging() {
    let dir = tempfile::tempdir().unwrap();
    // Agents are judged offline after one lease without a heartbeat.
    let hub = Hub::start(&dir.path().join("hub"), 4);
    let names = ["ann", "bob", "cat", "dan"];
    let mut w: Vec<Worker> = names
        .iter()
        .map(|n| Worker::start(&hub.url, dir.path(), builtin(n, "general", &[])))
        .collect();
    let client = hub.client();
    agents_online(&client, 4).await;
    // Dan dies now; the hub counts him until his heartbeats are overdue,
    // so he is on the roster and his vote never comes.
    w[3].kill9();
    let out = m3shd_json(
        &hub,
        &["do", "echo ship it", "--vote", "--agent", "ann", "--json"],
    );
    let id = out["id"].as_str().unwrap().to_string();
    let task = wait_for("the vote to escalate", Duration::from_secs(60), || async {
        let t = client.get_task(&id).await.ok()?;
        t.protocol
            .filter(|p| p.state == ProtocolState::Escalated)
            .map(|p| (t.status, p))
    })
    .await;
    assert_eq!(task.0, TaskStatus::Done);
    assert!(
        task.1.reason.unwrap().contains("voters"),
        "escalated for the missing vote"
    );
    let esc = m3shd_json(&hub, &["escalations", "--json"]);
    assert!(esc.to_string().contains(&id), "{esc}");

    // The operator decides; garbage is refused before it reaches the hub.
    let bad = m3shd_cli(&hub, &["task", "decide", &id, "maybe"]);
    assert_eq!(bad.status.code(), Some(2), "{bad:?}");
    let decided = m3shd_json(
        &hub,
        &[
            "task",
            "decide",
            &id,
            "accept",
            "--reason",
            "two yes votes do",
            "--json",
        ],
    );
    assert_eq!(decided["protocol"]["state"], "accepted", "{decided}");
    let again = m3shd_cli(&hub, &["task", "decide", &id, "reject"]);
    assert!(!again.status.success(), "{again:?}");
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("only an escalated one"),
        "{again:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validated_results_are_credited_in_the_ledger_and_traced() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 30);
    let _a = Worker::start(&hub.url, dir.path(), builtin("ann", "general", &[]));
    let _v = Worker::start(&hub.url, dir.path(), builtin("vera", "review", &[]));
    agents_online(&hub.client(), 2).await;

    let (ok, good) = run(&hub, &["echo the figures add up", "--validator", "review"]);
    assert!(ok, "{good}");
    let (ok, bad) = run(&hub, &["echo INVALID figures", "--validator", "review"]);
    assert!(!ok, "{bad}");
    assert_eq!(state(&bad), ProtocolState::Rejected);

    let ledger = m3shd_json(&hub, &["ledger", "--json"]);
    let ann = &ledger["agents"][0];
    assert_eq!(ann["agent_id"], "ann");
    assert_eq!(
        (
            ann["validated_results"].as_i64(),
            ann["rejected_results"].as_i64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(ann["credits"], 1.0, "only the validated result is credited");

    let trace = m3shd_json(
        &hub,
        &["task", "trace", good["id"].as_str().unwrap(), "--json"],
    );
    assert_eq!(trace["producer"], "ann");
    assert_eq!(trace["receipts"][0]["validator"], "vera");
    assert_eq!(trace["receipts"][0]["verdict"], "accept");
    assert_eq!(trace["receipts"][0]["result_hash"], trace["result_hash"]);
    assert_eq!(trace["credits"][0]["agent_id"], "ann");
    let text = m3shd_cli(&hub, &["ledger"]);
    assert!(
        String::from_utf8_lossy(&text.stdout).contains("ann"),
        "{text:?}"
    );
}

/// The text a model was sent (Anthropic or OpenAI message content).
fn sent(body: &Value) -> String {
    let m = &body["messages"];
    let last = m
        .as_array()
        .and_then(|a| a.last())
        .cloned()
        .unwrap_or_default();
    last["content"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| last["content"].to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn model_workers_challenge_and_revise_with_confidence_lines_read_and_stripped() {
    use m3shd_test_support::fake_model::{FakeModel, Reply, anthropic_stream, openai_stream};
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 30);
    let claude = FakeModel::start(vec![
        Reply::sse(anthropic_stream(
            "claude-sonnet-4-5",
            &["Paris is the capital.\nCONFIDENCE: 0.9"],
            20,
            10,
        )),
        Reply::sse(anthropic_stream(
            "claude-sonnet-4-5",
            &["Paris is the capital of France (source: CIA Factbook).\nCONFIDENCE: 0.95"],
            40,
            12,
        )),
    ])
    .await;
    let gpt = FakeModel::start(vec![Reply::sse(openai_stream(
        "gpt-4o-mini",
        &["It names no source.\nSCORE: 0.8\nCONFIDENCE: 0.85"],
        30,
        10,
    ))])
    .await;
    let gpt_url = format!("{}/v1", gpt.url);
    let _ann = Worker::start(
        &hub.url,
        dir.path(),
        WorkerSpec {
            name: "ann",
            executor: "anthropic",
            env: &[
                ("ANTHROPIC_BASE_URL", &claude.url),
                ("ANTHROPIC_API_KEY", "sk-ant-e2e-protocol"),
            ],
            ..WorkerSpec::named("ann", 1)
        },
    );
    let _bob = Worker::start(
        &hub.url,
        dir.path(),
        WorkerSpec {
            name: "bob",
            executor: "openai",
            args: &["--model", "gpt-4o-mini"],
            env: &[
                ("OPENAI_BASE_URL", &gpt_url),
                ("OPENAI_API_KEY", "sk-oai-e2e-protocol"),
            ],
            ..WorkerSpec::named("bob", 1)
        },
    );
    agents_online(&hub.client(), 2).await;

    let url = hub.url.clone();
    let out = tokio::task::spawn_blocking(move || {
        m3shd_at(
            &url,
            &[
                "do",
                "What is the capital of France?",
                "--challenge",
                "--agent",
                "ann",
                "--wait",
                "--json",
            ],
        )
    })
    .await
    .unwrap();
    assert!(out.status.success(), "{out:?}");
    let task: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        task["output"], "Paris is the capital.",
        "the line is stripped"
    );
    assert_eq!(task["confidence"], 0.9);
    assert_eq!(task["protocol"]["score"], 0.8);
    assert_eq!(task["protocol"]["critique"], "It names no source.");
    let revision = task["protocol"]["result_task"].as_str().unwrap();
    assert_eq!(
        output_of(&hub, revision),
        "Paris is the capital of France (source: CIA Factbook)."
    );

    let to_gpt = gpt.requests();
    assert_eq!(to_gpt.len(), 1, "{to_gpt:?}");
    let challenge = sent(&to_gpt[0].body);
    assert!(
        challenge.contains("SCORE: x") && challenge.contains("Paris is the capital."),
        "{challenge}"
    );
    let to_claude = claude.requests();
    assert_eq!(to_claude.len(), 2, "{to_claude:?}");
    let revise = sent(&to_claude[1].body);
    assert!(
        revise.contains("It names no source."),
        "the critique reaches the reviser: {revise}"
    );
    assert!(
        revise.contains("CONFIDENCE"),
        "models are asked for their confidence"
    );
}

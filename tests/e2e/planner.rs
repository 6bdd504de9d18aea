//! `auto GOAL` planned by model workers: the real `m3shd-workerd` against
//! the fake Anthropic and OpenAI servers. The model is told to answer with
//! a JSON array, and answers the way models do (a fenced block in prose, a
//! numbered list) still become subtasks.

use std::process::{Command, Output};

use serde_json::Value;

use crate::harness::*;
use m3shd_test_support::fake_model::{FakeModel, Piece, Reply, anthropic_stream, openai_stream};

/// `m3shd auto GOAL --json`, off the async runtime (the fake model serves
/// on it meanwhile).
async fn auto(hub: &Hub, goal: &str) -> Output {
    let url = hub.url.clone();
    let goal = goal.to_string();
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_m3shd"))
            .args(["auto", &goal, "--json"])
            .env("M3SHD_HUB", url)
            .env("M3SHD_TOKEN", TOKEN)
            .output()
            .expect("run m3shd")
    })
    .await
    .expect("m3shd ran")
}

/// The prompts of the subtasks `auto` created.
fn subtask_prompts(o: &Output) -> Vec<String> {
    assert!(o.status.success(), "{o:?}");
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {o:?}"));
    v["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .map(|t| t["prompt"].as_str().expect("prompt").to_string())
        .collect()
}

/// The text the model was sent (Anthropic or OpenAI message content).
fn sent_prompt(body: &Value) -> String {
    body["messages"][0]["content"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| body["messages"][0]["content"].to_string())
}

fn assert_instructed(prompt: &str, goal: &str) {
    assert!(
        prompt.contains("JSON array of 2 to 5 strings"),
        "no answer format in {prompt}"
    );
    assert!(prompt.contains(&format!("Goal: {goal}")), "{prompt}");
}

/// One model worker offering `plan`, in front of a fake provider.
struct ModelPlanner<'a> {
    executor: &'a str,
    args: &'a [&'a str],
    /// The variable naming the provider's base URL, and what follows the
    /// fake's address in it.
    base_url_env: (&'a str, &'a str),
    key_env: (&'a str, &'a str),
    /// Where the provider's API is called.
    api_path: &'a str,
}

/// Run `auto GOAL` with `planner` answering `answer`; checks the model was
/// told the answer format and returns the subtasks' prompts.
async fn plan_with(planner: ModelPlanner<'_>, answer: Vec<Piece>, goal: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let fake = FakeModel::start(vec![Reply::sse(answer)]).await;
    let base_url = format!("{}{}", fake.url, planner.base_url_env.1);
    let _w = Worker::start(
        &hub.url,
        dir.path(),
        WorkerSpec {
            name: "planner",
            capabilities: "plan",
            executor: planner.executor,
            args: planner.args,
            env: &[(planner.base_url_env.0, &base_url), planner.key_env],
            ..WorkerSpec::named("planner", 1)
        },
    );
    agents_online(&hub.client(), 1).await;
    let out = auto(&hub, goal).await;
    let seen = fake.requests();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].path, planner.api_path);
    assert_instructed(&sent_prompt(&seen[0].body), goal);
    subtask_prompts(&out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_anthropic_planner_answering_with_a_fenced_block() {
    let answer = "Here is a plan [v1]:\n```json\n[\"Collect the crash reports\", \
                  \"Find the cause\", \"Write a fix with a test\"]\n```\nGood luck!";
    let planner = ModelPlanner {
        executor: "anthropic",
        args: &[],
        base_url_env: ("ANTHROPIC_BASE_URL", ""),
        key_env: ("ANTHROPIC_API_KEY", "sk-ant-e2e-plan"),
        api_path: "/v1/messages",
    };
    let stream = anthropic_stream("claude-sonnet-4-5", &[answer], 40, 30);
    assert_eq!(
        plan_with(planner, stream, "fix the crash in the release").await,
        [
            "Collect the crash reports",
            "Find the cause",
            "Write a fix with a test"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_openai_planner_answering_with_a_numbered_list() {
    let answer = "Sure! The plan:\n\n1. Draft the announcement\n2. **Review it with the team**\n\
                  3. Publish it\n\nLet me know if you need more.";
    let planner = ModelPlanner {
        executor: "openai",
        args: &["--model", "gpt-4o-mini"],
        base_url_env: ("OPENAI_BASE_URL", "/v1"),
        key_env: ("OPENAI_API_KEY", "sk-oai-e2e-plan"),
        api_path: "/v1/chat/completions",
    };
    let stream = openai_stream("gpt-4o-mini", &[answer], 40, 30);
    assert_eq!(
        plan_with(planner, stream, "announce the new version").await,
        [
            "Draft the announcement",
            "Review it with the team",
            "Publish it"
        ]
    );
}

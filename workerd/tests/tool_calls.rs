//! Tool calls (seed §17): `[TOOL_CALL]` blocks in an executor's output are
//! run through the hub's plugins; a model is continued with the results,
//! other executors get the results appended once.

mod common;
mod fake_hub;
mod fake_model;

use std::sync::Arc;

use common::{config, start};
use fake_hub::{FakeHub, task};
use fake_model::{FakeModel, Reply, anthropic_stream};
use m3shd_workerd::ExecutorKind;
use m3shd_workerd::aiconfig::{AiConfig, Overrides};

fn ai(url: &str) -> AiConfig {
    let file = AiConfig::parse(&format!(
        r#"
        executor = "anthropic"
        model = "claude-haiku-4-5"
        [retries]
        max_retries_transient = 0
        [profiles.anthropic]
        api = "anthropic"
        base_url = "{url}"
        "#
    ))
    .unwrap();
    AiConfig::layered(Some(file), &Overrides::default(), &|_| None).unwrap()
}

const CALL: &str = r#"Let me look. [TOOL_CALL] {"tool": "web_search", "input": {"query": "rust mesh"}} [/TOOL_CALL]"#;

#[tokio::test]
async fn a_model_is_continued_with_tool_results() {
    let model = FakeModel::start(vec![
        Reply::sse(anthropic_stream("claude-haiku-4-5", &[CALL], 10, 4)),
        Reply::sse(anthropic_stream(
            "claude-haiku-4-5",
            &["The answer is 42."],
            20,
            6,
        )),
    ])
    .await;
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(&hub.url, dir.path(), 1);
    cfg.executor = ExecutorKind::Anthropic;
    cfg.ai = Arc::new(ai(&model.url));
    hub.push(task("t-tool", "Find out about rust meshes"), 1);
    let w = start(cfg);
    let done = hub
        .wait_for("complete", |s| s.completes.first().cloned())
        .await;
    w.shutdown().await;

    let calls = hub.with(|s| s.plugin_calls.clone());
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0].0, "web_search");
    assert_eq!(calls[0].1.input["query"], "rust mesh");
    assert_eq!(calls[0].1.task_id.as_deref(), Some("t-tool"));

    let seen = model.requests();
    assert_eq!(seen.len(), 2, "the model ran twice");
    let follow_up = seen[1].body.to_string();
    assert!(
        follow_up.contains("Find out about rust meshes"),
        "{follow_up}"
    );
    assert!(
        follow_up.contains("[TOOL_RESULT web_search]"),
        "{follow_up}"
    );
    assert!(follow_up.contains("rust mesh"), "{follow_up}");
    assert!(follow_up.contains("echo"), "{follow_up}");

    let out = &done.body.output;
    assert!(out.starts_with("Let me look."), "{out}");
    assert!(out.contains("[TOOL_RESULT web_search]"), "{out}");
    assert!(out.ends_with("The answer is 42."), "{out}");
    let u = done.body.usage.clone().unwrap();
    assert_eq!((u.input_tokens, u.output_tokens), (30, 10));
}

#[tokio::test]
async fn builtin_output_gets_results_appended_once() {
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(&hub.url, dir.path(), 1);
    hub.push(
        task(
            "t-echo",
            r#"echo hi [TOOL_CALL] {"tool": "notify", "input": {"message": "m"}} [/TOOL_CALL]"#,
        ),
        1,
    );
    hub.push(task("t-plain", "echo no tools here"), 1);
    let w = start(cfg);
    let done = hub
        .wait_for("two completes", |s| {
            (s.completes.len() == 2).then(|| s.completes.clone())
        })
        .await;
    w.shutdown().await;

    let calls = hub.with(|s| s.plugin_calls.clone());
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0].0, "notify");
    let echo = done.iter().find(|c| c.task_id == "t-echo").unwrap();
    assert!(
        echo.body
            .output
            .ends_with(r#"[TOOL_RESULT notify] {"echo":{"message":"m"}} [/TOOL_RESULT]"#),
        "{}",
        echo.body.output
    );
    let plain = done.iter().find(|c| c.task_id == "t-plain").unwrap();
    assert_eq!(plain.body.output, "no tools here");
}

#[tokio::test]
async fn tool_rounds_stop_at_the_configured_maximum() {
    let model = FakeModel::start(vec![
        Reply::sse(anthropic_stream("claude-haiku-4-5", &[CALL], 1, 1)),
        Reply::sse(anthropic_stream("claude-haiku-4-5", &[CALL], 1, 1)),
        Reply::sse(anthropic_stream("claude-haiku-4-5", &[CALL], 1, 1)),
    ])
    .await;
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(&hub.url, dir.path(), 1);
    cfg.executor = ExecutorKind::Anthropic;
    cfg.ai = Arc::new(ai(&model.url));
    cfg.max_tool_rounds = 1;
    hub.push(task("t-loop", "Loop forever"), 1);
    let w = start(cfg);
    let done = hub
        .wait_for("complete", |s| s.completes.first().cloned())
        .await;
    w.shutdown().await;
    assert_eq!(hub.with(|s| s.plugin_calls.len()), 1);
    assert_eq!(model.requests().len(), 2);
    let u = done.body.usage.unwrap();
    assert_eq!((u.input_tokens, u.output_tokens), (2, 2));
}

#[tokio::test]
async fn memory_enhance_without_an_agent_asks_about_the_worker_itself() {
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(&hub.url, dir.path(), 1);
    let me = cfg.agent_id.clone();
    hub.push(
        task(
            "t-mem",
            r#"echo hi [TOOL_CALL] {"tool": "memory_enhance", "input": {"query": "deploys"}} [/TOOL_CALL] [TOOL_CALL] {"tool": "memory_enhance", "input": {"agent": "other", "query": "x"}} [/TOOL_CALL]"#,
        ),
        1,
    );
    let w = start(cfg);
    hub.wait_for("complete", |s| s.completes.first().cloned())
        .await;
    w.shutdown().await;

    let calls = hub.with(|s| s.plugin_calls.clone());
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert_eq!(calls[0].1.input["agent"], me.as_str(), "filled in");
    assert_eq!(calls[0].1.input["query"], "deploys");
    assert_eq!(
        calls[1].1.input["agent"], "other",
        "an explicit agent stays"
    );
}

//! Tool calls (ARCHITECTURE.md, "Plugins and tool calls"): `[TOOL_CALL]` blocks in an executor's output are
//! run through the real hub's plugins; a model is continued with the
//! results, other executors get the results appended once.

// Tests may panic on what should not happen and convert small numbers freely.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_lossless)]
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
#![allow(clippy::cast_sign_loss)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{AGENT, CAPABILITY, InProcessHub, config, start};
use m3shd_api::{Event, RegisterAgent, SetMemory, Task, TaskStatus};
use m3shd_hubd::HubConfig;
use m3shd_test_support::fake_model::{FakeModel, Reply, anthropic_stream};
use m3shd_test_support::hub::wait_for;
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

/// What the fake search provider finds.
const FOUND: &str = r#"{"results": [{"title": "Rust mesh", "url": "https://example.invalid/mesh", "content": "a mesh of agents in Rust"}]}"#;

/// A hub whose `web_search` asks `search`.
async fn hub_searching(search: &FakeModel) -> InProcessHub {
    let url = format!("{}/search", search.url);
    InProcessHub::start_with(move |mut c: HubConfig| {
        c.search_url = Some(url.clone());
        c
    })
    .await
}

/// The tools the hub ran for `task`: (tool, ok).
async fn plugin_runs(hub: &InProcessHub, task: &str) -> Vec<(String, bool)> {
    hub.events(None)
        .await
        .into_iter()
        .filter_map(|e| match e.event {
            Event::PluginInvoked {
                tool,
                task_id: Some(t),
                agent_id,
                ok,
                ..
            } if t == task => {
                assert_eq!(agent_id.as_deref(), Some(AGENT));
                Some((tool, ok))
            }
            _ => None,
        })
        .collect()
}

async fn done(hub: &InProcessHub, task: &Task) -> Task {
    hub.task_where(&task.id, "complete", |t| t.status == TaskStatus::Done)
        .await
}

#[tokio::test]
async fn a_model_is_continued_with_tool_results() {
    // Each round ends with a confidence line; the last round's is the
    // result's, and none stays in the output.
    let model = FakeModel::start(vec![
        Reply::sse(anthropic_stream(
            "claude-haiku-4-5",
            &[CALL, "\nCONFIDENCE: 0.3"],
            10,
            4,
        )),
        Reply::sse(anthropic_stream(
            "claude-haiku-4-5",
            &["The answer is 42.", "\nCONFIDENCE: 0.95"],
            20,
            6,
        )),
    ])
    .await;
    let search = FakeModel::start(vec![Reply::json(200, FOUND)]).await;
    let hub = hub_searching(&search).await;
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(&hub.url, dir.path(), 1);
    cfg.executor = ExecutorKind::Anthropic;
    cfg.ai = Arc::new(ai(&model.url));
    let task = hub.submit("Find out about rust meshes", CAPABILITY).await;
    let w = start(cfg);
    let done = done(&hub, &task).await;
    w.shutdown().await;

    assert_eq!(
        plugin_runs(&hub, &task.id).await,
        [("web_search".into(), true)]
    );
    let asked = search.requests();
    assert_eq!(asked.len(), 1);
    assert!(asked[0].path.contains("q=rust+mesh"), "{}", asked[0].path);

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
    assert!(
        follow_up.contains("a mesh of agents in Rust"),
        "{follow_up}"
    );

    let out = done.output.unwrap_or_default();
    assert!(out.starts_with("Let me look."), "{out}");
    assert!(out.contains("[TOOL_RESULT web_search]"), "{out}");
    assert!(out.ends_with("The answer is 42."), "{out}");
    assert!(!out.contains("CONFIDENCE"), "{out}");
    assert_eq!(done.confidence, Some(0.95));
    assert_eq!(
        (done.input_tokens, done.output_tokens),
        (Some(30), Some(10))
    );
}

/// An external plugin `echo` in `dir` that answers `{"echo": INPUT}`.
#[cfg(unix)]
fn echo_plugin(dir: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    let exe = dir.join("echo");
    std::fs::write(&exe, "#!/bin/sh\nprintf '{\"echo\":'\ncat\nprintf '}'\n").unwrap();
    std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(
        dir.join("echo.json"),
        r#"{"name": "echo", "description": "answers with its input"}"#,
    )
    .unwrap();
}

#[cfg(unix)]
#[tokio::test]
async fn builtin_output_gets_results_appended_once() {
    let plugins = tempfile::tempdir().unwrap();
    echo_plugin(plugins.path());
    let plugins_dir = plugins.path().to_path_buf();
    let hub = InProcessHub::start_with(move |mut c: HubConfig| {
        c.plugins_dir = Some(plugins_dir.clone());
        c
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(&hub.url, dir.path(), 1);
    let echo = hub
        .submit(
            r#"echo hi [TOOL_CALL] {"tool": "echo", "input": {"message": "m"}} [/TOOL_CALL]"#,
            CAPABILITY,
        )
        .await;
    let plain = hub.submit("echo no tools here", CAPABILITY).await;
    let w = start(cfg);
    let echo_done = done(&hub, &echo).await;
    let plain_done = done(&hub, &plain).await;
    w.shutdown().await;

    assert_eq!(plugin_runs(&hub, &echo.id).await, [("echo".into(), true)]);
    assert!(plugin_runs(&hub, &plain.id).await.is_empty());
    let out = echo_done.output.unwrap_or_default();
    assert!(
        out.ends_with(r#"[TOOL_RESULT echo] {"echo":{"message":"m"}} [/TOOL_RESULT]"#),
        "{out}"
    );
    assert_eq!(plain_done.output.as_deref(), Some("no tools here"));
}

#[tokio::test]
async fn tool_rounds_stop_at_the_configured_maximum() {
    let model = FakeModel::start(vec![
        Reply::sse(anthropic_stream("claude-haiku-4-5", &[CALL], 1, 1)),
        Reply::sse(anthropic_stream("claude-haiku-4-5", &[CALL], 1, 1)),
        Reply::sse(anthropic_stream("claude-haiku-4-5", &[CALL], 1, 1)),
    ])
    .await;
    let search = FakeModel::start(vec![Reply::json(200, FOUND)]).await;
    let hub = hub_searching(&search).await;
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(&hub.url, dir.path(), 1);
    cfg.executor = ExecutorKind::Anthropic;
    cfg.ai = Arc::new(ai(&model.url));
    cfg.max_tool_rounds = 1;
    let task = hub.submit("Loop forever", CAPABILITY).await;
    let w = start(cfg);
    let done = done(&hub, &task).await;
    w.shutdown().await;
    assert_eq!(plugin_runs(&hub, &task.id).await.len(), 1);
    assert_eq!(model.requests().len(), 2);
    assert_eq!((done.input_tokens, done.output_tokens), (Some(2), Some(2)));
}

#[tokio::test]
async fn memory_enhance_without_an_agent_asks_about_the_worker_itself() {
    let hub = InProcessHub::start().await;
    let client = hub.client();
    let dir = tempfile::tempdir().unwrap();
    let w = start(config(&hub.url, dir.path(), 1));
    wait_for("the worker registered", Duration::from_secs(20), || async {
        client.get_agent(AGENT).await.ok()
    })
    .await;
    let other = RegisterAgent {
        name: None,
        machine: None,
        capabilities: vec![],
        max_concurrent: 0,
    };
    client.register("other", &other).await.unwrap();
    for (agent, value) in [(AGENT, "on fridays"), ("other", "at night")] {
        let memory = SetMemory {
            key: "deploys".into(),
            value: value.into(),
            confidence: None,
            source: None,
        };
        client.set_memory(agent, &memory).await.unwrap();
    }
    let task = hub
        .submit(
            r#"echo hi [TOOL_CALL] {"tool": "memory_enhance", "input": {"query": "deploys"}} [/TOOL_CALL] [TOOL_CALL] {"tool": "memory_enhance", "input": {"agent": "other", "query": "deploys"}} [/TOOL_CALL]"#,
            CAPABILITY,
        )
        .await;
    let done = done(&hub, &task).await;
    w.shutdown().await;

    assert_eq!(plugin_runs(&hub, &task.id).await.len(), 2);
    let out = done.output.unwrap_or_default();
    let results: Vec<&str> = out.split("[TOOL_RESULT memory_enhance]").skip(1).collect();
    assert_eq!(results.len(), 2, "{out}");
    assert!(results[0].contains("on fridays"), "filled in: {out}");
    assert!(!results[0].contains("at night"), "{out}");
    assert!(
        results[1].contains("at night"),
        "an explicit agent stays: {out}"
    );
}

//! What the model executor tests share: a running task, test keys, the
//! config of an executor pointed at a fake, and a run that collects the
//! streamed pieces.

#![allow(dead_code)]

use std::time::Duration;

use m3shd_api::Task;
use m3shd_workerd::aiconfig::{AiConfig, Overrides};
use m3shd_workerd::apikey::KeyLookup;
use m3shd_workerd::executor::model::ModelExecutor;
use m3shd_workerd::executor::{ExecError, ExecOutput, Executor, Image};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

pub fn task(prompt: &str, model: Option<&str>) -> Task {
    let now = chrono::Utc::now();
    Task {
        title: "model test".into(),
        status: m3shd_api::TaskStatus::Running,
        attempts: 1,
        model: model.map(Into::into),
        ..Task::queued("t-model", prompt, now)
    }
}

pub fn env(k: &str) -> Option<String> {
    match k {
        "ANTHROPIC_API_KEY" => Some("sk-ant-test-key".into()),
        "TEST_OPENAI_KEY" => Some("sk-oai-test-key".into()),
        _ => None,
    }
}

pub fn config(toml_text: &str) -> AiConfig {
    let file = AiConfig::parse(toml_text).expect("test config parses");
    AiConfig::layered(Some(file), &Overrides::default(), &env).expect("test config is valid")
}

pub fn model_exec(toml_text: &str) -> ModelExecutor {
    ModelExecutor::new(&config(toml_text), 2, &KeyLookup::new(&env, None)).expect("executor builds")
}

/// An anthropic executor pointed at `url`, fast retries.
pub fn anthropic_cfg(url: &str, extra: &str) -> String {
    format!(
        r#"
        executor = "anthropic"
        model = "claude-sonnet-4-5"
        {extra}
        [retries]
        backoff_initial_ms = 1
        backoff_max_ms = 5
        max_retries_429 = 2
        [profiles.anthropic]
        api = "anthropic"
        base_url = "{url}"
        api_key_env = "ANTHROPIC_API_KEY"
        "#
    )
}

pub fn openai_cfg(url: &str, extra: &str) -> String {
    format!(
        r#"
        executor = "openai"
        profile = "local"
        model = "gpt-4o-mini"
        {extra}
        [retries]
        backoff_initial_ms = 1
        backoff_max_ms = 5
        [profiles.local]
        api = "openai"
        base_url = "{url}/v1"
        api_key_env = "TEST_OPENAI_KEY"
        "#
    )
}

pub async fn run(exec: &dyn Executor, t: &Task) -> (Result<ExecOutput, ExecError>, Vec<String>) {
    let (tx, mut rx) = mpsc::channel(1024);
    let r = tokio::time::timeout(
        Duration::from_secs(30),
        exec.run(t, &[], tx, CancellationToken::new()),
    )
    .await
    .expect("executor hung");
    let mut pieces = vec![];
    while let Ok(p) = rx.try_recv() {
        pieces.push(p);
    }
    (r, pieces)
}

/// [`run`] with images.
pub async fn run_with_images(
    exec: &dyn Executor,
    t: &Task,
    images: &[Image],
) -> Result<ExecOutput, ExecError> {
    let (tx, _rx) = mpsc::channel(1024);
    tokio::time::timeout(
        Duration::from_secs(30),
        exec.run(t, images, tx, CancellationToken::new()),
    )
    .await
    .expect("executor hung")
}

pub fn approx(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-12)
}

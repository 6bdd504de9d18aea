//! A worker with a model executor reports usage to the hub: on
//! `complete`, and on `fail` together with the partial output.

mod common;
mod fake_hub;
mod fake_model;

use std::sync::Arc;

use common::{config, start};
use fake_hub::{FakeHub, task};
use fake_model::{FakeModel, Piece, Reply, anthropic_stream};
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

#[tokio::test]
async fn usage_reaches_the_hub_on_complete_and_on_fail() {
    let mut cut = anthropic_stream("claude-haiku-4-5", &["so far"], 30, 2);
    cut.truncate(4);
    cut.push(Piece::Cut);
    let model = FakeModel::start(vec![
        Reply::sse(anthropic_stream(
            "claude-haiku-4-5",
            &["all ", "done"],
            10,
            4,
        )),
        Reply::sse(cut),
    ])
    .await;
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(&hub.url, dir.path(), 1);
    cfg.executor = ExecutorKind::Anthropic;
    cfg.ai = Arc::new(ai(&model.url));
    hub.push(task("t-ok", "Summarize: fine"), 1);
    hub.push(task("t-cut", "Summarize: cut"), 1);
    let w = start(cfg);
    let done = hub
        .wait_for("complete", |s| s.completes.first().cloned())
        .await;
    let failed = hub.wait_for("fail", |s| s.fails.first().cloned()).await;
    w.shutdown().await;

    assert_eq!(done.task_id, "t-ok");
    assert_eq!(done.body.output, "all done");
    let u = done.body.usage.unwrap();
    assert_eq!(
        (u.model.as_str(), u.input_tokens, u.output_tokens),
        ("claude-haiku-4-5", 10, 4)
    );
    assert!(
        u.cost_usd
            .is_some_and(|c| (c - (10.0 * 1.0 + 4.0 * 5.0) / 1e6).abs() < 1e-12)
    );

    assert_eq!(failed.task_id, "t-cut");
    assert!(failed.body.retryable);
    assert_eq!(failed.body.output.as_deref(), Some("so far"));
    let u = failed.body.usage.unwrap();
    assert_eq!((u.input_tokens, u.model.as_str()), (30, "claude-haiku-4-5"));
}

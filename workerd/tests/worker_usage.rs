//! A worker with a model executor reports usage to the hub: on
//! `complete`, and on `fail` together with the partial output.

// Tests may panic on what should not happen and convert small numbers freely.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_lossless)]
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
#![allow(clippy::cast_sign_loss)]

mod common;

use std::sync::Arc;

use common::{CAPABILITY, InProcessHub, config, start};
use m3shd_api::{CreateTask, Event, TaskStatus};
use m3shd_test_support::fake_model::{FakeModel, Piece, Reply, anthropic_stream};
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
    let hub = InProcessHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(&hub.url, dir.path(), 1);
    cfg.executor = ExecutorKind::Anthropic;
    cfg.ai = Arc::new(ai(&model.url));
    let ok = hub.submit("Summarize: fine", CAPABILITY).await;
    // One attempt: a retryable failure then fails it for good (and raises
    // an escalation, which a permanent failure does not).
    let cut = hub
        .submit_task(CreateTask {
            prompt: "Summarize: cut".into(),
            required_capability: Some(CAPABILITY.into()),
            max_attempts: Some(1),
            ..CreateTask::default()
        })
        .await;
    let w = start(cfg);
    let done = hub
        .task_where(&ok.id, "complete", |t| t.status == TaskStatus::Done)
        .await;
    let failed = hub
        .task_where(&cut.id, "fail", |t| t.status == TaskStatus::Failed)
        .await;
    w.shutdown().await;

    assert_eq!(done.output.as_deref(), Some("all done"));
    assert_eq!(
        (done.model.as_deref(), done.input_tokens, done.output_tokens),
        (Some("claude-haiku-4-5"), Some(10), Some(4))
    );
    assert!(
        done.cost_usd
            .is_some_and(|c| (c - (10.0 * 1.0 + 4.0 * 5.0) / 1e6).abs() < 1e-12),
        "{:?}",
        done.cost_usd
    );

    assert_eq!(failed.output.as_deref(), Some("so far"));
    assert_eq!(
        (failed.input_tokens, failed.model.as_deref()),
        (Some(30), Some("claude-haiku-4-5"))
    );
    let events = hub.events(Some(&cut.id)).await;
    assert!(
        events
            .iter()
            .any(|e| matches!(e.event, Event::EscalationRaised { .. })),
        "a retryable failure out of attempts is escalated: {events:#?}"
    );
    let costs: Vec<_> = hub
        .events(None)
        .await
        .into_iter()
        .filter_map(|e| match e.event {
            Event::CostRecorded { entry } => Some(entry),
            _ => None,
        })
        .collect();
    let spent = |id: &str| {
        costs
            .iter()
            .find(|c| c.task_id.as_deref() == Some(id))
            .map(|c| (c.model.clone(), c.input_tokens))
    };
    assert_eq!(spent(&ok.id), Some(("claude-haiku-4-5".into(), 10)));
    assert_eq!(spent(&cut.id), Some(("claude-haiku-4-5".into(), 30)));
    let today = hub.client().costs(None).await.unwrap();
    assert!(today.total_cost_usd > 0.0, "{today:?}");
}

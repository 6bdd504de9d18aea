//! Confidence from model executors: every prompt asks for a final
//! `CONFIDENCE: x` line, which is taken off the output and reported apart;
//! a reply without one reports none. Planning answers stay a bare JSON
//! array.

// Tests may panic on what should not happen and convert small numbers freely.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_lossless)]
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
#![allow(clippy::cast_sign_loss)]

mod model_setup;

use std::sync::Arc;

use m3shd_api::Task;
use m3shd_test_support::fake_model::{FakeModel, Reply, anthropic_stream, openai_stream};
use m3shd_workerd::executor::confidence::INSTRUCTION;
use m3shd_workerd::executor::planner::Planner;
use model_setup::*;

/// The prompt text the fake received in its `n`th request.
fn sent_prompt(fake: &FakeModel, n: usize) -> String {
    fake.requests()[n].body["messages"][0]["content"]
        .as_str()
        .expect("a plain string prompt")
        .to_string()
}

#[tokio::test]
async fn anthropic_replies_give_their_confidence_apart_from_the_output() {
    let fake = FakeModel::start(vec![
        Reply::sse(anthropic_stream(
            "claude-sonnet-4-5",
            &["The answer is 4.", "\nCONFIDENCE: ", "0.42\n"],
            12,
            5,
        )),
        Reply::sse(anthropic_stream(
            "claude-sonnet-4-5",
            &["The answer is 4."],
            12,
            5,
        )),
    ])
    .await;
    let exec = model_exec(&anthropic_cfg(&fake.url, ""));

    let done = run(&exec, &task("What is 2 + 2?", None)).await.0.unwrap();
    assert_eq!(done.output, "The answer is 4.");
    assert_eq!(done.confidence, Some(0.42));
    assert_eq!(
        sent_prompt(&fake, 0),
        format!("What is 2 + 2?\n\n{INSTRUCTION}")
    );

    let done = run(&exec, &task("What is 2 + 2?", None)).await.0.unwrap();
    assert_eq!(done.output, "The answer is 4.");
    assert_eq!(done.confidence, None);
}

#[tokio::test]
async fn openai_replies_give_their_confidence_apart_from_the_output() {
    let fake = FakeModel::start(vec![
        Reply::sse(openai_stream(
            "gpt-4o-mini",
            &["Paris.\n", "CONFIDENCE: 0.42"],
            20,
            4,
        )),
        Reply::sse(openai_stream("gpt-4o-mini", &["Paris."], 20, 4)),
        // A line the executor cannot read stays in the output.
        Reply::sse(openai_stream(
            "gpt-4o-mini",
            &["Paris.\nCONFIDENCE: very"],
            20,
            4,
        )),
    ])
    .await;
    let exec = model_exec(&openai_cfg(&fake.url, ""));
    let t = task("The capital of France?", None);

    let done = run(&exec, &t).await.0.unwrap();
    assert_eq!(
        (done.output.as_str(), done.confidence),
        ("Paris.", Some(0.42))
    );
    assert!(sent_prompt(&fake, 0).starts_with("The capital of France?"));
    assert!(sent_prompt(&fake, 0).ends_with(INSTRUCTION));

    let done = run(&exec, &t).await.0.unwrap();
    assert_eq!((done.output.as_str(), done.confidence), ("Paris.", None));

    let done = run(&exec, &t).await.0.unwrap();
    assert_eq!(
        (done.output.as_str(), done.confidence),
        ("Paris.\nCONFIDENCE: very", None)
    );
}

#[tokio::test]
async fn a_plan_with_a_confidence_line_is_still_a_json_array() {
    let fake = FakeModel::start(vec![Reply::sse(anthropic_stream(
        "claude-sonnet-4-5",
        &[
            "[\"Collect the error reports\", \"Fix the crash\"]",
            "\nCONFIDENCE: 0.8",
        ],
        30,
        12,
    ))])
    .await;
    let planner = Planner::new(Arc::new(model_exec(&anthropic_cfg(&fake.url, ""))));
    let t = Task {
        required_capability: Some(m3shd_api::PLAN_CAPABILITY.into()),
        ..task("plan fix the crash", None)
    };
    let done = run(&planner, &t).await.0.unwrap();
    let steps: Vec<String> = serde_json::from_str(&done.output).unwrap();
    assert_eq!(steps, ["Collect the error reports", "Fix the crash"]);
    assert_eq!(done.confidence, Some(0.8));
    let prompt = sent_prompt(&fake, 0);
    assert!(prompt.contains("only a JSON array"), "{prompt}");
    assert!(prompt.ends_with(INSTRUCTION), "{prompt}");
}

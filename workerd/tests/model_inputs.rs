//! What the model executors send besides the prompt: a task's images (as
//! Anthropic image blocks and OpenAI `image_url` data URLs, the bytes
//! intact) and, for a task with a spend limit, a `max_tokens` ceiling that
//! keeps the call within it, or no call at all when the prompt alone would
//! spend it.

// Tests may panic on what should not happen and convert small numbers freely.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_lossless)]
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
#![allow(clippy::cast_sign_loss)]

mod model_setup;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use m3shd_test_support::fake_model::{FakeModel, Reply, anthropic_stream, openai_stream};
use m3shd_workerd::executor::Image;
use m3shd_workerd::executor::confidence::INSTRUCTION;
use model_setup::*;

fn png() -> Image {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x02\0\0\0\x02\x08\x02\0\0\0".to_vec();
    bytes.extend((0..300u32).map(|i| (i * 7 % 256) as u8));
    Image {
        filename: "chart.png".into(),
        mime: "image/png".into(),
        bytes,
    }
}

fn heic() -> Image {
    Image {
        filename: "IMG_0001.HEIC".into(),
        mime: "image/heic".into(),
        bytes: b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec(),
    }
}

#[tokio::test]
async fn anthropic_gets_the_image_bytes_as_image_blocks() {
    let fake = FakeModel::start(vec![Reply::sse(anthropic_stream(
        "claude-sonnet-4-5",
        &["a bar chart"],
        1600,
        4,
    ))])
    .await;
    let exec = model_exec(&anthropic_cfg(&fake.url, ""));
    let img = png();
    let done = run_with_images(&exec, &task("What is this?", None), &[img.clone(), heic()])
        .await
        .unwrap();
    assert_eq!(done.output, "a bar chart");
    let content = &fake.requests()[0].body["messages"][0]["content"];
    let blocks = content.as_array().expect("blocks, not a string");
    assert_eq!(blocks.len(), 2, "{content}");
    assert_eq!(blocks[0]["type"], "image");
    assert_eq!(blocks[0]["source"]["type"], "base64");
    assert_eq!(blocks[0]["source"]["media_type"], "image/png");
    let sent = B64
        .decode(blocks[0]["source"]["data"].as_str().unwrap())
        .unwrap();
    assert_eq!(sent, img.bytes, "the bytes arrive intact");
    assert_eq!(blocks[1]["type"], "text");
    let text = blocks[1]["text"].as_str().unwrap();
    assert!(text.starts_with("What is this?"), "{text}");
    assert!(
        text.contains("IMG_0001.HEIC (image/heic) not shown"),
        "an image the API does not take is named, not sent: {text}"
    );
}

#[tokio::test]
async fn openai_gets_the_image_bytes_as_data_urls() {
    let fake = FakeModel::start(vec![Reply::sse(openai_stream(
        "gpt-4o-mini",
        &["a chart"],
        900,
        3,
    ))])
    .await;
    let exec = model_exec(&openai_cfg(&fake.url, ""));
    let img = png();
    let done = run_with_images(
        &exec,
        &task("Describe it", None),
        std::slice::from_ref(&img),
    )
    .await
    .unwrap();
    assert_eq!(done.output, "a chart");
    let content = &fake.requests()[0].body["messages"][0]["content"];
    assert_eq!(
        content[0],
        serde_json::json!({"type": "text", "text": format!("Describe it\n\n{INSTRUCTION}")})
    );
    assert_eq!(content[1]["type"], "image_url");
    let url = content[1]["image_url"]["url"].as_str().unwrap();
    let data = url
        .strip_prefix("data:image/png;base64,")
        .unwrap_or_else(|| panic!("not a PNG data URL: {url}"));
    assert_eq!(B64.decode(data).unwrap(), img.bytes);
}

#[tokio::test]
async fn a_spend_limit_caps_max_tokens_at_the_models_price() {
    let fake = FakeModel::start(vec![
        Reply::sse(anthropic_stream("claude-sonnet-4-5", &["hi"], 10, 1)),
        Reply::sse(anthropic_stream("claude-sonnet-4-5", &["hi"], 10, 1)),
        Reply::sse(openai_stream("gpt-4o-mini", &["hi"], 10, 1)),
    ])
    .await;
    let exec = model_exec(&anthropic_cfg(&fake.url, "max_tokens = 4096"));
    // "Say hello" and the confidence instruction, 147 bytes: at most
    // 74 + 16 input tokens, $0.00027 at $3/MTok; the rest of $0.01 buys
    // 648 output tokens at $15/MTok.
    let mut t = task("Say hello", None);
    t.max_cost_usd = Some(0.01);
    run(&exec, &t).await.0.unwrap();
    assert_eq!(fake.requests()[0].body["max_tokens"], 648);
    // A later attempt has only what the earlier ones left.
    t.cost_usd = Some(0.009);
    run(&exec, &t).await.0.unwrap();
    assert_eq!(fake.requests()[1].body["max_tokens"], 48);
    // Without a limit, the configuration decides; an OpenAI call gets the
    // ceiling at its own model's price ($0.15 / $0.60 per MTok).
    let exec = model_exec(&openai_cfg(&fake.url, ""));
    t.cost_usd = None;
    run(&exec, &t).await.0.unwrap();
    assert_eq!(fake.requests()[2].body["max_tokens"], 16_644);
}

#[tokio::test]
async fn a_prompt_the_budget_cannot_pay_for_is_never_sent() {
    let fake = FakeModel::start(vec![Reply::sse(anthropic_stream(
        "claude-sonnet-4-5",
        &["expensive"],
        70,
        200,
    ))])
    .await;
    let exec = model_exec(&anthropic_cfg(&fake.url, ""));
    let mut t = task(&"Summarise the release notes. ".repeat(7), None);
    t.max_cost_usd = Some(0.0001);
    let e = run(&exec, &t).await.0.unwrap_err();
    assert!(e.message.starts_with("budget_exceeded: "), "{}", e.message);
    assert!(!e.retryable, "the same prompt would be refused again");
    assert_eq!(e.usage, None, "nothing was spent");
    assert!(fake.requests().is_empty(), "no call was made");
}

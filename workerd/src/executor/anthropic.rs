//! The Anthropic Messages API, streamed: `POST {base}/v1/messages` with
//! `stream: true`. Events: `message_start` (input tokens), `content_block_*`
//! (`text_delta` pieces are the output), `message_delta` (output tokens,
//! stop reason), `message_stop` (the end), `ping`, `error`.

use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::errors::{CallError, Wire, classify_stream_error};
use super::wire::{CallSpec, Progress, Step, base64_of, drive_sse, int, json as parse, post_json};

/// The API version header sent with every request.
pub const ANTHROPIC_VERSION: &str = "2023-06-01";
/// `max_tokens` is required by the API; this is used when none is configured.
pub const DEFAULT_MAX_TOKENS: u32 = 4096;

/// One streamed call; text goes to `out` and into `progress` as it arrives.
pub async fn call(
    spec: CallSpec<'_>,
    out: &mpsc::Sender<String>,
    progress: &mut Progress,
) -> Result<(), CallError> {
    let body = json!({
        "model": spec.model,
        "max_tokens": spec.max_tokens.unwrap_or(DEFAULT_MAX_TOKENS),
        "stream": true,
        "messages": [{"role": "user", "content": content(&spec)}],
    });
    let mut req = spec
        .http
        .post(format!("{}/v1/messages", spec.base_url))
        .header("anthropic-version", ANTHROPIC_VERSION);
    if let Some(key) = spec.api_key {
        req = req.header("x-api-key", key);
    }
    let resp = post_json(Wire::Anthropic, req, &body).await?;
    drive_sse(resp, out, progress, "message_stop", handle).await
}

/// The prompt as a plain string, or image blocks (images first, as the API
/// advises) and the prompt as a text block.
fn content(spec: &CallSpec<'_>) -> Value {
    if spec.images.is_empty() {
        return json!(spec.prompt);
    }
    let mut blocks: Vec<Value> = spec
        .images
        .iter()
        .map(|img| {
            json!({"type": "image", "source": {
                "type": "base64", "media_type": img.mime, "data": base64_of(img)}})
        })
        .collect();
    blocks.push(json!({"type": "text", "text": spec.prompt}));
    Value::Array(blocks)
}

fn handle(ev: &super::sse::SseEvent, p: &mut Progress) -> Result<Step, CallError> {
    // The `event:` name and the data's `type` agree; trust the data.
    let v = parse(ev)?;
    let kind = v
        .get("type")
        .and_then(Value::as_str)
        .or(ev.event.as_deref())
        .unwrap_or("");
    match kind {
        "message_start" => {
            let usage = &v["message"]["usage"];
            p.input_tokens = input_tokens(usage).unwrap_or(p.input_tokens);
            p.output_tokens = int(usage, &["output_tokens"]).unwrap_or(p.output_tokens);
            Ok(Step::Skip)
        }
        "content_block_delta" => {
            let delta = &v["delta"];
            if delta.get("type").and_then(Value::as_str) == Some("text_delta") {
                let text = delta.get("text").and_then(Value::as_str).unwrap_or("");
                return Ok(Step::Text(text.to_string()));
            }
            Ok(Step::Skip)
        }
        "message_delta" => {
            let usage = &v["usage"];
            // Cumulative counts.
            p.output_tokens = int(usage, &["output_tokens"]).unwrap_or(p.output_tokens);
            if let Some(i) = input_tokens(usage).filter(|i| *i > 0) {
                p.input_tokens = i;
            }
            if v["delta"]["stop_reason"].as_str() == Some("max_tokens") {
                tracing::warn!("the model stopped at max_tokens: the output is cut");
            }
            Ok(Step::Skip)
        }
        "message_stop" => Ok(Step::Done),
        "error" => Err(classify_stream_error(Wire::Anthropic, &ev.data)),
        // ping, content_block_start/stop, and event types added later.
        _ => Ok(Step::Skip),
    }
}

/// Input tokens including the prompt-cache ones (they are input too).
fn input_tokens(usage: &Value) -> Option<i64> {
    let base = int(usage, &["input_tokens"])?;
    let cached = int(usage, &["cache_creation_input_tokens"]).unwrap_or(0)
        + int(usage, &["cache_read_input_tokens"]).unwrap_or(0);
    Some(base.saturating_add(cached))
}

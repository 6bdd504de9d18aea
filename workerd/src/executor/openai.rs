//! OpenAI-compatible chat completions, streamed: `POST {base}/chat/completions`
//! with `stream: true` and `stream_options.include_usage`. Chunks carry
//! `choices[0].delta.content`; the usage comes in a last chunk (OpenAI:
//! with empty `choices`; llama.cpp and others: on the last choice chunk);
//! `data: [DONE]` ends the stream. Grok, OpenAI/Codex, llama.cpp, Ollama
//! and vLLM all speak it.

use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::errors::{CallError, Wire, classify_stream_error};
use super::wire::{CallSpec, Progress, Step, base64_of, drive_sse, int, json as parse, post_json};

/// One streamed call; text goes to `out` and into `progress` as it arrives.
pub async fn call(
    spec: CallSpec<'_>,
    out: &mpsc::Sender<String>,
    progress: &mut Progress,
) -> Result<(), CallError> {
    let mut body = json!({
        "model": spec.model,
        "stream": true,
        "stream_options": {"include_usage": true},
        "messages": [{"role": "user", "content": content(&spec)}],
    });
    if let Some(max) = spec.max_tokens {
        body["max_tokens"] = json!(max);
    }
    let mut req = spec
        .http
        .post(format!("{}/chat/completions", spec.base_url));
    if let Some(key) = spec.api_key {
        req = req.bearer_auth(key);
    }
    let resp = post_json(Wire::OpenAi, req, &body).await?;
    drive_sse(resp, out, progress, "[DONE]", handle).await
}

/// The prompt as a plain string (what every compatible server takes), or
/// a text part and one `image_url` part per image as a data URL.
fn content(spec: &CallSpec<'_>) -> Value {
    if spec.images.is_empty() {
        return json!(spec.prompt);
    }
    let mut parts = vec![json!({"type": "text", "text": spec.prompt})];
    parts.extend(spec.images.iter().map(|img| {
        json!({"type": "image_url", "image_url": {
            "url": format!("data:{};base64,{}", img.mime, base64_of(img))}})
    }));
    Value::Array(parts)
}

fn handle(ev: &super::sse::SseEvent, p: &mut Progress) -> Result<Step, CallError> {
    if ev.data.trim() == "[DONE]" {
        return Ok(Step::Done);
    }
    let v = parse(ev)?;
    if v.get("error").is_some() {
        return Err(classify_stream_error(Wire::OpenAi, &ev.data));
    }
    if let Some(usage) = v.get("usage").filter(|u| u.is_object()) {
        p.input_tokens = int(usage, &["prompt_tokens"]).unwrap_or(p.input_tokens);
        p.output_tokens = int(usage, &["completion_tokens"]).unwrap_or(p.output_tokens);
    }
    let text = v
        .get("choices")
        .and_then(|c| c.get(0))
        .and_then(|c| c.get("delta"))
        .and_then(|d| d.get("content"))
        .and_then(Value::as_str)
        .unwrap_or("");
    Ok(if text.is_empty() {
        Step::Skip
    } else {
        Step::Text(text.to_string())
    })
}

//! What the HTTP model backends share: the request of one call, the
//! progress a stream has made (output so far, tokens), sending a JSON POST
//! (an error status becomes a classified [`CallError`]) and driving an SSE
//! response through a per-wire event handler.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use tokio::sync::mpsc;

use super::Image;
use super::errors::{CallError, Wire, classify_http, retry_after};
use super::sse::{SseEvent, SseParser};

/// The image types both model APIs take (HEIC, for one, they do not).
pub const MODEL_IMAGE_TYPES: &[&str] = &["image/jpeg", "image/png", "image/gif", "image/webp"];

/// Largest error body read for classification.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// One model call.
#[derive(Clone, Copy)]
pub struct CallSpec<'a> {
    pub http: &'a reqwest::Client,
    /// Without a trailing slash.
    pub base_url: &'a str,
    pub api_key: Option<&'a str>,
    pub model: &'a str,
    pub prompt: &'a str,
    /// Shown to the model with the prompt (types of [`MODEL_IMAGE_TYPES`]).
    pub images: &'a [Image],
    pub max_tokens: Option<u32>,
}

/// An image's bytes in base64, as both APIs carry them.
pub fn base64_of(image: &Image) -> String {
    B64.encode(&image.bytes)
}

/// The images a model can be shown, and the prompt with a note for each
/// one it cannot, so the model knows it was there.
pub fn showable(prompt: &str, images: &[Image]) -> (Vec<Image>, String) {
    let mut shown = Vec::new();
    let mut prompt = prompt.to_string();
    for img in images {
        if MODEL_IMAGE_TYPES.contains(&img.mime.as_str()) {
            shown.push(img.clone());
        } else {
            tracing::warn!(image = %img.filename, mime = %img.mime, "the model API does not take this image type; not sent");
            prompt.push_str(&format!(
                "\n\n[attached image {} ({}) not shown: the model API does not take this type]",
                img.filename, img.mime
            ));
        }
    }
    (shown, prompt)
}

/// What a call has produced so far (kept when it fails).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Progress {
    pub output: String,
    pub input_tokens: i64,
    pub output_tokens: i64,
}

/// What one stream event means.
pub enum Step {
    /// Nothing to forward.
    Skip,
    /// Output text to forward.
    Text(String),
    /// The stream is complete.
    Done,
}

/// POST `body` and return the response when its status is a success.
pub async fn post_json(
    wire: Wire,
    request: reqwest::RequestBuilder,
    body: &serde_json::Value,
) -> Result<reqwest::Response, CallError> {
    let resp = request
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(reqwest::header::ACCEPT, "text/event-stream")
        .body(body.to_string())
        .send()
        .await
        .map_err(|e| CallError::from_reqwest(&e))?;
    let status = resp.status();
    if status.is_success() {
        return Ok(resp);
    }
    let wait = retry_after(resp.headers());
    let body = read_capped(resp).await;
    Err(classify_http(wire, status.as_u16(), wait, &body))
}

async fn read_capped(mut resp: reqwest::Response) -> String {
    let mut buf = Vec::new();
    while let Ok(Some(chunk)) = resp.chunk().await {
        buf.extend_from_slice(&chunk);
        if buf.len() >= MAX_ERROR_BODY {
            buf.truncate(MAX_ERROR_BODY);
            break;
        }
    }
    String::from_utf8_lossy(&buf).into_owned()
}

/// Read an SSE response to its end, handing each event to `handle` and
/// forwarding text to `out` (a closed channel is not an error). A body that
/// ends (or breaks) before `handle` says [`Step::Done`] is a transient
/// failure: `what_ends` names the event that was missing.
pub async fn drive_sse(
    mut resp: reqwest::Response,
    out: &mpsc::Sender<String>,
    progress: &mut Progress,
    what_ends: &str,
    mut handle: impl FnMut(&SseEvent, &mut Progress) -> Result<Step, CallError>,
) -> Result<(), CallError> {
    let mut parser = SseParser::new();
    loop {
        let chunk = match resp.chunk().await {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => {
                return Err(CallError::transient(format!(
                    "stream cut before {what_ends}: {e}"
                )));
            }
        };
        for ev in parser.push(&chunk) {
            match handle(&ev, progress)? {
                Step::Skip => {}
                Step::Text(t) => {
                    if !t.is_empty() {
                        progress.output.push_str(&t);
                        let _ = out.send(t).await;
                    }
                }
                Step::Done => return Ok(()),
            }
        }
    }
    Err(CallError::transient(format!(
        "stream ended before {what_ends}"
    )))
}

/// Parse an event's JSON data; bad JSON is a transient (garbled) stream.
pub fn json(ev: &SseEvent) -> Result<serde_json::Value, CallError> {
    serde_json::from_str(&ev.data)
        .map_err(|e| CallError::transient(format!("unreadable stream event: {e}")))
}

/// A JSON integer field as i64 (0 when absent or not a number).
pub fn int(v: &serde_json::Value, path: &[&str]) -> Option<i64> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    // A float count is clamped into range first; `as` then saturates.
    #[allow(clippy::cast_possible_truncation)]
    cur.as_i64()
        .or_else(|| cur.as_f64().map(|f| f.max(0.0) as i64))
}

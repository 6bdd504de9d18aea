//! `POST /api/text`: one line of the command grammar, run as the iMessage
//! bridge runs what it is texted (ARCHITECTURE.md, "Operator commands").
//! The line goes to the injected runner (`crate::text`) with the caller's
//! own credential; without a runner the hub answers 501 `not_implemented`.

use axum::Json;
use axum::extract::State;
use m3shd_api::{ErrorCode, MAX_TEXT_BYTES, TextLine, TextReply};

use super::auth::{Caller, Presented};
use super::error::ApiError;
use super::extract::ApiJson;
use super::state::AppState;
use crate::text::TextCall;

/// The body limit of the route: the longest line, JSON-escaped, with room.
pub const BODY_LIMIT: usize = 64 * 1024;

pub async fn run(
    State(s): State<AppState>,
    caller: Caller,
    Presented(credential): Presented,
    ApiJson(req): ApiJson<TextLine>,
) -> Result<Json<TextReply>, ApiError> {
    if req.text.len() > MAX_TEXT_BYTES {
        return Err(ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!(
                "text is {} bytes; the limit is {MAX_TEXT_BYTES}",
                req.text.len()
            ),
        ));
    }
    let text = req.text.trim();
    if text.is_empty() {
        return Err(ApiError::new(
            ErrorCode::Validation,
            "text is empty: type a command (`help` lists them) or a message",
        ));
    }
    let Some(running) = s.text.clone() else {
        return Err(ApiError::new(
            ErrorCode::NotImplemented,
            "this hub runs no command lines: it was started without the command runner \
             (m3shd-hubd and m3shd up have one)",
        ));
    };
    let call = TextCall {
        hub_url: running.hub_url,
        credential,
        text: text.to_string(),
    };
    // Who, never what: the line may hold anything.
    tracing::debug!(who = %caller.label(), "running a text line");
    tokio::select! {
        biased;
        () = s.shutdown.cancelled() => Err(ApiError::new(
            ErrorCode::Unavailable,
            "the hub is shutting down; the line may not have run",
        )),
        reply = (running.runner)(call) => Ok(Json(reply)),
    }
}

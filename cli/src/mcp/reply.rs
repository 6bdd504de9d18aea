//! What a tool answers: a few lines of text for the model to read, and the
//! hub's JSON as structured content for programs. A failure is an MCP tool
//! error (`isError: true`) carrying the hub's stable error code, never a
//! protocol error: clients show a tool error's text to the model, while a
//! protocol error reaches it as an opaque failure.

use m3shd_api::{ErrorBody, ErrorCode};
use m3shd_client::ClientError;
use rmcp::model::{CallToolResult, ContentBlock};
use serde::Serialize;

/// Text longer than this is cut in the text part (the structured content
/// keeps everything).
const MAX_TEXT_CHARS: usize = 8_000;

/// A successful answer: `text` for the model, `value` (a JSON object) as
/// structured content.
pub fn ok(text: impl Into<String>, value: &impl Serialize) -> CallToolResult {
    match serde_json::to_value(value) {
        Ok(v) => with_text(CallToolResult::structured(v), text.into()),
        Err(e) => refused(
            ErrorCode::Internal,
            format!("cannot encode the answer: {e}"),
        ),
    }
}

/// A tool error with the hub's code: `{"error": {"code", "message"}}` as
/// structured content, `code: message` as text.
pub fn refused(code: ErrorCode, message: impl Into<String>) -> CallToolResult {
    let body = ErrorBody::new(code, message);
    let text = body.to_string();
    match serde_json::to_value(&body) {
        Ok(v) => with_text(CallToolResult::structured_error(v), text),
        Err(_) => CallToolResult::error(vec![ContentBlock::text(text)]),
    }
}

/// A failed hub call as a tool error. An unreachable hub is `unavailable`,
/// so a model can tell "try later" from "this is wrong".
pub fn failed(err: &ClientError) -> CallToolResult {
    let (code, message) = match err {
        ClientError::Api { body, .. } => (body.error.code, body.error.message.clone()),
        ClientError::Transport(_) => (ErrorCode::Unavailable, err.to_string()),
        ClientError::Config(_) => (ErrorCode::BadRequest, err.to_string()),
        ClientError::UnknownAgent { .. } => (ErrorCode::NotFound, err.to_string()),
        ClientError::Decode(_) | ClientError::Failed(_) => (ErrorCode::Internal, err.to_string()),
    };
    refused(code, message)
}

fn with_text(mut result: CallToolResult, text: String) -> CallToolResult {
    result.content = vec![ContentBlock::text(clip(&text, MAX_TEXT_CHARS))];
    result
}

/// At most `max` characters, marking the cut.
pub fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((at, _)) => format!("{}… [cut; the structured content has all of it]", &s[..at]),
    }
}

/// The first line of `s`, at most `max` characters.
pub fn one_line(s: &str, max: usize) -> String {
    let line = s.lines().next().unwrap_or_default();
    match line.char_indices().nth(max) {
        None if line.len() == s.trim_end().len() => line.to_string(),
        None => format!("{line}…"),
        Some((at, _)) => format!("{}…", &line[..at]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(r: &CallToolResult) -> String {
        r.content
            .iter()
            .filter_map(|c| c.as_text().map(|t| t.text.clone()))
            .collect()
    }

    #[test]
    fn hub_errors_keep_their_code() {
        let e = ClientError::Api {
            status: 404,
            body: ErrorBody::new(ErrorCode::NotFound, "no task t-1"),
        };
        let r = failed(&e);
        assert_eq!(r.is_error, Some(true));
        assert_eq!(text_of(&r), "not_found: no task t-1");
        let v = r.structured_content.unwrap();
        assert_eq!(v["error"]["code"], "not_found");
        assert_eq!(v["error"]["message"], "no task t-1");
    }

    #[test]
    fn an_unreachable_hub_is_unavailable() {
        let r = failed(&ClientError::Transport("connection refused".into()));
        assert_eq!(r.is_error, Some(true));
        assert_eq!(
            r.structured_content.unwrap()["error"]["code"],
            "unavailable"
        );
    }

    #[test]
    fn answers_carry_text_and_structure() {
        let r = ok("one task", &serde_json::json!({"tasks": [1]}));
        assert_eq!(r.is_error, Some(false));
        assert_eq!(text_of(&r), "one task");
        assert_eq!(r.structured_content.unwrap()["tasks"][0], 1);
    }

    #[test]
    fn clipping_counts_characters() {
        assert_eq!(clip("héllo", 10), "héllo");
        assert!(clip("héllo", 2).starts_with("hé…"));
        assert_eq!(one_line("a\nb", 10), "a…");
        assert_eq!(one_line("abc", 2), "ab…");
        assert_eq!(one_line("abc\n", 5), "abc");
    }
}

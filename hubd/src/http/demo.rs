//! Demo mode (`--demo`): `GET /demo` serves the dashboard read-only to
//! anyone, fed by `GET /api/demo/snapshot` alone. Prompts, outputs and
//! messages are cut to their first words; every demo request counts
//! against 30 a minute per address. Nothing here writes: the demo page has
//! no credential, so every mutating route still answers it 401. Without
//! `--demo` both routes are 404.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use m3shd_api::{MessageQuery, StreamQuery, TaskQuery};
use serde_json::{Value, json};

use super::client_ip::ClientIp;
use super::error::ApiError;
use super::state::AppState;

/// Words of free text a demo visitor sees.
pub const WORDS_SHOWN: usize = 4;
/// Fields holding what people and models wrote: cut to their first words.
const FREE_TEXT: &[&str] = &[
    "prompt",
    "output",
    "error",
    "content",
    "chunk",
    "description",
    "title",
    "value",
    "reason",
    "text",
    "message",
    "result",
    "guidelines",
];
/// Event types shown (by prefix); the rest are reduced to their type.
const SHOWN_EVENTS: &[&str] = &["task_", "agent_", "approval_", "message_"];
const TASKS_SHOWN: u32 = 60;
const EVENTS_SHOWN: u32 = 80;

fn admit(s: &AppState, ip: std::net::IpAddr) -> Result<(), ApiError> {
    let Some(limiter) = &s.demo else {
        return Err(ApiError::not_found(
            "demo mode is off (start the hub with --demo)",
        ));
    };
    limiter.check(ip, s.hub.now()).map_err(|wait| {
        ApiError::rate_limited("the demo allows 30 requests a minute per address", wait)
    })
}

pub async fn page(State(s): State<AppState>, ClientIp(ip): ClientIp) -> Result<Response, ApiError> {
    admit(&s, ip)?;
    Ok(super::web::file(
        "text/html; charset=utf-8",
        super::web::INDEX_HTML.as_bytes(),
    ))
}

pub async fn snapshot(
    State(s): State<AppState>,
    ClientIp(ip): ClientIp,
) -> Result<Response, ApiError> {
    admit(&s, ip)?;
    let summary = s.hub.status_summary()?;
    let agents = s.hub.agents()?;
    let tasks = s.hub.tasks(&TaskQuery {
        limit: Some(TASKS_SHOWN),
        ..TaskQuery::default()
    })?;
    let events = s.hub.events(&StreamQuery {
        after: Some((summary.last_event_id - i64::from(EVENTS_SHOWN)).max(0)),
        limit: Some(EVENTS_SHOWN),
        ..StreamQuery::default()
    })?;
    let messages = s.hub.messages(&MessageQuery {
        limit: Some(30),
        ..MessageQuery::default()
    })?;
    let pending = s
        .hub
        .approvals(Some(m3shd_api::ApprovalStatus::Pending), Some(100))?
        .len();
    let events: Vec<Value> = events
        .events
        .iter()
        .map(|e| {
            let v = serde_json::to_value(e).unwrap_or(Value::Null);
            let kind = v["type"].as_str().unwrap_or_default().to_string();
            if SHOWN_EVENTS.iter().any(|p| kind.starts_with(p)) {
                redact(v)
            } else {
                json!({"id": e.id, "ts": e.ts, "type": kind, "data": {}})
            }
        })
        .collect();
    let body = json!({
        "summary": summary,
        "agents": agents,
        "tasks": redact(serde_json::to_value(tasks).unwrap_or(Value::Null)),
        "events": events,
        "messages": redact(serde_json::to_value(messages).unwrap_or(Value::Null)),
        "pending_approvals": pending,
    });
    Ok(Json(body).into_response())
}

/// The first [`WORDS_SHOWN`] words of `text`, with an ellipsis when cut.
pub fn first_words(text: &str) -> String {
    let mut words = text.split_whitespace();
    let shown: Vec<&str> = words.by_ref().take(WORDS_SHOWN).collect();
    let mut out = shown.join(" ");
    if words.next().is_some() {
        out.push_str(" …");
    }
    out
}

/// Cut every free-text field, at any depth, to its first words.
pub fn redact(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| match v {
                    Value::String(s) if FREE_TEXT.contains(&k.as_str()) => {
                        (k, Value::String(first_words(&s)))
                    }
                    other => (k, redact(other)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(redact).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_is_cut_to_its_first_words_at_any_depth() {
        assert_eq!(first_words("one two three"), "one two three");
        assert_eq!(first_words("a b c d e f"), "a b c d …");
        let v = redact(json!({
            "id": "t-1 with spaces kept as they are here",
            "task": {"prompt": "summarise the secret quarterly numbers now", "status": "running"},
            "list": [{"content": "hello there my dear old friend"}],
        }));
        assert_eq!(v["id"], "t-1 with spaces kept as they are here");
        assert_eq!(v["task"]["prompt"], "summarise the secret quarterly …");
        assert_eq!(v["task"]["status"], "running");
        assert_eq!(v["list"][0]["content"], "hello there my dear …");
    }
}

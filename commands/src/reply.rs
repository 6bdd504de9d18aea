//! The answer to one command: short text for a phone, the API's JSON for
//! `--json`, and the task it created.

use m3shd_api::Task;
use m3shd_client::ClientError;
use serde_json::json;

/// The answer to one command.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// Plain text, a few short lines: fit for a phone.
    pub text: String,
    /// Structured: the API's JSON for the command (what `--json` prints).
    pub json: serde_json::Value,
    /// The task the command created, for commands that create work.
    pub task_id: Option<String>,
}

impl Reply {
    pub(crate) fn new(text: impl Into<String>, json: serde_json::Value) -> Reply {
        Reply {
            text: text.into(),
            json,
            task_id: None,
        }
    }

    /// What a surface shows when a command failed (the bridge texts it back).
    pub fn from_error(err: &ClientError) -> Reply {
        let code = err
            .code()
            .map(|c| serde_json::to_value(c).unwrap_or_default())
            .unwrap_or_else(|| json!("failed"));
        Reply::new(
            format!("error: {err}"),
            json!({"error": {"code": code, "message": err.to_string()}}),
        )
    }
}

pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

pub(crate) fn created(text: String, t: &Task) -> Reply {
    Reply {
        text,
        json: to_json(t),
        task_id: Some(t.id.clone()),
    }
}

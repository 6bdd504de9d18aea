//! The calls this hub makes on a peer, with the peer's token. Errors say
//! what went wrong without the token or the body (which may carry
//! prompts).

use m3shd_api::{ErrorBody, FederationCapacity, RelayAccepted, RelayTask, RelayedTask};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

/// Why a call on a peer failed.
#[derive(Debug, Clone, PartialEq)]
pub enum CallError {
    /// 401/403: the peer does not take this hub's token.
    Refused(String),
    /// 404.
    NotFound,
    /// The peer answered with another error (its code and message).
    Answered(StatusCode, String),
    /// No answer, or not one a hub gives.
    Unreachable(String),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Refused(m) => write!(f, "token refused: {m}"),
            CallError::NotFound => f.write_str("not found"),
            CallError::Answered(s, m) => write!(f, "{s}: {m}"),
            CallError::Unreachable(m) => write!(f, "unreachable: {m}"),
        }
    }
}

async fn read<T: DeserializeOwned>(
    r: Result<reqwest::Response, reqwest::Error>,
) -> Result<T, CallError> {
    let resp = r.map_err(|e| CallError::Unreachable(without_url(&e)))?;
    let status = resp.status();
    if status.is_success() {
        return resp.json::<T>().await.map_err(|e| {
            CallError::Unreachable(format!("unreadable answer: {}", without_url(&e)))
        });
    }
    let message = match resp.json::<ErrorBody>().await {
        Ok(b) => format!("{}: {}", b.error.code.as_str(), b.error.message),
        Err(_) => status.to_string(),
    };
    Err(match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => CallError::Refused(message),
        StatusCode::NOT_FOUND => CallError::NotFound,
        s => CallError::Answered(s, message),
    })
}

/// A reqwest error without the URL (it names the peer, which is fine, but
/// keeps log lines short and never carries a query).
fn without_url(e: &reqwest::Error) -> String {
    let mut s = e.to_string();
    if let Some(u) = e.url() {
        s = s.replace(u.as_str(), "peer");
    }
    s
}

pub async fn capacity(
    http: &reqwest::Client,
    url: &str,
    token: &str,
) -> Result<FederationCapacity, CallError> {
    read(
        http.get(format!("{url}/api/federation/capacity"))
            .bearer_auth(token)
            .send()
            .await,
    )
    .await
}

pub async fn offer(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    task: &RelayTask,
) -> Result<RelayAccepted, CallError> {
    read(
        http.post(format!("{url}/api/federation/tasks"))
            .bearer_auth(token)
            .json(task)
            .send()
            .await,
    )
    .await
}

pub async fn relayed(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    task_id: &str,
) -> Result<RelayedTask, CallError> {
    read(
        http.get(format!("{url}/api/federation/tasks/{task_id}"))
            .bearer_auth(token)
            .send()
            .await,
    )
    .await
}

//! The calls this hub makes on a peer, with the peer's token. Errors say
//! what went wrong without the token or the body (which may carry
//! prompts).

use m3shd_api::{
    ErrorBody, ErrorCode, FederationCapacity, ProvenanceReport, RELAY_SIGNATURE_HEADER,
    RelayAccepted, RelayResultAck, RelayTask, RelayedTask,
};
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
    Answered(StatusCode, Option<ErrorCode>, String),
    /// No answer, or not one a hub gives.
    Unreachable(String),
}

impl CallError {
    /// The peer answered, and asking again will get the same answer: a
    /// pushed result or a cancel it will never take (refused as late or
    /// forged, or about a task it does not have).
    pub fn is_final(&self) -> bool {
        match self {
            CallError::NotFound => true,
            CallError::Answered(_, code, _) => matches!(
                code,
                Some(
                    ErrorCode::StaleLease
                        | ErrorCode::InvalidTransition
                        | ErrorCode::BadSignature
                        | ErrorCode::Validation
                        | ErrorCode::BadRequest
                        | ErrorCode::PayloadTooLarge
                )
            ),
            CallError::Refused(_) | CallError::Unreachable(_) => false,
        }
    }
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Refused(m) => write!(f, "token refused: {m}"),
            CallError::NotFound => f.write_str("not found"),
            CallError::Answered(s, _, m) => write!(f, "{s}: {m}"),
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
    let (code, message) = match resp.json::<ErrorBody>().await {
        Ok(b) => (
            Some(b.error.code),
            format!("{}: {}", b.error.code.as_str(), b.error.message),
        ),
        Err(_) => (None, status.to_string()),
    };
    Err(match (status, code) {
        // A forged or stale signature is about the call, not the token.
        (_, Some(ErrorCode::BadSignature)) => CallError::Answered(status, code, message),
        (StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN, _) => CallError::Refused(message),
        (StatusCode::NOT_FOUND, _) => CallError::NotFound,
        (s, code) => CallError::Answered(s, code, message),
    })
}

/// A task id from a peer goes into a URL only if it is an id (no `/`, no
/// `..`): a peer's answer is not trusted to be.
fn check_id(task_id: &str) -> Result<(), CallError> {
    if m3shd_api::ids::is_valid_id(task_id) {
        Ok(())
    } else {
        Err(CallError::Unreachable(format!(
            "{:?} is not a task id",
            task_id.chars().take(80).collect::<String>()
        )))
    }
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
    get(http, &format!("{url}/api/federation/capacity"), token).await
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
    check_id(task_id)?;
    get(
        http,
        &format!("{url}/api/federation/tasks/{task_id}"),
        token,
    )
    .await
}

/// Push the result of a task `url`'s hub relayed here (its task
/// `task_id`): `body` as signed in `signature`.
pub async fn push_result(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    task_id: &str,
    body: Vec<u8>,
    signature: &str,
) -> Result<RelayResultAck, CallError> {
    check_id(task_id)?;
    let to = format!("{url}/api/federation/results/{task_id}");
    signed_post(http, &to, token, body, signature).await
}

/// Tell the peer this hub cancelled the task relayed to it (its task
/// `task_id` there): `body` as signed in `signature`.
pub async fn cancel(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    task_id: &str,
    body: Vec<u8>,
    signature: &str,
) -> Result<RelayedTask, CallError> {
    check_id(task_id)?;
    let to = format!("{url}/api/federation/tasks/{task_id}/cancel");
    signed_post(http, &to, token, body, signature).await
}

/// GET with the peer's token.
async fn get<T: DeserializeOwned>(
    http: &reqwest::Client,
    from: &str,
    token: &str,
) -> Result<T, CallError> {
    read(http.get(from).bearer_auth(token).send().await).await
}

/// POST a JSON body with the relay's signature of it.
async fn signed_post<T: DeserializeOwned>(
    http: &reqwest::Client,
    to: &str,
    token: &str,
    body: Vec<u8>,
    signature: &str,
) -> Result<T, CallError> {
    read(
        http.post(to)
            .bearer_auth(token)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(RELAY_SIGNATURE_HEADER, signature)
            .body(body)
            .send()
            .await,
    )
    .await
}

/// The peer's own verdict on its chain for a task relayed to it.
pub async fn provenance(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    task_id: &str,
) -> Result<ProvenanceReport, CallError> {
    check_id(task_id)?;
    let from = format!("{url}/api/federation/tasks/{task_id}/provenance");
    get(http, &from, token).await
}

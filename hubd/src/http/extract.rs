//! Extractors whose rejections use our JSON error body (axum's own answer
//! with plain text): malformed JSON, unknown fields and wrong types are 400,
//! a body over the limit is 413.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{StatusCode, header, request::Parts};
use serde::de::DeserializeOwned;

use m3shd_api::{AgentId, ErrorCode, TaskId};
use m3shd_hub_core::domain::{agent_not_found, invalid_agent_id, task_not_found};

use super::error::ApiError;

/// A JSON body (`Content-Type: application/json` required).
pub struct ApiJson<T>(pub T);

/// A JSON body that may be empty (then parsed as `{}`), for calls whose
/// every field is optional (heartbeat, claim).
pub struct JsonOrEmpty<T>(pub T);

fn is_json(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| {
            let m = m.trim().to_ascii_lowercase();
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        })
        .unwrap_or(false)
}

/// The whole body, within the route's size limit and the body deadline;
/// `too_large` says what the limit is.
pub async fn read_body<S: Send + Sync>(
    req: Request,
    state: &S,
    too_large: impl FnOnce() -> String,
) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state).await.map_err(|rej| {
        if rej.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return ApiError::new(ErrorCode::PayloadTooLarge, too_large());
        }
        if let Some(timed_out) = super::body_deadline::timed_out(&rej) {
            return timed_out;
        }
        ApiError::bad_request(format!("could not read the body: {}", rej.body_text()))
    })
}

async fn body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    read_body(req, state, || {
        format!(
            "request body is over {} bytes",
            m3shd_api::limits::MAX_BODY_BYTES
        )
    })
    .await
}

fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    refuse_nul(bytes)?;
    serde_json::from_slice(bytes)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))
}

/// PostgreSQL text cannot hold NUL, and no operator means one, so a body
/// that spells it (`\u0000`) is refused on every backend alike rather than
/// stored on one and a 500 on the other. Only bodies that contain the escape
/// at all pay for the second parse.
fn refuse_nul(bytes: &[u8]) -> Result<(), ApiError> {
    if !bytes.windows(6).any(|w| w == b"\\u0000") {
        return Ok(());
    }
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return Ok(()); // the real parse names the syntax error
    };
    if m3shd_api::limits::json_holds_nul(&value) {
        return Err(ApiError::bad_request(
            "invalid JSON body: text must not contain the NUL character (\\u0000)",
        ));
    }
    Ok(())
}

/// The same rule for a percent-encoded query or path (`%00`).
fn refuse_encoded_nul(what: &str, raw: &str) -> Result<(), ApiError> {
    if raw.contains("%00") {
        return Err(ApiError::bad_request(format!(
            "invalid {what}: text must not contain the NUL character (%00)"
        )));
    }
    Ok(())
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(&req) {
            return Err(ApiError::bad_request(
                "expected a JSON body with Content-Type: application/json",
            ));
        }
        let bytes = body(req, state).await?;
        Ok(ApiJson(parse(&bytes)?))
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonOrEmpty<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = body(req, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(JsonOrEmpty(parse(b"{}")?));
        }
        Ok(JsonOrEmpty(parse(&bytes)?))
    }
}

/// A JSON body signed by a peer hub: the value, the bytes it was read from
/// (what the signature covers) and the `X-M3SHD-Signature` header.
pub struct SignedJson<T> {
    pub value: T,
    pub body: Bytes,
    pub signature: Option<String>,
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for SignedJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(&req) {
            return Err(ApiError::bad_request(
                "expected a JSON body with Content-Type: application/json",
            ));
        }
        let signature = req
            .headers()
            .get(m3shd_api::RELAY_SIGNATURE_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = body(req, state).await?;
        Ok(SignedJson {
            value: parse(&body)?,
            body,
            signature,
        })
    }
}

/// A query string.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        refuse_encoded_nul("query", parts.uri.query().unwrap_or(""))?;
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| ApiQuery(q.0))
            .map_err(|rej| ApiError::bad_request(format!("invalid query: {}", rej.body_text())))
    }
}

/// Path parameters.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        refuse_encoded_nul("path", parts.uri.path())?;
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| ApiPath(p.0))
            .map_err(|rej| ApiError::bad_request(format!("invalid path: {}", rej.body_text())))
    }
}

/// A task id from the path (`{id}`), checked once here: a string that is
/// no id names no task, so it is refused as an unknown one is.
pub struct TaskPath(pub TaskId);

impl<S: Send + Sync> FromRequestParts<S> for TaskPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let ApiPath(raw) = ApiPath::<String>::from_request_parts(parts, state).await?;
        task_id(&raw).map(TaskPath)
    }
}

/// `raw` as a task id, or the 404 of an unknown task.
pub fn task_id(raw: &str) -> Result<TaskId, ApiError> {
    TaskId::parse(raw).map_err(|_| ApiError::from(task_not_found(raw)))
}

/// An agent id from the path (`{id}`), checked once here: a string that is
/// no id names no agent, so it is refused as an unknown one is.
pub struct AgentPath(pub AgentId);

impl<S: Send + Sync> FromRequestParts<S> for AgentPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let ApiPath(raw) = ApiPath::<String>::from_request_parts(parts, state).await?;
        agent_id(&raw).map(AgentPath)
    }
}

/// `raw` as an agent id, or the 404 of an unknown agent.
pub fn agent_id(raw: &str) -> Result<AgentId, ApiError> {
    AgentId::parse(raw).map_err(|_| ApiError::from(agent_not_found(raw)))
}

/// `{id}/{key}`: an agent id checked as [`AgentPath`] checks it, and a name
/// under that agent (a memory key), which the domain checks.
pub struct AgentKeyPath(pub AgentId, pub String);

impl<S: Send + Sync> FromRequestParts<S> for AgentKeyPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let ApiPath((raw, key)) =
            ApiPath::<(String, String)>::from_request_parts(parts, state).await?;
        Ok(AgentKeyPath(agent_id(&raw)?, key))
    }
}

/// The id an agent registers under (`{id}`): registering is where an id is
/// chosen, so one that is no id is invalid input (422), not an unknown agent.
pub struct NewAgentPath(pub AgentId);

impl<S: Send + Sync> FromRequestParts<S> for NewAgentPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let ApiPath(raw) = ApiPath::<String>::from_request_parts(parts, state).await?;
        AgentId::parse(&raw)
            .map(NewAgentPath)
            .map_err(|_| ApiError::from(invalid_agent_id(&raw)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Any {}

    #[test]
    fn nul_in_a_nested_key_or_value_is_refused() {
        let value = br#"{"a":[{"b":"x\u0000y"}]}"#;
        let key = br#"{"a":{"k\u0000":1}}"#;
        for body in [&value[..], &key[..]] {
            let err = parse::<Any>(body).err().expect("refused");
            assert!(err.message.contains("NUL"), "{}", err.message);
        }
    }

    #[test]
    fn an_escaped_backslash_before_u0000_is_not_nul() {
        assert!(parse::<Any>(br#"{"a":"\\u0000"}"#).is_ok());
        assert!(parse::<Any>(br#"{"a":"\u0041"}"#).is_ok());
    }
}

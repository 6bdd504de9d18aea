use m3shd_api::{ErrorBody, ErrorCode};
use reqwest::StatusCode;

/// What went wrong talking to the hub.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The hub answered with an error body.
    #[error("{body} (HTTP {status})")]
    Api { status: u16, body: ErrorBody },
    /// The hub could not be reached or the connection broke.
    #[error("cannot reach the hub: {0}")]
    Transport(String),
    /// The hub answered something that is not the expected JSON.
    #[error("unexpected answer from the hub: {0}")]
    Decode(String),
    /// The client was set up wrong (bad URL, bad token characters).
    #[error("{0}")]
    Config(String),
    /// A multi-step command (`auto`, waiting on a task) could not finish.
    #[error("{0}")]
    Failed(String),
    /// `@AGENT text` for an agent the hub does not know.
    #[error(
        "no agent `{agent}` is registered; known agents: {}",
        agent_list(known)
    )]
    UnknownAgent { agent: String, known: Vec<String> },
}

impl ClientError {
    /// Worth retrying later: the hub was unreachable, overloaded or failing.
    pub fn is_transient(&self) -> bool {
        match self {
            ClientError::Transport(_) => true,
            // 501: the hub lacks the feature; asking again cannot help.
            ClientError::Api { status, .. } => {
                (*status >= 500 && *status != 501) || *status == 429 || *status == 408
            }
            ClientError::Decode(_)
            | ClientError::Config(_)
            | ClientError::Failed(_)
            | ClientError::UnknownAgent { .. } => false,
        }
    }

    /// The hub's error code, when it sent one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ClientError::Api { body, .. } => Some(body.error.code),
            ClientError::UnknownAgent { .. } => Some(ErrorCode::NotFound),
            _ => None,
        }
    }

    /// The hub refused the credential (401) or its permissions (403):
    /// retrying with the same token cannot help.
    pub fn is_auth(&self) -> bool {
        matches!(
            self.code(),
            Some(ErrorCode::Unauthorized | ErrorCode::Forbidden)
        )
    }

    /// The HTTP status, when the hub answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl From<reqwest::Error> for ClientError {
    fn from(e: reqwest::Error) -> Self {
        if e.is_decode() {
            ClientError::Decode(e.to_string())
        } else if e.is_builder() {
            // Never the URL: it may be as long as the argument that broke it.
            let why = std::error::Error::source(&e)
                .map(|s| format!(": {s}"))
                .unwrap_or_default();
            ClientError::Config(format!("cannot build the request{why}"))
        } else {
            // Strip the URL's query so nothing secret ever lands in a log.
            ClientError::Transport(e.without_url().to_string())
        }
    }
}

/// The error a hub's (or a proxy's) answer with `status` and `bytes` means.
pub(crate) fn api_error(status: StatusCode, bytes: &[u8]) -> ClientError {
    match serde_json::from_slice::<ErrorBody>(bytes) {
        Ok(body) => ClientError::Api {
            status: status.as_u16(),
            body,
        },
        Err(_) => {
            // Not our error shape (a proxy in between, say): keep the status.
            let code = match status.as_u16() {
                401 => ErrorCode::Unauthorized,
                403 => ErrorCode::Forbidden,
                404 => ErrorCode::NotFound,
                413 => ErrorCode::PayloadTooLarge,
                429 => ErrorCode::RateLimited,
                s if s >= 500 => ErrorCode::Unavailable,
                _ => ErrorCode::BadRequest,
            };
            let text = String::from_utf8_lossy(bytes);
            ClientError::Api {
                status: status.as_u16(),
                body: ErrorBody::new(code, format!("HTTP {status}: {}", text.trim())),
            }
        }
    }
}

/// How many known agents a refusal names.
const KNOWN_AGENTS_SHOWN: usize = 20;

/// `known` as a short list for a message.
fn agent_list(known: &[String]) -> String {
    if known.is_empty() {
        return "none is registered".to_string();
    }
    let mut list = known
        .iter()
        .take(KNOWN_AGENTS_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if known.len() > KNOWN_AGENTS_SHOWN {
        list.push_str(&format!(" and {} more", known.len() - KNOWN_AGENTS_SHOWN));
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_error_bodies_keep_the_status() {
        let e = api_error(StatusCode::BAD_GATEWAY, b"<html>oops</html>");
        assert!(e.is_transient());
        assert_eq!(e.status(), Some(502));
        let e = api_error(
            StatusCode::CONFLICT,
            br#"{"error":{"code":"stale_lease","message":"old"}}"#,
        );
        assert_eq!(e.code(), Some(ErrorCode::StaleLease));
        assert!(!e.is_transient());
    }
}

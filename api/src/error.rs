//! The error body every endpoint answers with, and its stable codes.

use serde::{Deserialize, Serialize};

/// `{"error": {"code": "...", "message": "..."}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorDetail {
    pub code: ErrorCode,
    pub message: String,
}

/// Stable, snake_case error codes. Each has exactly one HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Malformed JSON, unknown field, wrong type.
    BadRequest,
    /// A webhook secret sent in the URL's query string (URLs end up in
    /// logs): refused, whatever else the call carries.
    SecretInQuery,
    /// Missing or invalid bearer token.
    Unauthorized,
    /// The token is valid but may not do this.
    Forbidden,
    NotFound,
    /// The task is not in a status that allows this.
    InvalidTransition,
    /// The lease presented is not the current one.
    StaleLease,
    /// The referenced object already exists in a conflicting form.
    Conflict,
    /// The dependencies asked for would form a cycle (the message names it).
    DependencyCycle,
    /// Body or field larger than its limit.
    PayloadTooLarge,
    /// Well-formed but semantically invalid (bad id, empty prompt, ...).
    Validation,
    /// A vote or a debate asked for more capable agents than the mesh has.
    QuorumUnreachable,
    /// Protocol flags that contradict each other or the task (the message
    /// names the conflict).
    ProtocolConflict,
    /// A sentence nobody could read as an operation (mesh control); the
    /// message says why and what phrasings work.
    NotUnderstood,
    /// A federated task offered to a hub it has already visited.
    FederationLoop,
    /// A federated task that has travelled the most hops allowed.
    HopLimit,
    /// A federated task naming a template that refuses federated input
    /// here.
    FederatedInputRefused,
    /// A pushed result or a relayed cancel whose signature does not verify
    /// under the relay's secret.
    BadSignature,
    RateLimited,
    /// The request body did not arrive in time; nothing was written.
    RequestTimeout,
    /// The hub failed; nothing was written.
    Internal,
    /// The hub is shutting down or its store is unavailable.
    Unavailable,
    /// This hub was started without the part that would answer (an
    /// in-process hub has no command runner for `POST /api/text`).
    NotImplemented,
}

impl ErrorCode {
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::BadRequest | ErrorCode::SecretInQuery => 400,
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden | ErrorCode::BadSignature => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::InvalidTransition
            | ErrorCode::StaleLease
            | ErrorCode::Conflict
            | ErrorCode::DependencyCycle
            | ErrorCode::FederationLoop
            | ErrorCode::HopLimit
            | ErrorCode::FederatedInputRefused => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::Validation
            | ErrorCode::QuorumUnreachable
            | ErrorCode::ProtocolConflict
            | ErrorCode::NotUnderstood => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::RequestTimeout => 408,
            ErrorCode::Internal => 500,
            ErrorCode::Unavailable => 503,
            ErrorCode::NotImplemented => 501,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::SecretInQuery => "secret_in_query",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::InvalidTransition => "invalid_transition",
            ErrorCode::StaleLease => "stale_lease",
            ErrorCode::Conflict => "conflict",
            ErrorCode::DependencyCycle => "dependency_cycle",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::Validation => "validation",
            ErrorCode::QuorumUnreachable => "quorum_unreachable",
            ErrorCode::ProtocolConflict => "protocol_conflict",
            ErrorCode::NotUnderstood => "not_understood",
            ErrorCode::FederationLoop => "federation_loop",
            ErrorCode::HopLimit => "hop_limit",
            ErrorCode::FederatedInputRefused => "federated_input_refused",
            ErrorCode::BadSignature => "bad_signature",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::RequestTimeout => "request_timeout",
            ErrorCode::Internal => "internal",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::NotImplemented => "not_implemented",
        }
    }
}

impl ErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ErrorBody {
            error: ErrorDetail {
                code,
                message: message.into(),
            },
        }
    }
}

impl std::fmt::Display for ErrorBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.error.code.as_str(), self.error.message)
    }
}

impl std::error::Error for ErrorBody {}

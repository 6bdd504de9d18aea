//! The transport's error: converted to the JSON error body once, here.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use m3shd_api::{ErrorBody, ErrorCode};
use m3shd_hub_core::domain::DomainError;
use m3shd_hub_core::store::StoreError;

#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// Seconds for a `Retry-After` header (429s).
    pub retry_after: Option<u64>,
    /// Fields beside `error` in the body (a plan that was refused, the
    /// templates closest to a sentence), for the few answers that carry
    /// more than a message.
    pub details: serde_json::Map<String, serde_json::Value>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            retry_after: None,
            details: serde_json::Map::new(),
        }
    }

    /// The same error with `key: value` beside `error` in its body.
    pub fn with_detail(mut self, key: &str, value: impl serde::Serialize) -> ApiError {
        if let Ok(v) = serde_json::to_value(value)
            && key != "error"
        {
            self.details.insert(key.to_string(), v);
        }
        self
    }

    /// 429 with `Retry-After` (whole seconds, rounded up, at least 1).
    pub fn rate_limited(message: impl Into<String>, retry_after: std::time::Duration) -> ApiError {
        let secs = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
        ApiError {
            retry_after: Some(secs.max(1)),
            ..ApiError::new(ErrorCode::RateLimited, message)
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::BadRequest, message)
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new(
            ErrorCode::Unauthorized,
            "missing or invalid bearer token (Authorization: Bearer <token>)",
        )
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::NotFound, message)
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        ApiError::from(DomainError::Store(e))
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> ApiError {
        let code = match &e {
            DomainError::NotFound(_) => ErrorCode::NotFound,
            DomainError::Validation(_) => ErrorCode::Validation,
            DomainError::TooLarge(_) => ErrorCode::PayloadTooLarge,
            DomainError::InvalidTransition(_) => ErrorCode::InvalidTransition,
            DomainError::StaleLease(_) => ErrorCode::StaleLease,
            DomainError::Conflict(_) => ErrorCode::Conflict,
            DomainError::Cycle(_) => ErrorCode::DependencyCycle,
            DomainError::QuorumUnreachable(_) => ErrorCode::QuorumUnreachable,
            DomainError::ProtocolConflict(_) => ErrorCode::ProtocolConflict,
            DomainError::NotUnderstood(_) => ErrorCode::NotUnderstood,
            DomainError::FederationLoop(_) => ErrorCode::FederationLoop,
            DomainError::HopLimit(_) => ErrorCode::HopLimit,
            DomainError::FederatedInputRefused(_) => ErrorCode::FederatedInputRefused,
            DomainError::BadSignature(_) => ErrorCode::BadSignature,
            DomainError::Forbidden(_) => ErrorCode::Forbidden,
            DomainError::Unauthorized(_) => ErrorCode::Unauthorized,
            DomainError::RateLimited {
                message,
                retry_after,
            } => return ApiError::rate_limited(message.clone(), *retry_after),
            DomainError::Internal(detail) => {
                tracing::error!(error = %detail, "internal error");
                return ApiError::new(ErrorCode::Internal, "internal error; nothing was written");
            }
            DomainError::Store(store) => {
                // Details stay in the log; the client learns only that
                // nothing was written.
                tracing::error!(error = %store, "store error");
                let (code, msg) = if matches!(store, StoreError::Busy(_)) {
                    (
                        ErrorCode::Unavailable,
                        "the store is busy or out of reach; nothing was written; retry",
                    )
                } else {
                    (ErrorCode::Internal, "internal error; nothing was written")
                };
                return ApiError::new(code, msg);
            }
        };
        ApiError::new(code, e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let unauthorized = self.code == ErrorCode::Unauthorized;
        let body = ErrorBody::new(self.code, self.message);
        let mut resp = if self.details.is_empty() {
            (status, Json(body)).into_response()
        } else {
            let mut doc = self.details;
            if let Ok(error) = serde_json::to_value(&body.error) {
                doc.insert("error".into(), error);
            }
            (status, Json(doc)).into_response()
        };
        if unauthorized {
            resp.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(secs) = self.retry_after {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        resp
    }
}

//! Classification of model API failures, one enum for every backend.
//!
//! - transient: 5xx, 529 overloaded, connection errors, a stream cut short
//!   (retried with backoff within the attempt while nothing was streamed);
//! - rate-limited: 429 (retried honouring `retry-after`, then the attempt
//!   fails retryably and the hub's `max_attempts` decides);
//! - quota exhausted: no credit / billing / quota left (opens the
//!   provider's circuit; a fallback profile takes over when configured);
//! - invalid: any other 4xx (fails at once, no retry).

use std::time::Duration;

use serde_json::Value;

/// Which wire format produced an error body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    Anthropic,
    OpenAi,
}

/// What kind of failure a call hit.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorClass {
    Transient,
    RateLimited { retry_after: Option<Duration> },
    QuotaExhausted,
    Invalid,
}

/// A failed model call.
#[derive(Debug, Clone, PartialEq)]
pub struct CallError {
    pub class: ErrorClass,
    pub message: String,
}

impl CallError {
    pub fn transient(message: impl Into<String>) -> Self {
        CallError {
            class: ErrorClass::Transient,
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        CallError {
            class: ErrorClass::Invalid,
            message: message.into(),
        }
    }

    /// A transport error from reqwest. Its text names the URL (never a key).
    pub fn from_reqwest(e: &reqwest::Error) -> Self {
        if e.is_builder() {
            return CallError::invalid(format!("bad request: {e}"));
        }
        CallError::transient(format!("connection error: {e}"))
    }
}

/// Longest error message kept from a response body.
const MAX_MESSAGE: usize = 500;

fn cut(s: &str) -> String {
    let s = s.trim();
    if s.len() <= MAX_MESSAGE {
        return s.to_string();
    }
    let mut end = MAX_MESSAGE;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// `(type or code, message)` of an error body of either API.
fn error_fields(body: &str) -> (String, String) {
    let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let err = v.get("error").unwrap_or(&v);
    let text = |k: &str| err.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let kind = [text("code"), text("type")]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("/");
    let mut message = text("message");
    if message.is_empty() {
        message = match err {
            Value::String(s) => s.clone(),
            _ => body.to_string(),
        };
    }
    (kind, cut(&message))
}

fn mentions_quota(s: &str) -> bool {
    let s = s.to_ascii_lowercase();
    ["credit", "billing", "quota", "insufficient_quota"]
        .iter()
        .any(|w| s.contains(w))
}

/// Classify an HTTP error response.
pub fn classify_http(
    wire: Wire,
    status: u16,
    retry_after: Option<Duration>,
    body: &str,
) -> CallError {
    let (kind, message) = error_fields(body);
    let message = if kind.is_empty() {
        format!("HTTP {status}: {message}")
    } else {
        format!("HTTP {status} ({kind}): {message}")
    };
    let class = match (wire, status) {
        (Wire::OpenAi, 429) if kind.contains("insufficient_quota") => ErrorClass::QuotaExhausted,
        (_, 429) => ErrorClass::RateLimited { retry_after },
        (_, 402) => ErrorClass::QuotaExhausted,
        (Wire::Anthropic, 400 | 403) if mentions_quota(&message) => ErrorClass::QuotaExhausted,
        (_, 408 | 409 | 425) => ErrorClass::Transient,
        (_, s) if s >= 500 => ErrorClass::Transient,
        _ => ErrorClass::Invalid,
    };
    CallError { class, message }
}

/// Classify an `error` event inside an Anthropic stream
/// (`{"type":"error","error":{"type":"overloaded_error","message":…}}`).
pub fn classify_stream_error(wire: Wire, data: &str) -> CallError {
    let (kind, message) = error_fields(data);
    let message = format!("error in stream ({kind}): {message}");
    let class = if kind.contains("insufficient_quota")
        || (wire == Wire::Anthropic && kind.contains("invalid_request") && mentions_quota(&message))
    {
        ErrorClass::QuotaExhausted
    } else if kind.contains("rate_limit") {
        ErrorClass::RateLimited { retry_after: None }
    } else if kind.contains("invalid_request")
        || kind.contains("authentication")
        || kind.contains("permission")
        || kind.contains("not_found")
    {
        ErrorClass::Invalid
    } else {
        ErrorClass::Transient
    };
    CallError { class, message }
}

/// `retry-after` (seconds, possibly fractional) or `retry-after-ms`.
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|n| n.is_finite() && *n >= 0.0)
    };
    if let Some(ms) = get("retry-after-ms") {
        return Some(Duration::from_secs_f64((ms / 1000.0).min(86_400.0)));
    }
    get("retry-after").map(|s| Duration::from_secs_f64(s.min(86_400.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_errors_are_classified() {
        let anth = |status, body: &str| classify_http(Wire::Anthropic, status, None, body).class;
        let oai = |status, body: &str| classify_http(Wire::OpenAi, status, None, body).class;
        let credit = r#"{"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API."}}"#;
        assert_eq!(anth(400, credit), ErrorClass::QuotaExhausted);
        assert_eq!(
            anth(
                400,
                r#"{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: field required"}}"#
            ),
            ErrorClass::Invalid
        );
        assert_eq!(anth(401, "{}"), ErrorClass::Invalid);
        assert_eq!(anth(404, "not json"), ErrorClass::Invalid);
        assert_eq!(
            anth(
                529,
                r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#
            ),
            ErrorClass::Transient
        );
        assert_eq!(anth(500, ""), ErrorClass::Transient);
        assert_eq!(
            classify_http(Wire::Anthropic, 429, Some(Duration::from_secs(2)), "{}").class,
            ErrorClass::RateLimited {
                retry_after: Some(Duration::from_secs(2))
            }
        );
        let quota = r#"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#;
        assert_eq!(oai(429, quota), ErrorClass::QuotaExhausted);
        assert_eq!(
            oai(
                429,
                r#"{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}"#
            ),
            ErrorClass::RateLimited { retry_after: None }
        );
        assert_eq!(oai(422, "{}"), ErrorClass::Invalid);
        assert_eq!(oai(503, "<html>"), ErrorClass::Transient);
        let e = classify_http(Wire::OpenAi, 429, None, quota);
        assert!(
            e.message.contains("exceeded your current quota"),
            "{}",
            e.message
        );
        // Very long bodies are cut on a char boundary.
        let long = "é".repeat(2000);
        assert!(classify_http(Wire::OpenAi, 400, None, &long).message.len() < 700);
    }

    #[test]
    fn stream_errors_are_classified() {
        let c = |d: &str| classify_stream_error(Wire::Anthropic, d).class;
        assert_eq!(
            c(r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#),
            ErrorClass::Transient
        );
        assert_eq!(
            c(r#"{"type":"error","error":{"type":"rate_limit_error","message":"slow"}}"#),
            ErrorClass::RateLimited { retry_after: None }
        );
        assert_eq!(
            c(r#"{"type":"error","error":{"type":"authentication_error","message":"x"}}"#),
            ErrorClass::Invalid
        );
        assert_eq!(c("garbage"), ErrorClass::Transient);
    }

    #[test]
    fn retry_after_headers() {
        let mut h = reqwest::header::HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert("retry-after", "3".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert("retry-after-ms", "250".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_millis(250)));
        h.remove("retry-after-ms");
        h.insert(
            "retry-after",
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&h), None);
        h.insert("retry-after", "-1".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }
}

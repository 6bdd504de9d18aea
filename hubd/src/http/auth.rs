//! Who is calling. This is the one place that turns request credentials into
//! a `Caller`; per-agent tokens and RBAC (a later issue) replace the inside
//! of `authenticate` and `Caller`'s checks, not the handlers.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderMap, header, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::error::ApiError;
use super::state::AppState;
use m3shd_api::ids;

/// The header naming the agent a worker acts as on
/// `/api/tasks/{id}/stream|complete|fail|release`.
pub const AGENT_HEADER: &str = "x-m3shd-agent";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// The master token: may do everything.
    Master,
}

#[derive(Debug, Clone)]
pub struct Caller {
    pub principal: Principal,
    /// The agent id from `X-M3shd-Agent`, when sent.
    pub agent: Option<String>,
}

impl Caller {
    /// Check the caller may act as agent `id` (path-addressed agent calls).
    pub fn act_as(&self, _id: &str) -> Result<(), ApiError> {
        match self.principal {
            Principal::Master => Ok(()),
        }
    }

    /// The agent making a lease call (stream/complete/fail/release).
    pub fn lease_agent(&self) -> Result<&str, ApiError> {
        let agent = self.agent.as_deref().ok_or_else(|| {
            ApiError::bad_request("lease calls need the X-M3shd-Agent: AGENT_ID header")
        })?;
        self.act_as(agent)?;
        Ok(agent)
    }

    /// Who to record as the author of a change.
    pub fn label(&self) -> &str {
        match self.principal {
            Principal::Master => "operator",
        }
    }
}

/// Hash both sides so the constant-time compare does not leak the length.
fn token_matches(presented: &str, expected: &str) -> bool {
    let a = Sha256::digest(presented.as_bytes());
    let b = Sha256::digest(expected.as_bytes());
    bool::from(a.ct_eq(&b))
}

fn authenticate(headers: &HeaderMap, expected: &str) -> Result<Caller, ApiError> {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .ok_or_else(ApiError::unauthorized)?;
    if expected.is_empty() || !token_matches(presented, expected) {
        return Err(ApiError::unauthorized());
    }
    let agent = match headers.get(AGENT_HEADER) {
        None => None,
        Some(v) => {
            let id = v
                .to_str()
                .ok()
                .filter(|s| ids::is_valid_id(s))
                .ok_or_else(|| ApiError::bad_request("X-M3shd-Agent must be a valid agent id"))?;
            Some(id.to_string())
        }
    };
    Ok(Caller {
        principal: Principal::Master,
        agent,
    })
}

/// Middleware on every protected route: 401 unless authenticated.
pub async fn require_auth(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    match authenticate(req.headers(), &state.master_token) {
        Ok(caller) => {
            req.extensions_mut().insert(caller);
            next.run(req).await
        }
        Err(e) => e.into_response(),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // Only reachable behind `require_auth`; a route without it has no caller.
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(ApiError::unauthorized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(auth: Option<&str>, agent: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(a) = auth {
            h.insert(header::AUTHORIZATION, HeaderValue::from_str(a).expect("hv"));
        }
        if let Some(a) = agent {
            h.insert(AGENT_HEADER, HeaderValue::from_str(a).expect("hv"));
        }
        h
    }

    #[test]
    fn bearer_token_is_required_and_compared() {
        assert!(authenticate(&headers(None, None), "secret").is_err());
        assert!(authenticate(&headers(Some("Bearer nope"), None), "secret").is_err());
        assert!(authenticate(&headers(Some("secret"), None), "secret").is_err());
        assert!(authenticate(&headers(Some("Bearer secret"), None), "").is_err());
        let c = authenticate(&headers(Some("Bearer secret"), Some("rex")), "secret").expect("ok");
        assert_eq!(c.lease_agent().ok(), Some("rex"));
        assert!(authenticate(&headers(Some("Bearer secret"), Some("Bad Id")), "secret").is_err());
        let c = authenticate(&headers(Some("Bearer secret"), None), "secret").expect("ok");
        assert!(c.lease_agent().is_err());
    }
}

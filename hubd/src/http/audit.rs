//! The audit layer: every mutating call that reached an operation (refused
//! or not) leaves a row with who made it, the route, the path, the status
//! and the SHA-256 of its body; and `GET /api/admin/audit` to read them.
//!
//! Who: the `Caller` the route guard put into the response; a call without
//! a valid credential (401, or a public route) is `anonymous`, and those are
//! capped per minute (see `domain::ANONYMOUS_PER_MINUTE`) because anyone can
//! send them. Reads (GET, HEAD, OPTIONS) and paths that match no operation
//! are not recorded. Routine worker calls are counted per agent and hour
//! rather than logged (the domain decides; see `m3shd_api::WORKER_PROTOCOL_ACTIONS`).

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use m3shd_api::{
    AgentId, AuditCountList, AuditCountQuery, AuditList, AuditQuery, ErrorCode, REDACTED_PAYLOAD,
    limits,
};
use m3shd_hub_core::domain::AuditRecord;
use sha2::{Digest, Sha256};

use super::auth::Caller;
use super::error::ApiError;
use super::extract::ApiQuery;
use super::routes::Reached;
use super::state::AppState;

/// Routes whose body carries a password: a plain SHA-256 of a short secret
/// can be reversed by guessing, so their rows say `redacted` instead.
pub const SECRET_BODY_ROUTES: &[&str] =
    &["/api/login", "/api/admin/users", "/api/admin/users/{id}"];

/// Who made a call that carried no bearer token but proved itself another
/// way (a webhook delivery with its secret): the row's actor.
#[derive(Debug, Clone)]
pub struct AuditActor(pub String);

fn mutating(m: &Method) -> bool {
    !matches!(
        *m,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

fn payload_hash(route: &str, body: &[u8]) -> String {
    if SECRET_BODY_ROUTES.contains(&route) {
        return REDACTED_PAYLOAD.to_string();
    }
    hex::encode(Sha256::digest(body))
}

/// The middleware. The body is read here (within the body limit) to hash
/// it, and handed on intact.
pub async fn record(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let at = s.hub.now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string());
    let (Some(route), true) = (route, mutating(req.method())) else {
        return next.run(req).await;
    };
    let action = format!("{} {route}", req.method());
    let target = req.uri().path().to_string();
    let limit = s
        .body_limits
        .get()
        .and_then(|m| m.get(route.as_str()).copied())
        .unwrap_or(limits::MAX_BODY_BYTES);
    let (parts, body) = req.into_parts();
    let bytes: Bytes = match axum::body::to_bytes(body, limit).await {
        Ok(b) => b,
        Err(e) => {
            // Refused before authentication, without a hash of what was
            // not read in full.
            let e = e.into_inner();
            let over = e
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some();
            let err = if over {
                ApiError::new(
                    ErrorCode::PayloadTooLarge,
                    format!("request body is over {limit} bytes"),
                )
            } else if let Some(timed_out) = super::body_deadline::timed_out(&*e) {
                timed_out
            } else {
                ApiError::bad_request("could not read the request body")
            };
            let resp = err.into_response();
            s.hub.record_audit(AuditRecord {
                at,
                actor: None,
                action,
                target,
                status: resp.status().as_u16(),
                payload_sha256: String::new(),
                agent: None,
            });
            return resp;
        }
    };
    let payload_sha256 = payload_hash(&route, &bytes);
    let resp = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if resp.extensions().get::<Reached>().is_none() {
        // Answered by a fallback (e.g. a method the path does not have):
        // no operation ran.
        return resp;
    }
    let caller = resp.extensions().get::<Caller>();
    let actor = caller
        .map(|c| c.label().to_string())
        .or_else(|| resp.extensions().get::<AuditActor>().map(|a| a.0.clone()));
    s.hub.record_audit(AuditRecord {
        at,
        actor,
        agent: acting_agent(caller, &target),
        action,
        target,
        status: resp.status().as_u16(),
        payload_sha256,
    });
    resp
}

/// The agent a call was made for: the one in an `/api/agents/{id}/…` path,
/// else the one `X-M3shd-Agent` names, else the agent token's own.
fn acting_agent(caller: Option<&Caller>, target: &str) -> Option<String> {
    if let Some(rest) = target.strip_prefix("/api/agents/")
        && let Some((id, _)) = rest.split_once('/')
    {
        return Some(id.to_string());
    }
    let c = caller?;
    c.agent
        .as_ref()
        .map(AgentId::to_string)
        .or_else(|| c.principal.agent().map(str::to_string))
}

/// `GET /api/admin/audit/counts?agent=&hours=`.
pub async fn counts(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<AuditCountQuery>,
) -> Result<Json<AuditCountList>, ApiError> {
    Ok(Json(AuditCountList {
        counts: s.hub.audit_counts(&q)?,
    }))
}

/// `GET /api/admin/audit?after=&limit=&actor=&action=`.
pub async fn list(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> Result<Json<AuditList>, ApiError> {
    Ok(Json(AuditList {
        entries: s.hub.audit_entries(&q)?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_not_mutations() {
        assert!(!mutating(&Method::GET));
        assert!(!mutating(&Method::HEAD));
        assert!(!mutating(&Method::OPTIONS));
        assert!(mutating(&Method::POST));
        assert!(mutating(&Method::PUT));
        assert!(mutating(&Method::DELETE));
        assert!(mutating(&Method::PATCH));
    }

    #[test]
    fn counts_go_to_the_agent_the_call_was_for() {
        use m3shd_hub_core::domain::identity::Principal;
        let master = Caller::new(Principal::Master, AgentId::parse("w2").ok());
        assert_eq!(
            acting_agent(Some(&master), "/api/agents/w1/heartbeat").as_deref(),
            Some("w1")
        );
        assert_eq!(
            acting_agent(Some(&master), "/api/tasks/abc/complete").as_deref(),
            Some("w2")
        );
        let plain = Caller::new(Principal::Master, None);
        assert_eq!(acting_agent(Some(&plain), "/api/tasks/abc/complete"), None);
        assert_eq!(acting_agent(None, "/api/tasks/abc/complete"), None);
    }

    #[test]
    fn bodies_hash_to_sha256_except_passwords() {
        assert_eq!(
            payload_hash("/api/tasks", b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            payload_hash("/api/tasks", b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            payload_hash("/api/login", b"{\"password\":\"x\"}"),
            REDACTED_PAYLOAD
        );
    }
}

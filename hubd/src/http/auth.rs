//! Who is calling. This is the one place that turns a bearer token into a
//! `Caller` and checks it against an operation's declared access; handlers
//! only add the per-object checks (an agent acts only as itself).

use axum::extract::{FromRequestParts, Request};
use axum::http::{HeaderMap, Method, header, request::Parts};
use m3shd_hub_core::domain::identity::Principal;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::access::Access;
use super::error::ApiError;
use super::state::AppState;
use m3shd_api::{API_KEY_PREFIX, AgentId, ErrorCode, Permission, SESSION_TOKEN_PREFIX};

/// The header naming the agent a worker acts as on
/// `/api/tasks/{id}/stream|complete|fail|release|handoff`. Agent tokens may
/// leave it out (they act as their own agent) or must name themselves.
pub const AGENT_HEADER: &str = "x-m3shd-agent";

#[derive(Debug, Clone)]
pub struct Caller {
    pub principal: Principal,
    /// The agent id from `X-M3shd-Agent`, when sent.
    pub agent: Option<AgentId>,
    label: String,
}

fn forbidden(message: String) -> ApiError {
    ApiError::new(ErrorCode::Forbidden, message)
}

impl Caller {
    pub fn new(principal: Principal, agent: Option<AgentId>) -> Caller {
        let label = principal.label();
        Caller {
            principal,
            agent,
            label,
        }
    }

    /// Whether this caller may reach an operation declaring `access`.
    pub fn allowed(&self, access: Access) -> Result<(), ApiError> {
        let join_key = matches!(self.principal, Principal::JoinKey { .. });
        match access {
            Access::Public => Ok(()),
            Access::JoinKey if join_key => Ok(()),
            Access::JoinKey => Err(forbidden("this operation takes a join key".into())),
            _ if join_key => Err(forbidden(
                "a join key is good for POST /api/join only".into(),
            )),
            Access::Authenticated => Ok(()),
            Access::Perm(p) | Access::AsAgent(p) | Access::AgentData(p) => {
                if self.principal.has(p) {
                    Ok(())
                } else {
                    Err(forbidden(format!("this token lacks the {p} permission")))
                }
            }
        }
    }

    /// Check the caller may act as agent `id` in the worker protocol
    /// (register, heartbeat, claim, deregister): only that agent's own token,
    /// the master token, or a holder of agents:admin.
    pub fn act_as(&self, id: &str) -> Result<(), ApiError> {
        match &self.principal {
            Principal::Master => Ok(()),
            Principal::Agent { agent_id, .. } if agent_id == id => Ok(()),
            p if p.has(Permission::AgentsAdmin) => Ok(()),
            Principal::Agent { agent_id, .. } => Err(forbidden(format!(
                "the token of agent {agent_id} may not act as agent {id}"
            ))),
            _ => Err(forbidden(format!(
                "only agent {id}'s own token (or agents:admin) may act as it"
            ))),
        }
    }

    /// Check the caller may touch agent `id`'s own data (its memory): the
    /// agent itself, or an operator-side caller (user, key, master) whose
    /// permission the route has already checked. Another agent needs
    /// agents:admin.
    pub fn may_access_agent(&self, id: &str) -> Result<(), ApiError> {
        match &self.principal {
            Principal::Agent { agent_id, .. }
                if agent_id != id && !self.principal.has(Permission::AgentsAdmin) =>
            {
                Err(forbidden(format!(
                    "the token of agent {agent_id} may not touch agent {id}'s data"
                )))
            }
            _ => Ok(()),
        }
    }

    /// The agent making a lease call (stream/complete/fail/release/handoff).
    pub fn lease_agent(&self) -> Result<&AgentId, ApiError> {
        if let Principal::Agent { agent_id, .. } = &self.principal {
            return match &self.agent {
                None => Ok(agent_id),
                Some(named) if named == agent_id => Ok(agent_id),
                Some(named) => Err(forbidden(format!(
                    "the token of agent {agent_id} may not act as agent {named}"
                ))),
            };
        }
        let agent = self.agent.as_ref().ok_or_else(|| {
            ApiError::bad_request("lease calls need the X-M3shd-Agent: AGENT_ID header")
        })?;
        self.act_as(agent)?;
        Ok(agent)
    }

    /// Who to record as the author of a change.
    pub fn label(&self) -> &str {
        &self.label
    }
}

/// Hash both sides so the constant-time compare does not leak the length.
fn token_matches(presented: &str, expected: &str) -> bool {
    let a = Sha256::digest(presented.as_bytes());
    let b = Sha256::digest(expected.as_bytes());
    bool::from(a.ct_eq(&b))
}

pub(super) fn bearer(headers: &HeaderMap) -> Result<&str, ApiError> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(ApiError::unauthorized)
}

fn agent_header(headers: &HeaderMap) -> Result<Option<AgentId>, ApiError> {
    match headers.get(AGENT_HEADER) {
        None => Ok(None),
        Some(v) => v
            .to_str()
            .ok()
            .and_then(|s| AgentId::parse(s).ok())
            .map(Some)
            .ok_or_else(|| ApiError::bad_request("X-M3shd-Agent must be a valid agent id")),
    }
}

/// The master token, or a credential the hub issued.
fn resolve(state: &AppState, token: &str) -> Result<Principal, ApiError> {
    if !state.master_token.is_empty() && token_matches(token, &state.master_token) {
        return Ok(Principal::Master);
    }
    if token.starts_with(SESSION_TOKEN_PREFIX) {
        return state
            .hub
            .resolve_session(token)?
            .ok_or_else(ApiError::unauthorized);
    }
    if token.starts_with(API_KEY_PREFIX) {
        // Counts the request against the key's minute and day (429 when over).
        return state
            .hub
            .resolve_api_key(token)?
            .ok_or_else(ApiError::unauthorized);
    }
    let (principal, note_use) = state
        .hub
        .resolve_credential(token)?
        .ok_or_else(ApiError::unauthorized)?;
    if let (true, Principal::Agent { token_id, .. }) = (note_use, &principal) {
        let hub = state.hub.clone();
        let id = token_id.clone();
        tokio::spawn(async move {
            if let Err(e) = hub.note_token_use(&id).await {
                tracing::warn!(error = %e, "cannot record token use");
            }
        });
    }
    Ok(principal)
}

/// The token a request presents: a bearer token first; else the browser's
/// session cookie (CSRF-checked for a mutating method).
fn presented<'a>(method: &Method, headers: &'a HeaderMap) -> Result<&'a str, ApiError> {
    match bearer(headers) {
        Ok(t) => Ok(t),
        Err(no_bearer) if headers.get(header::AUTHORIZATION).is_none() => {
            super::session_cookie::token(method, headers)?.ok_or(no_bearer)
        }
        Err(e) => Err(e),
    }
}

/// Turn a request's credentials into a `Caller` (401 when there are none or
/// they are not valid).
pub fn authenticate(state: &AppState, req: &Request) -> Result<Caller, ApiError> {
    let headers = req.headers();
    let token = presented(req.method(), headers)?;
    let principal = resolve(state, token)?;
    // Who, never with what: the token stays out of every log line.
    tracing::debug!(kind = principal.kind(), who = %principal.label(), path = %req.uri().path(), "authenticated");
    Ok(Caller::new(principal, agent_header(headers)?))
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // Put there by the route's guard; a public route has no caller.
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(ApiError::unauthorized)
    }
}

/// The credential the caller presented, for a handler that calls this hub
/// back on the caller's behalf (`POST /api/text`): the same token, so the
/// call can do exactly what the caller may. Only on authenticated routes,
/// after the route's guard accepted it.
pub struct Presented(pub crate::text::Credential);

impl<S: Send + Sync> FromRequestParts<S> for Presented {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        if parts.extensions.get::<Caller>().is_none() {
            return Err(ApiError::unauthorized());
        }
        let token = presented(&parts.method, &parts.headers)?;
        Ok(Presented(crate::text::Credential::new(token)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use m3shd_api::Role;

    fn agent(id: &str, role: Role) -> Caller {
        Caller::new(
            Principal::Agent {
                token_id: "tok-1".into(),
                agent_id: AgentId::parse(id).unwrap(),
                permissions: role.permissions(),
            },
            None,
        )
    }

    #[test]
    fn agents_act_only_as_themselves() {
        let rex = agent("rex", Role::Worker);
        assert!(rex.act_as("rex").is_ok());
        assert_eq!(
            rex.act_as("crucible").unwrap_err().code,
            ErrorCode::Forbidden
        );
        assert_eq!(rex.lease_agent().ok().map(AgentId::as_str), Some("rex"));
        let mut other = rex.clone();
        other.agent = AgentId::parse("crucible").ok();
        assert_eq!(other.lease_agent().unwrap_err().code, ErrorCode::Forbidden);
        assert!(rex.may_access_agent("crucible").is_err());
        assert!(agent("archon", Role::Admin).act_as("rex").is_ok());
    }

    #[test]
    fn master_names_the_agent_in_a_header() {
        let master = Caller::new(Principal::Master, None);
        assert_eq!(
            master.lease_agent().unwrap_err().code,
            ErrorCode::BadRequest
        );
        let master = Caller::new(Principal::Master, AgentId::parse("rex").ok());
        assert_eq!(master.lease_agent().ok().map(AgentId::as_str), Some("rex"));
    }

    #[test]
    fn permissions_gate_access_and_empty_means_nothing() {
        let empty = Caller::new(
            Principal::Agent {
                token_id: "t".into(),
                agent_id: AgentId::parse("a").unwrap(),
                permissions: m3shd_api::PermissionSet::EMPTY,
            },
            None,
        );
        assert!(empty.allowed(Access::Perm(Permission::TasksRead)).is_err());
        assert!(empty.allowed(Access::Authenticated).is_ok());
        let mobile = agent("phone", Role::Mobile);
        assert!(mobile.allowed(Access::Perm(Permission::TasksWrite)).is_ok());
        assert!(
            mobile
                .allowed(Access::Perm(Permission::VoiceDispatch))
                .is_err()
        );
        let join = Caller::new(Principal::JoinKey { key_id: "j".into() }, None);
        assert!(join.allowed(Access::JoinKey).is_ok());
        assert!(join.allowed(Access::Authenticated).is_err());
        assert!(mobile.allowed(Access::JoinKey).is_err());
    }
}

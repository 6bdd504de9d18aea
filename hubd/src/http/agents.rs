//! Agent endpoints: register, heartbeat, the claim long-poll, deregister,
//! and reads.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use m3shd_api::{
    Agent, AgentList, AgentListQuery, ClaimRequest, ClaimResponse, ErrorCode, Heartbeat,
    HeartbeatAck, Maintenance, Permission, RegisterAgent, Registered, SetMaintenance, limits,
};
use tokio::time::Instant;

use m3shd_hub_core::domain::ClaimExpect;

use super::auth::Caller;
use super::error::ApiError;
use super::extract::{AgentPath, ApiJson, ApiQuery, JsonOrEmpty, NewAgentPath};
use super::standing;
use super::state::AppState;

pub async fn register(
    State(s): State<AppState>,
    NewAgentPath(id): NewAgentPath,
    ApiJson(req): ApiJson<RegisterAgent>,
) -> Result<Json<Registered>, ApiError> {
    Ok(Json(s.hub.register_agent(&id, req).await?))
}

pub async fn heartbeat(
    State(s): State<AppState>,
    AgentPath(id): AgentPath,
    JsonOrEmpty(req): JsonOrEmpty<Heartbeat>,
) -> Result<Json<HeartbeatAck>, ApiError> {
    Ok(Json(s.hub.heartbeat(&id, req).await?))
}

/// Long-poll: return assigned work at once, else wait on the agent's wake-up
/// (no polling) until work arrives, `wait_ms` runs out or the hub stops.
pub async fn claim(
    State(s): State<AppState>,
    caller: Caller,
    AgentPath(id): AgentPath,
    JsonOrEmpty(req): JsonOrEmpty<ClaimRequest>,
) -> Result<Json<ClaimResponse>, ApiError> {
    let wait = Duration::from_millis(req.wait_ms.min(limits::MAX_CLAIM_WAIT_MS));
    let deadline = Instant::now() + wait;
    let wake = s.waiters.get(&id);
    // A claim waiting for work ends when its token is revoked meanwhile.
    let lost = standing::lost(
        s.hub.clone(),
        s.rechecks.clone(),
        caller.principal,
        Permission::TasksStream,
    );
    tokio::pin!(lost);
    let mut expect = ClaimExpect::Unknown;
    loop {
        let claims = s.hub.claim_after(&id, req.free_slots, expect).await?;
        if !claims.is_empty() || Instant::now() >= deadline {
            return Ok(Json(ClaimResponse { claims }));
        }
        let _waiting = super::state::SubscriberGuard::new(&s.claims_waiting);
        let woken = wake.notified();
        tokio::pin!(woken);
        if woken.as_mut().enable() {
            // A wake-up stored while this claim was busy: it may be for
            // work the claim already took, so look before writing.
            expect = ClaimExpect::Unknown;
            continue;
        }
        expect = ClaimExpect::Unknown;
        tokio::select! {
            _ = &mut woken => expect = ClaimExpect::Assigned,
            _ = tokio::time::sleep_until(deadline) => {}
            _ = s.shutdown.cancelled() => return Ok(Json(ClaimResponse::default())),
            _ = &mut lost => {
                return Err(ApiError::new(ErrorCode::Unauthorized, standing::LOST));
            }
        }
    }
}

pub async fn deregister(
    State(s): State<AppState>,
    AgentPath(id): AgentPath,
) -> Result<Json<Agent>, ApiError> {
    Ok(Json(s.hub.deregister_agent(&id).await?))
}

pub async fn get(
    State(s): State<AppState>,
    AgentPath(id): AgentPath,
) -> Result<Json<Agent>, ApiError> {
    Ok(Json(s.hub.agent(&id)?))
}

/// Whether the agent is given maintenance work when idle, and its spend.
pub async fn get_maintenance(
    State(s): State<AppState>,
    AgentPath(id): AgentPath,
) -> Result<Json<Maintenance>, ApiError> {
    Ok(Json(s.hub.maintenance(&id)?))
}

pub async fn put_maintenance(
    State(s): State<AppState>,
    AgentPath(id): AgentPath,
    ApiJson(req): ApiJson<SetMaintenance>,
) -> Result<Json<Maintenance>, ApiError> {
    Ok(Json(s.hub.set_maintenance(&id, req).await?))
}

pub async fn list(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<AgentListQuery>,
) -> Result<Json<AgentList>, ApiError> {
    Ok(Json(AgentList {
        agents: s.hub.agents_listed(q.peers)?,
    }))
}

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
        // Registered before looking at the wake-up: work assigned from here
        // on is started and handed over by the write that assigns it.
        let mut handed = s.hub.wait_for_work(&id, req.free_slots);
        let woken = wake.notified();
        tokio::pin!(woken);
        expect = ClaimExpect::Unknown;
        if woken.as_mut().enable() {
            // A wake-up stored while this claim was busy: it may be for
            // work the claim already took, so look before writing.
            let claims = handed.finish().await;
            if !claims.is_empty() {
                return Ok(Json(ClaimResponse { claims }));
            }
            continue;
        }
        tokio::select! {
            got = handed.handed() => {
                // None: taken without work (the write failed, or its work
                // went to an earlier claim); look again below.
                if let Some(claims) = got {
                    return Ok(Json(ClaimResponse { claims }));
                }
            }
            _ = &mut woken => expect = ClaimExpect::Assigned,
            _ = tokio::time::sleep_until(deadline) => {}
            _ = s.shutdown.cancelled() => {
                let claims = handed.finish().await;
                return Ok(Json(ClaimResponse { claims }));
            }
            _ = &mut lost => {
                // Dropping the wait releases anything handed over meanwhile.
                return Err(ApiError::new(ErrorCode::Unauthorized, standing::LOST));
            }
        }
        let claims = handed.finish().await;
        if !claims.is_empty() {
            return Ok(Json(ClaimResponse { claims }));
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

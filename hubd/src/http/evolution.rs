//! Self-evolving agents (ARCHITECTURE.md, "Self-evolving agents"): thin
//! handlers over `domain::evolution`.
//!
//! Reading amendments and performance is agents:read. Proposing (an
//! evolution task, nothing applied) is agents:write, as changing a schedule
//! is. Deciding (apply, reject, revert) is agents:admin: an applied
//! amendment changes what every future task of the agent is told, a
//! standing change to the agent like its budget, not a one-off decision
//! like an approval; a commander or an agent's own token cannot make it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use m3shd_api::{
    AgentPerformance, Amendment, AmendmentList, AmendmentQuery, ApplyAmendment, EvolutionProposal,
    PerformanceQuery, RejectAmendment,
};

use super::auth::Caller;
use super::error::ApiError;
use super::extract::{AgentPath, ApiJson, ApiPath, ApiQuery, JsonOrEmpty};
use super::state::AppState;

pub async fn list(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<AmendmentQuery>,
) -> Result<Json<AmendmentList>, ApiError> {
    Ok(Json(AmendmentList {
        amendments: s.hub.amendments(&q)?,
    }))
}

pub async fn get(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Amendment>, ApiError> {
    Ok(Json(s.hub.amendment(&id)?))
}

pub async fn apply(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Amendment>, ApiError> {
    Ok(Json(s.hub.apply_amendment(&id, caller.label()).await?))
}

pub async fn reject(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    JsonOrEmpty(req): JsonOrEmpty<RejectAmendment>,
) -> Result<Json<Amendment>, ApiError> {
    Ok(Json(
        s.hub
            .reject_amendment(&id, caller.label(), req.reason)
            .await?,
    ))
}

pub async fn revert(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Amendment>, ApiError> {
    Ok(Json(s.hub.revert_amendment(&id, caller.label()).await?))
}

pub async fn performance(
    State(s): State<AppState>,
    AgentPath(agent): AgentPath,
    ApiQuery(q): ApiQuery<PerformanceQuery>,
) -> Result<Json<AgentPerformance>, ApiError> {
    Ok(Json(s.hub.agent_performance(&agent, q.days)?))
}

pub async fn propose(
    State(s): State<AppState>,
    AgentPath(agent): AgentPath,
) -> Result<(StatusCode, Json<EvolutionProposal>), ApiError> {
    let proposal = s.hub.propose_evolution(&agent).await?;
    Ok((StatusCode::CREATED, Json(proposal)))
}

/// The original `POST /api/agents/{id}/evolve`: apply one of the agent's
/// amendments by id.
pub async fn apply_for_agent(
    State(s): State<AppState>,
    caller: Caller,
    AgentPath(agent): AgentPath,
    ApiJson(req): ApiJson<ApplyAmendment>,
) -> Result<Json<Amendment>, ApiError> {
    Ok(Json(
        s.hub
            .apply_amendment_of(&agent, &req.amendment_id, caller.label())
            .await?,
    ))
}

//! Agent memory endpoints (ARCHITECTURE.md, "Agent memory"): thin handlers over `domain::memory`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use m3shd_api::{ConsolidateReport, Memory, MemoryList, MemoryQuery, MemorySearchQuery, SetMemory};

use super::auth::Caller;
use super::error::ApiError;
use super::extract::{AgentKeyPath, AgentPath, ApiJson, ApiQuery};
use super::state::AppState;

pub async fn list(
    State(s): State<AppState>,
    AgentPath(agent): AgentPath,
    ApiQuery(q): ApiQuery<MemoryQuery>,
) -> Result<Json<MemoryList>, ApiError> {
    Ok(Json(MemoryList {
        memories: s.hub.memories(&agent, q.limit)?,
    }))
}

pub async fn search(
    State(s): State<AppState>,
    AgentPath(agent): AgentPath,
    ApiQuery(q): ApiQuery<MemorySearchQuery>,
) -> Result<Json<MemoryList>, ApiError> {
    Ok(Json(MemoryList {
        memories: s.hub.search_memories(&agent, &q)?,
    }))
}

pub async fn set(
    State(s): State<AppState>,
    caller: Caller,
    AgentPath(agent): AgentPath,
    ApiJson(req): ApiJson<SetMemory>,
) -> Result<Json<Memory>, ApiError> {
    Ok(Json(s.hub.set_memory(&agent, req, caller.label()).await?))
}

pub async fn get(
    State(s): State<AppState>,
    AgentKeyPath(agent, key): AgentKeyPath,
) -> Result<Json<Memory>, ApiError> {
    Ok(Json(s.hub.memory(&agent, &key)?))
}

pub async fn delete(
    State(s): State<AppState>,
    AgentKeyPath(agent, key): AgentKeyPath,
) -> Result<StatusCode, ApiError> {
    s.hub.delete_memory(&agent, &key).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn consolidate(State(s): State<AppState>) -> Result<Json<ConsolidateReport>, ApiError> {
    Ok(Json(s.hub.consolidate_memories().await?))
}

//! Lease calls a worker makes on a task it holds. The acting agent comes
//! from the caller (`X-M3shd-Agent` for now); the domain checks it holds the
//! current fence.

use axum::Json;
use axum::extract::State;
use m3shd_api::{CompleteTask, FailTask, ReleaseTask, StreamChunk, Task};
use serde::Serialize;

use super::auth::Caller;
use super::error::ApiError;
use super::extract::{ApiJson, TaskPath};
use super::state::AppState;

/// Reply to a streamed chunk: its sequence number on the task.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Streamed {
    pub seq: i64,
}

pub async fn stream(
    State(s): State<AppState>,
    caller: Caller,
    TaskPath(id): TaskPath,
    ApiJson(req): ApiJson<StreamChunk>,
) -> Result<Json<Streamed>, ApiError> {
    let agent = caller.lease_agent()?;
    let seq = s.hub.stream_output(&id, agent, req).await?;
    Ok(Json(Streamed { seq }))
}

pub async fn complete(
    State(s): State<AppState>,
    caller: Caller,
    TaskPath(id): TaskPath,
    ApiJson(req): ApiJson<CompleteTask>,
) -> Result<Json<Task>, ApiError> {
    let agent = caller.lease_agent()?;
    Ok(Json(s.hub.complete_task(&id, agent, req).await?))
}

pub async fn fail(
    State(s): State<AppState>,
    caller: Caller,
    TaskPath(id): TaskPath,
    ApiJson(req): ApiJson<FailTask>,
) -> Result<Json<Task>, ApiError> {
    let agent = caller.lease_agent()?;
    Ok(Json(s.hub.fail_task(&id, agent, req).await?))
}

pub async fn release(
    State(s): State<AppState>,
    caller: Caller,
    TaskPath(id): TaskPath,
    ApiJson(req): ApiJson<ReleaseTask>,
) -> Result<Json<Task>, ApiError> {
    let agent = caller.lease_agent()?;
    Ok(Json(s.hub.release_task(&id, agent, req).await?))
}

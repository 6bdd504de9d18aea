//! Task graph endpoints: dependencies, pipelines, handoff.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use m3shd_api::{
    CreatePipeline, Handoff, HandoffResult, Pipeline, PipelineList, SetDependencies, Task,
};
use serde::Deserialize;

use super::auth::Caller;
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, ApiQuery, TaskPath};
use super::state::AppState;

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitQuery {
    #[serde(default)]
    pub limit: Option<u32>,
}

pub async fn set_dependencies(
    State(s): State<AppState>,
    TaskPath(id): TaskPath,
    ApiJson(req): ApiJson<SetDependencies>,
) -> Result<Json<Task>, ApiError> {
    Ok(Json(s.hub.set_dependencies(&id, req).await?))
}

pub async fn create_pipeline(
    State(s): State<AppState>,
    ApiJson(req): ApiJson<CreatePipeline>,
) -> Result<(StatusCode, Json<Pipeline>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.hub.create_pipeline(req).await?)))
}

pub async fn get_pipeline(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Pipeline>, ApiError> {
    Ok(Json(s.hub.pipeline(&id)?))
}

pub async fn list_pipelines(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<LimitQuery>,
) -> Result<Json<PipelineList>, ApiError> {
    Ok(Json(PipelineList {
        pipelines: s.hub.pipelines(q.limit)?,
    }))
}

pub async fn handoff(
    State(s): State<AppState>,
    caller: Caller,
    TaskPath(id): TaskPath,
    ApiJson(req): ApiJson<Handoff>,
) -> Result<Json<HandoffResult>, ApiError> {
    let agent = caller.lease_agent()?;
    Ok(Json(s.hub.handoff(&id, agent, req).await?))
}

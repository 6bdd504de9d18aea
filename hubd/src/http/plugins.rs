//! Plugin endpoints (ARCHITECTURE.md, "Plugins and tool calls"): thin handlers over `crate::plugins`.

use axum::Json;
use axum::extract::State;
use m3shd_api::{ErrorCode, InvokePlugin, PluginList, PluginResult};

use super::auth::Caller;
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath};
use super::state::AppState;
use crate::plugins::PluginError;

pub async fn list(State(s): State<AppState>) -> Result<Json<PluginList>, ApiError> {
    let plugins = s.plugins.clone();
    let plugins = tokio::task::spawn_blocking(move || plugins.list())
        .await
        .map_err(|_| ApiError::new(ErrorCode::Internal, "cannot list plugins"))?;
    Ok(Json(PluginList { plugins }))
}

pub async fn invoke(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(tool): ApiPath<String>,
    ApiJson(req): ApiJson<InvokePlugin>,
) -> Result<Json<PluginResult>, ApiError> {
    if let Some(agent) = &req.agent_id {
        caller.act_as(agent)?;
    }
    match s.plugins.invoke(&s.hub, &tool, req).await {
        Ok(r) => Ok(Json(r)),
        Err(PluginError::NotFound(m)) => Err(ApiError::not_found(m)),
        Err(PluginError::Refused(m)) => Err(ApiError::new(ErrorCode::Validation, m)),
        Err(PluginError::Failed(m)) => Ok(Json(PluginResult {
            tool,
            output: serde_json::Value::Null,
            error: Some(m),
        })),
        Err(PluginError::Domain(e)) => Err(e.into()),
    }
}

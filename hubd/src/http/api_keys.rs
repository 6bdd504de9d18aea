//! Third-party API key administration.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use m3shd_api::{ApiKeyList, CreateApiKeyRequest, CreatedApiKey};

use super::auth::Caller;
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath};
use super::state::AppState;

pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<CreateApiKeyRequest>,
) -> Result<(StatusCode, Json<CreatedApiKey>), ApiError> {
    let k = s.hub.create_api_key(req, &caller.principal).await?;
    tracing::info!(id = %k.info.id, name = %k.info.name, by = caller.label(), "api key created");
    Ok((StatusCode::CREATED, Json(k)))
}

pub async fn list(State(s): State<AppState>) -> Result<Json<ApiKeyList>, ApiError> {
    Ok(Json(ApiKeyList {
        keys: s.hub.api_keys()?,
    }))
}

pub async fn revoke(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    s.hub.revoke_api_key(&id).await?;
    tracing::info!(%id, by = caller.label(), "api key revoked");
    Ok(StatusCode::NO_CONTENT)
}

//! Credential administration: agent tokens, join keys, enrolment, and who
//! the caller is.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use m3shd_api::{
    CreateJoinKeyRequest, CreateTokenRequest, CreatedJoinKey, CreatedToken, JoinKeyList,
    JoinRequest, TokenList, WhoAmI,
};

use m3shd_hub_core::domain::identity::Principal;

use super::auth::{Caller, bearer};
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath};
use super::state::AppState;

pub async fn create_token(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<CreateTokenRequest>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    let t = s.hub.create_agent_token(req, &caller.principal).await?;
    tracing::info!(id = %t.info.id, agent = %t.info.agent_id, by = caller.label(), "agent token created");
    Ok((StatusCode::CREATED, Json(t)))
}

pub async fn list_tokens(State(s): State<AppState>) -> Result<Json<TokenList>, ApiError> {
    Ok(Json(TokenList {
        tokens: s.hub.agent_tokens()?,
    }))
}

pub async fn revoke_token(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    s.hub.revoke_agent_token(&id).await?;
    tracing::info!(%id, by = caller.label(), "agent token revoked");
    Ok(StatusCode::NO_CONTENT)
}

pub async fn create_join_key(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<CreateJoinKeyRequest>,
) -> Result<(StatusCode, Json<CreatedJoinKey>), ApiError> {
    let k = s.hub.create_join_key(req, &caller.principal).await?;
    tracing::info!(id = %k.info.id, by = caller.label(), "join key created");
    Ok((StatusCode::CREATED, Json(k)))
}

pub async fn list_join_keys(State(s): State<AppState>) -> Result<Json<JoinKeyList>, ApiError> {
    Ok(Json(JoinKeyList {
        join_keys: s.hub.join_keys()?,
    }))
}

pub async fn revoke_join_key(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    s.hub.revoke_join_key(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Enrolment: the join key (as bearer token) buys one agent token.
pub async fn join(
    State(s): State<AppState>,
    headers: axum::http::HeaderMap,
    ApiJson(req): ApiJson<JoinRequest>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    // The guard has checked this is a live join key; the domain takes one
    // use of it atomically with minting the token.
    let key = bearer(&headers)?;
    let t = s.hub.join(key, &req.agent_id).await?;
    tracing::info!(agent = %t.info.agent_id, via = %t.info.created_by, "agent enrolled");
    Ok((StatusCode::CREATED, Json(t)))
}

pub async fn whoami(caller: Caller) -> Json<WhoAmI> {
    let expires_at = match &caller.principal {
        Principal::User { expires_at, .. } => Some(*expires_at),
        _ => None,
    };
    Json(WhoAmI {
        kind: caller.principal.kind().into(),
        name: caller.principal.name(),
        permissions: caller.principal.permissions(),
        expires_at,
    })
}

//! Health, status summary, shared context and chat messages.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use m3shd_api::{
    ContextEntry, ContextList, Health, Message, MessageList, MessageQuery, PostMessage, SetContext,
    StatusSummary,
};

use super::auth::Caller;
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, ApiQuery};
use super::state::AppState;

pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: m3shd_api::VERSION.into(),
        time: chrono::Utc::now(),
    })
}

pub async fn status(State(s): State<AppState>) -> Result<Json<StatusSummary>, ApiError> {
    Ok(Json(s.hub.status_summary()?))
}

pub async fn context_list(State(s): State<AppState>) -> Result<Json<ContextList>, ApiError> {
    Ok(Json(ContextList {
        context: s.hub.context()?,
    }))
}

pub async fn context_set(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(key): ApiPath<String>,
    ApiJson(req): ApiJson<SetContext>,
) -> Result<Json<ContextEntry>, ApiError> {
    Ok(Json(
        s.hub.set_context(&key, &req.value, caller.label()).await?,
    ))
}

pub async fn context_delete(
    State(s): State<AppState>,
    ApiPath(key): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    s.hub.delete_context(&key).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn message_post(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<PostMessage>,
) -> Result<(StatusCode, Json<Message>), ApiError> {
    let msg = s.hub.post_message(req, &caller.principal).await?;
    Ok((StatusCode::CREATED, Json(msg)))
}

pub async fn message_list(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<MessageQuery>,
) -> Result<Json<MessageList>, ApiError> {
    Ok(Json(MessageList {
        messages: s.hub.messages(&q)?,
    }))
}

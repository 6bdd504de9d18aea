//! Operator task endpoints: create, get, list, edit, cancel, retry.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use m3shd_api::{CreateTask, Task, TaskList, TaskQuery, UpdateTask};

use super::error::ApiError;
use super::extract::{ApiJson, ApiQuery, TaskPath};
use super::state::AppState;

pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
pub const IDEMPOTENT_REPLAYED: &str = "idempotent-replayed";

pub async fn create(
    State(s): State<AppState>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<CreateTask>,
) -> Result<(StatusCode, HeaderMap, Json<Task>), ApiError> {
    let key = match headers.get(IDEMPOTENCY_KEY) {
        None => None,
        Some(v) => Some(
            v.to_str()
                .map_err(|_| ApiError::bad_request("Idempotency-Key must be visible ASCII"))?,
        ),
    };
    let created = s.hub.create_task(req, key).await?;
    let mut out = HeaderMap::new();
    if created.replayed {
        out.insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    }
    Ok((StatusCode::CREATED, out, Json(created.task)))
}

pub async fn get(
    State(s): State<AppState>,
    TaskPath(id): TaskPath,
) -> Result<Json<Task>, ApiError> {
    Ok(Json(s.hub.task(&id)?))
}

pub async fn list(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<TaskQuery>,
) -> Result<Json<TaskList>, ApiError> {
    Ok(Json(TaskList {
        tasks: s.hub.tasks(&q)?,
    }))
}

pub async fn update(
    State(s): State<AppState>,
    TaskPath(id): TaskPath,
    ApiJson(req): ApiJson<UpdateTask>,
) -> Result<Json<Task>, ApiError> {
    Ok(Json(s.hub.update_task(&id, req).await?))
}

pub async fn cancel(
    State(s): State<AppState>,
    TaskPath(id): TaskPath,
) -> Result<Json<Task>, ApiError> {
    Ok(Json(s.hub.cancel_task(&id).await?))
}

pub async fn retry(
    State(s): State<AppState>,
    TaskPath(id): TaskPath,
) -> Result<Json<Task>, ApiError> {
    Ok(Json(s.hub.retry_task(&id).await?))
}

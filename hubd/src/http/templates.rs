//! Template endpoints; `{id}` is a template id or its unique name.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use m3shd_api::{CreateTemplate, DispatchTemplate, Task, Template, TemplateList, UpdateTemplate};

use super::auth::Caller;
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath};
use super::state::AppState;

pub async fn list(State(s): State<AppState>) -> Result<Json<TemplateList>, ApiError> {
    Ok(Json(TemplateList {
        templates: s.hub.templates()?,
    }))
}

pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<CreateTemplate>,
) -> Result<(StatusCode, Json<Template>), ApiError> {
    let t = s.hub.create_template(req, caller.label()).await?;
    Ok((StatusCode::CREATED, Json(t)))
}

pub async fn get(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Template>, ApiError> {
    Ok(Json(s.hub.template(&id)?))
}

/// Change what may change after a template is made (whether it takes
/// federated input).
pub async fn update(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<UpdateTemplate>,
) -> Result<Json<Template>, ApiError> {
    Ok(Json(s.hub.update_template(&id, req).await?))
}

pub async fn delete(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    s.hub.delete_template(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn dispatch(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<DispatchTemplate>,
) -> Result<(StatusCode, Json<Task>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(s.hub.dispatch_template(&id, req).await?),
    ))
}

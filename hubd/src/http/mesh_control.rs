//! `POST /api/mesh/control` (ARCHITECTURE.md, "Mesh control"): a sentence
//! or an operation in, the plan out; with `execute` it is carried out with
//! the caller's own permissions, and refused with 403 naming the
//! permission it lacks (the refusal still shows the plan).

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use m3shd_api::{
    ErrorCode, MESH_CONTROL_MAX_WAIT_SECS, MESH_CONTROL_WAIT_SECS, MeshControl, MeshControlAnswer,
    Permission, ReadBy,
};
use m3shd_hub_core::domain::MeshPlan;

use super::auth::Caller;
use super::error::ApiError;
use super::extract::ApiJson;
use super::state::AppState;

fn validation(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::Validation, message)
}

pub async fn control(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<MeshControl>,
) -> Result<Json<MeshControlAnswer>, ApiError> {
    let wait = match req.wait_secs {
        None => MESH_CONTROL_WAIT_SECS,
        Some(w) if (1..=MESH_CONTROL_MAX_WAIT_SECS).contains(&w) => w,
        Some(w) => {
            return Err(validation(format!(
                "wait_secs {w} is outside 1..={MESH_CONTROL_MAX_WAIT_SECS}"
            )));
        }
    };
    let plan = match (req.text, req.operation) {
        (Some(_), Some(_)) => {
            return Err(validation("send text or operation, not both"));
        }
        (None, None) => {
            return Err(validation(
                "send text (a sentence such as \"drain crucible\") or operation",
            ));
        }
        (Some(text), None) => {
            let may_ask_model = caller.principal.has(Permission::TasksWrite);
            s.hub
                .read_mesh_sentence(&text, Duration::from_secs(wait), may_ask_model)
                .await?
        }
        (None, Some(op)) => MeshPlan {
            operation: op.normalized().map_err(validation)?,
            read_by: ReadBy::Given,
            model_task: None,
        },
    };
    s.hub.check_mesh_operation(&plan.operation)?;
    let permission = plan.operation.permission();
    let mut answer = MeshControlAnswer {
        summary: plan.operation.summary(),
        permission,
        allowed: caller.principal.has(permission),
        executed: false,
        read_by: plan.read_by,
        model_task: plan.model_task,
        outcome: None,
        agent: None,
        task: None,
        budgets: None,
        queue: None,
        operation: plan.operation,
    };
    if !req.execute {
        return Ok(Json(answer));
    }
    if !answer.allowed {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            format!(
                "“{}” needs the {permission} permission, which this token lacks",
                answer.summary
            ),
        )
        .with_detail("operation", &answer.operation)
        .with_detail("summary", &answer.summary)
        .with_detail("permission", permission));
    }
    let done = s
        .hub
        .execute_mesh_operation(&answer.operation, caller.label())
        .await?;
    answer.executed = true;
    answer.outcome = Some(done.outcome);
    answer.agent = done.agent;
    answer.task = done.task;
    answer.budgets = done.budgets;
    answer.queue = done.queue;
    Ok(Json(answer))
}

//! Quality protocols as the operator reads them: a task's graph, its
//! votes, its trace from result to credit, and the contribution ledger.

use axum::Json;
use axum::extract::State;
use m3shd_api::{DecideProtocol, Ledger, Task, TaskGraph, TaskTrace, VoteReport};

use super::auth::Caller;
use super::error::ApiError;
use super::extract::{ApiJson, TaskPath};
use super::state::AppState;

/// `GET /api/tasks/{id}/graph`: for a protocol step, its subject's graph.
pub async fn graph(
    State(s): State<AppState>,
    TaskPath(id): TaskPath,
) -> Result<Json<TaskGraph>, ApiError> {
    Ok(Json(s.hub.task_graph(&id)?))
}

/// `GET /api/tasks/{id}/votes`: 404 for a task not put to a vote.
pub async fn votes(
    State(s): State<AppState>,
    TaskPath(id): TaskPath,
) -> Result<Json<VoteReport>, ApiError> {
    Ok(Json(s.hub.task_votes(&id)?))
}

/// `GET /api/tasks/{id}/trace`.
pub async fn trace(
    State(s): State<AppState>,
    TaskPath(id): TaskPath,
) -> Result<Json<TaskTrace>, ApiError> {
    Ok(Json(s.hub.task_trace(&id)?))
}

/// `GET /api/ledger`.
pub async fn ledger(State(s): State<AppState>) -> Result<Json<Ledger>, ApiError> {
    Ok(Json(s.hub.ledger()?))
}

/// `POST /api/tasks/{id}/decide`: 409 `invalid_transition` unless the
/// task's protocol escalated.
pub async fn decide(
    State(s): State<AppState>,
    caller: Caller,
    TaskPath(id): TaskPath,
    ApiJson(req): ApiJson<DecideProtocol>,
) -> Result<Json<Task>, ApiError> {
    Ok(Json(s.hub.decide_protocol(&id, req, caller.label()).await?))
}

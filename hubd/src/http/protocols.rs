//! Quality protocols as the operator reads them: a task's graph, its
//! votes, its trace from result to credit, and the contribution ledger.

use axum::Json;
use axum::extract::State;
use m3shd_api::{Ledger, TaskGraph, TaskTrace, VoteReport};

use super::error::ApiError;
use super::extract::TaskPath;
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

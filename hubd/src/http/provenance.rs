//! `GET /api/tasks/{id}/provenance`: a finished task's signed chain, checked.

use axum::Json;
use axum::extract::State;
use m3shd_api::ProvenanceReport;

use super::error::ApiError;
use super::extract::TaskPath;
use super::state::AppState;

/// 404 for an unknown task, 409 `invalid_transition` for one not done yet;
/// a chain that does not check out is still 200, with `verified: false`.
pub async fn get(
    State(s): State<AppState>,
    TaskPath(id): TaskPath,
) -> Result<Json<ProvenanceReport>, ApiError> {
    Ok(Json(s.hub.provenance(&id)?))
}

//! The operator's control loop: approvals, escalations, costs, budgets and
//! the summary.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use m3shd_api::{
    Approval, ApprovalList, ApprovalStatus, Budgets, CostReport, CreateApproval, DecideApproval,
    Escalation, EscalationList, EscalationStatus, SetBudgets, Summary, UpdateEscalation,
};
use serde::Deserialize;

use super::auth::Caller;
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath, ApiQuery};
use super::state::AppState;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusQuery<S> {
    #[serde(default = "Option::default")]
    #[schemars(default)]
    pub status: Option<S>,
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DayQuery {
    #[serde(default)]
    pub day: Option<String>,
}

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryQuery {
    #[serde(default)]
    pub limit: Option<u32>,
}

pub async fn create_approval(
    State(s): State<AppState>,
    ApiJson(req): ApiJson<CreateApproval>,
) -> Result<(StatusCode, Json<Approval>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.hub.create_approval(req).await?)))
}

pub async fn list_approvals(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<StatusQuery<ApprovalStatus>>,
) -> Result<Json<ApprovalList>, ApiError> {
    Ok(Json(ApprovalList {
        approvals: s.hub.approvals(q.status, q.limit)?,
    }))
}

pub async fn decide_approval(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<DecideApproval>,
) -> Result<Json<Approval>, ApiError> {
    Ok(Json(
        s.hub
            .decide_approval(&id, req.decision, caller.label())
            .await?,
    ))
}

pub async fn list_escalations(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<StatusQuery<EscalationStatus>>,
) -> Result<Json<EscalationList>, ApiError> {
    Ok(Json(EscalationList {
        escalations: s.hub.escalations(q.status, q.limit)?,
    }))
}

pub async fn update_escalation(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<UpdateEscalation>,
) -> Result<Json<Escalation>, ApiError> {
    Ok(Json(s.hub.update_escalation(&id, req).await?))
}

pub async fn costs(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<DayQuery>,
) -> Result<Json<CostReport>, ApiError> {
    Ok(Json(s.hub.cost_report(q.day.as_deref())?))
}

pub async fn get_budgets(State(s): State<AppState>) -> Result<Json<Budgets>, ApiError> {
    Ok(Json(s.hub.budgets()?))
}

pub async fn put_budgets(
    State(s): State<AppState>,
    ApiJson(req): ApiJson<SetBudgets>,
) -> Result<Json<Budgets>, ApiError> {
    Ok(Json(s.hub.set_budgets(req).await?))
}

pub async fn summary(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<SummaryQuery>,
) -> Result<Json<Summary>, ApiError> {
    Ok(Json(s.hub.summary(q.limit)?))
}

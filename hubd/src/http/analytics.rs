//! `GET /api/admin/analytics/{tasks,costs,agents,summary}?days=N`.

use axum::Json;
use axum::extract::State;
use m3shd_api::{AgentAnalytics, AnalyticsQuery, AnalyticsSummary, CostAnalytics, TaskAnalytics};

use super::error::ApiError;
use super::extract::ApiQuery;
use super::state::AppState;

pub async fn tasks(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<AnalyticsQuery>,
) -> Result<Json<TaskAnalytics>, ApiError> {
    Ok(Json(s.hub.task_analytics(q.days)?))
}

pub async fn costs(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<AnalyticsQuery>,
) -> Result<Json<CostAnalytics>, ApiError> {
    Ok(Json(s.hub.cost_analytics(q.days)?))
}

pub async fn agents(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<AnalyticsQuery>,
) -> Result<Json<AgentAnalytics>, ApiError> {
    Ok(Json(s.hub.agent_analytics(q.days)?))
}

pub async fn summary(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<AnalyticsQuery>,
) -> Result<Json<AnalyticsSummary>, ApiError> {
    Ok(Json(s.hub.analytics_summary(q.days)?))
}

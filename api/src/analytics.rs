//! `GET /api/admin/analytics/{tasks,costs,agents,summary}?days=N` (ARCHITECTURE.md, "Alerts and analytics").

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Query of every analytics endpoint: the window in days (default 7, 1-365).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AnalyticsQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
}

/// Tasks created in the window.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TaskAnalytics {
    pub days: u32,
    pub total: i64,
    pub by_status: BTreeMap<String, i64>,
    /// Keyed by the agent holding (or last holding) the task; `unassigned`.
    pub by_agent: BTreeMap<String, i64>,
    /// Keyed by UTC day `YYYY-MM-DD`.
    pub by_day: BTreeMap<String, i64>,
    /// Keyed by required capability; `any` for none.
    pub by_capability: BTreeMap<String, i64>,
}

/// Spend in the window.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CostAnalytics {
    pub days: u32,
    pub total_tokens: i64,
    pub total_cost_usd: f64,
    pub by_agent: BTreeMap<String, f64>,
    pub by_day: BTreeMap<String, f64>,
    /// Average USD per task that reported usage, per agent.
    pub avg_cost_per_task: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AgentStats {
    pub agent_id: String,
    pub status: crate::AgentStatus,
    /// Approximation: the share of the window since registration that the
    /// agent was not marked offline (from the event log).
    pub uptime_pct: f64,
    pub total_tasks: i64,
    pub done: i64,
    pub failed: i64,
    /// Memories the agent keeps now (not limited to the window).
    #[serde(default)]
    pub memories: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AgentAnalytics {
    pub days: u32,
    pub agents: Vec<AgentStats>,
}

/// The dashboard header.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AnalyticsSummary {
    pub days: u32,
    pub tasks_total: i64,
    pub tasks_done: i64,
    pub tasks_failed: i64,
    /// done / (done + failed), 0 when nothing finished.
    pub success_rate: f64,
    pub total_tokens: i64,
    pub total_cost_usd: f64,
    pub agents_online: i64,
    pub agents_total: i64,
    pub open_escalations: i64,
    pub pending_approvals: i64,
}

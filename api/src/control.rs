//! The operator's control loop: approvals, escalations, costs and budgets,
//! deadlines, analytics.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApprovalStatus {
    Pending,
    Approved,
    Rejected,
    Expired,
}

impl ApprovalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalStatus::Pending => "pending",
            ApprovalStatus::Approved => "approved",
            ApprovalStatus::Rejected => "rejected",
            ApprovalStatus::Expired => "expired",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Approval {
    pub id: String,
    /// Who asks (an agent id or `operator`).
    pub agent: String,
    pub action: String,
    pub description: String,
    pub status: ApprovalStatus,
    /// The task waiting on this approval, if it gates one.
    pub task_id: Option<String>,
    pub decided_by: Option<String>,
    pub created_at: Timestamp,
    pub decided_at: Option<Timestamp>,
    pub expires_at: Option<Timestamp>,
}

/// `POST /api/approvals`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateApproval {
    pub agent: String,
    pub action: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
}

/// `PUT /api/approvals/{id}`; `{id}` may be `latest` (the most recent
/// pending request, as the iMessage grammar's bare `approve` means).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DecideApproval {
    pub decision: Decision,
}

/// `GET /api/approvals?status=` → `{"approvals": [...]}` newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApprovalList {
    pub approvals: Vec<Approval>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum EscalationStatus {
    Open,
    Acknowledged,
    Resolved,
}

impl EscalationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EscalationStatus::Open => "open",
            EscalationStatus::Acknowledged => "acknowledged",
            EscalationStatus::Resolved => "resolved",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Escalation {
    pub id: String,
    /// The agent that failed (or None for a task that ran out of attempts
    /// without one to blame).
    pub from_agent: Option<String>,
    /// Next in the chain: an agent id, or `operator`.
    pub to_agent: String,
    pub task_id: Option<String>,
    pub reason: String,
    pub status: EscalationStatus,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// `GET /api/escalations?status=` → `{"escalations": [...]}` newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EscalationList {
    pub escalations: Vec<Escalation>,
}

/// `PUT /api/escalations/{id}` `{"status": "acknowledged"|"resolved"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateEscalation {
    pub status: EscalationStatus,
}

/// Deadline urgency, raised by the deadline sweeper on overdue tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Low,
    Medium,
    High,
    Critical,
}

impl Urgency {
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Low => "low",
            Urgency::Medium => "medium",
            Urgency::High => "high",
            Urgency::Critical => "critical",
        }
    }
}

display_as_str!(ApprovalStatus, EscalationStatus, Urgency);

/// One row of the cost log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CostEntry {
    pub id: i64,
    pub ts: Timestamp,
    pub agent_id: String,
    pub task_id: Option<String>,
    pub model: String,
    pub input_tokens: i64,
    pub output_tokens: i64,
    /// None when the model has no price in the worker's table.
    pub cost_usd: Option<f64>,
}

/// Spend of one agent on one UTC day, against its caps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AgentSpend {
    pub agent_id: String,
    pub tokens: i64,
    pub cost_usd: f64,
    pub token_cap: i64,
    pub usd_cap: Option<f64>,
    /// Reached a cap: gets no new work today.
    pub capped: bool,
}

/// `GET /api/costs?day=YYYY-MM-DD` (default today, UTC).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CostReport {
    pub day: String,
    pub total_tokens: i64,
    pub total_cost_usd: f64,
    pub mesh_usd_cap: Option<f64>,
    pub agents: Vec<AgentSpend>,
}

/// `GET /api/budgets`: the daily caps in force (what `PUT` answers too;
/// changes are a [`crate::SetBudgets`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Budgets {
    /// Tokens per agent per UTC day (default 500,000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_daily_tokens: Option<i64>,
    /// USD per agent per UTC day (default none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_daily_usd: Option<f64>,
    /// USD for the whole mesh per UTC day (default none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mesh_daily_usd: Option<f64>,
    /// Per-agent overrides of the token cap.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub agent_overrides: BTreeMap<String, i64>,
    /// Per-agent overrides of the USD cap.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub agent_usd_overrides: BTreeMap<String, f64>,
}

/// `GET /api/summary`: recent results in a few lines (the `summary` command).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Summary {
    pub since: Option<Timestamp>,
    pub done: i64,
    pub failed: i64,
    pub running: i64,
    pub queued: i64,
    /// The latest finished tasks: (id, title, status, first line of output).
    pub recent: Vec<SummaryLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SummaryLine {
    pub id: String,
    pub title: String,
    pub status: crate::TaskStatus,
    pub agent: Option<String>,
    pub excerpt: String,
}

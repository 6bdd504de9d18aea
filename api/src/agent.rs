//! Agents: the workers that pull matching work.

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// The capability of untyped work: a task without `required_capability`
/// goes only to agents advertising it. Builtin and model workers advertise
/// it by default; a shell worker only when told to.
pub const GENERAL_CAPABILITY: &str = "general";

/// The capability of the agents that plan `auto GOAL` into subtasks.
pub const PLAN_CAPABILITY: &str = "plan";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AgentStatus {
    Online,
    Busy,
    Offline,
    Draining,
}

impl AgentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AgentStatus::Online => "online",
            AgentStatus::Busy => "busy",
            AgentStatus::Offline => "offline",
            AgentStatus::Draining => "draining",
        }
    }
}

display_as_str!(AgentStatus);

impl std::str::FromStr for AgentStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "online" => Ok(AgentStatus::Online),
            "busy" => Ok(AgentStatus::Busy),
            "offline" => Ok(AgentStatus::Offline),
            "draining" => Ok(AgentStatus::Draining),
            other => Err(format!("unknown agent status `{other}`")),
        }
    }
}

/// Circuit breaker state of an agent (ARCHITECTURE.md, "Dispatch").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CircuitState {
    Closed,
    Open,
    HalfOpen,
}

impl CircuitState {
    pub fn as_str(self) -> &'static str {
        match self {
            CircuitState::Closed => "closed",
            CircuitState::Open => "open",
            CircuitState::HalfOpen => "half_open",
        }
    }
}

display_as_str!(CircuitState);

impl std::str::FromStr for CircuitState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "closed" => Ok(CircuitState::Closed),
            "open" => Ok(CircuitState::Open),
            "half_open" => Ok(CircuitState::HalfOpen),
            other => Err(format!("unknown circuit state `{other}`")),
        }
    }
}

/// Success history of an agent for one capability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reputation {
    pub capability: String,
    pub successes: i64,
    pub failures: i64,
}

/// An agent as the hub reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Agent {
    pub id: String,
    pub name: String,
    pub machine: Option<String>,
    pub status: AgentStatus,
    pub capabilities: Vec<String>,
    pub max_concurrent: i64,
    pub active_tasks: i64,
    pub circuit: CircuitState,
    pub consecutive_failures: i64,
    pub reputation: Vec<Reputation>,
    pub last_heartbeat: Option<Timestamp>,
    /// Last time the agent claimed, streamed or finished work: a heartbeat
    /// alone does not move it.
    pub last_progress: Option<Timestamp>,
    pub registered_at: Timestamp,
}

/// `POST /api/agents/{id}/register`. The id in the path is `[a-z0-9-]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RegisterAgent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine: Option<String>,
    pub capabilities: Vec<String>,
    pub max_concurrent: i64,
}

/// Reply to a registration: the agent and the timing the hub expects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Registered {
    pub agent: Agent,
    /// Send a heartbeat at least this often.
    pub heartbeat_interval_ms: u64,
    /// A lease not extended for this long expires.
    pub lease_timeout_ms: u64,
    /// The hub takes `Heartbeat::lists_all_held` (an older hub refuses the
    /// field: a worker sends it only when this says so).
    #[serde(default)]
    pub heartbeat_lists_all_held: bool,
}

/// `POST /api/agents/{id}/heartbeat`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Heartbeat {
    /// Whether the worker's claim loop is alive (a worker can heartbeat and
    /// still have stopped taking work).
    #[serde(default = "yes")]
    pub claiming: bool,
    /// Task ids the worker is executing right now.
    #[serde(default)]
    pub running: Vec<String>,
    /// `running` lists every task this worker holds, results not yet
    /// delivered included. A hub that restarted gives back, with its
    /// attempt, a task it had started for this worker before the restart
    /// that such a heartbeat does not list: the hand-over never reached
    /// the worker. Without it (older workers) such a task waits for its
    /// lease to lapse, and the retry costs an attempt. Sent only to a hub
    /// that takes it (`Registered::heartbeat_lists_all_held`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lists_all_held: bool,
}

fn yes() -> bool {
    true
}

/// Reply to a heartbeat.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HeartbeatAck {
    /// Leases extended by this heartbeat.
    pub extended: Vec<String>,
    /// Tasks the worker reported running that are no longer its own
    /// (cancelled, expired and handed to someone else): stop them.
    pub abort: Vec<String>,
}

/// Query of `GET /api/agents`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AgentListQuery {
    /// Also list the entries federation peers' relayed tasks are held by
    /// (`peer-NAME`); they are no agents of this mesh and left out unless
    /// asked for (`m3shd peer list` shows the peers).
    #[serde(default)]
    pub peers: bool,
}

/// `GET /api/agents` → `{"agents": [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AgentList {
    pub agents: Vec<Agent>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Workers and hubs are upgraded one machine at a time: a heartbeat
    /// says `lists_all_held` only when it is true (an older hub refuses an
    /// unknown field), and a registration answer from an older hub, which
    /// lacks the flag, means "do not send it".
    #[test]
    fn the_held_list_flag_is_sent_only_to_a_hub_that_takes_it() {
        let plain = Heartbeat {
            claiming: true,
            running: vec!["t1".into()],
            lists_all_held: false,
        };
        assert_eq!(
            serde_json::to_value(&plain).expect("json"),
            serde_json::json!({"claiming": true, "running": ["t1"]})
        );
        let full = Heartbeat {
            lists_all_held: true,
            ..plain
        };
        let back: Heartbeat =
            serde_json::from_value(serde_json::to_value(&full).expect("json")).expect("parse");
        assert!(back.lists_all_held);

        let older = serde_json::json!({
            "agent": {
                "id": "rex", "name": "rex", "machine": null, "status": "online",
                "capabilities": [], "max_concurrent": 1, "active_tasks": 0,
                "circuit": "closed", "consecutive_failures": 0, "reputation": [],
                "last_heartbeat": null, "last_progress": null,
                "registered_at": "2026-01-01T00:00:00Z"
            },
            "heartbeat_interval_ms": 10000,
            "lease_timeout_ms": 30000
        });
        let reg: Registered = serde_json::from_value(older).expect("an older hub's answer");
        assert!(!reg.heartbeat_lists_all_held);
    }
}

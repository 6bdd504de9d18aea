//! Maintenance work an idle agent is given when its operator opts it in
//! (ARCHITECTURE.md, "Maintenance"): `PUT /api/agents/{id}/maintenance`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// The daily spend cap of an agent's maintenance tasks when none is given.
pub const DEFAULT_MAINTENANCE_DAILY_CAP_USD: f64 = 0.5;

/// `PUT /api/agents/{id}/maintenance`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SetMaintenance {
    pub enabled: bool,
    /// What this agent's maintenance tasks may cost per UTC day (default
    /// 0.50; left out: the cap stays as it is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_cap_usd: Option<f64>,
}

/// `GET`/`PUT /api/agents/{id}/maintenance`: the setting and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Maintenance {
    pub agent_id: String,
    pub enabled: bool,
    pub daily_cap_usd: f64,
    /// What its maintenance tasks cost so far today (UTC).
    pub spent_today_usd: f64,
    /// When each kind of maintenance task was last created for it.
    #[serde(default)]
    pub last: BTreeMap<String, Timestamp>,
    /// Its maintenance tasks not yet finished.
    #[serde(default)]
    pub open_tasks: Vec<String>,
}

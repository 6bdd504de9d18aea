//! Changing the daily spending caps: `PUT /api/budgets` takes a
//! [`SetBudgets`], where a field left out stays as it is and `null` removes
//! the cap; `budget set|unset KEY` (grammar and CLI) names one cap by a
//! [`BudgetKey`].

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

/// `PUT /api/budgets`. Every field is optional: absent means unchanged,
/// `null` removes the cap (the per-agent token cap falls back to its
/// default, 500,000), a value sets it. In `agent_overrides`, `null` removes
/// that agent's override.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SetBudgets {
    /// Tokens per agent per UTC day.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub agent_daily_tokens: Option<Option<i64>>,
    /// USD per agent per UTC day.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub agent_daily_usd: Option<Option<f64>>,
    /// USD for the whole mesh per UTC day.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub mesh_daily_usd: Option<Option<f64>>,
    /// Per-agent token caps.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub agent_overrides: BTreeMap<String, Option<i64>>,
    /// Per-agent USD caps (`null` removes one; the agent then has the
    /// `agent_daily_usd` every agent has).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub agent_usd_overrides: BTreeMap<String, Option<f64>>,
}

/// A field that is present is `Some`, even when it is `null`.
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// The caps `budget set KEY VALUE` and `budget unset KEY` name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BudgetKey {
    /// `mesh-usd`: USD for the whole mesh per day.
    MeshUsd,
    /// `agent-usd`: USD per agent per day.
    AgentUsd,
    /// `agent-tokens`: tokens per agent per day.
    AgentTokens,
    /// `agent-tokens:AGENT`: one agent's token cap.
    TokensOf(String),
    /// `agent-usd:AGENT`: one agent's USD cap.
    UsdOf(String),
}

/// The keys, for usage messages.
pub const BUDGET_KEYS: &str =
    "mesh-usd, agent-usd, agent-tokens, agent-usd:AGENT, agent-tokens:AGENT";

fn agent_of(agent: &str) -> Result<String, String> {
    if crate::ids::is_valid_id(agent) {
        Ok(agent.to_string())
    } else {
        Err(format!(
            "agent id `{}` must be 1-64 characters of [a-z0-9-]",
            agent.escape_debug()
        ))
    }
}

impl std::str::FromStr for BudgetKey {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "mesh-usd" => Ok(BudgetKey::MeshUsd),
            "agent-usd" => Ok(BudgetKey::AgentUsd),
            "agent-tokens" => Ok(BudgetKey::AgentTokens),
            other => {
                if let Some(agent) = other.strip_prefix("agent-tokens:") {
                    agent_of(agent).map(BudgetKey::TokensOf)
                } else if let Some(agent) = other.strip_prefix("agent-usd:") {
                    agent_of(agent).map(BudgetKey::UsdOf)
                } else {
                    Err(format!(
                        "unknown budget `{}`; one of {BUDGET_KEYS}",
                        s.escape_debug()
                    ))
                }
            }
        }
    }
}

impl std::fmt::Display for BudgetKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BudgetKey::MeshUsd => f.write_str("mesh-usd"),
            BudgetKey::AgentUsd => f.write_str("agent-usd"),
            BudgetKey::AgentTokens => f.write_str("agent-tokens"),
            BudgetKey::TokensOf(a) => write!(f, "agent-tokens:{a}"),
            BudgetKey::UsdOf(a) => write!(f, "agent-usd:{a}"),
        }
    }
}

impl BudgetKey {
    fn is_usd(&self) -> bool {
        matches!(
            self,
            BudgetKey::MeshUsd | BudgetKey::AgentUsd | BudgetKey::UsdOf(_)
        )
    }

    /// The change that sets this cap to `value` (`$` allowed before a USD
    /// amount), or removes it (`None`).
    pub fn change(&self, value: Option<&str>) -> Result<SetBudgets, String> {
        let mut req = SetBudgets::default();
        if self.is_usd() {
            let usd = value.map(parse_usd).transpose()?;
            match self {
                BudgetKey::MeshUsd => req.mesh_daily_usd = Some(usd),
                BudgetKey::UsdOf(agent) => {
                    req.agent_usd_overrides.insert(agent.clone(), usd);
                }
                _ => req.agent_daily_usd = Some(usd),
            }
            return Ok(req);
        }
        let tokens = value.map(parse_tokens).transpose()?;
        match self {
            BudgetKey::TokensOf(agent) => {
                req.agent_overrides.insert(agent.clone(), tokens);
            }
            _ => req.agent_daily_tokens = Some(tokens),
        }
        Ok(req)
    }
}

fn parse_usd(v: &str) -> Result<f64, String> {
    let t = v.trim();
    let n = t.strip_prefix('$').unwrap_or(t);
    match n.parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(format!(
            "`{}` is not an amount of USD (like 5 or 0.25)",
            v.escape_debug()
        )),
    }
}

fn parse_tokens(v: &str) -> Result<i64, String> {
    match v.trim().replace('_', "").parse::<i64>() {
        Ok(n) if n >= 0 => Ok(n),
        _ => Err(format!(
            "`{}` is not a number of tokens (like 200000)",
            v.escape_debug()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_null_and_values_differ_on_the_wire() {
        let r: SetBudgets = serde_json::from_str(
            r#"{"mesh_daily_usd": null, "agent_daily_usd": 2.5, "agent_overrides": {"rex": null}}"#,
        )
        .expect("parse");
        assert_eq!(r.mesh_daily_usd, Some(None));
        assert_eq!(r.agent_daily_usd, Some(Some(2.5)));
        assert_eq!(r.agent_daily_tokens, None);
        assert_eq!(r.agent_overrides["rex"], None);
        let back = serde_json::to_value(&r).expect("json");
        assert_eq!(
            back,
            serde_json::json!({"mesh_daily_usd": null, "agent_daily_usd": 2.5,
                               "agent_overrides": {"rex": null}})
        );
        assert!(serde_json::from_str::<SetBudgets>(r#"{"mesh_usd": 1}"#).is_err());
    }

    #[test]
    fn keys_name_one_cap_each() {
        let k: BudgetKey = "Mesh-USD".parse().expect("key");
        assert_eq!(k, BudgetKey::MeshUsd);
        assert_eq!(
            k.change(Some("$5")).expect("set").mesh_daily_usd,
            Some(Some(5.0))
        );
        assert_eq!(k.change(None).expect("unset").mesh_daily_usd, Some(None));
        let k: BudgetKey = "agent-tokens:rex".parse().expect("key");
        assert_eq!(k.to_string(), "agent-tokens:rex");
        let r = k.change(Some("20_000")).expect("set");
        assert_eq!(r.agent_overrides["rex"], Some(20_000));
        assert_eq!(
            "agent-tokens"
                .parse::<BudgetKey>()
                .expect("key")
                .change(None),
            Ok(SetBudgets {
                agent_daily_tokens: Some(None),
                ..Default::default()
            })
        );
        assert!("agent-tokens:Rex!".parse::<BudgetKey>().is_err());
        let k: BudgetKey = "agent-usd:rex".parse().expect("key");
        assert_eq!(k.to_string(), "agent-usd:rex");
        assert_eq!(
            k.change(Some("$5")).expect("set").agent_usd_overrides["rex"],
            Some(5.0)
        );
        assert_eq!(
            k.change(None).expect("unset").agent_usd_overrides["rex"],
            None
        );
        assert!("tokens".parse::<BudgetKey>().is_err());
        assert!(BudgetKey::AgentUsd.change(Some("-1")).is_err());
        assert!(BudgetKey::AgentUsd.change(Some("NaN")).is_err());
        assert!(BudgetKey::AgentTokens.change(Some("1.5")).is_err());
    }
}

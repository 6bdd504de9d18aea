//! Natural-language mesh control (ARCHITECTURE.md, "Mesh control"): a
//! sentence becomes exactly one [`MeshOperation`] from a closed set, which
//! the hub shows as a plan or carries out with the caller's own
//! permissions. [`crate::mesh_phrases`] reads the common phrasings; a
//! model's answer is read by [`from_model_answer`] and held to the same
//! type and the same [`MeshOperation::normalized`] check.

use serde::{Deserialize, Serialize};

use crate::{Agent, Budgets, Permission, Task, Timestamp, ids, limits};

/// The capability of agents that read a sentence the parser cannot.
pub const MESH_CONTROL_CAPABILITY: &str = "mesh-control";

/// How long the hub waits for a model to read a sentence by default, and
/// at most (`wait_secs`).
pub const MESH_CONTROL_WAIT_SECS: u64 = 30;
pub const MESH_CONTROL_MAX_WAIT_SECS: u64 = 120;

/// Longest sentence accepted, in bytes.
pub const MAX_MESH_CONTROL_TEXT_BYTES: usize = 1_000;

/// Phrasings the parser reads, one per operation: the answer to a
/// sentence nobody could read.
pub const MESH_CONTROL_EXAMPLES: &[&str] = &[
    "drain crucible / take crucible offline for maintenance",
    "undrain crucible / bring crucible back",
    "give archon 3 slots / set archon max concurrent to 3",
    "move rex to code-review only / rex can do code-review and summarize",
    "pause the queue / resume the queue",
    "cancel task ID",
    "set the daily budget to $20 / cap rex at $5 a day / cap rex at 20000 tokens a day",
];

/// Whose daily cap a [`MeshOperation::SetBudget`] sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BudgetScope {
    /// The whole mesh (USD only).
    Mesh,
    /// Every agent, each on its own.
    EveryAgent,
    /// One agent (`agent`).
    Agent,
}

/// One operation on the mesh. `op` names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum MeshOperation {
    /// The agent gets no new work (what it runs finishes; what is assigned
    /// but not started goes back to the queue), until it is undrained.
    Drain {
        agent: String,
    },
    /// The agent takes work again.
    Undrain {
        agent: String,
    },
    /// How many tasks the agent runs at once.
    SetSlots {
        agent: String,
        slots: i64,
    },
    /// What the agent is given work for.
    SetCapabilities {
        agent: String,
        capabilities: Vec<String>,
    },
    /// Nothing queued is handed out until the queue is resumed.
    PauseQueue,
    ResumeQueue,
    CancelTask {
        task: String,
    },
    /// A daily cap: USD, or tokens for one agent or every agent.
    SetBudget {
        scope: BudgetScope,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        agent: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        daily_usd: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        daily_tokens: Option<i64>,
    },
}

fn agent_id(raw: &str) -> Result<String, String> {
    let id = raw.trim().to_ascii_lowercase();
    if ids::is_valid_id(&id) {
        Ok(id)
    } else {
        Err(format!(
            "`{}` is not an agent id ([a-z0-9-], at most 64 characters)",
            raw.escape_debug()
        ))
    }
}

impl MeshOperation {
    /// The operation with its names lowercased and sorted, or why it is
    /// not one the hub can carry out (bounds, missing or extra fields).
    pub fn normalized(self) -> Result<MeshOperation, String> {
        Ok(match self {
            MeshOperation::Drain { agent } => MeshOperation::Drain {
                agent: agent_id(&agent)?,
            },
            MeshOperation::Undrain { agent } => MeshOperation::Undrain {
                agent: agent_id(&agent)?,
            },
            MeshOperation::SetSlots { agent, slots } => {
                if !(0..=limits::MAX_SLOTS).contains(&slots) {
                    return Err(format!(
                        "slots {slots} is outside 0..={}",
                        limits::MAX_SLOTS
                    ));
                }
                MeshOperation::SetSlots {
                    agent: agent_id(&agent)?,
                    slots,
                }
            }
            MeshOperation::SetCapabilities {
                agent,
                capabilities,
            } => {
                let mut caps: Vec<String> = capabilities
                    .iter()
                    .map(|c| c.trim().to_ascii_lowercase())
                    .collect();
                if let Some(bad) = caps.iter().find(|c| !ids::is_valid_name(c)) {
                    return Err(format!(
                        "`{}` is not a capability ([a-z0-9_.-], at most 64 characters)",
                        bad.escape_debug()
                    ));
                }
                caps.sort();
                caps.dedup();
                if caps.is_empty() || caps.len() > limits::MAX_CAPABILITIES {
                    return Err(format!(
                        "an agent has 1 to {} capabilities",
                        limits::MAX_CAPABILITIES
                    ));
                }
                MeshOperation::SetCapabilities {
                    agent: agent_id(&agent)?,
                    capabilities: caps,
                }
            }
            MeshOperation::PauseQueue => MeshOperation::PauseQueue,
            MeshOperation::ResumeQueue => MeshOperation::ResumeQueue,
            MeshOperation::CancelTask { task } => {
                let id = task.trim().to_ascii_lowercase();
                if !ids::is_valid_id(&id) {
                    return Err(format!(
                        "`{}` is not a task id ([a-z0-9-], at most 64 characters)",
                        task.escape_debug()
                    ));
                }
                MeshOperation::CancelTask { task: id }
            }
            MeshOperation::SetBudget {
                scope,
                agent,
                daily_usd,
                daily_tokens,
            } => {
                let agent = match (scope, agent) {
                    (BudgetScope::Agent, Some(a)) => Some(agent_id(&a)?),
                    (BudgetScope::Agent, None) => {
                        return Err("an agent's budget names the agent".into());
                    }
                    (_, Some(_)) => {
                        return Err("only an agent's budget names an agent".into());
                    }
                    (_, None) => None,
                };
                match (daily_usd, daily_tokens) {
                    (Some(usd), None) if usd.is_finite() && usd >= 0.0 => {}
                    (Some(_), None) => {
                        return Err("daily_usd is an amount of at least 0".into());
                    }
                    (None, Some(_)) if scope == BudgetScope::Mesh => {
                        return Err("the mesh's budget is in USD (daily_usd)".into());
                    }
                    (None, Some(t)) if t >= 0 => {}
                    (None, Some(_)) => {
                        return Err("daily_tokens is a number of at least 0".into());
                    }
                    _ => {
                        return Err("a budget sets exactly one of daily_usd, daily_tokens".into());
                    }
                }
                MeshOperation::SetBudget {
                    scope,
                    agent,
                    daily_usd,
                    daily_tokens,
                }
            }
        })
    }

    /// The permission carrying it out takes: the same one its own route
    /// asks for (cancel: `tasks:write`, budgets: `agents:admin`).
    pub fn permission(&self) -> Permission {
        match self {
            MeshOperation::CancelTask { .. } => Permission::TasksWrite,
            MeshOperation::SetBudget { .. } => Permission::AgentsAdmin,
            _ => Permission::AgentsWrite,
        }
    }

    /// The operation's name (`drain`, `set_budget`, ...), as `op` says.
    pub fn name(&self) -> &'static str {
        match self {
            MeshOperation::Drain { .. } => "drain",
            MeshOperation::Undrain { .. } => "undrain",
            MeshOperation::SetSlots { .. } => "set_slots",
            MeshOperation::SetCapabilities { .. } => "set_capabilities",
            MeshOperation::PauseQueue => "pause_queue",
            MeshOperation::ResumeQueue => "resume_queue",
            MeshOperation::CancelTask { .. } => "cancel_task",
            MeshOperation::SetBudget { .. } => "set_budget",
        }
    }

    /// The agent it acts on, if one.
    pub fn agent(&self) -> Option<&str> {
        match self {
            MeshOperation::Drain { agent }
            | MeshOperation::Undrain { agent }
            | MeshOperation::SetSlots { agent, .. }
            | MeshOperation::SetCapabilities { agent, .. } => Some(agent),
            MeshOperation::SetBudget { agent, .. } => agent.as_deref(),
            _ => None,
        }
    }

    /// What it does, in a few words ("drain agent crucible").
    pub fn summary(&self) -> String {
        match self {
            MeshOperation::Drain { agent } => format!("drain agent {agent}"),
            MeshOperation::Undrain { agent } => format!("undrain agent {agent}"),
            MeshOperation::SetSlots { agent, slots } => {
                let s = if *slots == 1 { "" } else { "s" };
                format!("give agent {agent} {slots} slot{s}")
            }
            MeshOperation::SetCapabilities {
                agent,
                capabilities,
            } => format!(
                "set agent {agent}'s capabilities to {}",
                capabilities.join(", ")
            ),
            MeshOperation::PauseQueue => "pause the queue".into(),
            MeshOperation::ResumeQueue => "resume the queue".into(),
            MeshOperation::CancelTask { task } => format!("cancel task {task}"),
            MeshOperation::SetBudget {
                scope,
                agent,
                daily_usd,
                daily_tokens,
            } => {
                let amount = match (daily_usd, daily_tokens) {
                    (Some(usd), _) => format!("${usd:.2}"),
                    (None, Some(t)) => format!("{t} tokens"),
                    (None, None) => "?".into(),
                };
                match scope {
                    BudgetScope::Mesh => format!("cap the mesh at {amount} a day"),
                    BudgetScope::EveryAgent => format!("cap every agent at {amount} a day"),
                    BudgetScope::Agent => format!(
                        "cap agent {} at {amount} a day",
                        agent.as_deref().unwrap_or("?")
                    ),
                }
            }
        }
    }
}

/// `POST /api/mesh/control`: a sentence (`text`) or an operation already
/// read (`operation`, as a plan answered it), and whether to carry it out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MeshControl {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<MeshOperation>,
    /// false (default): answer the plan only.
    #[serde(default)]
    pub execute: bool,
    /// Longest wait for a model to read a sentence the parser cannot, in
    /// seconds (default 30, at most 120).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_secs: Option<u64>,
}

/// Who read the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReadBy {
    /// The hub's own parser.
    Parser,
    /// An agent advertising `mesh-control` (see `model_task`).
    Model,
    /// Nobody: the request carried the operation itself.
    Given,
}

/// Whether the queue hands out work.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QueueState {
    pub paused: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_at: Option<Timestamp>,
}

/// The answer to `POST /api/mesh/control`: the plan, and after `execute`
/// what happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MeshControlAnswer {
    pub operation: MeshOperation,
    /// The operation in a few words.
    pub summary: String,
    /// What carrying it out takes.
    pub permission: Permission,
    /// Whether the caller holds `permission`.
    pub allowed: bool,
    pub executed: bool,
    pub read_by: ReadBy,
    /// The task a model read the sentence in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_task: Option<String>,
    /// What happened, in one sentence (after `execute`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// The agent as it is now (agent operations, after `execute`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<Agent>,
    /// The task as it is now (`cancel_task`, after `execute`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<Task>,
    /// The caps now in force (`set_budget`, after `execute`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budgets: Option<Budgets>,
    /// The queue now (`pause_queue`, `resume_queue`, after `execute`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<QueueState>,
}

/// The instructions a `mesh-control` agent gets: the closed set of
/// operations as a schema, the agents the mesh knows, and the sentence.
pub fn model_prompt(sentence: &str, agents: &[String]) -> String {
    let known = if agents.is_empty() {
        "(none registered)".to_string()
    } else {
        agents.join(", ")
    };
    format!(
        "You translate an operator's instruction for a mesh of agents into exactly one \
         operation. Answer with one JSON object and nothing else: no prose, no code fence. \
         The object is one of:\n\
         {{\"op\": \"drain\", \"agent\": AGENT}}  (no new work for the agent)\n\
         {{\"op\": \"undrain\", \"agent\": AGENT}}  (the agent takes work again)\n\
         {{\"op\": \"set_slots\", \"agent\": AGENT, \"slots\": N}}  (tasks at once, 0..={max_slots})\n\
         {{\"op\": \"set_capabilities\", \"agent\": AGENT, \"capabilities\": [CAPABILITY, ...]}}\n\
         {{\"op\": \"pause_queue\"}}\n\
         {{\"op\": \"resume_queue\"}}\n\
         {{\"op\": \"cancel_task\", \"task\": TASK_ID}}\n\
         {{\"op\": \"set_budget\", \"scope\": \"mesh\", \"daily_usd\": USD}}\n\
         {{\"op\": \"set_budget\", \"scope\": \"every_agent\", \"daily_usd\": USD}} or with \"daily_tokens\": N\n\
         {{\"op\": \"set_budget\", \"scope\": \"agent\", \"agent\": AGENT, \"daily_usd\": USD}} or with \"daily_tokens\": N\n\
         AGENT and TASK_ID are ids of [a-z0-9-]; a CAPABILITY is [a-z0-9_.-]. \
         Agents of this mesh: {known}.\n\
         If the instruction is none of these, answer {{\"op\": \"none\", \"reason\": \"...\"}}.\n\n\
         Instruction: {sentence}",
        max_slots = limits::MAX_SLOTS,
    )
}

/// The operation a model answered, held to the same type and checks as
/// the parser's; `Err` says why the answer is not one.
pub fn from_model_answer(output: &str) -> Result<MeshOperation, String> {
    let value = first_json_object(output)
        .ok_or_else(|| "the model's answer holds no JSON object".to_string())?;
    if value.get("op").and_then(|v| v.as_str()) == Some("none") {
        let why = value
            .get("reason")
            .and_then(|v| v.as_str())
            .unwrap_or("no reason given");
        return Err(format!("the model read no operation in it: {why}"));
    }
    let op: MeshOperation = serde_json::from_value(value)
        .map_err(|e| format!("the model's answer is not an operation: {e}"))?;
    op.normalized()
}

/// The first JSON object in `text` (models wrap answers in prose or fences).
fn first_json_object(text: &str) -> Option<serde_json::Value> {
    text.match_indices('{').find_map(|(i, _)| {
        let mut values =
            serde_json::Deserializer::from_str(&text[i..]).into_iter::<serde_json::Value>();
        match values.next()? {
            Ok(v @ serde_json::Value::Object(_)) => Some(v),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn operations_travel_tagged_by_op() {
        let op = MeshOperation::SetSlots {
            agent: "archon".into(),
            slots: 3,
        };
        let v = serde_json::to_value(&op).unwrap();
        assert_eq!(v, json!({"op": "set_slots", "agent": "archon", "slots": 3}));
        assert_eq!(serde_json::from_value::<MeshOperation>(v).unwrap(), op);
        let v = serde_json::to_value(MeshOperation::PauseQueue).unwrap();
        assert_eq!(v, json!({"op": "pause_queue"}));
        assert!(
            serde_json::from_value::<MeshOperation>(json!({"op": "drain", "agent": "a", "x": 1}))
                .is_err(),
            "unknown fields are refused"
        );
        assert!(serde_json::from_value::<MeshOperation>(json!({"op": "reboot"})).is_err());
    }

    #[test]
    fn normalizing_checks_bounds_and_lowercases() {
        let op = MeshOperation::Drain {
            agent: " Crucible ".into(),
        };
        assert_eq!(
            op.normalized().unwrap(),
            MeshOperation::Drain {
                agent: "crucible".into()
            }
        );
        let caps = MeshOperation::SetCapabilities {
            agent: "rex".into(),
            capabilities: vec!["summarize".into(), "Code-Review".into(), "summarize".into()],
        };
        assert_eq!(
            caps.normalized().unwrap(),
            MeshOperation::SetCapabilities {
                agent: "rex".into(),
                capabilities: vec!["code-review".into(), "summarize".into()],
            }
        );
        for bad in [
            MeshOperation::Drain {
                agent: "no body".into(),
            },
            MeshOperation::SetSlots {
                agent: "a".into(),
                slots: limits::MAX_SLOTS + 1,
            },
            MeshOperation::SetCapabilities {
                agent: "a".into(),
                capabilities: vec![],
            },
            MeshOperation::CancelTask {
                task: "../x".into(),
            },
            MeshOperation::SetBudget {
                scope: BudgetScope::Mesh,
                agent: None,
                daily_usd: None,
                daily_tokens: Some(5),
            },
            MeshOperation::SetBudget {
                scope: BudgetScope::Agent,
                agent: None,
                daily_usd: Some(5.0),
                daily_tokens: None,
            },
            MeshOperation::SetBudget {
                scope: BudgetScope::Mesh,
                agent: None,
                daily_usd: Some(-1.0),
                daily_tokens: None,
            },
            MeshOperation::SetBudget {
                scope: BudgetScope::EveryAgent,
                agent: None,
                daily_usd: Some(1.0),
                daily_tokens: Some(1),
            },
        ] {
            assert!(bad.clone().normalized().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn each_operation_names_its_permission_and_summary() {
        let drain = MeshOperation::Drain {
            agent: "crucible".into(),
        };
        assert_eq!(drain.permission(), Permission::AgentsWrite);
        assert_eq!(drain.summary(), "drain agent crucible");
        let cancel = MeshOperation::CancelTask { task: "t1".into() };
        assert_eq!(cancel.permission(), Permission::TasksWrite);
        let cap = MeshOperation::SetBudget {
            scope: BudgetScope::Agent,
            agent: Some("rex".into()),
            daily_usd: Some(5.0),
            daily_tokens: None,
        };
        assert_eq!(cap.permission(), Permission::AgentsAdmin);
        assert_eq!(cap.summary(), "cap agent rex at $5.00 a day");
    }

    #[test]
    fn model_answers_are_held_to_the_operation_type() {
        let fenced = "Sure:\n```json\n{\"op\": \"drain\", \"agent\": \"Crucible\"}\n```";
        assert_eq!(
            from_model_answer(fenced).unwrap(),
            MeshOperation::Drain {
                agent: "crucible".into()
            }
        );
        let err =
            from_model_answer(r#"{"op": "none", "reason": "not a mesh change"}"#).unwrap_err();
        assert!(err.contains("not a mesh change"), "{err}");
        assert!(from_model_answer("drain crucible").is_err());
        assert!(from_model_answer(r#"{"op": "drop_database"}"#).is_err());
        assert!(from_model_answer(r#"{"op": "set_slots", "agent": "a", "slots": 9999}"#).is_err());
        let p = model_prompt("shut rex down", &["rex".into()]);
        assert!(p.contains("shut rex down") && p.contains("\"op\": \"drain\""));
    }
}

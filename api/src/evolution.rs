//! Self-evolving agents: each agent's success and failure per capability
//! over a rolling window, the guideline amendments an `evolve` agent
//! proposes from them, and the operator's decisions on each.
//! `/api/evolution/…`, `/api/agents/{id}/performance`,
//! `/api/agents/{id}/evolve…`.

use serde::{Deserialize, Serialize};

use crate::{Task, Timestamp};

/// The capability an agent advertises to be handed evolution tasks. Opt-in:
/// without such an agent the hub proposes nothing.
pub const EVOLVE_CAPABILITY: &str = "evolve";

/// The rolling window statistics and proposals look at, in days.
pub const DEFAULT_EVOLUTION_WINDOW_DAYS: u32 = 7;
/// The longest window `?days=` accepts.
pub const MAX_EVOLUTION_WINDOW_DAYS: u32 = 90;

/// What starts an amendment line in an evolution task's output:
/// `AMENDMENT: add|reinforce|restrict|remove | CONFIDENCE 0.0-1.0 | guideline text | evidence`.
pub const AMENDMENT_TAG: &str = "AMENDMENT:";

/// Amendments one evolution task's output yields at most (the rest of its
/// lines are ignored).
pub const MAX_AMENDMENTS_PER_PROPOSAL: usize = 10;
/// Characters of a guideline's text at most (a longer line is ignored).
pub const MAX_AMENDMENT_TEXT_CHARS: usize = 500;
/// Characters of an amendment's evidence kept (longer evidence is cut).
pub const MAX_AMENDMENT_EVIDENCE_CHARS: usize = 1_000;
/// Characters of a rejection reason at most.
pub const MAX_AMENDMENT_REASON_CHARS: usize = 500;

/// First line of the block a claim prepends to the prompts of an agent
/// with applied guidelines.
pub const EVOLUTION_BLOCK_START: &str = "EVOLUTION GUIDELINES:\n";
/// Last line of that block; an empty line and the rest of the prompt follow.
pub const EVOLUTION_BLOCK_END: &str = "--- end of evolution guidelines ---";
/// Characters of guideline lines the block holds at most.
pub const EVOLUTION_BLOCK_BUDGET_CHARS: usize = 2_000;
/// Guidelines the block holds at most (the most recently applied win).
pub const EVOLUTION_BLOCK_MAX_GUIDELINES: usize = 10;

/// Render the block around ready `- guideline\n` lines.
pub fn evolution_block(lines: &str) -> String {
    format!("{EVOLUTION_BLOCK_START}{lines}{EVOLUTION_BLOCK_END}\n\n")
}

/// A delivered prompt without its leading evolution guidelines block, or
/// the prompt as it is. Guideline lines are single lines starting with
/// `- `, so the first end line is the block's.
pub fn strip_evolution_block(prompt: &str) -> &str {
    if !prompt.starts_with(EVOLUTION_BLOCK_START) {
        return prompt;
    }
    let end = format!("\n{EVOLUTION_BLOCK_END}\n\n");
    match prompt.find(&end) {
        Some(i) => &prompt[i + end.len()..],
        None => prompt,
    }
}

/// What an amendment does to the agent's guidelines once applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AmendmentKind {
    /// New guidance for a failure mode: a guideline.
    Add,
    /// Strengthen guidance that correlates with success: a guideline.
    Reinforce,
    /// Narrow the scope of a problematic pattern: a restriction guideline.
    Restrict,
    /// Stop giving the active guideline its text names (by id or by its
    /// exact text): that guideline leaves the prompts while this amendment
    /// is applied.
    Remove,
}

impl AmendmentKind {
    pub const ALL: [AmendmentKind; 4] = [
        AmendmentKind::Add,
        AmendmentKind::Reinforce,
        AmendmentKind::Restrict,
        AmendmentKind::Remove,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AmendmentKind::Add => "add",
            AmendmentKind::Reinforce => "reinforce",
            AmendmentKind::Restrict => "restrict",
            AmendmentKind::Remove => "remove",
        }
    }
}

display_as_str!(AmendmentKind);

impl std::str::FromStr for AmendmentKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        AmendmentKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown amendment kind `{}`", s.escape_debug()))
    }
}

/// Where an amendment stands: proposed → applied → reverted, or proposed →
/// rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AmendmentStatus {
    /// Waiting for the operator; nothing changes until it is applied.
    Proposed,
    /// In force: in every prompt the agent claims.
    Applied,
    /// Turned down by the operator.
    Rejected,
    /// Was applied, then taken back: out of the next prompt.
    Reverted,
}

impl AmendmentStatus {
    pub const ALL: [AmendmentStatus; 4] = [
        AmendmentStatus::Proposed,
        AmendmentStatus::Applied,
        AmendmentStatus::Rejected,
        AmendmentStatus::Reverted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AmendmentStatus::Proposed => "proposed",
            AmendmentStatus::Applied => "applied",
            AmendmentStatus::Rejected => "rejected",
            AmendmentStatus::Reverted => "reverted",
        }
    }
}

display_as_str!(AmendmentStatus);

impl std::str::FromStr for AmendmentStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        AmendmentStatus::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown amendment status `{}` (one of: proposed, applied, rejected, reverted)",
                    s.escape_debug()
                )
            })
    }
}

/// One proposed change to an agent's guidelines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Amendment {
    pub id: String,
    /// The agent whose prompts it changes.
    pub agent_id: String,
    pub kind: AmendmentKind,
    /// The guideline (for `remove`: the id or exact text of the guideline
    /// to stop giving).
    pub text: String,
    /// How sure the proposer was, 0.0–1.0.
    pub confidence: f64,
    /// Why, in the proposer's words.
    pub evidence: String,
    /// The evolution task whose output proposed it.
    pub source_task: String,
    pub status: AmendmentStatus,
    /// For an applied `remove`: the guideline it stops giving.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Whether it is in the agent's prompts now: applied, and (for a
    /// guideline) not named by an applied `remove`.
    pub active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// When it was applied or rejected, and by whom.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    /// When an applied amendment was reverted, and by whom.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverted_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverted_by: Option<String>,
    /// The operator's reason for a rejection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `GET /api/evolution/amendments` → `{"amendments": [...]}`, newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AmendmentList {
    pub amendments: Vec<Amendment>,
}

/// Query string of `GET /api/evolution/amendments`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AmendmentQuery {
    /// Only this agent's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// Only those in this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AmendmentStatus>,
    /// At most this many (default 100, max 500).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// `POST /api/evolution/amendments/{id}/reject`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RejectAmendment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `POST /api/agents/{id}/evolve`: apply one of that agent's proposed
/// amendments (the same as `POST /api/evolution/amendments/{id}/apply`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ApplyAmendment {
    pub amendment_id: String,
}

/// Query string of `GET /api/agents/{id}/performance`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PerformanceQuery {
    /// The window in days (default 7, 1–90).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
}

/// Finished tasks of one capability in the window.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CapabilityPerformance {
    /// The task's required capability (`general` for untyped work).
    pub capability: String,
    pub succeeded: u64,
    pub failed: u64,
}

/// A failure in the window, for the proposer to learn from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FailureNote {
    pub task_id: String,
    pub capability: String,
    /// The task's error, cut short.
    pub error: String,
    pub finished_at: Timestamp,
}

/// An agent's finished tasks (done or failed, as the last holder) over a
/// rolling window, per capability. `GET /api/agents/{id}/performance`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AgentPerformance {
    pub agent_id: String,
    pub window_days: u32,
    /// The window's start.
    pub since: Timestamp,
    pub succeeded: u64,
    pub failed: u64,
    /// By capability, name order.
    pub by_capability: Vec<CapabilityPerformance>,
    /// The latest failures, newest first (a few).
    pub recent_failures: Vec<FailureNote>,
}

impl AgentPerformance {
    pub fn finished(&self) -> u64 {
        self.succeeded + self.failed
    }
}

/// `POST /api/agents/{id}/evolve/propose` (201): the evolution task the
/// hub created for an `evolve` agent, and the performance it was given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EvolutionProposal {
    pub agent_id: String,
    pub performance: AgentPerformance,
    pub task: Task,
}

/// One evolution task a pass created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProposalStarted {
    pub agent_id: String,
    pub task_id: String,
}

/// What a pass of the `evolve` schedule action did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EvolutionReport {
    /// Agents whose performance was looked at.
    pub agents: u64,
    /// The evolution tasks created, one per agent with something new to
    /// learn from.
    pub proposed: Vec<ProposalStarted>,
    /// Why nothing was proposed at all (no agent advertises `evolve`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injected_blocks_strip_back_to_the_prompt() {
        use crate::strip_injected_blocks;
        let memories = crate::memory_block("ag", "k: v\n");
        let p = format!(
            "{}{memories}echo hi",
            evolution_block("- cite sources\n- Restriction: no guessing\n")
        );
        assert!(p.starts_with("EVOLUTION GUIDELINES:\n- cite sources\n"));
        assert_eq!(strip_injected_blocks(&p), "echo hi");
        assert_eq!(
            strip_injected_blocks(&format!("{memories}echo hi")),
            "echo hi"
        );
        assert_eq!(strip_injected_blocks("echo hi"), "echo hi");
        let unterminated = "EVOLUTION GUIDELINES:\n- x\necho hi";
        assert_eq!(strip_evolution_block(unterminated), unterminated);
    }

    #[test]
    fn kinds_and_statuses_travel_as_words() {
        assert_eq!(
            serde_json::to_value(AmendmentKind::Restrict).unwrap(),
            "restrict"
        );
        assert_eq!("remove".parse(), Ok(AmendmentKind::Remove));
        assert!("delete".parse::<AmendmentKind>().is_err());
        assert_eq!(
            serde_json::to_value(AmendmentStatus::Reverted).unwrap(),
            "reverted"
        );
        assert_eq!("applied".parse(), Ok(AmendmentStatus::Applied));
    }
}

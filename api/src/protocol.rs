//! Quality protocols (ARCHITECTURE.md, "Quality protocols"): confidence and
//! verification, challenger, debate, voting and validators. Each is a graph
//! of ordinary tasks the hub hangs off the task it is about (the subject);
//! each step task carries its role, and the step's output follows a small
//! line format the hub reads back (`SCORE:`, `VOTE:`, `VERDICT:`).

use serde::{Deserialize, Serialize};

use crate::{TaskStatus, Timestamp};

/// Confidence below which a result is verified by another agent, unless the
/// task or its template says otherwise.
pub const DEFAULT_CONFIDENCE_THRESHOLD: f64 = 0.7;
/// A critique scoring above this is material: a revision follows.
pub const DEFAULT_CHALLENGE_THRESHOLD: f64 = 0.5;
/// Votes needed for a decision, unless the task says otherwise.
pub const DEFAULT_QUORUM: u32 = 3;
/// The most voters a task may ask for.
pub const MAX_QUORUM: u32 = 15;
/// Credits an agent earns for one validated result.
pub const CREDITS_PER_VALIDATED_RESULT: f64 = 1.0;

/// What a protocol step does for its subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProtocolRole {
    /// Answers the subject's prompt again, independently (low confidence).
    Verifies,
    /// Critiques the result with a score.
    Challenges,
    /// The original agent revises its result with the critique.
    Revises,
    /// A second, independent answer for a debate.
    Debates,
    /// Sees both debate answers and writes one, naming what it kept.
    Synthesises,
    /// Accepts or rejects the result, with a rationale.
    Votes,
    /// A validator's verdict on the result, signed into a receipt.
    Validates,
}

impl ProtocolRole {
    pub const ALL: [ProtocolRole; 7] = [
        ProtocolRole::Verifies,
        ProtocolRole::Challenges,
        ProtocolRole::Revises,
        ProtocolRole::Debates,
        ProtocolRole::Synthesises,
        ProtocolRole::Votes,
        ProtocolRole::Validates,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProtocolRole::Verifies => "verifies",
            ProtocolRole::Challenges => "challenges",
            ProtocolRole::Revises => "revises",
            ProtocolRole::Debates => "debates",
            ProtocolRole::Synthesises => "synthesises",
            ProtocolRole::Votes => "votes",
            ProtocolRole::Validates => "validates",
        }
    }
}

display_as_str!(ProtocolRole);

impl std::str::FromStr for ProtocolRole {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ProtocolRole::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown protocol role `{s}`"))
    }
}

/// The stages a subject can go through, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProtocolStage {
    Debate,
    Verification,
    Challenge,
    Vote,
    Validation,
}

impl ProtocolStage {
    pub fn as_str(self) -> &'static str {
        match self {
            ProtocolStage::Debate => "debate",
            ProtocolStage::Verification => "verification",
            ProtocolStage::Challenge => "challenge",
            ProtocolStage::Vote => "vote",
            ProtocolStage::Validation => "validation",
        }
    }
}

display_as_str!(ProtocolStage);

/// Where a subject's protocols stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProtocolState {
    /// A step is still to finish; the task's dependents wait.
    Running,
    /// Every stage passed: `result_task`'s output is the accepted result.
    Accepted,
    /// A vote or a validator rejected the result.
    Rejected,
    /// The protocol cannot decide alone (a tied vote, voters that vanished,
    /// no other capable agent): an escalation waits for the operator.
    Escalated,
    /// A step would have broken a budget, or failed: nothing more was
    /// dispatched (`reason` says which).
    Stopped,
}

impl ProtocolState {
    pub fn as_str(self) -> &'static str {
        match self {
            ProtocolState::Running => "running",
            ProtocolState::Accepted => "accepted",
            ProtocolState::Rejected => "rejected",
            ProtocolState::Escalated => "escalated",
            ProtocolState::Stopped => "stopped",
        }
    }

    pub fn is_final(self) -> bool {
        self != ProtocolState::Running
    }
}

display_as_str!(ProtocolState);

impl std::str::FromStr for ProtocolState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            ProtocolState::Running,
            ProtocolState::Accepted,
            ProtocolState::Rejected,
            ProtocolState::Escalated,
            ProtocolState::Stopped,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
        .ok_or_else(|| format!("unknown protocol state `{s}`"))
    }
}

/// Accept or reject: a vote, or a validator's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Accept,
    Reject,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Accept => "accept",
            Verdict::Reject => "reject",
        }
    }
}

display_as_str!(Verdict);

impl std::str::FromStr for Verdict {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "accept" | "accepted" | "yes" | "approve" => Ok(Verdict::Accept),
            "reject" | "rejected" | "no" => Ok(Verdict::Reject),
            other => Err(format!("unknown verdict `{other}` (accept or reject)")),
        }
    }
}

/// The protocols a task (or a template) asks for. Absent fields: the
/// confidence threshold is [`DEFAULT_CONFIDENCE_THRESHOLD`], the rest off.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ProtocolRequest {
    /// A result reported below this confidence is verified by another
    /// capable agent (0 turns verification off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence_threshold: Option<f64>,
    /// A challenger critiques the result; a material critique is revised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<bool>,
    /// A critique scoring above this (0–1) is material.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge_threshold: Option<f64>,
    /// Two independent answers by two agents, then a synthesis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires_debate: Option<bool>,
    /// Every other available capable agent votes on the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires_vote: Option<bool>,
    /// Votes needed for a decision (default 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum: Option<u32>,
    /// Agents with this capability validate the result; only a validated
    /// result earns its agent credit in the contribution ledger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validator_capability: Option<String>,
}

impl ProtocolRequest {
    /// Whether anything beyond the default confidence check is asked for.
    pub fn is_empty(&self) -> bool {
        *self == ProtocolRequest::default()
    }

    /// The same request with switches that are off (`false`) left out, so
    /// a request that turns everything off asks for nothing.
    pub fn normalized(mut self) -> ProtocolRequest {
        for flag in [
            &mut self.challenge,
            &mut self.requires_debate,
            &mut self.requires_vote,
        ] {
            if *flag == Some(false) {
                *flag = None;
            }
        }
        self
    }

    /// `self`'s fields where set, else `fallback`'s (a dispatch over its
    /// template).
    pub fn or(&self, fallback: &ProtocolRequest) -> ProtocolRequest {
        ProtocolRequest {
            confidence_threshold: self.confidence_threshold.or(fallback.confidence_threshold),
            challenge: self.challenge.or(fallback.challenge),
            challenge_threshold: self.challenge_threshold.or(fallback.challenge_threshold),
            requires_debate: self.requires_debate.or(fallback.requires_debate),
            requires_vote: self.requires_vote.or(fallback.requires_vote),
            quorum: self.quorum.or(fallback.quorum),
            validator_capability: self
                .validator_capability
                .clone()
                .or_else(|| fallback.validator_capability.clone()),
        }
    }
}

/// Where a subject's protocols stand, on the task as `protocol`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProtocolOutcome {
    /// What was asked for, as stored when the task was created.
    pub request: ProtocolRequest,
    pub state: ProtocolState,
    /// The stage running now, or the one that decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<ProtocolStage>,
    /// The task whose output is the result so far (the accepted result
    /// once `state` is `accepted`): the subject itself, a verification, a
    /// revision or a synthesis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_task: Option<String>,
    /// The challenger's critique and its score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub critique: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Why it stopped, escalated or was rejected; what verification decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub updated_at: Timestamp,
}

/// `POST /api/tasks/{id}/decide`: the operator's decision on a protocol
/// that escalated (a tied vote, voters that vanished, no agent to ask).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DecideProtocol {
    pub decision: Verdict,
    /// Why, recorded with the outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// How two tasks of a graph are linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum EdgeRole {
    /// A plain dependency (`depends_on`).
    DependsOn,
    Verifies,
    Challenges,
    Revises,
    Debates,
    Synthesises,
    Votes,
    Validates,
}

impl From<ProtocolRole> for EdgeRole {
    fn from(r: ProtocolRole) -> Self {
        match r {
            ProtocolRole::Verifies => EdgeRole::Verifies,
            ProtocolRole::Challenges => EdgeRole::Challenges,
            ProtocolRole::Revises => EdgeRole::Revises,
            ProtocolRole::Debates => EdgeRole::Debates,
            ProtocolRole::Synthesises => EdgeRole::Synthesises,
            ProtocolRole::Votes => EdgeRole::Votes,
            ProtocolRole::Validates => EdgeRole::Validates,
        }
    }
}

impl EdgeRole {
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeRole::DependsOn => "depends_on",
            EdgeRole::Verifies => "verifies",
            EdgeRole::Challenges => "challenges",
            EdgeRole::Revises => "revises",
            EdgeRole::Debates => "debates",
            EdgeRole::Synthesises => "synthesises",
            EdgeRole::Votes => "votes",
            EdgeRole::Validates => "validates",
        }
    }
}

display_as_str!(EdgeRole);

/// One task of a graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GraphNode {
    pub id: String,
    pub title: String,
    pub status: TaskStatus,
    /// Its role for the subject; none for the subject and plain parents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<ProtocolRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

/// `from` → `to`: `to` serves or follows `from` in the way `role` says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GraphEdge {
    pub from: String,
    pub to: String,
    pub role: EdgeRole,
}

/// `GET /api/tasks/{id}/graph`: the task, its direct parents and children,
/// its protocol steps, and the labelled edges between them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TaskGraph {
    pub task_id: String,
    /// The subject first, then the rest by creation.
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<ProtocolOutcome>,
}

/// One voter and what it said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Vote {
    pub agent_id: String,
    /// The voting task.
    pub task_id: String,
    pub status: TaskStatus,
    /// None until the voter answered (or when it never will).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

/// `GET /api/tasks/{id}/votes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VoteReport {
    pub task_id: String,
    pub quorum: u32,
    /// The agents asked to vote, fixed when the vote began.
    pub roster: Vec<String>,
    pub votes: Vec<Vote>,
    pub accepts: u32,
    pub rejects: u32,
    /// None while votes are outstanding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<ProtocolState>,
}

/// A validator's signed verdict on one result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ValidationReceipt {
    /// The task whose result was validated.
    pub task_id: String,
    /// Hex SHA-256 of the validated output.
    pub result_hash: String,
    /// The task that produced the output (the subject, or its revision or
    /// synthesis) and the agent that ran it.
    pub result_task: String,
    pub producer: String,
    /// The validating task and its agent.
    pub validation_task: String,
    pub validator: String,
    pub verdict: Verdict,
    pub reason: String,
    /// The validation task's provenance signature: it chains from the
    /// result's own signature, so the receipt is part of the chain.
    pub signature: String,
    pub created_at: Timestamp,
}

/// One credit in the contribution ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Credit {
    pub agent_id: String,
    pub task_id: String,
    pub credits: f64,
    /// The validation that earned it.
    pub validation_task: String,
    pub created_at: Timestamp,
}

/// One agent's line of the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LedgerEntry {
    pub agent_id: String,
    /// Results of this agent that a validator accepted.
    pub validated_results: i64,
    /// Results of this agent that a validator rejected (never credited).
    pub rejected_results: i64,
    pub credits: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_credit_at: Option<Timestamp>,
}

/// `GET /api/ledger`: agents by credits, most first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Ledger {
    pub agents: Vec<LedgerEntry>,
}

/// One step of a trace: a protocol task and what it decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TraceStep {
    pub task_id: String,
    pub role: ProtocolRole,
    pub status: TaskStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `GET /api/tasks/{id}/trace`: task → result → validation → credit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TaskTrace {
    pub task_id: String,
    pub title: String,
    pub status: TaskStatus,
    /// The agent that ran the task itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub producer: Option<String>,
    /// Hex SHA-256 of the task's own output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<ProtocolOutcome>,
    /// Protocol steps in the order they were created.
    pub steps: Vec<TraceStep>,
    pub receipts: Vec<ValidationReceipt>,
    pub credits: Vec<Credit>,
}

/// Final-line tags of step outputs.
pub const CONFIDENCE_TAG: &str = "CONFIDENCE";
pub const SCORE_TAG: &str = "SCORE";
pub const VOTE_TAG: &str = "VOTE";
pub const VERDICT_TAG: &str = "VERDICT";
pub const REASON_TAG: &str = "REASON";

/// The value of the last line of `text` that reads `TAG: value`
/// (case-insensitive tag, surrounding `*`/`#`/space tolerated, as models
/// format it), if any.
pub fn tagged_value<'a>(text: &'a str, tag: &str) -> Option<&'a str> {
    text.lines().rev().find_map(|line| tag_of(line, tag))
}

fn tag_of<'a>(line: &'a str, tag: &str) -> Option<&'a str> {
    let l = line
        .trim()
        .trim_matches(|c| c == '*' || c == '#' || c == '_');
    let l = l.trim();
    let head = l.get(..tag.len())?;
    if !head.eq_ignore_ascii_case(tag) {
        return None;
    }
    let rest = l[tag.len()..].trim_start().strip_prefix(':')?;
    Some(rest.trim().trim_matches(|c| c == '*' || c == '_').trim())
}

/// A number in 0..=1 (`0.8`, `80%`, `8/10`).
pub fn unit_value(s: &str) -> Option<f64> {
    let s = s.split_whitespace().next()?.trim_end_matches(['.', ',']);
    let v = if let Some(p) = s.strip_suffix('%') {
        p.parse::<f64>().ok()? / 100.0
    } else if let Some((a, b)) = s.split_once('/') {
        a.parse::<f64>().ok()? / b.parse::<f64>().ok()?
    } else {
        s.parse::<f64>().ok()?
    };
    (v.is_finite() && (0.0..=1.0).contains(&v)).then_some(v)
}

/// Split a final `CONFIDENCE: x` line off an executor's output: the output
/// without it, and the confidence (None when absent or unreadable; the
/// line stays then, so nothing the model wrote is lost).
pub fn split_confidence(output: &str) -> (String, Option<f64>) {
    let trimmed = output.trim_end();
    let (body, last) = match trimmed.rfind('\n') {
        Some(i) => (&trimmed[..i], &trimmed[i + 1..]),
        None => ("", trimmed),
    };
    match tag_of(last, CONFIDENCE_TAG).and_then(unit_value) {
        Some(c) => (body.trim_end().to_string(), Some(c)),
        None => (output.to_string(), None),
    }
}

/// One parent's output as the hub appends it to a child's prompt.
pub fn output_block(title: &str, id: &str, output: &str) -> String {
    format!("\n\n--- output of \"{title}\" (task {id}) ---\n{output}\n--- end of output ---")
}

/// The parent outputs appended to `prompt` ([`output_block`]), in order:
/// (task id, output).
pub fn parent_outputs(prompt: &str) -> Vec<(&str, &str)> {
    const HEAD: &str = "\n\n--- output of \"";
    const END: &str = "\n--- end of output ---";
    let mut out = Vec::new();
    let mut rest = prompt;
    while let Some(i) = rest.find(HEAD) {
        let after = &rest[i + HEAD.len()..];
        let Some(line_end) = after.find('\n') else {
            break;
        };
        let header = &after[..line_end];
        let id = header
            .rsplit_once("(task ")
            .and_then(|(_, t)| t.strip_suffix(") ---"))
            .unwrap_or("");
        let body = &after[line_end + 1..];
        let Some(j) = body.find(END) else {
            break;
        };
        out.push((id, &body[..j]));
        rest = &body[j + END.len()..];
    }
    out
}

/// The text of `prompt` before the first appended parent output.
pub fn prompt_before_outputs(prompt: &str) -> &str {
    match prompt.find("\n\n--- output of \"") {
        Some(i) => &prompt[..i],
        None => prompt,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_lines_are_read_and_stripped() {
        assert_eq!(
            split_confidence("The answer is 4.\nCONFIDENCE: 0.85\n"),
            ("The answer is 4.".to_string(), Some(0.85))
        );
        assert_eq!(
            split_confidence("x\n**Confidence:** 80%"),
            ("x".to_string(), Some(0.8))
        );
        // Absent or out of range: unknown, and the text is untouched.
        assert_eq!(split_confidence("just text"), ("just text".into(), None));
        assert_eq!(
            split_confidence("x\nCONFIDENCE: 7"),
            ("x\nCONFIDENCE: 7".into(), None)
        );
        // Only the final line counts.
        assert_eq!(
            split_confidence("CONFIDENCE: 0.2\nmore"),
            ("CONFIDENCE: 0.2\nmore".into(), None)
        );
    }

    #[test]
    fn tags_are_read_from_the_last_line_that_has_them() {
        let t = "critique here\nSCORE: 0.4\nno\nSCORE: 0.9 (material)";
        assert_eq!(tagged_value(t, SCORE_TAG).and_then(unit_value), Some(0.9));
        assert_eq!(
            tagged_value("VOTE: Reject", VOTE_TAG).map(str::parse::<Verdict>),
            Some(Ok(Verdict::Reject))
        );
        assert_eq!(tagged_value("nothing", VOTE_TAG), None);
        assert_eq!(unit_value("8/10"), Some(0.8));
    }

    #[test]
    fn parent_outputs_round_trip() {
        let p = format!(
            "do it{}{}",
            output_block("a", "t1", "first\nanswer"),
            output_block("b (x)", "t2", "")
        );
        assert_eq!(
            parent_outputs(&p),
            vec![("t1", "first\nanswer"), ("t2", "")]
        );
        assert_eq!(prompt_before_outputs(&p), "do it");
    }
}

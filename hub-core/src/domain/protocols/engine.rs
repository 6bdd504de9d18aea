//! The stage machine (ARCHITECTURE.md, "Quality protocols"). A subject's
//! protocols run as stages in a fixed order — debate, verification,
//! challenge, vote, validation — each acting on the result so far
//! (`result_task`). A stage starts by creating its steps; when they finish
//! it decides: the result moves on (possibly replaced by a better one), or
//! the protocol settles as rejected, escalated or stopped. Everything is
//! derived from the stored steps, so a hub restart resumes where it was.

use m3shd_api::{
    CREDITS_PER_VALIDATED_RESULT, Credit, DEFAULT_CHALLENGE_THRESHOLD,
    DEFAULT_CONFIDENCE_THRESHOLD, DEFAULT_QUORUM, Event, ProtocolOutcome, ProtocolRole,
    ProtocolStage, ProtocolState, TaskStatus, ValidationReceipt, Verdict,
};

use super::super::graph::cancel_with;
use super::super::{Ctx, DomainError, escalations, provenance};
use super::prompts::step_prompt;
use super::readings;
use super::steps::{Step, able_agents, budget_stop, capability_of, spawn};
use crate::store::TaskRecord;

/// What a stage says after looking at its steps.
enum Next {
    /// Its steps are still running (or were just created).
    Wait,
    /// The result passes; go on to the next stage.
    Pass,
    /// The protocol ends here.
    Settle(ProtocolState, String),
}

const ORDER: [ProtocolStage; 5] = [
    ProtocolStage::Debate,
    ProtocolStage::Verification,
    ProtocolStage::Challenge,
    ProtocolStage::Vote,
    ProtocolStage::Validation,
];

fn latest(steps: &[TaskRecord], role: ProtocolRole) -> Option<&TaskRecord> {
    steps
        .iter()
        .rev()
        .find(|s| s.task.protocol_role == Some(role))
}

fn producer(rec: &TaskRecord) -> Option<String> {
    rec.state.agent().map(|a| a.as_str().to_string())
}

/// The task whose output is the result so far.
fn result_of(
    cx: &Ctx<'_, '_>,
    subject: &TaskRecord,
    out: &ProtocolOutcome,
) -> Result<TaskRecord, DomainError> {
    match &out.result_task {
        Some(id) if id != &subject.task.id => Ok(cx
            .tx
            .tasks()
            .get(id)?
            .ok_or_else(|| DomainError::Internal(format!("result task {id} is gone")))?),
        _ => Ok(subject.clone()),
    }
}

/// Move `subject`'s protocol as far as its finished steps allow.
pub fn advance(cx: &mut Ctx<'_, '_>, subject_id: &str) -> Result<(), DomainError> {
    let Some(subject) = cx.tx.tasks().get(subject_id)? else {
        return Ok(());
    };
    let Some(mut out) = subject.task.protocol.clone() else {
        return Ok(());
    };
    if out.state.is_final() {
        return Ok(());
    }
    match subject.state.status() {
        TaskStatus::Done => {}
        s if s.is_final() => {
            let why = format!("the task itself is {s}");
            return settle(cx, subject, out, ProtocolState::Stopped, why);
        }
        // Not answered yet (a debate's second answer may be ahead of it).
        _ => return Ok(()),
    }
    if out.result_task.is_none() {
        out.result_task = Some(subject.task.id.clone());
    }
    let before = out.clone();
    let next = match out.stage {
        Some(stage) => evaluate(cx, &subject, &mut out, stage)?,
        None => Next::Pass,
    };
    match next {
        Next::Wait => return save(cx, subject, out, &before),
        Next::Settle(state, why) => return settle(cx, subject, out, state, why),
        Next::Pass => {}
    }
    let from = out
        .stage
        .and_then(|s| ORDER.iter().position(|x| *x == s))
        .map_or(0, |i| i + 1);
    let mut started = false;
    for stage in ORDER.iter().copied().skip(from) {
        if !applies(cx, &subject, &out, stage)? {
            continue;
        }
        if let Some(why) = budget_stop(cx, &subject)? {
            out.stage = Some(stage);
            return settle(cx, subject, out, ProtocolState::Stopped, why);
        }
        out.stage = Some(stage);
        match start(cx, &subject, &mut out, stage)? {
            Next::Wait => {
                started = true;
                break;
            }
            Next::Pass => continue,
            Next::Settle(state, why) => return settle(cx, subject, out, state, why),
        }
    }
    if started {
        return save(cx, subject, out, &before);
    }
    let why = out
        .reason
        .clone()
        .unwrap_or_else(|| "every stage passed".to_string());
    settle(cx, subject, out, ProtocolState::Accepted, why)
}

/// Whether `stage` has anything to do for this subject.
fn applies(
    cx: &Ctx<'_, '_>,
    subject: &TaskRecord,
    out: &ProtocolOutcome,
    stage: ProtocolStage,
) -> Result<bool, DomainError> {
    let r = &out.request;
    Ok(match stage {
        // Started when the task was created, never later.
        ProtocolStage::Debate => false,
        ProtocolStage::Verification => {
            let threshold = r
                .confidence_threshold
                .unwrap_or(DEFAULT_CONFIDENCE_THRESHOLD);
            let result = result_of(cx, subject, out)?;
            threshold > 0.0 && result.task.confidence.is_some_and(|c| c < threshold)
        }
        ProtocolStage::Challenge => r.challenge == Some(true),
        ProtocolStage::Vote => r.requires_vote == Some(true),
        ProtocolStage::Validation => r.validator_capability.is_some(),
    })
}

/// Create the steps of `stage`.
fn start(
    cx: &mut Ctx<'_, '_>,
    subject: &TaskRecord,
    out: &mut ProtocolOutcome,
    stage: ProtocolStage,
) -> Result<Next, DomainError> {
    let result = result_of(cx, subject, out)?;
    let maker = producer(&result).unwrap_or_default();
    let cap = capability_of(subject).to_string();
    let others = able_agents(cx, &cap, &[maker.as_str()])?;
    let from = vec![result.task.id.clone()];
    match stage {
        ProtocolStage::Debate => Ok(Next::Pass),
        ProtocolStage::Verification => {
            let Some(verifier) = others.first() else {
                out.reason = Some(format!(
                    "confidence {} is below the threshold, but no other agent advertising \
                     `{cap}` is online to verify it; the answer stands unverified",
                    result.task.confidence.unwrap_or(0.0)
                ));
                return Ok(Next::Pass);
            };
            spawn(
                cx,
                subject,
                Step {
                    role: ProtocolRole::Verifies,
                    prompt: step_prompt(ProtocolRole::Verifies, &subject.task.prompt),
                    capability: None,
                    pin: Some(verifier),
                    inputs: Vec::new(),
                    from,
                },
            )?;
            Ok(Next::Wait)
        }
        ProtocolStage::Challenge => {
            let Some(challenger) = others.first() else {
                return Ok(Next::Settle(
                    ProtocolState::Escalated,
                    format!("no other agent advertising `{cap}` is online to challenge the result"),
                ));
            };
            spawn(
                cx,
                subject,
                Step {
                    role: ProtocolRole::Challenges,
                    prompt: step_prompt(ProtocolRole::Challenges, &subject.task.prompt),
                    capability: None,
                    pin: Some(challenger),
                    inputs: from.clone(),
                    from,
                },
            )?;
            Ok(Next::Wait)
        }
        ProtocolStage::Vote => {
            let quorum = out.request.quorum.unwrap_or(DEFAULT_QUORUM);
            if others.len() < usize::try_from(quorum).unwrap_or(usize::MAX) {
                return Ok(Next::Settle(
                    ProtocolState::Escalated,
                    format!(
                        "only {} other agent(s) advertising `{cap}` are online to vote; the \
                         quorum is {quorum}",
                        others.len()
                    ),
                ));
            }
            for voter in &others {
                spawn(
                    cx,
                    subject,
                    Step {
                        role: ProtocolRole::Votes,
                        prompt: step_prompt(ProtocolRole::Votes, &subject.task.prompt),
                        capability: None,
                        pin: Some(voter),
                        inputs: from.clone(),
                        from: from.clone(),
                    },
                )?;
            }
            Ok(Next::Wait)
        }
        ProtocolStage::Validation => {
            let vcap = out.request.validator_capability.clone().unwrap_or_default();
            let validators = able_agents(cx, &vcap, &[maker.as_str()])?;
            let Some(validator) = validators.first() else {
                return Ok(Next::Settle(
                    ProtocolState::Escalated,
                    format!(
                        "no agent advertising `{vcap}` (other than the one that produced the \
                         result) is online to validate it"
                    ),
                ));
            };
            spawn(
                cx,
                subject,
                Step {
                    role: ProtocolRole::Validates,
                    prompt: step_prompt(ProtocolRole::Validates, &subject.task.prompt),
                    capability: Some(vcap),
                    pin: Some(validator),
                    inputs: from.clone(),
                    from,
                },
            )?;
            Ok(Next::Wait)
        }
    }
}

/// Decide `stage` from its steps, creating the follow-up step a stage has
/// (a synthesis, a revision).
fn evaluate(
    cx: &mut Ctx<'_, '_>,
    subject: &TaskRecord,
    out: &mut ProtocolOutcome,
    stage: ProtocolStage,
) -> Result<Next, DomainError> {
    let steps = cx.tx.protocols().steps_of(&subject.task.id)?;
    match stage {
        ProtocolStage::Debate => debate(cx, subject, out, &steps),
        ProtocolStage::Verification => Ok(verification(cx, subject, out, &steps)?),
        ProtocolStage::Challenge => challenge(cx, subject, out, &steps),
        ProtocolStage::Vote => vote(cx, subject, out, &steps),
        ProtocolStage::Validation => validation(cx, subject, out, &steps),
    }
}

fn unfinished(step: &TaskRecord) -> Option<Next> {
    let st = step.state.status();
    if !st.is_final() {
        return Some(Next::Wait);
    }
    None
}

fn debate(
    cx: &mut Ctx<'_, '_>,
    subject: &TaskRecord,
    out: &mut ProtocolOutcome,
    steps: &[TaskRecord],
) -> Result<Next, DomainError> {
    if let Some(s) = latest(steps, ProtocolRole::Synthesises) {
        if let Some(wait) = unfinished(s) {
            return Ok(wait);
        }
        if s.state.status() != TaskStatus::Done {
            return Ok(Next::Settle(
                ProtocolState::Stopped,
                format!("the synthesis {} is {}", s.task.id, s.state.status()),
            ));
        }
        // A side the synthesis kept nothing of lost the debate.
        let text = s.task.output.clone().unwrap_or_default();
        let sides = std::iter::once(subject).chain(latest(steps, ProtocolRole::Debates));
        let losers: Vec<String> = sides
            .filter(|d| readings::kept_from(&text, &d.task.id) == Some(0))
            .filter_map(producer)
            .collect();
        for agent in &losers {
            lost(cx, agent, subject)?;
        }
        out.result_task = Some(s.task.id.clone());
        return Ok(Next::Pass);
    }
    let Some(second) = latest(steps, ProtocolRole::Debates) else {
        return Ok(Next::Settle(
            ProtocolState::Stopped,
            "the debate's second answer is missing".into(),
        ));
    };
    if let Some(wait) = unfinished(second) {
        return Ok(wait);
    }
    if second.state.status() != TaskStatus::Done {
        return Ok(Next::Settle(
            ProtocolState::Stopped,
            format!(
                "the debate's second answer {} is {}",
                second.task.id,
                second.state.status()
            ),
        ));
    }
    if let Some(why) = budget_stop(cx, subject)? {
        return Ok(Next::Settle(ProtocolState::Stopped, why));
    }
    let answers = vec![subject.task.id.clone(), second.task.id.clone()];
    spawn(
        cx,
        subject,
        Step {
            role: ProtocolRole::Synthesises,
            prompt: step_prompt(ProtocolRole::Synthesises, &subject.task.prompt),
            capability: None,
            pin: None,
            inputs: answers.clone(),
            from: answers,
        },
    )?;
    Ok(Next::Wait)
}

fn verification(
    cx: &mut Ctx<'_, '_>,
    subject: &TaskRecord,
    out: &mut ProtocolOutcome,
    steps: &[TaskRecord],
) -> Result<Next, DomainError> {
    let Some(v) = latest(steps, ProtocolRole::Verifies) else {
        return Ok(Next::Pass);
    };
    if let Some(wait) = unfinished(v) {
        return Ok(wait);
    }
    let result = result_of(cx, subject, out)?;
    let mine = result.task.confidence.unwrap_or(0.0);
    if v.state.status() != TaskStatus::Done {
        out.reason = Some(format!(
            "the verification {} is {}; the original answer stands",
            v.task.id,
            v.state.status()
        ));
        return Ok(Next::Pass);
    }
    let theirs = v.task.confidence.unwrap_or(0.0);
    let verifier = producer(v).unwrap_or_default();
    if theirs > mine {
        out.reason = Some(format!(
            "verified by {verifier}, surer ({theirs} > {mine}): its answer {} is accepted",
            v.task.id
        ));
        out.result_task = Some(v.task.id.clone());
        if let Some(maker) = producer(&result) {
            lost(cx, &maker, subject)?;
        }
    } else {
        out.reason = Some(format!(
            "verified by {verifier} ({theirs} ≤ {mine}): the original answer stands"
        ));
    }
    Ok(Next::Pass)
}

fn challenge(
    cx: &mut Ctx<'_, '_>,
    subject: &TaskRecord,
    out: &mut ProtocolOutcome,
    steps: &[TaskRecord],
) -> Result<Next, DomainError> {
    if let Some(r) = latest(steps, ProtocolRole::Revises) {
        if let Some(wait) = unfinished(r) {
            return Ok(wait);
        }
        if r.state.status() != TaskStatus::Done {
            return Ok(Next::Settle(
                ProtocolState::Stopped,
                format!("the revision {} is {}", r.task.id, r.state.status()),
            ));
        }
        out.reason = Some(format!(
            "revised by {} after a critique scoring {}",
            producer(r).unwrap_or_default(),
            out.score.map_or_else(|| "?".to_string(), |s| s.to_string())
        ));
        out.result_task = Some(r.task.id.clone());
        return Ok(Next::Pass);
    }
    let Some(c) = latest(steps, ProtocolRole::Challenges) else {
        return Ok(Next::Pass);
    };
    if let Some(wait) = unfinished(c) {
        return Ok(wait);
    }
    if c.state.status() != TaskStatus::Done {
        return Ok(Next::Settle(
            ProtocolState::Stopped,
            format!("the challenge {} is {}", c.task.id, c.state.status()),
        ));
    }
    let (critique, score) = readings::critique(c.task.output.as_deref().unwrap_or(""));
    out.critique = Some(critique);
    out.score = score;
    let threshold = out
        .request
        .challenge_threshold
        .unwrap_or(DEFAULT_CHALLENGE_THRESHOLD);
    let Some(score) = score else {
        out.reason = Some("the critique gave no SCORE line; the result stands".into());
        return Ok(Next::Pass);
    };
    if score <= threshold {
        out.reason = Some(format!(
            "the critique scored {score}, not above {threshold}: the result stands"
        ));
        return Ok(Next::Pass);
    }
    let result = result_of(cx, subject, out)?;
    let Some(maker) = producer(&result) else {
        return Ok(Next::Settle(
            ProtocolState::Stopped,
            "the result has no agent to revise it".into(),
        ));
    };
    if let Some(why) = budget_stop(cx, subject)? {
        return Ok(Next::Settle(ProtocolState::Stopped, why));
    }
    out.reason = Some(format!(
        "the critique scored {score}, above {threshold}: {maker} revises its answer"
    ));
    lost(cx, &maker, subject)?;
    let inputs = vec![result.task.id.clone(), c.task.id.clone()];
    spawn(
        cx,
        subject,
        Step {
            role: ProtocolRole::Revises,
            prompt: step_prompt(ProtocolRole::Revises, &subject.task.prompt),
            capability: None,
            pin: Some(&maker),
            inputs: inputs.clone(),
            from: inputs,
        },
    )?;
    Ok(Next::Wait)
}

fn vote(
    cx: &mut Ctx<'_, '_>,
    subject: &TaskRecord,
    out: &mut ProtocolOutcome,
    steps: &[TaskRecord],
) -> Result<Next, DomainError> {
    let votes: Vec<&TaskRecord> = steps
        .iter()
        .filter(|s| s.task.protocol_role == Some(ProtocolRole::Votes))
        .collect();
    if votes.iter().any(|v| !v.state.status().is_final()) {
        return Ok(Next::Wait);
    }
    let verdicts: Vec<Option<Verdict>> = votes
        .iter()
        .map(|v| match v.state.status() {
            TaskStatus::Done => readings::vote(v.task.output.as_deref().unwrap_or("")).0,
            _ => None,
        })
        .collect();
    let quorum = out.request.quorum.unwrap_or(DEFAULT_QUORUM);
    let tally = readings::tally(&verdicts, quorum, votes.len());
    match tally.decision {
        None => {
            out.reason = Some(format!(
                "accepted by vote, {}–{}",
                tally.accepts, tally.rejects
            ));
            Ok(Next::Pass)
        }
        Some((state, why)) => {
            if state == ProtocolState::Rejected
                && let Some(maker) = producer(&result_of(cx, subject, out)?)
            {
                lost(cx, &maker, subject)?;
            }
            Ok(Next::Settle(state, why))
        }
    }
}

fn validation(
    cx: &mut Ctx<'_, '_>,
    subject: &TaskRecord,
    out: &mut ProtocolOutcome,
    steps: &[TaskRecord],
) -> Result<Next, DomainError> {
    let Some(v) = latest(steps, ProtocolRole::Validates) else {
        return Ok(Next::Pass);
    };
    if let Some(wait) = unfinished(v) {
        return Ok(wait);
    }
    if v.state.status() != TaskStatus::Done {
        return Ok(Next::Settle(
            ProtocolState::Escalated,
            format!("the validation {} is {}", v.task.id, v.state.status()),
        ));
    }
    let (verdict, reason) = readings::validation(v.task.output.as_deref().unwrap_or(""));
    let Some(verdict) = verdict else {
        return Ok(Next::Settle(
            ProtocolState::Escalated,
            format!(
                "the validator's answer ({}) gave no VERDICT line",
                v.task.id
            ),
        ));
    };
    let result = result_of(cx, subject, out)?;
    let maker = producer(&result).unwrap_or_default();
    let validator = producer(v).unwrap_or_default();
    let now = cx.tx.now();
    let receipt = ValidationReceipt {
        task_id: subject.task.id.clone(),
        result_hash: provenance::output_hash(result.task.output.as_deref().unwrap_or("")),
        result_task: result.task.id.clone(),
        producer: maker.clone(),
        validation_task: v.task.id.clone(),
        validator: validator.clone(),
        verdict,
        reason: reason.clone(),
        signature: cx
            .tx
            .provenance()
            .signature(&v.task.id)?
            .unwrap_or_default(),
        created_at: now,
    };
    cx.tx.protocols().insert_receipt(&receipt)?;
    if verdict == Verdict::Accept {
        cx.tx.protocols().insert_credit(&Credit {
            agent_id: maker.clone(),
            task_id: subject.task.id.clone(),
            credits: CREDITS_PER_VALIDATED_RESULT,
            validation_task: v.task.id.clone(),
            created_at: now,
        })?;
    }
    cx.tx.emit(Event::ValidationRecorded { receipt })?;
    match verdict {
        Verdict::Accept => {
            out.reason = Some(format!("validated by {validator}: {reason}"));
            Ok(Next::Pass)
        }
        Verdict::Reject => {
            lost(cx, &maker, subject)?;
            Ok(Next::Settle(
                ProtocolState::Rejected,
                format!("validator {validator} rejected the result: {reason}"),
            ))
        }
    }
}

/// The agent's result lost to another's, or was rejected: its reputation
/// for the capability learns it (the circuit breaker does not: the agent
/// worked, its answer was judged).
fn lost(cx: &mut Ctx<'_, '_>, agent: &str, subject: &TaskRecord) -> Result<(), DomainError> {
    if cx.tx.agents().get_state(agent)?.is_some() {
        cx.tx
            .agents()
            .record_outcome(agent, capability_of(subject), false)?;
    }
    Ok(())
}

fn save(
    cx: &mut Ctx<'_, '_>,
    mut subject: TaskRecord,
    mut out: ProtocolOutcome,
    before: &ProtocolOutcome,
) -> Result<(), DomainError> {
    if out == *before {
        return Ok(());
    }
    out.updated_at = cx.tx.now();
    subject.task.protocol = Some(out.clone());
    cx.tx.tasks().save(&subject)?;
    cx.tx.emit(Event::ProtocolUpdated {
        task_id: subject.task.id.clone(),
        protocol: out,
    })?;
    Ok(())
}

/// End the protocol: record the outcome, stop what still runs of it, tell
/// the operator when it needs them, and release or cancel the subject's
/// dependents.
pub fn settle(
    cx: &mut Ctx<'_, '_>,
    mut subject: TaskRecord,
    mut out: ProtocolOutcome,
    state: ProtocolState,
    why: String,
) -> Result<(), DomainError> {
    out.state = state;
    out.reason = Some(why.clone());
    out.updated_at = cx.tx.now();
    let id = subject.task.id.clone();
    subject.task.protocol = Some(out.clone());
    // Saved first: the steps cancelled below come back here and must find
    // the protocol settled.
    cx.tx.tasks().save(&subject)?;
    cx.tx.emit(Event::ProtocolUpdated {
        task_id: id.clone(),
        protocol: out,
    })?;
    for mut step in cx.tx.protocols().steps_of(&id)? {
        if !step.state.status().is_final() {
            cancel_with(
                cx,
                &mut step,
                format!("the protocol of task {id} ended: {why}"),
            )?;
        }
    }
    if state == ProtocolState::Escalated {
        escalations::raise(
            cx,
            Some(&id),
            producer(&subject).as_deref(),
            format!("task {id} needs a decision: {why}"),
        )?;
    }
    super::release_dependents(cx, &id, state, &why)
}

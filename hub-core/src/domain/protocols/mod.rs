//! Quality protocols (ARCHITECTURE.md, "Quality protocols"): confidence
//! verification, challenger, debate, voting and validators, each a graph of
//! ordinary tasks hung off the task it is about (its subject). The subject
//! keeps its protocols' request and outcome; its dependents wait until the
//! outcome is final and then read the accepted result.

mod decide;
mod engine;
mod prompts;
mod readings;
mod request;
mod steps;
mod views;

use m3shd_api::{
    CreateTask, DEFAULT_CONFIDENCE_THRESHOLD, DEFAULT_QUORUM, ProtocolOutcome, ProtocolRequest,
    ProtocolRole, ProtocolStage, ProtocolState, TaskStatus,
};

use super::graph::{cancel_with, parent_finished};
use super::{Ctx, DomainError};
use crate::store::{TaskBody, TaskRecord};
pub(crate) use request::check_request;
use steps::{Step, able_agents, spawn};

/// What a new task's protocols need at its birth.
pub(crate) struct Plan {
    request: ProtocolRequest,
    /// The two agents of a debate: the task itself goes to the first.
    debaters: Option<(String, String)>,
}

/// Check a creation request's protocols against the mesh as it is now.
pub(crate) fn plan(cx: &Ctx<'_, '_>, req: &CreateTask) -> Result<Option<Plan>, DomainError> {
    let r = req.protocol_request().normalized();
    check_request(
        &r,
        req.assign_to.as_deref(),
        req.assign_strict.unwrap_or(false),
    )?;
    if r.is_empty() {
        return Ok(None);
    }
    let debate = r.requires_debate == Some(true);
    if debate && (req.hold == Some(true) || req.requires_approval == Some(true)) {
        return Err(DomainError::ProtocolConflict(
            "requires_debate with hold or requires_approval: the second answer of a debate \
             starts at once, before the task is released"
                .into(),
        ));
    }
    let cap = req
        .required_capability
        .as_deref()
        .unwrap_or(super::ucb::GENERAL);
    let able = able_agents(cx, cap, &[])?;
    if r.requires_vote == Some(true) {
        let quorum = r.quorum.unwrap_or(DEFAULT_QUORUM);
        let need = usize::try_from(quorum)
            .unwrap_or(usize::MAX)
            .saturating_add(1);
        if able.len() < need {
            return Err(DomainError::QuorumUnreachable(format!(
                "a vote with quorum {quorum} needs {need} online agents advertising `{cap}` (one \
                 to answer, {quorum} to vote on its answer); {} are",
                able.len()
            )));
        }
    }
    let debaters = match (debate, able.as_slice()) {
        (false, _) => None,
        (true, [a, b, ..]) => Some((a.clone(), b.clone())),
        (true, _) => {
            return Err(DomainError::QuorumUnreachable(format!(
                "a debate needs two online agents advertising `{cap}`; {} are",
                able.len()
            )));
        }
    };
    Ok(Some(Plan {
        request: r,
        debaters,
    }))
}

fn running(request: ProtocolRequest, cx: &Ctx<'_, '_>) -> ProtocolOutcome {
    ProtocolOutcome {
        request,
        state: ProtocolState::Running,
        stage: None,
        result_task: None,
        critique: None,
        score: None,
        reason: None,
        updated_at: cx.tx.now(),
    }
}

/// Put the plan on the new task: its protocol record, and for a debate the
/// first of its two agents.
pub(crate) fn apply_plan(cx: &Ctx<'_, '_>, plan: &Plan, body: &mut TaskBody) {
    let mut out = running(plan.request.clone(), cx);
    if let Some((first, _)) = &plan.debaters {
        out.stage = Some(ProtocolStage::Debate);
        body.assign_to = Some(first.clone());
        body.assign_strict = true;
    }
    body.protocol = Some(out);
}

/// The steps that start with the task: a debate's second answer.
pub(crate) fn after_insert(
    cx: &mut Ctx<'_, '_>,
    plan: Plan,
    rec: &TaskRecord,
) -> Result<(), DomainError> {
    if let Some((_, second)) = &plan.debaters {
        spawn(
            cx,
            rec,
            Step {
                role: ProtocolRole::Debates,
                prompt: prompts::step_prompt(ProtocolRole::Debates, &rec.task.prompt),
                capability: None,
                pin: Some(second),
                inputs: Vec::new(),
                from: vec![rec.task.id.clone()],
            },
        )?;
    }
    Ok(())
}

/// A task reached a final status: a step moves its subject's protocol on;
/// a subject starts or moves its own (a low confidence starts one even when
/// none was asked for).
pub(crate) fn on_final(cx: &mut Ctx<'_, '_>, rec: &mut TaskRecord) -> Result<(), DomainError> {
    if let Some(subject) = rec.task.protocol_of.clone() {
        return engine::advance(cx, &subject);
    }
    if rec.task.protocol.is_none() {
        let unsure = rec.state.status() == TaskStatus::Done
            && rec
                .task
                .confidence
                .is_some_and(|c| c < DEFAULT_CONFIDENCE_THRESHOLD);
        if !unsure {
            return Ok(());
        }
        rec.task.protocol = Some(running(ProtocolRequest::default(), cx));
        cx.tx.tasks().save(rec)?;
    }
    if rec
        .task
        .protocol
        .as_ref()
        .is_some_and(|p| !p.state.is_final())
    {
        engine::advance(cx, &rec.task.id)?;
        // The caller goes on with this record: keep it as stored.
        if let Some(fresh) = cx.tx.tasks().get(&rec.task.id)? {
            rec.task.protocol = fresh.task.protocol;
        }
    }
    Ok(())
}

/// A settled protocol lets its subject's dependents run (accepted) or
/// cancels them; an escalated one keeps them waiting for the operator's
/// decision.
fn release_dependents(
    cx: &mut Ctx<'_, '_>,
    id: &str,
    state: ProtocolState,
    why: &str,
) -> Result<(), DomainError> {
    match state {
        ProtocolState::Accepted => return parent_finished(cx, id, TaskStatus::Done),
        ProtocolState::Escalated | ProtocolState::Running => return Ok(()),
        ProtocolState::Rejected | ProtocolState::Stopped => {}
    }
    for child in cx.tx.tasks().children(id)? {
        let Some(mut rec) = cx.tx.tasks().get(&child)? else {
            continue;
        };
        if rec.state.status() == TaskStatus::Blocked && rec.task.protocol_of.as_deref() != Some(id)
        {
            cancel_with(
                cx,
                &mut rec,
                format!("the protocol of parent task {id} ended {state}: {why}"),
            )?;
        }
    }
    Ok(())
}

/// Steps pinned to agents that went offline can never finish: cancel them,
/// so their protocol decides without them (a vote short of its quorum
/// escalates) instead of waiting forever.
pub(crate) fn cancel_stranded(cx: &mut Ctx<'_, '_>) -> Result<usize, DomainError> {
    let stranded = cx.tx.protocols().stranded()?;
    for s in &stranded {
        let Some(mut rec) = cx.tx.tasks().get(&s.task_id)? else {
            continue;
        };
        cancel_with(
            cx,
            &mut rec,
            format!(
                "agent {} went offline, and this protocol step was pinned to it",
                s.agent_id
            ),
        )?;
    }
    Ok(stranded.len())
}

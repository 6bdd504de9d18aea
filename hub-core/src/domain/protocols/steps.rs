//! Who may take a step, and how a step is born: an ordinary task with its
//! role, its subject, its labelled edges and its event.

use m3shd_api::{AgentStatus, CircuitState, CreateTask, Event, ProtocolRole, Task};

use super::super::task_insert::{NewTask, insert_step};
use super::super::{Ctx, DomainError, costs, ucb};
use crate::store::TaskRecord;
use crate::store::repos::EdgeRow;

const MAX_TITLE_CHARS: usize = 120;

/// The capability a subject's steps need: its own, or `general`.
pub fn capability_of(subject: &TaskRecord) -> &str {
    subject
        .task
        .required_capability
        .as_deref()
        .unwrap_or(ucb::GENERAL)
}

/// Agents that may take a step needing `capability` now, best first: online
/// and taking work, under their budget, advertising it, not in `exclude`;
/// closed circuits before others, then the least loaded.
pub fn able_agents(
    cx: &Ctx<'_, '_>,
    capability: &str,
    exclude: &[&str],
) -> Result<Vec<String>, DomainError> {
    let gate = costs::gate(cx)?;
    let mut able: Vec<_> = cx
        .tx
        .agents()
        .list()?
        .into_iter()
        .filter(|a| {
            a.stored_status == AgentStatus::Online
                && a.agent.max_concurrent > 0
                && a.agent.capabilities.iter().any(|c| c == capability)
                && !gate.capped.contains(&a.agent.id)
                && !exclude.contains(&a.agent.id.as_str())
        })
        .map(|a| {
            let load = a.agent.active_tasks as f64 / a.agent.max_concurrent.max(1) as f64;
            (a.agent.circuit != CircuitState::Closed, load, a.agent.id)
        })
        .collect();
    able.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    Ok(able.into_iter().map(|(_, _, id)| id).collect())
}

/// What a new step is.
pub struct Step<'a> {
    pub role: ProtocolRole,
    pub prompt: String,
    /// None: the subject's.
    pub capability: Option<String>,
    /// The agent it is pinned to (`assign_strict`).
    pub pin: Option<&'a str>,
    /// Tasks whose outputs it reads (appended to its prompt).
    pub inputs: Vec<String>,
    /// The tasks it hangs from in the drawn graph.
    pub from: Vec<String>,
}

/// What is left of the subject's own spend limit after it and its steps.
fn remaining_budget(cx: &Ctx<'_, '_>, subject: &TaskRecord) -> Result<Option<f64>, DomainError> {
    let Some(cap) = subject.task.max_cost_usd else {
        return Ok(None);
    };
    let mut spent = subject.task.cost_usd.unwrap_or(0.0);
    for s in cx.tx.protocols().steps_of(&subject.task.id)? {
        spent += s.task.cost_usd.unwrap_or(0.0);
    }
    Ok(Some((cap - spent).max(0.0)))
}

/// Why no step may be dispatched for `subject` now, if so: the mesh's daily
/// budget is spent, or the subject's own limit is.
pub fn budget_stop(cx: &Ctx<'_, '_>, subject: &TaskRecord) -> Result<Option<String>, DomainError> {
    if costs::gate(cx)?.mesh_capped {
        return Ok(Some(
            "the mesh's daily budget is reached; no further protocol step was dispatched".into(),
        ));
    }
    if let (Some(cap), Some(left)) = (subject.task.max_cost_usd, remaining_budget(cx, subject)?)
        && left <= 0.0
    {
        return Ok(Some(format!(
            "the task's max_cost_usd (${cap}) is spent by it and its protocol steps; no further \
             step was dispatched"
        )));
    }
    Ok(None)
}

/// Create `step` for `subject`.
pub fn spawn(
    cx: &mut Ctx<'_, '_>,
    subject: &TaskRecord,
    step: Step<'_>,
) -> Result<Task, DomainError> {
    let title: String = format!("{} {}", step.role, subject.task.title)
        .chars()
        .take(MAX_TITLE_CHARS)
        .collect();
    let req = CreateTask {
        prompt: step.prompt,
        title: Some(title.clone()),
        required_capability: step
            .capability
            .or_else(|| subject.task.required_capability.clone()),
        assign_to: step.pin.map(str::to_string),
        assign_strict: step.pin.map(|_| true),
        priority: Some(subject.task.priority),
        depends_on: Some(step.inputs),
        max_attempts: Some(subject.task.max_attempts),
        max_cost_usd: remaining_budget(cx, subject)?,
        model: subject.task.model.clone(),
        ..CreateTask::default()
    };
    let task = insert_step(
        cx,
        NewTask {
            req,
            title,
            pipeline_id: None,
            continues: None,
        },
        step.role,
        &subject.task.id,
    )?;
    for from in step.from {
        cx.tx.protocols().insert_edge(&EdgeRow {
            from,
            to: task.id.clone(),
            role: step.role,
        })?;
    }
    cx.tx.emit(Event::ProtocolStep {
        task_id: subject.task.id.clone(),
        role: step.role,
        step: task.clone(),
    })?;
    Ok(task)
}

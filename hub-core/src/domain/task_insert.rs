//! How a task is born: its record built from a checked creation request,
//! then stored with its dependency edges and its approval request. A new
//! task's protocols wrap this (`tasks::insert_new`); a protocol's own steps
//! use it as it is (`insert_step`), so the protocols can create tasks
//! without reaching back into them.

use m3shd_api::{CreateTask, Event, ProtocolRole, Task, TaskStatus, Urgency, limits};

use super::task_ids::new_task_id;
use super::{Ctx, DomainError, approvals, graph};
use crate::store::{TaskBody, TaskRecord, TaskState};

/// A validated creation request and what the hub adds to it.
pub(crate) struct NewTask {
    pub req: CreateTask,
    pub title: String,
    pub pipeline_id: Option<String>,
    pub continues: Option<String>,
}

/// Insert a protocol step: a task serving `subject` in `role`.
pub(crate) fn insert_step(
    cx: &mut Ctx<'_, '_>,
    new: NewTask,
    role: ProtocolRole,
    subject: &str,
) -> Result<Task, DomainError> {
    let rec = new_record(cx, new, Some((role, subject.to_string())))?;
    insert(cx, &rec, None)?;
    Ok(rec.into_api())
}

/// The record of a new task (checked by `check_create`), not yet stored:
/// blocked while a parent, an approval or a hold keeps it back, queued
/// with its parents' outputs in its prompt otherwise.
pub(crate) fn new_record(
    cx: &Ctx<'_, '_>,
    new: NewTask,
    step: Option<(ProtocolRole, String)>,
) -> Result<TaskRecord, DomainError> {
    let NewTask {
        req,
        title,
        pipeline_id,
        continues,
    } = new;
    let mut deps: Vec<String> = Vec::new();
    for d in req.depends_on.unwrap_or_default() {
        if !deps.contains(&d) {
            deps.push(d);
        }
    }
    let mut parents = Vec::with_capacity(deps.len());
    for d in &deps {
        let st = cx
            .tx
            .tasks()
            .status(d)?
            .ok_or_else(|| DomainError::Validation(format!("unknown parent task `{d}`")))?;
        parents.push((d.clone(), st));
    }
    let requires_approval = req.requires_approval.unwrap_or(false);
    let mut status = graph::initial_status(&parents)?;
    let mut prompt = req.prompt;
    if status == TaskStatus::Queued && !deps.is_empty() {
        prompt = graph::inject_outputs(cx, &prompt, &deps)?;
    }
    let held = req.hold.unwrap_or(false);
    if requires_approval || held {
        status = TaskStatus::Blocked;
    }
    let now = cx.tx.now();
    Ok(TaskRecord {
        task: TaskBody {
            id: new_task_id(),
            title,
            prompt,
            required_capability: req.required_capability,
            assign_to: req.assign_to,
            priority: req.priority.unwrap_or(limits::DEFAULT_PRIORITY),
            attempts: 0,
            max_attempts: req.max_attempts.unwrap_or(limits::DEFAULT_MAX_ATTEMPTS),
            output: None,
            error: None,
            confidence: None,
            depends_on: deps,
            deadline: req.deadline,
            created_at: now,
            updated_at: now,
            urgency: req.deadline.map(|_| Urgency::Low),
            requires_approval,
            pipeline_id,
            continues,
            max_cost_usd: req.max_cost_usd,
            model: req.model,
            input_tokens: None,
            output_tokens: None,
            cost_usd: None,
            injected_memories: Vec::new(),
            held,
            assign_strict: req.assign_strict.unwrap_or(false),
            protocol_role: step.as_ref().map(|s| s.0),
            protocol_of: step.map(|s| s.1),
            protocol: None,
        },
        state: TaskState::new(status == TaskStatus::Blocked),
        output_seq: 0,
    })
}

/// Store a new task with its dependency edges, announce it, and ask for
/// its approval if it needs one; the one place tasks are born.
pub(crate) fn insert(
    cx: &mut Ctx<'_, '_>,
    rec: &TaskRecord,
    idempotency_key: Option<&str>,
) -> Result<(), DomainError> {
    cx.tx.tasks().insert(rec, idempotency_key)?;
    for (ord, parent) in rec.task.depends_on.iter().enumerate() {
        cx.tx
            .tasks()
            .insert_dep(parent, &rec.task.id, m3shd_common::num::to_i64(ord))?;
    }
    cx.tx.emit(Event::TaskCreated { task: rec.to_api() })?;
    if rec.task.requires_approval {
        approvals::request_run(cx, &rec.to_api())?;
    }
    if rec.state.status() == TaskStatus::Queued {
        cx.dispatch_needed = true;
    }
    Ok(())
}

//! Task operations: create, read, edit, cancel, and `change`, the one
//! function every status change goes through.

use m3shd_api::{
    CreateTask, Event, ProtocolRole, Task, TaskId, TaskQuery, TaskStatus, UpdateTask, Urgency, ids,
    limits,
};
use rand::Rng;

use super::status::{self, Transition};
use super::{
    Ctx, DomainError, Hub, approvals, chat, evolution, graph, hold, protocols, provenance, validate,
};
use crate::store::{TaskBody, TaskRecord, TaskState};

/// Apply a status transition, save the task and log its event, then follow
/// the consequences (dependency graph, dispatch). Nothing else may write a
/// task's status.
pub(crate) fn change(
    cx: &mut Ctx<'_, '_>,
    rec: &mut TaskRecord,
    t: Transition,
    reason: Option<String>,
) -> Result<(), DomainError> {
    let from = status::apply(rec, t, cx.tx.now())?;
    let to = rec.state.status();
    cx.tx.tasks().save(rec)?;
    let task = rec.to_api();
    // The signature and a chat answer read the same view the event carries.
    let result = matches!(to, TaskStatus::Done | TaskStatus::Suspended).then(|| task.clone());
    let event = match to {
        TaskStatus::Done => Event::TaskCompleted { task },
        TaskStatus::Failed => Event::TaskFailed { task },
        TaskStatus::Cancelled => Event::TaskCancelled { task },
        _ => Event::TaskUpdated { task, from, reason },
    };
    cx.tx.emit(event)?;
    if let Some(result) = &result {
        // Signed in the transaction that records the result, so no result
        // is ever stored unsigned.
        provenance::sign_result(cx, result)?;
    }
    // Work became assignable: a queued task, or a slot its holder gave up.
    if to == TaskStatus::Queued || (from.is_leased() && !to.is_leased()) {
        cx.dispatch_needed = true;
    }
    if to.is_final() {
        protocols::on_final(cx, rec)?;
        evolution::on_final(cx, rec)?;
        graph::parent_finished(cx, &rec.task.id, to)?;
    }
    if let (TaskStatus::Done, Some(result)) = (to, &result) {
        chat::answer(cx, result)?;
    }
    Ok(())
}

/// A validated creation request and what the hub adds to it.
pub(crate) struct NewTask {
    pub req: CreateTask,
    pub title: String,
    pub pipeline_id: Option<String>,
    pub continues: Option<String>,
}

/// Insert a task (checked by `check_create`) with its dependency edges,
/// its approval request and its protocols; the one place tasks are born.
pub(crate) fn insert_new(
    cx: &mut Ctx<'_, '_>,
    new: NewTask,
    idempotency_key: Option<&str>,
) -> Result<Task, DomainError> {
    insert_with(cx, new, idempotency_key, None)
}

/// Insert a protocol step: a task serving `subject` in `role`.
pub(crate) fn insert_step(
    cx: &mut Ctx<'_, '_>,
    new: NewTask,
    role: ProtocolRole,
    subject: &str,
) -> Result<Task, DomainError> {
    insert_with(cx, new, None, Some((role, subject.to_string())))
}

fn insert_with(
    cx: &mut Ctx<'_, '_>,
    new: NewTask,
    idempotency_key: Option<&str>,
    step: Option<(ProtocolRole, String)>,
) -> Result<Task, DomainError> {
    // A step never asks for protocols of its own.
    let plan = match step {
        None => protocols::plan(cx, &new.req)?,
        Some(_) => None,
    };
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
    let rec = TaskRecord {
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
    };
    let mut rec = rec;
    if let Some(plan) = &plan {
        protocols::apply_plan(cx, plan, &mut rec.task);
    }
    cx.tx.tasks().insert(&rec, idempotency_key)?;
    for (ord, parent) in rec.task.depends_on.iter().enumerate() {
        cx.tx
            .tasks()
            .insert_dep(parent, &rec.task.id, m3shd_common::num::to_i64(ord))?;
    }
    cx.tx.emit(Event::TaskCreated { task: rec.to_api() })?;
    if requires_approval {
        request_run_approval(cx, &rec.to_api())?;
    }
    if status == TaskStatus::Queued {
        cx.dispatch_needed = true;
    }
    if let Some(plan) = plan {
        protocols::after_insert(cx, plan, &rec)?;
    }
    Ok(rec.into_api())
}

/// Ask the operator whether `task` may run.
pub(crate) fn request_run_approval(cx: &mut Ctx<'_, '_>, task: &Task) -> Result<(), DomainError> {
    let description = format!("run task {} \"{}\"", task.id, task.title);
    approvals::request(
        cx,
        "operator",
        "run task",
        &description,
        Some(&task.id),
        approvals::DEFAULT_TIMEOUT,
    )?;
    Ok(())
}

/// 16 random lowercase hex characters (valid under `ids::is_valid_id`).
pub(crate) fn new_task_id() -> String {
    let bytes: [u8; 8] = rand::rng().random();
    hex::encode(bytes)
}

/// Created, or found again by its idempotency key.
pub struct Created {
    pub task: Task,
    pub replayed: bool,
}

pub const MAX_IDEMPOTENCY_KEY: usize = 200;
const MAX_DEPENDENCIES: usize = 64;

/// Check a creation request before touching the store; returns the title.
pub(crate) fn check_create(req: &CreateTask) -> Result<String, DomainError> {
    if let Some(c) = req.max_cost_usd
        && !(c.is_finite() && c >= 0.0)
    {
        return Err(DomainError::Validation(
            "max_cost_usd must be a non-negative number".into(),
        ));
    }
    if let Some(m) = &req.model {
        validate::model(m)?;
    }
    if req.prompt.trim().is_empty() {
        return Err(DomainError::Validation("prompt must not be empty".into()));
    }
    validate::max_bytes("prompt", &req.prompt, limits::MAX_PROMPT_BYTES)?;
    let title = match &req.title {
        Some(t) => {
            validate::title(t)?;
            t.clone()
        }
        None => validate::default_title(&req.prompt),
    };
    validate::priority(req.priority.unwrap_or(limits::DEFAULT_PRIORITY))?;
    let max_attempts = req.max_attempts.unwrap_or(limits::DEFAULT_MAX_ATTEMPTS);
    if !(1..=limits::MAX_MAX_ATTEMPTS).contains(&max_attempts) {
        return Err(DomainError::Validation(format!(
            "max_attempts {max_attempts} is outside 1..={}",
            limits::MAX_MAX_ATTEMPTS
        )));
    }
    if let Some(cap) = &req.required_capability {
        validate::capability(cap)?;
    }
    if let Some(agent) = &req.assign_to {
        validate::agent_id(agent)?;
    }
    if req.assign_strict == Some(true) && req.assign_to.is_none() {
        return Err(DomainError::Validation(
            "assign_strict pins a task to its assign_to agent; name one".into(),
        ));
    }
    let deps = req.depends_on.as_deref().unwrap_or_default();
    if deps.len() > MAX_DEPENDENCIES {
        return Err(DomainError::Validation(format!(
            "at most {MAX_DEPENDENCIES} dependencies"
        )));
    }
    if let Some(bad) = deps.iter().find(|d| !ids::is_valid_id(d)) {
        return Err(DomainError::Validation(format!(
            "unknown parent task `{}`",
            bad.escape_debug()
        )));
    }
    Ok(title)
}

impl Hub {
    pub async fn create_task(
        &self,
        req: CreateTask,
        idempotency_key: Option<&str>,
    ) -> Result<Created, DomainError> {
        let title = check_create(&req)?;
        if let Some(key) = idempotency_key
            && (key.is_empty() || key.len() > MAX_IDEMPOTENCY_KEY)
        {
            return Err(DomainError::Validation(format!(
                "Idempotency-Key must be 1-{MAX_IDEMPOTENCY_KEY} characters"
            )));
        }
        let idempotency_key = idempotency_key.map(str::to_string);
        self.write(move |cx| {
            let idempotency_key = idempotency_key.as_deref();
            if let Some(key) = idempotency_key
                && let Some(found) = cx.tx.tasks().by_idempotency_key(key)?
            {
                return Ok(Created {
                    task: found.into_api(),
                    replayed: true,
                });
            }
            let task = insert_new(
                cx,
                NewTask {
                    req,
                    title,
                    pipeline_id: None,
                    continues: None,
                },
                idempotency_key,
            )?;
            Ok(Created {
                task,
                replayed: false,
            })
        })
        .await
    }

    pub fn task(&self, id: &TaskId) -> Result<Task, DomainError> {
        self.read(|r| {
            r.tasks()
                .get(id)?
                .map(TaskRecord::into_api)
                .ok_or_else(|| not_found(id))
        })
    }

    pub fn tasks(&self, q: &TaskQuery) -> Result<Vec<Task>, DomainError> {
        let limit = q
            .limit
            .unwrap_or(limits::DEFAULT_LIST_LIMIT)
            .clamp(1, limits::MAX_LIST_LIMIT);
        let before = q.before.as_deref();
        self.read(|r| {
            // A cursor that names no task would silently restart the list.
            if let Some(id) = before
                && (!ids::is_valid_id(id) || r.tasks().get(id)?.is_none())
            {
                return Err(DomainError::NotFound(format!(
                    "no task {id} to page from (`before`)"
                )));
            }
            Ok(r.tasks()
                .list(q.status, q.assigned_to.as_deref(), before, i64::from(limit))?
                .into_iter()
                .map(TaskRecord::into_api)
                .collect())
        })
    }

    /// Operator edits (title, priority, hold) of a task that has not
    /// finished. A hold keeps a task that has not been dispatched from
    /// dispatch; releasing it lets it run once nothing else holds it back.
    pub async fn update_task(&self, id: &TaskId, req: UpdateTask) -> Result<Task, DomainError> {
        if let Some(t) = &req.title {
            validate::title(t)?;
        }
        if let Some(p) = req.priority {
            validate::priority(p)?;
        }
        let id = id.clone();
        self.write(move |cx| {
            let id = id.as_str();
            let mut rec = cx.tx.tasks().get(id)?.ok_or_else(|| not_found(id))?;
            let from = rec.state.status();
            if from.is_final() {
                return Err(DomainError::InvalidTransition(format!(
                    "task {id} is {from}; it can no longer be edited"
                )));
            }
            if req.held == Some(true) && from.is_leased() {
                return Err(DomainError::InvalidTransition(format!(
                    "task {id} is {from}; only a task that has not been dispatched can be held"
                )));
            }
            if let Some(t) = req.title {
                rec.task.title = t;
            }
            if let Some(p) = req.priority {
                rec.task.priority = p;
            }
            rec.task.updated_at = cx.tx.now();
            match req.held {
                Some(true) if !rec.task.held => {
                    rec.task.held = true;
                    if from == TaskStatus::Queued {
                        return hold::hold(cx, rec);
                    }
                }
                Some(false) if rec.task.held => {
                    rec.task.held = false;
                    if from == TaskStatus::Blocked {
                        return hold::release(cx, rec);
                    }
                }
                _ => {}
            }
            cx.tx.tasks().save(&rec)?;
            cx.tx.emit(Event::TaskUpdated {
                task: rec.to_api(),
                from,
                reason: Some("edited".into()),
            })?;
            Ok(rec.into_api())
        })
        .await
    }

    pub async fn cancel_task(&self, id: &TaskId) -> Result<Task, DomainError> {
        let id = id.clone();
        self.write(move |cx| {
            let mut rec = cx.tx.tasks().get(&id)?.ok_or_else(|| not_found(&id))?;
            change(cx, &mut rec, Transition::Cancel, Some("cancelled".into()))?;
            Ok(rec.into_api())
        })
        .await
    }
}

pub fn not_found(id: &str) -> DomainError {
    DomainError::NotFound(format!("no task `{}`", id.escape_debug()))
}

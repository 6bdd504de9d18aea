//! Task operations: create, read, edit, cancel.

use m3shd_api::{CreateTask, Event, Task, TaskId, TaskQuery, TaskStatus, UpdateTask, ids, limits};

use super::status::Transition;
use super::task_change::change;
use super::task_ids::not_found;
use super::task_insert::{self, NewTask};
use super::{Ctx, DomainError, Hub, hold, protocols, validate};
use crate::store::TaskRecord;

/// Insert a new task (checked by `check_create`) with its protocols.
pub(crate) fn insert_new(
    cx: &mut Ctx<'_, '_>,
    new: NewTask,
    idempotency_key: Option<&str>,
) -> Result<Task, DomainError> {
    let plan = protocols::plan(cx, &new.req)?;
    let mut rec = task_insert::new_record(cx, new, None)?;
    if let Some(plan) = &plan {
        protocols::apply_plan(cx, plan, &mut rec.task);
    }
    task_insert::insert(cx, &rec, idempotency_key)?;
    if let Some(plan) = plan {
        protocols::after_insert(cx, plan, &rec)?;
    }
    Ok(rec.into_api())
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

//! Dependency edges between tasks: a child waits (`blocked`) until every
//! parent is done, then runs with its parents' outputs injected into its
//! prompt; a parent that fails or is cancelled cancels its blocked
//! descendants. Cycles are refused before anything is written.

use m3shd_api::{
    ApprovalStatus, Event, ProtocolState, SetDependencies, Task, TaskId, TaskStatus, ids,
    output_block,
};

use super::status::Transition;
use super::task_change::change;
use super::task_ids::not_found;
use super::{Ctx, DomainError, Hub, dag};
use crate::store::TaskRecord;

const MAX_DEPENDENCIES: usize = 64;

/// The status a new task starts in, given its parents' statuses.
pub fn initial_status(parents: &[(String, TaskStatus)]) -> Result<TaskStatus, DomainError> {
    if let Some((id, st)) = parents
        .iter()
        .find(|(_, s)| s.is_final() && *s != TaskStatus::Done)
    {
        return Err(DomainError::Validation(format!(
            "parent task {id} is {st}; a child of it can never run"
        )));
    }
    if parents.iter().all(|(_, s)| *s == TaskStatus::Done) {
        Ok(TaskStatus::Queued)
    } else {
        Ok(TaskStatus::Blocked)
    }
}

/// Whether a dependent of `parent` must still wait for its protocol (still
/// running, or escalated to the operator). A step of the parent's own
/// protocol never waits for it.
fn holds_back(parent: &TaskRecord, child: &TaskRecord) -> bool {
    child.task.protocol_of.as_deref() != Some(parent.task.id.as_str())
        && parent
            .task
            .protocol
            .as_ref()
            .is_some_and(|p| matches!(p.state, ProtocolState::Running | ProtocolState::Escalated))
}

/// The task whose output a dependent of `parent` reads: the accepted
/// result once the protocol replaced the parent's own answer.
fn result_task_of(parent: &TaskRecord) -> Option<&str> {
    parent
        .task
        .protocol
        .as_ref()
        .filter(|p| p.state == ProtocolState::Accepted)
        .and_then(|p| p.result_task.as_deref())
        .filter(|r| *r != parent.task.id)
}

/// `prompt` followed by the output of each parent, in `parents` order.
pub fn inject_outputs(
    cx: &Ctx<'_, '_>,
    prompt: &str,
    parents: &[String],
) -> Result<String, DomainError> {
    let mut out = prompt.to_string();
    for p in parents {
        if let Some(rec) = cx.tx.tasks().get(p)? {
            // A parent whose protocol replaced its answer hands on the
            // accepted one.
            let accepted = match result_task_of(&rec) {
                Some(r) => cx.tx.tasks().get(r)?.and_then(|r| r.task.output),
                None => None,
            };
            let t = &rec.task;
            let output = accepted.as_deref().or(t.output.as_deref()).unwrap_or("");
            out.push_str(&output_block(&t.title, &t.id, output));
        }
    }
    Ok(out)
}

/// Whether a blocked task may run: not held, every parent done, and its
/// approval (if it needs one) granted.
fn ready(cx: &Ctx<'_, '_>, rec: &TaskRecord) -> Result<bool, DomainError> {
    if rec.task.held {
        return Ok(false);
    }
    let parents = cx.tx.tasks().parent_statuses(&rec.task.id)?;
    if !parents.iter().all(|s| *s == TaskStatus::Done) {
        return Ok(false);
    }
    for p in cx.tx.tasks().parents(&rec.task.id)? {
        if let Some(parent) = cx.tx.tasks().get(&p)?
            && holds_back(&parent, rec)
        {
            return Ok(false);
        }
    }
    if rec.task.requires_approval {
        return Ok(cx.tx.approvals().for_task(&rec.task.id)? == Some(ApprovalStatus::Approved));
    }
    Ok(true)
}

/// Append the parents' outputs to the stored prompt, unless it already
/// ends with them (a retried task that had run before): a finished
/// parent's title and output never change, so the blocks are the same.
pub(crate) fn add_parent_outputs(
    cx: &mut Ctx<'_, '_>,
    rec: &mut TaskRecord,
) -> Result<(), DomainError> {
    let parents = cx.tx.tasks().parents(&rec.task.id)?;
    if parents.is_empty() {
        return Ok(());
    }
    let blocks = inject_outputs(cx, "", &parents)?;
    if rec.task.prompt.ends_with(&blocks) {
        return Ok(());
    }
    let prompt = format!("{}{blocks}", rec.task.prompt);
    cx.tx.tasks().set_prompt(&rec.task.id, &prompt)?;
    rec.task.prompt = prompt;
    Ok(())
}

/// blocked → queued if ready, injecting the parents' outputs into the
/// stored prompt.
pub(crate) fn try_unblock(cx: &mut Ctx<'_, '_>, rec: &mut TaskRecord) -> Result<(), DomainError> {
    if rec.state.status() != TaskStatus::Blocked || !ready(cx, rec)? {
        return Ok(());
    }
    add_parent_outputs(cx, rec)?;
    change(cx, rec, Transition::Unblock, Some("ready to run".into()))
}

/// Cancel a task that can no longer run, recording why.
pub(crate) fn cancel_with(
    cx: &mut Ctx<'_, '_>,
    rec: &mut TaskRecord,
    reason: String,
) -> Result<(), DomainError> {
    rec.task.error = Some(reason.clone());
    change(cx, rec, Transition::Cancel, Some(reason))
}

/// A parent finished: unblock children that are now ready, or cancel
/// blocked children of a parent that will never be done. A suspended
/// parent hands its children to its continuation (see handoff).
pub fn parent_finished(
    cx: &mut Ctx<'_, '_>,
    parent: &str,
    status: TaskStatus,
) -> Result<(), DomainError> {
    if status == TaskStatus::Suspended {
        return Ok(());
    }
    for child in cx.tx.tasks().children(parent)? {
        if cx.tx.tasks().status(&child)? != Some(TaskStatus::Blocked) {
            continue;
        }
        let Some(mut rec) = cx.tx.tasks().get(&child)? else {
            continue;
        };
        if status == TaskStatus::Done {
            try_unblock(cx, &mut rec)?;
        } else {
            // change() recurses into this child's own children.
            cancel_with(cx, &mut rec, format!("parent task {parent} is {status}"))?;
        }
    }
    Ok(())
}

/// The cycle `child` would close by depending on `parents`, if any: walks
/// the existing ancestors (already acyclic) with the new edges in place.
fn cycle_through(
    cx: &Ctx<'_, '_>,
    child: &str,
    parents: &[String],
) -> Result<Option<Vec<String>>, DomainError> {
    let mut graph: Vec<(String, Vec<String>)> = vec![(child.to_string(), parents.to_vec())];
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    seen.insert(child.to_string());
    let mut todo: Vec<String> = parents.to_vec();
    while let Some(id) = todo.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let ps = cx.tx.tasks().parents(&id)?;
        todo.extend(ps.iter().cloned());
        graph.push((id, ps));
    }
    Ok(dag::find_cycle(&graph))
}

fn check_deps(deps: &[String]) -> Result<(), DomainError> {
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
    Ok(())
}

impl Hub {
    /// Replace the parents of a task that has not started.
    pub async fn set_dependencies(
        &self,
        id: &TaskId,
        req: SetDependencies,
    ) -> Result<Task, DomainError> {
        check_deps(&req.depends_on)?;
        let id = id.clone();
        self.write(move |cx| {
            let mut rec = cx.tx.tasks().get(&id)?.ok_or_else(|| not_found(&id))?;
            let st = rec.state.status();
            if !matches!(st, TaskStatus::Blocked | TaskStatus::Queued) || rec.task.attempts > 0 {
                return Err(DomainError::InvalidTransition(format!(
                    "task {id} is {st}; only a task that has not started can change its \
                     dependencies"
                )));
            }
            let mut deps: Vec<String> = Vec::new();
            for d in req.depends_on {
                if !deps.contains(&d) {
                    deps.push(d);
                }
            }
            for d in &deps {
                if d != &id && cx.tx.tasks().status(d)?.is_none() {
                    return Err(DomainError::Validation(format!(
                        "unknown parent task `{d}`"
                    )));
                }
            }
            if let Some(cycle) = cycle_through(cx, &id, &deps)? {
                return Err(DomainError::Cycle(format!(
                    "dependency cycle: {}",
                    dag::describe(&cycle)
                )));
            }
            let mut parents = Vec::with_capacity(deps.len());
            for d in &deps {
                if let Some(s) = cx.tx.tasks().status(d)? {
                    parents.push((d.clone(), s));
                }
            }
            let target = initial_status(&parents)?;
            cx.tx.tasks().clear_deps(&id)?;
            for (ord, d) in deps.iter().enumerate() {
                cx.tx
                    .tasks()
                    .insert_dep(d, &id, m3shd_common::num::to_i64(ord))?;
            }
            rec.task.depends_on = deps;
            if st == TaskStatus::Queued && target == TaskStatus::Blocked {
                change(
                    cx,
                    &mut rec,
                    Transition::Block,
                    Some("dependencies changed".into()),
                )?;
            } else if st == TaskStatus::Blocked {
                try_unblock(cx, &mut rec)?;
                if rec.state.status() == TaskStatus::Blocked {
                    rec.task.updated_at = cx.tx.now();
                    cx.tx.tasks().save(&rec)?;
                    cx.tx.emit(Event::TaskUpdated {
                        task: rec.to_api(),
                        from: st,
                        reason: Some("dependencies changed".into()),
                    })?;
                }
            } else {
                rec.task.updated_at = cx.tx.now();
                cx.tx.tasks().save(&rec)?;
                cx.tx.emit(Event::TaskUpdated {
                    task: rec.to_api(),
                    from: st,
                    reason: Some("dependencies changed".into()),
                })?;
            }
            Ok(cx
                .tx
                .tasks()
                .get(&id)?
                .map(TaskRecord::into_api)
                .unwrap_or(rec.into_api()))
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initial_status_from_parents() {
        let p = |s| vec![("p".to_string(), s)];
        assert_eq!(initial_status(&[]).ok(), Some(TaskStatus::Queued));
        assert_eq!(
            initial_status(&p(TaskStatus::Done)).ok(),
            Some(TaskStatus::Queued)
        );
        assert_eq!(
            initial_status(&p(TaskStatus::Running)).ok(),
            Some(TaskStatus::Blocked)
        );
        assert!(initial_status(&p(TaskStatus::Failed)).is_err());
        assert!(initial_status(&p(TaskStatus::Cancelled)).is_err());
    }

    #[test]
    fn output_block_is_delimited_and_labelled() {
        assert_eq!(
            output_block("Research", "abc", "facts"),
            "\n\n--- output of \"Research\" (task abc) ---\nfacts\n--- end of output ---"
        );
    }
}

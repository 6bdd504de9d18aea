//! Retry: a failed or cancelled task starts again from scratch, with every
//! attempt given back. It waits (`blocked`) for parents that are not done
//! yet and, if it needs an approval that was not granted, for a new one: a
//! retry never runs work that an approval refused.

use m3shd_api::{ApprovalStatus, Task, TaskId, TaskStatus};

use super::approvals;
use super::graph::add_parent_outputs;
use super::status::Transition;
use super::task_change::change;
use super::task_ids::not_found;
use super::{Ctx, DomainError, Hub};
use crate::store::TaskRecord;

/// What a retried task still waits for.
struct Outstanding {
    parents: bool,
    /// Whether a new approval request must be made.
    new_approval: bool,
    /// Whether an approval (new or still pending) is awaited.
    approval: bool,
}

fn outstanding(cx: &Ctx<'_, '_>, rec: &TaskRecord) -> Result<Outstanding, DomainError> {
    let id = &rec.task.id;
    let parents = cx.tx.tasks().parents(id)?;
    let mut waiting = false;
    for p in &parents {
        match cx.tx.tasks().status(p)? {
            Some(TaskStatus::Done) => {}
            Some(st) if st.is_final() => {
                return Err(DomainError::InvalidTransition(format!(
                    "parent task {p} is {st}; retry it first"
                )));
            }
            _ => waiting = true,
        }
    }
    let approval = if rec.task.requires_approval {
        cx.tx.approvals().for_task(id)?
    } else {
        Some(ApprovalStatus::Approved)
    };
    Ok(Outstanding {
        parents: waiting,
        new_approval: !matches!(
            approval,
            Some(ApprovalStatus::Approved | ApprovalStatus::Pending)
        ),
        approval: approval != Some(ApprovalStatus::Approved),
    })
}

/// failed|cancelled → queued (or blocked); anything else is refused.
pub(crate) fn retry(cx: &mut Ctx<'_, '_>, rec: &mut TaskRecord) -> Result<(), DomainError> {
    let from = rec.state.status();
    if !matches!(from, TaskStatus::Failed | TaskStatus::Cancelled) {
        return Err(DomainError::InvalidTransition(format!(
            "task {} is {from}; only a failed or cancelled task can be retried",
            rec.task.id
        )));
    }
    let wait = outstanding(cx, rec)?;
    let blocked = wait.parents || wait.approval;
    if !blocked {
        add_parent_outputs(cx, rec)?;
    }
    change(
        cx,
        rec,
        Transition::Retry { blocked },
        Some("retried".into()),
    )?;
    if wait.new_approval {
        approvals::request_run(cx, &rec.to_api())?;
    }
    Ok(())
}

impl Hub {
    pub async fn retry_task(&self, id: &TaskId) -> Result<Task, DomainError> {
        let id = id.clone();
        self.write(move |cx| {
            let mut rec = cx.tx.tasks().get(&id)?.ok_or_else(|| not_found(&id))?;
            retry(cx, &mut rec)?;
            Ok(rec.into_api())
        })
        .await
    }
}

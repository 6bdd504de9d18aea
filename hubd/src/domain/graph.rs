//! Dependency edges between tasks: a child waits (`blocked`) until every
//! parent is done; a parent that fails or is cancelled cancels its blocked
//! descendants. (Cycle refusal and output injection come with the full DAG
//! engine; edges can only point at existing tasks, so no cycle can form yet.)

use m3shd_api::TaskStatus;

use super::status::Transition;
use super::tasks::change;
use super::{Ctx, DomainError};
use crate::store::Queries;

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

/// A parent finished: unblock children whose parents are now all done, or
/// cancel blocked children of a parent that will never be done.
pub fn parent_finished(
    cx: &mut Ctx<'_, '_>,
    parent: &str,
    status: TaskStatus,
) -> Result<(), DomainError> {
    for child in cx.tx.children(parent)? {
        if cx.tx.task_status(&child)? != Some(TaskStatus::Blocked) {
            continue;
        }
        let Some(mut rec) = cx.tx.task(&child)? else {
            continue;
        };
        if status == TaskStatus::Done {
            let parents = cx.tx.parent_statuses(&child)?;
            if parents.iter().all(|s| *s == TaskStatus::Done) {
                change(
                    cx,
                    &mut rec,
                    Transition::Unblock,
                    Some("dependencies done".into()),
                )?;
            }
        } else {
            // change() recurses into this child's own children.
            change(
                cx,
                &mut rec,
                Transition::Cancel,
                Some(format!("parent task {parent} is {status}")),
            )?;
        }
    }
    Ok(())
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
}

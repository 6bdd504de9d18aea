//! Holding a task back from dispatch, and letting it go. An uploader holds
//! a new task while its attachments arrive, so no worker starts it without
//! them; a held task is `blocked` with `held` set.

use m3shd_api::{Event, Task, TaskStatus};

use super::status::Transition;
use super::task_change::change;
use super::{Ctx, DomainError, graph};
use crate::store::TaskRecord;

/// queued → blocked, held (`rec.task.held` already set).
pub(crate) fn hold(cx: &mut Ctx<'_, '_>, mut rec: TaskRecord) -> Result<Task, DomainError> {
    change(cx, &mut rec, Transition::Block, Some("held".into()))?;
    Ok(rec.into_api())
}

/// A blocked task no longer held (`rec.task.held` already cleared): it
/// queues now unless parents or an approval still hold it back.
pub(crate) fn release(cx: &mut Ctx<'_, '_>, mut rec: TaskRecord) -> Result<Task, DomainError> {
    graph::try_unblock(cx, &mut rec)?;
    if rec.state.status() == TaskStatus::Blocked {
        cx.tx.tasks().save(&rec)?;
        cx.tx.emit(Event::TaskUpdated {
            task: rec.to_api(),
            from: TaskStatus::Blocked,
            reason: Some("released; still waiting for its parents or approval".into()),
        })?;
    }
    Ok(rec.into_api())
}

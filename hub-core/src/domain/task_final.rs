//! What a task reaching a final status sets off: its protocol moves on,
//! a done evolution task's amendments are recorded, then its dependents
//! run or are cancelled. The first and last change statuses in turn
//! (through `change`), so `change` reaches this through `Ctx::on_final`
//! rather than by name (see `task_change`).

use m3shd_api::TaskStatus;

use super::{Ctx, DomainError, evolution, graph, protocols};
use crate::store::TaskRecord;

/// The `on_final` of every operation's `Ctx`.
pub(crate) fn follow(
    cx: &mut Ctx<'_, '_>,
    rec: &mut TaskRecord,
    to: TaskStatus,
) -> Result<(), DomainError> {
    protocols::on_final(cx, rec)?;
    evolution::on_final(cx, rec)?;
    graph::parent_finished(cx, &rec.task.id, to)
}

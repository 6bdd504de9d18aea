//! `change`, the one function every status change goes through.
//!
//! A final status sets off rules that change statuses themselves (the
//! task's protocol moves on; its dependents are released or cancelled).
//! Those rules call `change`, so `change` does not call them by name: it
//! calls the `on_final` each operation's `Ctx` carries (`task_final`), and
//! this module stays below the graph and the protocols (ARCHITECTURE.md,
//! "The task state machine").

use m3shd_api::{Event, TaskStatus};

use super::status::{self, Transition};
use super::{Ctx, DomainError, chat, provenance};
use crate::store::TaskRecord;

/// What a task reaching a final status sets off, after its event.
pub(crate) type OnFinal =
    fn(&mut Ctx<'_, '_>, &mut TaskRecord, TaskStatus) -> Result<(), DomainError>;

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
        let on_final = cx.on_final;
        on_final(cx, rec, to)?;
    }
    if let (TaskStatus::Done, Some(result)) = (to, &result) {
        chat::answer(cx, result)?;
    }
    Ok(())
}

/// Back to the queue with its attempt given back: the task did not run
/// through any fault of its own (released, drained, deregistered, refused
/// by a peer, or never delivered to the claim it was handed to).
pub(crate) fn give_back(
    cx: &mut Ctx<'_, '_>,
    rec: &mut TaskRecord,
    why: String,
) -> Result<(), DomainError> {
    change(
        cx,
        rec,
        Transition::Requeue {
            refund: true,
            error: None,
        },
        Some(why),
    )
}

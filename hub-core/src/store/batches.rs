//! How a backend's writer thread takes its work: whatever queued up while
//! the previous batch ran becomes the next batch (group commit), at most
//! `MAX_BATCH` operations; a batch of only deferred operations waits a
//! moment for company instead of paying for a commit of its own.

use std::sync::mpsc;
use std::time::Duration;

use super::op::Op;

/// Operations per transaction at most (bounds a batch's latency).
pub(crate) const MAX_BATCH: usize = 128;

/// How long a batch of only deferred operations waits for other work to
/// share its commit. Under traffic the next request's operation arrives
/// well within it; an idle hub commits the deferred rows alone after it.
const DEFER_WINDOW: Duration = Duration::from_millis(50);

/// The writer's queue.
pub(crate) type Queue = mpsc::Sender<Box<dyn Op>>;

/// Hand each batch to `run` until every sender is gone.
pub(crate) fn for_each(rx: &mpsc::Receiver<Box<dyn Op>>, mut run: impl FnMut(Vec<Box<dyn Op>>)) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        fill(rx, &mut batch);
        if batch.iter().all(|op| op.deferred())
            && let Ok(op) = rx.recv_timeout(DEFER_WINDOW)
        {
            batch.push(op);
            fill(rx, &mut batch);
        }
        run(batch);
    }
}

/// Take whatever else is already queued, up to `MAX_BATCH`.
fn fill(rx: &mpsc::Receiver<Box<dyn Op>>, batch: &mut Vec<Box<dyn Op>>) {
    while batch.len() < MAX_BATCH {
        match rx.try_recv() {
            Ok(op) => batch.push(op),
            Err(_) => break,
        }
    }
}

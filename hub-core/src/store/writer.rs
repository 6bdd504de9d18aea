//! The writer thread. It owns the only read-write connection and applies
//! operations in batches: whatever queued up while the previous batch ran
//! goes into one SQLite transaction (group commit), each operation inside its
//! own savepoint so that one failing operation rolls back alone. Results are
//! handed back only after the commit, so a reply always means "durable".
//!
//! Why a thread rather than a mutex: the async runtime never blocks on the
//! database, and under load one commit (one WAL append, one checksum pass)
//! covers many operations.

use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use m3shd_api::EventRecord;
use rusqlite::{Connection, TransactionBehavior};
use tokio::sync::{broadcast, oneshot};

use super::StoreError;
use super::tx::Tx;
use crate::crypto::KeyRing;

/// Operations per transaction at most (bounds a batch's latency).
const MAX_BATCH: usize = 128;

/// How long a batch of only deferred operations waits for other work to
/// share its commit. Under traffic the next request's operation arrives
/// well within it; an idle hub commits the deferred rows alone after it.
pub(super) const DEFER_WINDOW: Duration = Duration::from_millis(50);

/// One queued operation, type-erased.
pub(super) trait Op: Send {
    /// Run inside the batch transaction. An `Err` here means the batch
    /// itself is broken (a savepoint could not be managed) and must roll back.
    fn run(&mut self, tx: &mut Tx<'_>) -> Result<(), StoreError>;
    /// Deliver the result once the batch committed (or failed).
    fn finish(self: Box<Self>, committed: Result<(), &StoreError>);
    /// Nobody waits for this one: it may wait for company (see
    /// `DEFER_WINDOW`).
    fn deferred(&self) -> bool {
        false
    }
}

pub(super) struct TypedOp<F, T, E> {
    f: Option<F>,
    result: Option<Result<T, E>>,
    reply: oneshot::Sender<Result<T, E>>,
}

impl<F, T, E> TypedOp<F, T, E> {
    pub(super) fn new(f: F, reply: oneshot::Sender<Result<T, E>>) -> Self {
        TypedOp {
            f: Some(f),
            result: None,
            reply,
        }
    }
}

impl<F, T, E> Op for TypedOp<F, T, E>
where
    F: FnOnce(&mut Tx<'_>) -> Result<T, E> + Send,
    T: Send,
    E: From<StoreError> + Send,
{
    fn run(&mut self, tx: &mut Tx<'_>) -> Result<(), StoreError> {
        let Some(f) = self.f.take() else {
            return Ok(());
        };
        let mark = tx.savepoint()?;
        let result = f(tx);
        match &result {
            Ok(_) => tx.release()?,
            Err(_) => tx.rollback_to(mark)?,
        }
        self.result = Some(result);
        Ok(())
    }

    fn finish(self: Box<Self>, committed: Result<(), &StoreError>) {
        let result = match (committed, self.result) {
            (Ok(()), Some(r)) => r,
            // The operation's own refusal stands even if the batch failed:
            // it wrote nothing either way.
            (Err(_), Some(Err(e))) => Err(e),
            (Err(e), _) => Err(E::from(StoreError::Commit(e.to_string()))),
            (Ok(()), None) => Err(E::from(StoreError::Commit("operation did not run".into()))),
        };
        // The caller may have gone away (client disconnected): nothing to do.
        let _ = self.reply.send(result);
    }
}

/// A fire-and-forget write (`Store::write_later`). A failure is logged and
/// rolls back only this operation.
pub(super) struct DeferredOp<F> {
    what: &'static str,
    f: Option<F>,
}

impl<F> DeferredOp<F> {
    pub(super) fn new(what: &'static str, f: F) -> Self {
        DeferredOp { what, f: Some(f) }
    }
}

impl<F> Op for DeferredOp<F>
where
    F: FnOnce(&mut Tx<'_>) -> Result<(), StoreError> + Send,
{
    fn run(&mut self, tx: &mut Tx<'_>) -> Result<(), StoreError> {
        let Some(f) = self.f.take() else {
            return Ok(());
        };
        let mark = tx.savepoint()?;
        match f(tx) {
            Ok(()) => tx.release(),
            Err(e) => {
                tracing::error!(what = self.what, error = %e, "background write failed");
                tx.rollback_to(mark)
            }
        }
    }

    fn finish(self: Box<Self>, committed: Result<(), &StoreError>) {
        if let Err(e) = committed {
            tracing::error!(what = self.what, error = %e, "background write lost with its batch");
        }
    }

    fn deferred(&self) -> bool {
        true
    }
}

pub(super) type Queue = mpsc::Sender<Box<dyn Op>>;

pub(super) fn spawn(
    conn: Connection,
    events: broadcast::Sender<Arc<EventRecord>>,
    ring: Arc<KeyRing>,
) -> Result<(Queue, JoinHandle<Result<(), StoreError>>), StoreError> {
    let (tx, rx) = mpsc::channel::<Box<dyn Op>>();
    let handle = std::thread::Builder::new()
        .name("m3shd-store-writer".into())
        .spawn(move || run(conn, rx, events, &ring))
        .map_err(|e| StoreError::Commit(format!("cannot start the writer thread: {e}")))?;
    Ok((tx, handle))
}

fn run(
    mut conn: Connection,
    rx: mpsc::Receiver<Box<dyn Op>>,
    events: broadcast::Sender<Arc<EventRecord>>,
    ring: &KeyRing,
) -> Result<(), StoreError> {
    // Ends when every sender (the Store) is gone.
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        fill(&rx, &mut batch);
        if batch.iter().all(|op| op.deferred()) {
            // Nobody is waiting on these: let them ride along with the next
            // real operation rather than pay for a commit of their own.
            if let Ok(op) = rx.recv_timeout(DEFER_WINDOW) {
                batch.push(op);
                fill(&rx, &mut batch);
            }
        }
        run_batch(&mut conn, batch, &events, ring);
    }
    // Leave a self-contained database file behind.
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    conn.close().map_err(|(_, e)| StoreError::from(e))
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

fn run_batch(
    conn: &mut Connection,
    mut batch: Vec<Box<dyn Op>>,
    events: &broadcast::Sender<Arc<EventRecord>>,
    ring: &KeyRing,
) {
    let outcome = (|| {
        let txn = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut tx = Tx::new(txn, ring);
        for op in batch.iter_mut() {
            tx.refresh_now();
            op.run(&mut tx)?;
        }
        tx.commit()
    })();
    match outcome {
        Ok(records) => {
            // Published before any reply, in id order (one writer).
            for rec in records {
                let _ = events.send(Arc::new(rec));
            }
            for op in batch {
                op.finish(Ok(()));
            }
        }
        Err(e) => {
            tracing::error!(error = %e, "store batch failed; rolled back");
            for op in batch {
                op.finish(Err(&e));
            }
        }
    }
}

//! The writer thread. It owns the only read-write connection and applies
//! operations in batches: whatever queued up while the previous batch ran
//! goes into one SQLite transaction (group commit), each operation inside its
//! own savepoint so that one failing operation rolls back alone (the first
//! one a caller waits for runs first and without one). Results are
//! handed back only after the commit, so a reply always means "durable".
//!
//! Why a thread rather than a mutex: the async runtime never blocks on the
//! database, and under load one commit (one WAL append, one checksum pass)
//! covers many operations.

use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;

use m3shd_api::EventRecord;
use rusqlite::Connection;
use tokio::sync::broadcast;

use super::session::{SqliteTx, Txn};
use crate::clock::Clock;
use crate::crypto::KeyRing;
use crate::store::batches;
use crate::store::error::StoreError;
use crate::store::op::{Op, Verdict};
use crate::store::tx::Tx;

pub(super) use crate::store::batches::Queue;

/// What the writer needs besides its connection.
struct Writer {
    /// Where committed events are published.
    events: broadcast::Sender<Arc<EventRecord>>,
    ring: Arc<KeyRing>,
    /// Stamps every operation (`Tx::now`).
    clock: Arc<dyn Clock>,
}

pub(super) fn spawn(
    conn: Connection,
    events: broadcast::Sender<Arc<EventRecord>>,
    ring: Arc<KeyRing>,
    clock: Arc<dyn Clock>,
) -> Result<(Queue, JoinHandle<Result<(), StoreError>>), StoreError> {
    let (tx, rx) = mpsc::channel::<Box<dyn Op>>();
    let writer = Writer {
        events,
        ring,
        clock,
    };
    let handle = std::thread::Builder::new()
        .name("m3shd-store-writer".into())
        .spawn(move || run(conn, rx, &writer))
        .map_err(|e| StoreError::Commit(format!("cannot start the writer thread: {e}")))?;
    Ok((tx, handle))
}

fn run(
    mut conn: Connection,
    rx: mpsc::Receiver<Box<dyn Op>>,
    writer: &Writer,
) -> Result<(), StoreError> {
    // Ends when every sender (the Store) is gone.
    batches::for_each(&rx, |batch| run_batch(&mut conn, batch, writer));
    // Leave a self-contained database file behind.
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    conn.close().map_err(|(_, e)| StoreError::from(e))
}

/// Run one operation in a savepoint of its own, so that one refusing
/// operation rolls back alone. An `Err` here means the batch itself is
/// broken (the savepoint could not be managed) and must roll back.
fn run_one(tx: &mut SqliteTx<'_>, op: &mut dyn Op) -> Result<(), StoreError> {
    let mark = tx.savepoint()?;
    match op.run(&mut Tx::new(tx)) {
        Verdict::Keep => tx.release(),
        Verdict::Undo => tx.rollback_to(mark),
    }
}

/// The first operation a caller waits for runs first and without a
/// savepoint: undoing it is rolling back the transaction, and a savepoint
/// makes SQLite copy every page the operation touches into a sub-journal.
/// The rest (other waited-for operations in their order, and the deferred
/// rows of calls already answered) each run in a savepoint after it. A
/// batch of only deferred rows runs every one in a savepoint.
fn run_batch(conn: &mut Connection, mut batch: Vec<Box<dyn Op>>, writer: &Writer) {
    let Some(lead) = batch.iter().position(|op| !op.deferred()) else {
        return run_savepoints(conn, batch, writer);
    };
    let op = batch.remove(lead);
    batch.insert(0, op);
    let outcome = (|| {
        let txn = Txn::immediate(conn)?;
        let mut tx = SqliteTx::new(txn, &writer.ring, writer.clock.now());
        if batch[0].run(&mut Tx::new(&mut tx)) == Verdict::Undo {
            tx.rollback()?;
            return Ok(None);
        }
        for op in batch[1..].iter_mut() {
            tx.set_now(writer.clock.now());
            run_one(&mut tx, op.as_mut())?;
        }
        tx.commit().map(Some)
    })();
    match outcome {
        Ok(Some(records)) => settle(batch, Ok(records), writer),
        Ok(None) => {
            // The operation refused and wrote nothing; the operations that
            // came with it still go in.
            let refused = batch.remove(0);
            refused.finish(Ok(()));
            if !batch.is_empty() {
                run_savepoints(conn, batch, writer);
            }
        }
        Err(e) => settle(batch, Err(e), writer),
    }
}

fn run_savepoints(conn: &mut Connection, mut batch: Vec<Box<dyn Op>>, writer: &Writer) {
    let outcome = (|| {
        let txn = Txn::immediate(conn)?;
        let mut tx = SqliteTx::new(txn, &writer.ring, writer.clock.now());
        for op in batch.iter_mut() {
            tx.set_now(writer.clock.now());
            run_one(&mut tx, op.as_mut())?;
        }
        tx.commit()
    })();
    settle(batch, outcome, writer);
}

/// Publish what a committed batch emitted, then answer its operations.
fn settle(batch: Vec<Box<dyn Op>>, outcome: Result<Vec<EventRecord>, StoreError>, writer: &Writer) {
    match outcome {
        Ok(records) => {
            // Published before any reply, in id order (one writer).
            for rec in records {
                let _ = writer.events.send(Arc::new(rec));
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

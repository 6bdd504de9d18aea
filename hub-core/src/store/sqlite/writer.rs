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

use m3shd_api::EventRecord;
use rusqlite::{Connection, TransactionBehavior};
use tokio::sync::broadcast;

use super::session::SqliteTx;
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

fn run_batch(conn: &mut Connection, mut batch: Vec<Box<dyn Op>>, writer: &Writer) {
    let outcome = (|| {
        let txn = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut tx = SqliteTx::new(txn, &writer.ring, writer.clock.now());
        for op in batch.iter_mut() {
            tx.set_now(writer.clock.now());
            run_one(&mut tx, op.as_mut())?;
        }
        tx.commit()
    })();
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

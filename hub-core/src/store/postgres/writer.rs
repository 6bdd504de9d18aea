//! The writer thread, as with SQLite: whatever queued up while the previous
//! batch ran goes into one transaction, each operation in a savepoint of its
//! own, and results are handed back only after the commit. Each batch takes
//! the event lock first: replicas write one batch at a time, so event ids
//! commit in order and two dispatch passes never race for the same task
//! (ARCHITECTURE.md, "PostgreSQL").

use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;

use super::db::Db;
use super::publish::{CHANNEL, Publisher};
use super::session::Session;
use crate::clock::Clock;
use crate::crypto::KeyRing;
use crate::store::batches;
use crate::store::error::StoreError;
use crate::store::op::{Op, Verdict};
use crate::store::tx::Tx;

/// The advisory lock every write transaction takes first.
pub(super) const WRITE_LOCK: i64 = 0x6d33_7368_6400_0001;

pub(super) use crate::store::batches::Queue;

struct Writer {
    url: String,
    ring: Arc<KeyRing>,
    clock: Arc<dyn Clock>,
    publisher: Arc<Publisher>,
}

pub(super) fn spawn(
    db: Db,
    url: String,
    ring: Arc<KeyRing>,
    clock: Arc<dyn Clock>,
    publisher: Arc<Publisher>,
) -> Result<(Queue, JoinHandle<Result<(), StoreError>>), StoreError> {
    let (tx, rx) = mpsc::channel::<Box<dyn Op>>();
    let writer = Writer {
        url,
        ring,
        clock,
        publisher,
    };
    let handle = std::thread::Builder::new()
        .name("m3shd-store-writer".into())
        .spawn(move || run(db, rx, &writer))
        .map_err(|e| StoreError::Commit(format!("cannot start the writer thread: {e}")))?;
    Ok((tx, handle))
}

fn run(mut db: Db, rx: mpsc::Receiver<Box<dyn Op>>, writer: &Writer) -> Result<(), StoreError> {
    // A connection this thread drives itself (`Db::connect_owned`); the
    // shared one it was started with serves if that cannot be opened.
    match Db::connect_owned(&writer.url) {
        Ok(own) => db = own,
        Err(e) => tracing::warn!(error = %e, "the writer keeps the shared connection"),
    }
    batches::for_each(&rx, |batch| {
        if db.is_closed() {
            // The server restarted or the network broke: a new connection
            // for this batch, or the batch fails and the next one tries again.
            match Db::connect_owned(&writer.url) {
                Ok(d) => db = d,
                Err(e) => {
                    tracing::error!(error = %e, "the database is unreachable; batch refused");
                    for op in batch {
                        op.finish(Err(&e));
                    }
                    return;
                }
            }
        }
        run_batch(&db, batch, writer);
    });
    Ok(())
}

fn run_one(s: &mut Session<'_>, op: &mut dyn Op) -> Result<(), StoreError> {
    let mark = s.savepoint()?;
    match op.run(&mut Tx::new(s)) {
        Verdict::Keep => s.release(),
        Verdict::Undo => s.rollback_to(mark),
    }
}

fn run_batch(db: &Db, mut batch: Vec<Box<dyn Op>>, writer: &Writer) {
    let outcome = (|| {
        // Sent with the first statement of the first operation, as is
        // everything the batch only needs done (savepoints, the notify),
        // so the lock is held for as few round trips as possible.
        db.defer(&format!(
            "BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})"
        ));
        let mut s = Session::new(db, &writer.ring, writer.clock.now());
        let body = (|| {
            for op in batch.iter_mut() {
                s.set_now(writer.clock.now());
                run_one(&mut s, op.as_mut())?;
            }
            // The newest id goes with it: a listener that has already
            // published it (its own replica's batch) need not read the log.
            if let Some(newest) = s.events.last().map(|e| e.id) {
                db.defer(&format!("SELECT pg_notify('{CHANNEL}', '{newest}')"));
            }
            Ok::<_, StoreError>(())
        })();
        match body {
            Ok(()) => {
                db.batch("COMMIT")?;
                Ok(std::mem::take(&mut s.events))
            }
            Err(e) => {
                db.discard_deferred();
                let _ = db.batch("ROLLBACK");
                Err(e)
            }
        }
    })();
    match outcome {
        Ok(records) => {
            writer.publisher.own(db, records);
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

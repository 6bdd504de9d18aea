//! The store: the only module that speaks SQL. One writer connection behind a
//! mutex (SQLite has one writer anyway; serialising here keeps transactions
//! short and event ids in commit order) and a small pool of read-only
//! connections for GETs, which WAL lets run beside the writer.

mod agents;
mod conn;
mod context;
mod events;
mod messages;
pub mod migrations;
mod pool;
mod rows;
mod tasks;
mod time;
mod tx;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use m3shd_api::EventRecord;
use rusqlite::Connection;
use tokio::sync::broadcast;

pub use agents::{CandidateRow, ReputationRow};
pub use rows::{AgentRecord, LeaseView, QueuedRow, TaskRecord};
pub use time::{from_millis, now_millis, to_millis};
pub use tx::{Queries, Reader, Tx};

use crate::config::Durability;

/// Capacity of the live event channel: the per-subscriber bound (seed §03).
pub const EVENT_CHANNEL_CAPACITY: usize = 500;
/// Read-only connections kept for GETs and SSE replay.
const READERS: usize = 3;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    /// A thread panicked while holding a connection; the hub answers 500
    /// rather than trusting a half-used connection.
    #[error("store lock poisoned")]
    Poisoned,
    /// A stored value does not parse (e.g. a status the code does not know).
    #[error("corrupt row: {0}")]
    Corrupt(String),
    /// A UNIQUE constraint refused the write.
    #[error("duplicate: {0}")]
    Duplicate(String),
}

/// Handle to the hub's database.
pub struct Store {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: pool::ReaderPool,
    events: broadcast::Sender<Arc<EventRecord>>,
}

impl Store {
    /// Open (creating if needed) and migrate `DIR/m3shd.db`.
    pub fn open(data_dir: &Path, durability: Durability) -> Result<Store, StoreError> {
        let path = data_dir.join("m3shd.db");
        let mut writer = conn::open_writer(&path, durability)?;
        migrations::migrations().to_latest(&mut writer)?;
        let readers = pool::ReaderPool::open(&path, READERS)?;
        let (events, _) = broadcast::channel(EVENT_CHANNEL_CAPACITY);
        Ok(Store {
            path,
            writer: Mutex::new(writer),
            readers,
            events,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Run `f` in one IMMEDIATE transaction. Events it emitted are stored in
    /// the same transaction and, after the commit, published to subscribers
    /// while the writer lock is still held so that they arrive in id order.
    /// An error from `f` rolls everything back.
    pub fn write<T, E>(&self, f: impl FnOnce(&mut Tx<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let mut guard = self.writer.lock().map_err(|_| StoreError::Poisoned)?;
        let txn = guard
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let mut tx = Tx::new(txn);
        let value = f(&mut tx)?;
        let events = tx.commit()?;
        for ev in events {
            // No subscriber is not an error: the event is in the log.
            let _ = self.events.send(Arc::new(ev));
        }
        drop(guard);
        Ok(value)
    }

    /// Run `f` on a read-only connection (a consistent snapshot).
    pub fn read<T, E>(&self, f: impl FnOnce(&Reader<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        self.readers.with(|conn| {
            let txn = conn.transaction().map_err(StoreError::from)?;
            let value = f(&Reader::new(&txn))?;
            // Read-only: ending the snapshot cannot lose anything.
            txn.finish().map_err(StoreError::from)?;
            Ok(value)
        })
    }

    /// Live events committed from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<EventRecord>> {
        self.events.subscribe()
    }

    /// `PRAGMA integrity_check` on the writer connection: "ok" when healthy.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        let guard = self.writer.lock().map_err(|_| StoreError::Poisoned)?;
        Ok(guard.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// Checkpoint the WAL so the main file is self-contained after shutdown.
    pub fn close(self) -> Result<(), StoreError> {
        drop(self.readers);
        let conn = self.writer.into_inner().map_err(|_| StoreError::Poisoned)?;
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        conn.close().map_err(|(_, e)| StoreError::Sqlite(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reopening_keeps_data_and_integrity() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path(), Durability::Normal).expect("open");
        store
            .write(|tx| -> Result<(), StoreError> {
                tx.set_context("k", "v", "test")?;
                Ok(())
            })
            .expect("write");
        store.close().expect("close");
        let store = Store::open(dir.path(), Durability::Full).expect("reopen");
        assert_eq!(store.integrity_check().expect("check"), "ok");
        let list = store
            .read(|r| -> Result<_, StoreError> { r.context_list() })
            .expect("read");
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].value, "v");
    }
}

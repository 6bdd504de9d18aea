//! What SQLite's reads and writes run on: a read snapshot (`Reader`) and a
//! write transaction (`SqliteTx`). Each aggregate module implements its
//! reads for anything `Connected` and its writes for `SqliteTx`.

use std::ops::Deref;

use m3shd_api::{EventRecord, Timestamp};
use rusqlite::Connection;

use crate::crypto::KeyRing;
use crate::store::error::StoreError;

/// What the reads run on: a connection, and the key ring that opens the
/// secrets sealed at rest.
pub(super) trait Connected {
    fn conn(&self) -> &Connection;
    fn ring(&self) -> &KeyRing;
}

/// Run a fixed statement (`BEGIN`, `COMMIT`, a savepoint) through the
/// statement cache: these run for every read and write, and re-preparing
/// them each time showed in profiles.
fn exec_cached(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute([])?;
    Ok(())
}

/// A transaction begun and ended through the statement cache. Every read
/// and every write batch runs one, and `rusqlite::Transaction` prepares its
/// `BEGIN` and `COMMIT` afresh each time, which showed in profiles (about
/// 4 % of the hub's instructions per task). Dropped while open, it rolls
/// back.
pub(super) struct Txn<'c> {
    conn: &'c Connection,
    open: bool,
}

impl<'c> Txn<'c> {
    /// `BEGIN IMMEDIATE`: the writer's, so it never has to upgrade a read
    /// lock mid-batch.
    pub(super) fn immediate(conn: &'c Connection) -> Result<Self, StoreError> {
        Self::begin(conn, "BEGIN IMMEDIATE")
    }

    /// `BEGIN` (deferred): a read snapshot from the first read on.
    pub(super) fn deferred(conn: &'c Connection) -> Result<Self, StoreError> {
        Self::begin(conn, "BEGIN")
    }

    fn begin(conn: &'c Connection, sql: &str) -> Result<Self, StoreError> {
        exec_cached(conn, sql)?;
        Ok(Txn { conn, open: true })
    }

    pub(super) fn commit(mut self) -> Result<(), StoreError> {
        exec_cached(self.conn, "COMMIT")?;
        self.open = false;
        Ok(())
    }

    pub(super) fn rollback(mut self) -> Result<(), StoreError> {
        self.open = false;
        exec_cached(self.conn, "ROLLBACK")?;
        Ok(())
    }
}

impl Deref for Txn<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Drop for Txn<'_> {
    fn drop(&mut self) {
        if self.open {
            // Nothing to report to: the caller already has the error that
            // left the transaction open. A failed ROLLBACK leaves SQLite
            // to roll back when the connection next begins.
            let _ = exec_cached(self.conn, "ROLLBACK");
        }
    }
}

/// A read snapshot from the pool.
pub(super) struct Reader<'c> {
    conn: &'c Connection,
    ring: &'c KeyRing,
}

impl<'c> Reader<'c> {
    pub(super) fn new(conn: &'c Connection, ring: &'c KeyRing) -> Self {
        Reader { conn, ring }
    }
}

impl Connected for Reader<'_> {
    fn conn(&self) -> &Connection {
        self.conn
    }
    fn ring(&self) -> &KeyRing {
        self.ring
    }
}

/// One write transaction: a batch of operations, each in its own savepoint.
/// Every change made through it commits together with the events it
/// emitted, or not at all.
pub(super) struct SqliteTx<'c> {
    pub(super) txn: Txn<'c>,
    pub(super) ring: &'c KeyRing,
    pub(super) events: Vec<EventRecord>,
    pub(super) now: Timestamp,
}

impl Connected for SqliteTx<'_> {
    fn conn(&self) -> &Connection {
        &self.txn
    }
    fn ring(&self) -> &KeyRing {
        self.ring
    }
}

/// Where an operation's savepoint started (to drop its events on rollback).
pub(super) struct Mark {
    events: usize,
}

impl<'c> SqliteTx<'c> {
    pub(super) fn new(txn: Txn<'c>, ring: &'c KeyRing, now: Timestamp) -> Self {
        SqliteTx {
            txn,
            ring,
            events: Vec::new(),
            now,
        }
    }

    /// Each operation of a batch gets its own "now".
    pub(super) fn set_now(&mut self, now: Timestamp) {
        self.now = now;
    }

    pub(super) fn savepoint(&mut self) -> Result<Mark, StoreError> {
        exec_cached(&self.txn, "SAVEPOINT op")?;
        Ok(Mark {
            events: self.events.len(),
        })
    }

    pub(super) fn release(&mut self) -> Result<(), StoreError> {
        Ok(exec_cached(&self.txn, "RELEASE op")?)
    }

    /// Undo everything since the savepoint, including its events.
    pub(super) fn rollback_to(&mut self, mark: Mark) -> Result<(), StoreError> {
        exec_cached(&self.txn, "ROLLBACK TO op")?;
        exec_cached(&self.txn, "RELEASE op")?;
        self.events.truncate(mark.events);
        Ok(())
    }

    /// Undo the whole transaction: nothing it did stands, no event is
    /// published.
    pub(super) fn rollback(self) -> Result<Vec<EventRecord>, StoreError> {
        self.txn.rollback()?;
        Ok(Vec::new())
    }

    pub(super) fn commit(self) -> Result<Vec<EventRecord>, StoreError> {
        self.txn.commit()?;
        Ok(self.events)
    }
}

//! What PostgreSQL's reads and writes run on: one `Session` over one
//! connection, either a read-only snapshot (`REPEATABLE READ`, as consistent
//! as SQLite's read transaction) or the writer's batch transaction. Every
//! aggregate module implements its reads and its writes for `Session`; the
//! store interface hands out only the reads on a snapshot, so a write is
//! never reached through one.

use m3shd_api::{EventRecord, Timestamp};
use tokio_postgres::Row;

use super::db::{Db, Params};
use crate::crypto::KeyRing;
use crate::store::error::StoreError;

pub(super) struct Session<'c> {
    db: &'c Db,
    ring: &'c KeyRing,
    now: Timestamp,
    /// Events emitted in this transaction, published after the commit.
    pub(super) events: Vec<EventRecord>,
}

/// Where an operation's savepoint started (to drop its events on rollback).
pub(super) struct Mark {
    events: usize,
}

impl<'c> Session<'c> {
    pub(super) fn new(db: &'c Db, ring: &'c KeyRing, now: Timestamp) -> Self {
        Session {
            db,
            ring,
            now,
            events: Vec::new(),
        }
    }

    /// The time of this operation: every timestamp it writes uses it.
    pub(super) fn now(&self) -> Timestamp {
        self.now
    }

    /// Each operation of a batch gets its own "now".
    pub(super) fn set_now(&mut self, now: Timestamp) {
        self.now = now;
    }

    /// Opens the secrets sealed at rest.
    pub(super) fn ring(&self) -> &KeyRing {
        self.ring
    }

    pub(super) fn query(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, StoreError> {
        self.db.query(sql, params)
    }

    pub(super) fn query_opt(
        &self,
        sql: &str,
        params: Params<'_>,
    ) -> Result<Option<Row>, StoreError> {
        self.db.query_opt(sql, params)
    }

    pub(super) fn query_one(&self, sql: &str, params: Params<'_>) -> Result<Row, StoreError> {
        self.db.query_one(sql, params)
    }

    /// Rows changed.
    pub(super) fn execute(&self, sql: &str, params: Params<'_>) -> Result<u64, StoreError> {
        self.db.execute(sql, params)
    }

    // Savepoints go out with the operation's first statement (or the
    // commit): none costs a round trip of its own.
    pub(super) fn savepoint(&mut self) -> Result<Mark, StoreError> {
        self.db.defer("SAVEPOINT op");
        Ok(Mark {
            events: self.events.len(),
        })
    }

    pub(super) fn release(&mut self) -> Result<(), StoreError> {
        self.db.defer("RELEASE SAVEPOINT op");
        Ok(())
    }

    /// Undo everything since the savepoint, including its events.
    pub(super) fn rollback_to(&mut self, mark: Mark) -> Result<(), StoreError> {
        self.db
            .batch("ROLLBACK TO SAVEPOINT op; RELEASE SAVEPOINT op")?;
        self.events.truncate(mark.events);
        Ok(())
    }
}

//! SQLite's implementation of the store interface, handed out by
//! aggregate: every aggregate module implements its reads for anything
//! `Connected` and its writes for `SqliteTx`, so both are the object here.

use m3shd_api::{Event, EventRecord, Timestamp};

use super::events;
use super::session::{Reader, SqliteTx};
use crate::store::error::StoreError;
use crate::store::queries::Queries;
use crate::store::tx::WriteTx;

impl Queries for Reader<'_> {
    reads_by_self!();
}

impl WriteTx for SqliteTx<'_> {
    fn now(&self) -> Timestamp {
        self.now
    }

    fn emit(&mut self, event: Event) -> Result<i64, StoreError> {
        let id = events::insert(&self.txn, self.now, &event)?;
        self.events.push(EventRecord {
            id,
            ts: self.now,
            event,
        });
        Ok(id)
    }

    fn release_cache(&self) -> Result<(), StoreError> {
        super::pool::shrink(&self.txn)
    }

    writes_by_self!();
}

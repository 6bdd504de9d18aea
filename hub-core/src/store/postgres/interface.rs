//! PostgreSQL's implementation of the store interface, handed out by
//! aggregate: every aggregate module implements its reads and its writes
//! for `Session`, so it is the object here.

use m3shd_api::{Event, EventRecord, Timestamp};

use super::events;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::queries::Queries;
use crate::store::tx::WriteTx;

impl Queries for Session<'_> {
    reads_by_self!();
}

impl WriteTx for Session<'_> {
    fn now(&self) -> Timestamp {
        Session::now(self)
    }

    fn emit(&mut self, event: Event) -> Result<i64, StoreError> {
        let ts = Session::now(self);
        let id = events::insert(self, ts, &event)?;
        self.events.push(EventRecord { id, ts, event });
        Ok(id)
    }

    writes_by_self!();
}

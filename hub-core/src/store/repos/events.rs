//! The event log (appended to with `Tx::emit`).

use m3shd_api::{EventRecord, Timestamp};

use crate::store::error::StoreError;

/// What can be read about them, on a snapshot or inside a write.
pub trait EventReads {
    fn after(
        &self,
        after: i64,
        task: Option<&str>,
        limit: i64,
    ) -> Result<Vec<EventRecord>, StoreError>;
    fn last_id(&self) -> Result<i64, StoreError>;
    /// The oldest event id still in the log (see `events::oldest_kept`).
    fn oldest_id(&self) -> Result<i64, StoreError>;
    fn retention_bound(
        &self,
        older_than: Option<Timestamp>,
        keep_newest: Option<i64>,
    ) -> Result<i64, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait EventWrites: EventReads {
    /// Delete up to `chunk` of the oldest events below id `before`, never
    /// the newest event (ids continue from it, so they never go back).
    fn prune(&self, before: i64, chunk: i64) -> Result<usize, StoreError>;
}

//! What a storage backend provides the store. SQLite (`sqlite`) is the one
//! there is; another implements the same and the domain does not change.

use super::error::StoreError;
use super::op::Op;
use super::queries::Queries;

pub trait Backend: Send + Sync {
    /// Where the data lives, for the log.
    fn location(&self) -> String;
    /// Queue a write. The backend runs it inside a transaction (see `Op`),
    /// publishes the events of a committed batch in id order, and only
    /// then finishes its operations.
    fn submit(&self, op: Box<dyn Op>) -> Result<(), StoreError>;
    /// Run `f` on a consistent read snapshot.
    fn read(&self, f: &mut dyn FnMut(&dyn Queries)) -> Result<(), StoreError>;
    /// "ok" when the stored data is healthy, else what is wrong with it.
    fn integrity_check(&self) -> Result<String, StoreError>;
    /// Free what the reading side caches in process (pages read, kept for
    /// the next read); a connection in use keeps its cache. Nothing to free
    /// by default.
    fn release_read_caches(&self) {}
    /// Finish the queued writes and close. Nothing is submitted after it.
    fn close(&mut self) -> Result<(), StoreError>;
}

//! The audit log and the per-hour counts of routine calls.

use m3shd_api::{AuditCount, AuditEntry, Timestamp};

use crate::store::error::StoreError;

/// A row to append (its id comes from the database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub at: Timestamp,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub status: u16,
    pub payload_sha256: String,
}

/// Which audit rows a listing wants.
#[derive(Debug, Clone, Copy, Default)]
pub struct AuditFilter<'a> {
    /// Exactly this actor.
    pub actor: Option<&'a str>,
    /// Actions containing this text.
    pub action: Option<&'a str>,
    /// Leave out rows whose action is one of these.
    pub except_actions: &'a [&'a str],
}

/// What can be read about them, on a snapshot or inside a write.
pub trait AuditReads {
    fn list(
        &self,
        after: Option<i64>,
        filter: AuditFilter<'_>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StoreError>;
    fn counts(
        &self,
        since: Timestamp,
        agent: Option<&str>,
        limit: i64,
    ) -> Result<Vec<AuditCount>, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait AuditWrites: AuditReads {
    fn insert(&self, row: &AuditRow) -> Result<(), StoreError>;
    /// Count one routine call of `agent`'s in the hour starting at `hour`.
    fn count(
        &self,
        hour: Timestamp,
        agent: &str,
        action: &str,
        failed: bool,
    ) -> Result<(), StoreError>;
    /// Delete up to `chunk` audit rows older than `before`.
    fn prune(&self, before: Timestamp, chunk: i64) -> Result<usize, StoreError>;
}

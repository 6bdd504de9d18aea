//! Hubs sharing a database (replicas): who is up, and the failed logins
//! each saw, so that every replica's login windows count them all.

use m3shd_api::Timestamp;

use crate::store::error::StoreError;

/// A failed login one replica saw.
#[derive(Debug, Clone, PartialEq)]
pub struct LoginFailure {
    pub id: i64,
    pub at: Timestamp,
    pub ip: String,
    pub username: String,
}

/// What can be read about them, on a snapshot or inside a write.
pub trait ReplicaReads {
    /// Replicas heard from at `since` or later.
    fn live(&self, since: Timestamp) -> Result<i64, StoreError>;
    /// Failed logins other replicas than `not_from` recorded after id
    /// `after`, oldest first, at most `limit`.
    fn login_failures_after(
        &self,
        after: i64,
        not_from: &str,
        limit: i64,
    ) -> Result<Vec<LoginFailure>, StoreError>;
    /// The newest failed login's id (0 when none).
    fn last_login_failure(&self) -> Result<i64, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait ReplicaWrites: ReplicaReads {
    /// `replica` is up (now).
    fn heartbeat(&self, replica: &str) -> Result<(), StoreError>;
    fn record_login_failure(
        &self,
        replica: &str,
        ip: &str,
        username: &str,
    ) -> Result<(), StoreError>;
    /// Forget failed logins older than `before`, and replicas not heard
    /// from since then; returns how many rows went.
    fn prune(&self, before: Timestamp) -> Result<usize, StoreError>;
}

//! Enrolment join keys (kept by hash).

use m3shd_api::{JoinKeyInfo, Timestamp};

use crate::store::error::StoreError;

/// What can be read about them, on a snapshot or inside a write.
pub trait JoinKeyReads {
    fn by_hash(&self, hash: &str) -> Result<Option<JoinKeyInfo>, StoreError>;
    fn usable(&self, hash: &str, now: Timestamp) -> Result<Option<JoinKeyInfo>, StoreError>;
    fn list(&self) -> Result<Vec<JoinKeyInfo>, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait JoinKeyWrites: JoinKeyReads {
    fn insert(&self, hash: &str, k: &JoinKeyInfo) -> Result<(), StoreError>;
    fn take_use(&self, id: &str) -> Result<bool, StoreError>;
    fn revoke(&self, id: &str) -> Result<bool, StoreError>;
}

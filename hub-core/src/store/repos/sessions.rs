//! Users' login sessions (kept by hash).

use m3shd_api::{Timestamp, UserRole};

use crate::store::error::StoreError;

/// A live session and the user it belongs to.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub session_id: String,
    pub expires_at: Timestamp,
    pub user_id: String,
    pub username: String,
    pub role: UserRole,
}

/// What can be read about them, on a snapshot or inside a write.
pub trait SessionReads {
    fn role(&self, id: &str, now: Timestamp) -> Result<Option<UserRole>, StoreError>;
    fn live(&self, hash: &str, now: Timestamp) -> Result<Option<SessionRow>, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait SessionWrites: SessionReads {
    fn insert(
        &self,
        id: &str,
        hash: &str,
        user_id: &str,
        created_at: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError>;
    fn revoke(&self, id: &str) -> Result<bool, StoreError>;
    fn revoke_all_of(&self, user_id: &str) -> Result<usize, StoreError>;
    fn purge(&self, before: Timestamp) -> Result<usize, StoreError>;
}

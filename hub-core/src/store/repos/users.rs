//! Operator user accounts.

use m3shd_api::{Timestamp, UserInfo, UserRole};

use crate::store::error::StoreError;

/// A user with the hash a login is checked against.
#[derive(Debug, Clone)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub password_hash: String,
    pub role: UserRole,
}

/// What can be read about them, on a snapshot or inside a write.
pub trait UserReads {
    fn by_name(&self, username: &str) -> Result<Option<UserRow>, StoreError>;
    fn by_ref(&self, id_or_name: &str) -> Result<Option<UserRow>, StoreError>;
    fn list(&self, now: Timestamp) -> Result<Vec<UserInfo>, StoreError>;
    fn count(&self) -> Result<i64, StoreError>;
    fn admin_count(&self) -> Result<i64, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait UserWrites: UserReads {
    fn insert(
        &self,
        id: &str,
        username: &str,
        password_hash: &str,
        role: UserRole,
    ) -> Result<(), StoreError>;
    fn set_role(&self, id: &str, role: UserRole) -> Result<bool, StoreError>;
    fn set_password(&self, id: &str, password_hash: &str) -> Result<bool, StoreError>;
    fn delete(&self, id: &str) -> Result<bool, StoreError>;
}

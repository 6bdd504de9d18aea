//! Hub settings kept in the store (JSON values by key).

use crate::store::error::StoreError;

/// What can be read about them, on a snapshot or inside a write.
pub trait SettingReads {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait SettingWrites: SettingReads {
    fn set(&self, key: &str, json: &str) -> Result<(), StoreError>;
}

//! The shared context key/value store.

use m3shd_api::ContextEntry;

use crate::store::error::StoreError;

/// What can be read about them, on a snapshot or inside a write.
pub trait ContextReads {
    fn list(&self) -> Result<Vec<ContextEntry>, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait ContextWrites: ContextReads {
    fn set(&self, key: &str, value: &str, set_by: &str) -> Result<ContextEntry, StoreError>;
    fn delete(&self, key: &str) -> Result<bool, StoreError>;
}

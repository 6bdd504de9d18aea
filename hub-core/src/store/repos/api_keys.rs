//! API keys and their daily usage.

use m3shd_api::{ApiKeyInfo, Timestamp};

use crate::store::error::StoreError;

/// A key as stored. `usage_today` counts requests of `usage_day`
/// (`YYYY-MM-DD`, UTC), which may be an earlier day than today.
#[derive(Debug, Clone)]
pub struct ApiKeyRow {
    pub info: ApiKeyInfo,
    pub usage_day: String,
}

/// What can be read about them, on a snapshot or inside a write.
pub trait ApiKeyReads {
    fn live(&self, id: &str) -> Result<bool, StoreError>;
    fn by_hash(&self, hash: &str) -> Result<Option<ApiKeyRow>, StoreError>;
    fn list(&self) -> Result<Vec<ApiKeyRow>, StoreError>;
    fn exists(&self, id: &str) -> Result<bool, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait ApiKeyWrites: ApiKeyReads {
    fn insert(&self, hash: &str, k: &ApiKeyInfo) -> Result<(), StoreError>;
    fn revoke(&self, id: &str) -> Result<bool, StoreError>;
    fn add_usage(
        &self,
        id: &str,
        day: &str,
        n: u64,
        last_used: Timestamp,
    ) -> Result<(), StoreError>;
}

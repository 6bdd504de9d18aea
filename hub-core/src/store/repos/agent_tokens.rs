//! Agents' bearer tokens (kept by hash).

use m3shd_api::TokenInfo;

use crate::store::error::StoreError;

/// What can be read about them, on a snapshot or inside a write.
pub trait AgentTokenReads {
    fn by_hash(&self, hash: &str) -> Result<Option<TokenInfo>, StoreError>;
    fn list(&self) -> Result<Vec<TokenInfo>, StoreError>;
    fn live(&self, id: &str) -> Result<bool, StoreError>;
    fn exists(&self, id: &str) -> Result<bool, StoreError>;
    fn any_live_for(&self, agent: &str) -> Result<bool, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait AgentTokenWrites: AgentTokenReads {
    fn insert(&self, hash: &str, t: &TokenInfo) -> Result<(), StoreError>;
    fn revoke(&self, id: &str) -> Result<bool, StoreError>;
    fn touch(&self, id: &str) -> Result<(), StoreError>;
}

//! Agents' memories (values sealed at rest).

use m3shd_api::Memory;

use crate::store::error::StoreError;

/// What can be read about them, on a snapshot or inside a write.
pub trait MemoryReads {
    fn list(&self, agent: &str, limit: i64) -> Result<Vec<Memory>, StoreError>;
    fn all_of(&self, agent: &str) -> Result<Vec<Memory>, StoreError>;
    fn agents(&self) -> Result<Vec<String>, StoreError>;
    /// How many memories each agent has (agents with none are left out),
    /// counted from the index of an agent's memories, not the values.
    fn counts(&self) -> Result<Vec<(String, i64)>, StoreError>;
    fn get(&self, agent: &str, key: &str) -> Result<Option<Memory>, StoreError>;
    fn any(&self, agent: &str) -> Result<bool, StoreError>;
    /// Full-text search: entries matching any of `words` (each used only as
    /// a literal term), best bm25 first.
    fn search(&self, agent: &str, words: &[String], limit: i64) -> Result<Vec<Memory>, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait MemoryWrites: MemoryReads {
    fn upsert(
        &self,
        agent: &str,
        key: &str,
        value: &str,
        confidence: f64,
        source: &str,
    ) -> Result<Memory, StoreError>;
    fn delete(&self, agent: &str, key: &str) -> Result<bool, StoreError>;
}

//! Pipelines and their steps.

use m3shd_api::Timestamp;

use crate::store::error::StoreError;

/// A pipeline row and its steps (name, task id) in definition order.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineRow {
    pub id: String,
    pub name: String,
    pub created_at: Timestamp,
    pub steps: Vec<(String, String)>,
}

/// What can be read about them, on a snapshot or inside a write.
pub trait PipelineReads {
    fn get(&self, id: &str) -> Result<Option<PipelineRow>, StoreError>;
    fn list(&self, limit: i64) -> Result<Vec<PipelineRow>, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait PipelineWrites: PipelineReads {
    fn insert(&self, id: &str, name: &str) -> Result<(), StoreError>;
    fn insert_step(
        &self,
        pipeline: &str,
        ord: i64,
        name: &str,
        task: &str,
    ) -> Result<(), StoreError>;
}

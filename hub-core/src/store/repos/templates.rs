//! Task templates.

use m3shd_api::Timestamp;

use crate::store::error::StoreError;

/// A stored template (the domain derives its variables).
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub prompt_template: String,
    pub capability: Option<String>,
    pub priority: i64,
    pub model: Option<String>,
    pub protocol: m3shd_api::ProtocolRequest,
    pub federated_input: m3shd_api::FederatedInput,
    pub created_by: String,
    pub created_at: Timestamp,
}

/// What can be read about them, on a snapshot or inside a write.
pub trait TemplateReads {
    fn get(&self, key: &str) -> Result<Option<TemplateRow>, StoreError>;
    fn list(&self) -> Result<Vec<TemplateRow>, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait TemplateWrites: TemplateReads {
    fn insert(&self, t: &TemplateRow) -> Result<(), StoreError>;
    fn delete(&self, id: &str) -> Result<bool, StoreError>;
    fn set_federated_input(
        &self,
        id: &str,
        value: m3shd_api::FederatedInput,
    ) -> Result<bool, StoreError>;
}

//! Files attached to tasks.

use m3shd_api::Attachment;

use crate::store::error::StoreError;

/// What can be read about them, on a snapshot or inside a write.
pub trait AttachmentReads {
    fn list(&self, task: &str) -> Result<Vec<Attachment>, StoreError>;
    fn count(&self, task: &str) -> Result<i64, StoreError>;
    fn find_same(
        &self,
        task: &str,
        sha256: &str,
        filename: &str,
    ) -> Result<Option<Attachment>, StoreError>;
    fn get(&self, task: &str, id: &str) -> Result<Option<(Attachment, Vec<u8>)>, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait AttachmentWrites: AttachmentReads {
    fn insert(&self, a: &Attachment, data: &[u8]) -> Result<(), StoreError>;
}

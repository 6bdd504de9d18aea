//! Approval requests.

use m3shd_api::{Approval, ApprovalStatus, Timestamp};

use crate::store::error::StoreError;

pub fn status_str(s: ApprovalStatus) -> &'static str {
    match s {
        ApprovalStatus::Pending => "pending",
        ApprovalStatus::Approved => "approved",
        ApprovalStatus::Rejected => "rejected",
        ApprovalStatus::Expired => "expired",
    }
}

/// What can be read about them, on a snapshot or inside a write.
pub trait ApprovalReads {
    fn get(&self, id: &str) -> Result<Option<Approval>, StoreError>;
    fn latest_pending(&self) -> Result<Option<Approval>, StoreError>;
    fn list(&self, status: Option<ApprovalStatus>, limit: i64)
    -> Result<Vec<Approval>, StoreError>;
    fn expired(&self, now: Timestamp) -> Result<Vec<String>, StoreError>;
    fn for_task(&self, task: &str) -> Result<Option<ApprovalStatus>, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait ApprovalWrites: ApprovalReads {
    fn insert(&self, a: &Approval) -> Result<(), StoreError>;
    fn save(&self, a: &Approval) -> Result<(), StoreError>;
}

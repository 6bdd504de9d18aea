//! Escalations.

use m3shd_api::{Escalation, EscalationStatus};

use crate::store::error::StoreError;

pub fn status_str(s: EscalationStatus) -> &'static str {
    match s {
        EscalationStatus::Open => "open",
        EscalationStatus::Acknowledged => "acknowledged",
        EscalationStatus::Resolved => "resolved",
    }
}

/// What can be read about them, on a snapshot or inside a write.
pub trait EscalationReads {
    fn get(&self, id: &str) -> Result<Option<Escalation>, StoreError>;
    fn list(
        &self,
        status: Option<EscalationStatus>,
        limit: i64,
    ) -> Result<Vec<Escalation>, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait EscalationWrites: EscalationReads {
    fn insert(&self, e: &Escalation) -> Result<(), StoreError>;
    fn save(&self, e: &Escalation) -> Result<(), StoreError>;
}

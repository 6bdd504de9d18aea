//! The cost log and the daily spend per agent.

use m3shd_api::{CostEntry, Timestamp};

use crate::store::error::StoreError;

/// One agent's spend on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct SpendRow {
    pub agent_id: String,
    pub tokens: i64,
    pub cost_usd: f64,
}

/// What can be read about them, on a snapshot or inside a write.
pub trait CostReads {
    fn spend(&self, day: &str) -> Result<Vec<SpendRow>, StoreError>;
    fn entries_between(&self, from: Timestamp, to: Timestamp)
    -> Result<Vec<CostEntry>, StoreError>;
}

/// What a write transaction can change; its timestamps are the transaction's `now`.
pub trait CostWrites: CostReads {
    /// Log a cost row (its `id` is filled in) and add it to `day`'s totals.
    fn record(&self, day: &str, e: &mut CostEntry) -> Result<(), StoreError>;
    fn mark_alert(&self, day: &str, agent: &str) -> Result<bool, StoreError>;
}

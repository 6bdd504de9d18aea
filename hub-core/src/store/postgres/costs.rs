//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use m3shd_api::{CostEntry, Timestamp};
use crate::store::error::StoreError;
use crate::store::repos::costs::*;
use super::session::Session;
use super::unported;

impl CostReads for Session<'_> {
    fn spend(&self, _day: &str) -> Result<Vec<SpendRow>, StoreError> {
        Err(unported())
    }

    fn entries_between(&self, _from: Timestamp, _to: Timestamp) -> Result<Vec<CostEntry>, StoreError> {
        Err(unported())
    }

}

impl CostWrites for Session<'_> {
    fn record(&self, _day: &str, _e: &mut CostEntry) -> Result<(), StoreError> {
        Err(unported())
    }

    fn mark_alert(&self, _day: &str, _agent: &str) -> Result<bool, StoreError> {
        Err(unported())
    }

}

//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use super::session::Session;
use super::unported;
use crate::store::error::StoreError;
use crate::store::repos::schedules::*;
use m3shd_api::Timestamp;
use std::collections::BTreeMap;

impl ScheduleReads for Session<'_> {
    fn get(&self, _key: &str) -> Result<Option<ScheduleRow>, StoreError> {
        Err(unported())
    }

    fn list(&self) -> Result<Vec<ScheduleRow>, StoreError> {
        Err(unported())
    }

    fn due(&self, _now: Timestamp) -> Result<Vec<ScheduleRow>, StoreError> {
        Err(unported())
    }
}

impl ScheduleWrites for Session<'_> {
    fn insert(&self, _s: &ScheduleRow) -> Result<(), StoreError> {
        Err(unported())
    }

    fn update(&self, _s: &ScheduleRow) -> Result<(), StoreError> {
        Err(unported())
    }

    fn delete(&self, _id: &str) -> Result<bool, StoreError> {
        Err(unported())
    }

    fn claim_due(
        &self,
        _id: &str,
        _due: Timestamp,
        _next_due: Timestamp,
        _fire: &FireRecord<'_>,
    ) -> Result<bool, StoreError> {
        Err(unported())
    }

    fn record_fire(&self, _id: &str, _fire: &FireRecord<'_>) -> Result<bool, StoreError> {
        Err(unported())
    }
}

//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use super::session::Session;
use super::unported;
use crate::store::error::StoreError;
use crate::store::repos::escalations::*;
use m3shd_api::{Escalation, EscalationStatus};

impl EscalationReads for Session<'_> {
    fn get(&self, _id: &str) -> Result<Option<Escalation>, StoreError> {
        Err(unported())
    }

    fn list(
        &self,
        _status: Option<EscalationStatus>,
        _limit: i64,
    ) -> Result<Vec<Escalation>, StoreError> {
        Err(unported())
    }
}

impl EscalationWrites for Session<'_> {
    fn insert(&self, _e: &Escalation) -> Result<(), StoreError> {
        Err(unported())
    }

    fn save(&self, _e: &Escalation) -> Result<(), StoreError> {
        Err(unported())
    }
}

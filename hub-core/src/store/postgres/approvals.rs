//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use super::session::Session;
use super::unported;
use crate::store::error::StoreError;
use crate::store::repos::approvals::*;
use m3shd_api::{Approval, ApprovalStatus, Timestamp};

impl ApprovalReads for Session<'_> {
    fn get(&self, _id: &str) -> Result<Option<Approval>, StoreError> {
        Err(unported())
    }

    fn latest_pending(&self) -> Result<Option<Approval>, StoreError> {
        Err(unported())
    }

    fn list(
        &self,
        _status: Option<ApprovalStatus>,
        _limit: i64,
    ) -> Result<Vec<Approval>, StoreError> {
        Err(unported())
    }

    fn expired(&self, _now: Timestamp) -> Result<Vec<String>, StoreError> {
        Err(unported())
    }

    fn for_task(&self, _task: &str) -> Result<Option<ApprovalStatus>, StoreError> {
        Err(unported())
    }
}

impl ApprovalWrites for Session<'_> {
    fn insert(&self, _a: &Approval) -> Result<(), StoreError> {
        Err(unported())
    }

    fn save(&self, _a: &Approval) -> Result<(), StoreError> {
        Err(unported())
    }
}

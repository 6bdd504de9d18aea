//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use m3shd_api::{AuditCount, AuditEntry, Timestamp};
use crate::store::error::StoreError;
use crate::store::repos::audit::*;
use super::session::Session;
use super::unported;

impl AuditReads for Session<'_> {
    fn list(&self, _after: Option<i64>, _filter: AuditFilter<'_>, _limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        Err(unported())
    }

    fn counts(&self, _since: Timestamp, _agent: Option<&str>, _limit: i64) -> Result<Vec<AuditCount>, StoreError> {
        Err(unported())
    }

}

impl AuditWrites for Session<'_> {
    fn insert(&self, _row: &AuditRow) -> Result<(), StoreError> {
        Err(unported())
    }

    fn count(&self, _hour: Timestamp, _agent: &str, _action: &str, _failed: bool) -> Result<(), StoreError> {
        Err(unported())
    }

    fn prune(&self, _before: Timestamp, _chunk: i64) -> Result<usize, StoreError> {
        Err(unported())
    }

}

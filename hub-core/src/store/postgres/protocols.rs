//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use m3shd_api::{Credit, LedgerEntry, ProtocolRole, ValidationReceipt};
use crate::store::repos::TaskRecord;
use crate::store::error::StoreError;
use crate::store::repos::protocols::*;
use super::session::Session;
use super::unported;

impl ProtocolReads for Session<'_> {
    fn steps_of(&self, _subject: &str) -> Result<Vec<TaskRecord>, StoreError> {
        Err(unported())
    }

    fn edges_of(&self, _subject: &str) -> Result<Vec<EdgeRow>, StoreError> {
        Err(unported())
    }

    fn stranded(&self) -> Result<Vec<StrandedRow>, StoreError> {
        Err(unported())
    }

    fn receipts_of(&self, _task: &str) -> Result<Vec<ValidationReceipt>, StoreError> {
        Err(unported())
    }

    fn credits_of(&self, _task: &str) -> Result<Vec<Credit>, StoreError> {
        Err(unported())
    }

    fn ledger(&self) -> Result<Vec<LedgerEntry>, StoreError> {
        Err(unported())
    }

}

impl ProtocolWrites for Session<'_> {
    fn insert_edge(&self, _edge: &EdgeRow) -> Result<(), StoreError> {
        Err(unported())
    }

    fn insert_receipt(&self, _receipt: &ValidationReceipt) -> Result<(), StoreError> {
        Err(unported())
    }

    fn insert_credit(&self, _credit: &Credit) -> Result<(), StoreError> {
        Err(unported())
    }

}

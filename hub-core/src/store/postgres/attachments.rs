//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use super::session::Session;
use super::unported;
use crate::store::error::StoreError;
use crate::store::repos::attachments::*;
use m3shd_api::Attachment;

impl AttachmentReads for Session<'_> {
    fn list(&self, _task: &str) -> Result<Vec<Attachment>, StoreError> {
        Err(unported())
    }

    fn count(&self, _task: &str) -> Result<i64, StoreError> {
        Err(unported())
    }

    fn find_same(
        &self,
        _task: &str,
        _sha256: &str,
        _filename: &str,
    ) -> Result<Option<Attachment>, StoreError> {
        Err(unported())
    }

    fn get(&self, _task: &str, _id: &str) -> Result<Option<(Attachment, Vec<u8>)>, StoreError> {
        Err(unported())
    }
}

impl AttachmentWrites for Session<'_> {
    fn insert(&self, _a: &Attachment, _data: &[u8]) -> Result<(), StoreError> {
        Err(unported())
    }
}

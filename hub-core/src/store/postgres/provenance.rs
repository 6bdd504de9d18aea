//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use super::session::Session;
use super::unported;
use crate::store::error::StoreError;
use crate::store::repos::provenance::*;
use m3shd_api::Timestamp;

impl ProvenanceReads for Session<'_> {
    fn link(&self, _task: &str) -> Result<Option<LinkRow>, StoreError> {
        Err(unported())
    }

    fn signature(&self, _task: &str) -> Result<Option<String>, StoreError> {
        Err(unported())
    }
}

impl ProvenanceWrites for Session<'_> {
    fn insert(&self, _link: &LinkRow) -> Result<(), StoreError> {
        Err(unported())
    }
}

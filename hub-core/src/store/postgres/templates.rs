//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use super::session::Session;
use super::unported;
use crate::store::error::StoreError;
use crate::store::repos::templates::*;
use m3shd_api::Timestamp;

impl TemplateReads for Session<'_> {
    fn get(&self, _key: &str) -> Result<Option<TemplateRow>, StoreError> {
        Err(unported())
    }

    fn list(&self) -> Result<Vec<TemplateRow>, StoreError> {
        Err(unported())
    }
}

impl TemplateWrites for Session<'_> {
    fn insert(&self, _t: &TemplateRow) -> Result<(), StoreError> {
        Err(unported())
    }

    fn delete(&self, _id: &str) -> Result<bool, StoreError> {
        Err(unported())
    }
}

//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use crate::store::error::StoreError;
use crate::store::repos::settings::*;
use super::session::Session;
use super::unported;

impl SettingReads for Session<'_> {
    fn get(&self, _key: &str) -> Result<Option<String>, StoreError> {
        Err(unported())
    }

}

impl SettingWrites for Session<'_> {
    fn set(&self, _key: &str, _json: &str) -> Result<(), StoreError> {
        Err(unported())
    }

}

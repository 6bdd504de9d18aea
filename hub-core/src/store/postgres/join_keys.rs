//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use m3shd_api::{JoinKeyInfo, Timestamp};
use crate::store::error::StoreError;
use crate::store::repos::join_keys::*;
use super::session::Session;
use super::unported;

impl JoinKeyReads for Session<'_> {
    fn by_hash(&self, _hash: &str) -> Result<Option<JoinKeyInfo>, StoreError> {
        Err(unported())
    }

    fn usable(&self, _hash: &str, _now: Timestamp) -> Result<Option<JoinKeyInfo>, StoreError> {
        Err(unported())
    }

    fn list(&self) -> Result<Vec<JoinKeyInfo>, StoreError> {
        Err(unported())
    }

}

impl JoinKeyWrites for Session<'_> {
    fn insert(&self, _hash: &str, _k: &JoinKeyInfo) -> Result<(), StoreError> {
        Err(unported())
    }

    fn take_use(&self, _id: &str) -> Result<bool, StoreError> {
        Err(unported())
    }

    fn revoke(&self, _id: &str) -> Result<bool, StoreError> {
        Err(unported())
    }

}

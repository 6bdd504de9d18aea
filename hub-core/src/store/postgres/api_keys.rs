//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use m3shd_api::{ApiKeyInfo, Timestamp};
use crate::store::error::StoreError;
use crate::store::repos::api_keys::*;
use super::session::Session;
use super::unported;

impl ApiKeyReads for Session<'_> {
    fn live(&self, _id: &str) -> Result<bool, StoreError> {
        Err(unported())
    }

    fn by_hash(&self, _hash: &str) -> Result<Option<ApiKeyRow>, StoreError> {
        Err(unported())
    }

    fn list(&self) -> Result<Vec<ApiKeyRow>, StoreError> {
        Err(unported())
    }

    fn exists(&self, _id: &str) -> Result<bool, StoreError> {
        Err(unported())
    }

}

impl ApiKeyWrites for Session<'_> {
    fn insert(&self, _hash: &str, _k: &ApiKeyInfo) -> Result<(), StoreError> {
        Err(unported())
    }

    fn revoke(&self, _id: &str) -> Result<bool, StoreError> {
        Err(unported())
    }

    fn add_usage(&self, _id: &str, _day: &str, _n: u64, _last_used: Timestamp) -> Result<(), StoreError> {
        Err(unported())
    }

}

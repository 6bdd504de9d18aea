//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use m3shd_api::Memory;
use crate::store::error::StoreError;
use crate::store::repos::memories::*;
use super::session::Session;
use super::unported;

impl MemoryReads for Session<'_> {
    fn list(&self, _agent: &str, _limit: i64) -> Result<Vec<Memory>, StoreError> {
        Err(unported())
    }

    fn all_of(&self, _agent: &str) -> Result<Vec<Memory>, StoreError> {
        Err(unported())
    }

    fn agents(&self) -> Result<Vec<String>, StoreError> {
        Err(unported())
    }

    fn get(&self, _agent: &str, _key: &str) -> Result<Option<Memory>, StoreError> {
        Err(unported())
    }

    fn any(&self, _agent: &str) -> Result<bool, StoreError> {
        Err(unported())
    }

    fn search(&self, _agent: &str, _words: &[String], _limit: i64) -> Result<Vec<Memory>, StoreError> {
        Err(unported())
    }

}

impl MemoryWrites for Session<'_> {
    fn upsert(&self, _agent: &str, _key: &str, _value: &str, _confidence: f64, _source: &str) -> Result<Memory, StoreError> {
        Err(unported())
    }

    fn delete(&self, _agent: &str, _key: &str) -> Result<bool, StoreError> {
        Err(unported())
    }

}

//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use m3shd_api::Timestamp;
use crate::store::error::StoreError;
use crate::store::repos::pipelines::*;
use super::session::Session;
use super::unported;

impl PipelineReads for Session<'_> {
    fn get(&self, _id: &str) -> Result<Option<PipelineRow>, StoreError> {
        Err(unported())
    }

    fn list(&self, _limit: i64) -> Result<Vec<PipelineRow>, StoreError> {
        Err(unported())
    }

}

impl PipelineWrites for Session<'_> {
    fn insert(&self, _id: &str, _name: &str) -> Result<(), StoreError> {
        Err(unported())
    }

    fn insert_step(&self, _pipeline: &str, _ord: i64, _name: &str, _task: &str) -> Result<(), StoreError> {
        Err(unported())
    }

}

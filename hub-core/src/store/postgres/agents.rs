//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use m3shd_api::{Agent, AgentStatus, CircuitState, Timestamp};
use crate::store::error::StoreError;
use crate::store::repos::agents::*;
use super::session::Session;
use super::unported;

impl AgentReads for Session<'_> {
    fn get(&self, _id: &str) -> Result<Option<AgentRecord>, StoreError> {
        Err(unported())
    }

    fn get_state(&self, _id: &str) -> Result<Option<AgentRecord>, StoreError> {
        Err(unported())
    }

    fn list(&self) -> Result<Vec<AgentRecord>, StoreError> {
        Err(unported())
    }

    fn dispatch_candidates(&self) -> Result<Vec<CandidateRow>, StoreError> {
        Err(unported())
    }

    fn reputations(&self) -> Result<Vec<ReputationRow>, StoreError> {
        Err(unported())
    }

    fn silent_since(&self, _cutoff: Timestamp) -> Result<Vec<String>, StoreError> {
        Err(unported())
    }

    fn circuits_cooled_since(&self, _cutoff: Timestamp) -> Result<Vec<String>, StoreError> {
        Err(unported())
    }

    fn counts(&self) -> Result<(i64, i64), StoreError> {
        Err(unported())
    }

}

impl AgentWrites for Session<'_> {
    fn upsert(&self, _id: &str, _name: &str, _machine: Option<&str>, _capabilities: &[String], _max_concurrent: i64) -> Result<(), StoreError> {
        Err(unported())
    }

    fn save(&self, _rec: &AgentRecord) -> Result<(), StoreError> {
        Err(unported())
    }

    fn forget_claims(&self) -> Result<usize, StoreError> {
        Err(unported())
    }

    fn record_outcome(&self, _agent: &str, _capability: &str, _success: bool) -> Result<(), StoreError> {
        Err(unported())
    }

}

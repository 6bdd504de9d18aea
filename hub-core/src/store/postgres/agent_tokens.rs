//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use m3shd_api::TokenInfo;
use crate::store::error::StoreError;
use crate::store::repos::agent_tokens::*;
use super::session::Session;
use super::unported;

impl AgentTokenReads for Session<'_> {
    fn by_hash(&self, _hash: &str) -> Result<Option<TokenInfo>, StoreError> {
        Err(unported())
    }

    fn list(&self) -> Result<Vec<TokenInfo>, StoreError> {
        Err(unported())
    }

    fn live(&self, _id: &str) -> Result<bool, StoreError> {
        Err(unported())
    }

    fn exists(&self, _id: &str) -> Result<bool, StoreError> {
        Err(unported())
    }

    fn any_live_for(&self, _agent: &str) -> Result<bool, StoreError> {
        Err(unported())
    }

}

impl AgentTokenWrites for Session<'_> {
    fn insert(&self, _hash: &str, _t: &TokenInfo) -> Result<(), StoreError> {
        Err(unported())
    }

    fn revoke(&self, _id: &str) -> Result<bool, StoreError> {
        Err(unported())
    }

    fn touch(&self, _id: &str) -> Result<(), StoreError> {
        Err(unported())
    }

}

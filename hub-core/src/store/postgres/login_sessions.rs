//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use m3shd_api::{Timestamp, UserRole};
use crate::store::error::StoreError;
use crate::store::repos::sessions::*;
use super::session::Session;
use super::unported;

impl SessionReads for Session<'_> {
    fn role(&self, _id: &str, _now: Timestamp) -> Result<Option<UserRole>, StoreError> {
        Err(unported())
    }

    fn live(&self, _hash: &str, _now: Timestamp) -> Result<Option<SessionRow>, StoreError> {
        Err(unported())
    }

}

impl SessionWrites for Session<'_> {
    fn insert(&self, _id: &str, _hash: &str, _user_id: &str, _created_at: Timestamp, _expires_at: Timestamp) -> Result<(), StoreError> {
        Err(unported())
    }

    fn revoke(&self, _id: &str) -> Result<bool, StoreError> {
        Err(unported())
    }

    fn revoke_all_of(&self, _user_id: &str) -> Result<usize, StoreError> {
        Err(unported())
    }

    fn purge(&self, _before: Timestamp) -> Result<usize, StoreError> {
        Err(unported())
    }

}

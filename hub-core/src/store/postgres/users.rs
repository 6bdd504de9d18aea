//! (Not yet ported: every operation answers `unported`.)
#![allow(unused_imports)]

use m3shd_api::{Timestamp, UserInfo, UserRole};
use crate::store::error::StoreError;
use crate::store::repos::users::*;
use super::session::Session;
use super::unported;

impl UserReads for Session<'_> {
    fn by_name(&self, _username: &str) -> Result<Option<UserRow>, StoreError> {
        Err(unported())
    }

    fn by_ref(&self, _id_or_name: &str) -> Result<Option<UserRow>, StoreError> {
        Err(unported())
    }

    fn list(&self, _now: Timestamp) -> Result<Vec<UserInfo>, StoreError> {
        Err(unported())
    }

    fn count(&self) -> Result<i64, StoreError> {
        Err(unported())
    }

    fn admin_count(&self) -> Result<i64, StoreError> {
        Err(unported())
    }

}

impl UserWrites for Session<'_> {
    fn insert(&self, _id: &str, _username: &str, _password_hash: &str, _role: UserRole) -> Result<(), StoreError> {
        Err(unported())
    }

    fn set_role(&self, _id: &str, _role: UserRole) -> Result<bool, StoreError> {
        Err(unported())
    }

    fn set_password(&self, _id: &str, _password_hash: &str) -> Result<bool, StoreError> {
        Err(unported())
    }

    fn delete(&self, _id: &str) -> Result<bool, StoreError> {
        Err(unported())
    }

}

//! The role and permission columns shared by agent tokens, join keys and
//! API keys.

use m3shd_api::{PermissionSet, Role};
use tokio_postgres::Row;

use super::db::col;
use crate::store::error::StoreError;

/// A stored name the code does not know makes the row corrupt.
fn corrupt(i: usize, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("column {i}: {e}"))
}

pub(super) fn role(r: &Row, i: usize) -> Result<Option<Role>, StoreError> {
    col::<Option<String>>(r, i)?
        .map(|s| s.parse().map_err(|e| corrupt(i, e)))
        .transpose()
}

pub(super) fn permissions(r: &Row, i: usize) -> Result<PermissionSet, StoreError> {
    PermissionSet::from_csv(&col::<String>(r, i)?).map_err(|e| corrupt(i, e))
}

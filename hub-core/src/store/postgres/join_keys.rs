//! SQL for enrolment join keys. Secrets arrive already hashed.

use m3shd_api::{JoinKeyInfo, Role, Timestamp};
use tokio_postgres::Row;

use super::db::col;
use super::grants::{permissions, role};
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{JoinKeyReads, JoinKeyWrites};
use crate::store::time::{from_micros, to_micros};

const COLS: &str =
    "id, role, permissions, expires_at, uses_left, created_at, created_by, revoked_at";

fn join_key(r: &Row) -> Result<JoinKeyInfo, StoreError> {
    let uses_left: i64 = col(r, 4)?;
    Ok(JoinKeyInfo {
        id: col(r, 0)?,
        role: role(r, 1)?,
        permissions: permissions(r, 2)?,
        expires_at: from_micros(col(r, 3)?),
        uses_left: u32::try_from(uses_left)
            .map_err(|e| StoreError::Corrupt(format!("join_keys.uses_left: {e}")))?,
        created_at: from_micros(col(r, 5)?),
        created_by: col(r, 6)?,
        revoked_at: col::<Option<i64>>(r, 7)?.map(from_micros),
    })
}

impl JoinKeyReads for Session<'_> {
    /// The join key with this hash, usable or not (to say why one is refused).
    fn by_hash(&self, hash: &str) -> Result<Option<JoinKeyInfo>, StoreError> {
        self.query_opt(
            &format!("SELECT {COLS} FROM join_keys WHERE hash = $1"),
            &[&hash],
        )?
        .map(|r| join_key(&r))
        .transpose()
    }

    /// The join key with this hash that can still be used at `now`.
    fn usable(&self, hash: &str, now: Timestamp) -> Result<Option<JoinKeyInfo>, StoreError> {
        self.query_opt(
            &format!(
                "SELECT {COLS} FROM join_keys \
                 WHERE hash = $1 AND revoked_at IS NULL AND uses_left > 0 AND expires_at > $2"
            ),
            &[&hash, &to_micros(now)],
        )?
        .map(|r| join_key(&r))
        .transpose()
    }

    fn list(&self) -> Result<Vec<JoinKeyInfo>, StoreError> {
        self.query(
            &format!("SELECT {COLS} FROM join_keys ORDER BY created_at, id"),
            &[],
        )?
        .iter()
        .map(join_key)
        .collect()
    }
}

impl JoinKeyWrites for Session<'_> {
    fn insert(&self, hash: &str, k: &JoinKeyInfo) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO join_keys \
               (id, hash, role, permissions, expires_at, uses_left, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                &k.id,
                &hash,
                &k.role.map(Role::as_str),
                &k.permissions.to_csv(),
                &to_micros(k.expires_at),
                &i64::from(k.uses_left),
                &to_micros(k.created_at),
                &k.created_by,
            ],
        )?;
        Ok(())
    }

    /// Take one use; false when none is left (another join won the race).
    fn take_use(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.execute(
            "UPDATE join_keys SET uses_left = uses_left - 1 WHERE id = $1 AND uses_left > 0",
            &[&id],
        )? == 1)
    }

    fn revoke(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.execute(
            "UPDATE join_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
            &[&id, &to_micros(self.now())],
        )? == 1)
    }
}

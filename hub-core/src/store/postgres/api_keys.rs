//! SQL for third-party API keys and their usage counters. Secrets arrive
//! already hashed.

use m3shd_api::{ApiKeyInfo, Role, Timestamp};
use tokio_postgres::Row;

use super::db::col;
use super::grants::{permissions, role};
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{ApiKeyReads, ApiKeyRow, ApiKeyWrites};
use crate::store::time::{from_micros, to_micros};

const COLS: &str = "id, name, role, permissions, rate_limit_per_minute, daily_cap, usage_day, \
                    usage_today, usage_total, created_at, created_by, last_used_at, revoked_at";

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("api_keys: {e}"))
}

fn key(r: &Row) -> Result<ApiKeyRow, StoreError> {
    Ok(ApiKeyRow {
        info: ApiKeyInfo {
            id: col(r, 0)?,
            name: col(r, 1)?,
            role: role(r, 2)?,
            permissions: permissions(r, 3)?,
            rate_limit_per_minute: u32::try_from(col::<i64>(r, 4)?).map_err(corrupt)?,
            daily_cap: u32::try_from(col::<i64>(r, 5)?).map_err(corrupt)?,
            usage_today: u64::try_from(col::<i64>(r, 7)?).unwrap_or(0),
            usage_total: u64::try_from(col::<i64>(r, 8)?).unwrap_or(0),
            last_used_at: col::<Option<i64>>(r, 11)?.map(from_micros),
            created_at: from_micros(col(r, 9)?),
            created_by: col(r, 10)?,
            revoked_at: col::<Option<i64>>(r, 12)?.map(from_micros),
        },
        usage_day: col(r, 6)?,
    })
}

impl ApiKeyReads for Session<'_> {
    /// Whether the key `id` exists and is not revoked.
    fn live(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .query_opt(
                "SELECT 1 FROM api_keys WHERE id = $1 AND revoked_at IS NULL",
                &[&id],
            )?
            .is_some())
    }

    /// The live (not revoked) key with this hash.
    fn by_hash(&self, hash: &str) -> Result<Option<ApiKeyRow>, StoreError> {
        self.query_opt(
            &format!("SELECT {COLS} FROM api_keys WHERE hash = $1 AND revoked_at IS NULL"),
            &[&hash],
        )?
        .map(|r| key(&r))
        .transpose()
    }

    fn list(&self) -> Result<Vec<ApiKeyRow>, StoreError> {
        self.query(
            &format!("SELECT {COLS} FROM api_keys ORDER BY created_at, id"),
            &[],
        )?
        .iter()
        .map(key)
        .collect()
    }

    fn exists(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .query_opt("SELECT 1 FROM api_keys WHERE id = $1", &[&id])?
            .is_some())
    }
}

impl ApiKeyWrites for Session<'_> {
    fn insert(&self, hash: &str, k: &ApiKeyInfo) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO api_keys (id, hash, name, role, permissions, rate_limit_per_minute, \
                                   daily_cap, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                &k.id,
                &hash,
                &k.name,
                &k.role.map(Role::as_str),
                &k.permissions.to_csv(),
                &i64::from(k.rate_limit_per_minute),
                &i64::from(k.daily_cap),
                &to_micros(k.created_at),
                &k.created_by,
            ],
        )?;
        Ok(())
    }

    /// Revoke by id; false when there is no such live key.
    fn revoke(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.execute(
            "UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
            &[&id, &to_micros(self.now())],
        )? == 1)
    }

    /// Add `n` requests made on `day` (`YYYY-MM-DD`). A later day than the
    /// stored one starts a fresh daily count; an earlier one (a batch flushed
    /// after midnight) only adds to the total. Days compare bytewise, as
    /// SQLite compares them, whatever the database's collation.
    fn add_usage(
        &self,
        id: &str,
        day: &str,
        n: u64,
        last_used: Timestamp,
    ) -> Result<(), StoreError> {
        let n = i64::try_from(n).unwrap_or(i64::MAX);
        self.execute(
            "UPDATE api_keys SET \
                usage_today = CASE WHEN usage_day = $2 THEN usage_today + $3 \
                                   WHEN usage_day < $2 COLLATE \"C\" THEN $3 \
                                   ELSE usage_today END, \
                usage_day = greatest(usage_day COLLATE \"C\", $2), \
                usage_total = usage_total + $3, \
                last_used_at = greatest(coalesce(last_used_at, 0), $4) \
             WHERE id = $1",
            &[&id, &day, &n, &to_micros(last_used)],
        )?;
        Ok(())
    }
}

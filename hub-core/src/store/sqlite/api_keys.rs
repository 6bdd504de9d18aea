//! SQL for third-party API keys and their usage counters. Secrets arrive
//! already hashed.

use m3shd_api::{ApiKeyInfo, PermissionSet, Role, Timestamp};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::session::{Connected, SqliteTx};
use crate::store::time::{from_micros, to_micros};
use crate::store::error::StoreError;
use crate::store::repos::{ApiKeyReads, ApiKeyRow, ApiKeyWrites};

const COLS: &str = "id, name, role, permissions, rate_limit_per_minute, daily_cap, usage_day, \
                    usage_today, usage_total, created_at, created_by, last_used_at, revoked_at";

type Raw = (
    (String, String, Option<String>, String, i64, i64),
    (String, i64, i64, i64, String, Option<i64>, Option<i64>),
);

fn raw(r: &Row<'_>) -> rusqlite::Result<Raw> {
    Ok((
        (
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ),
        (
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
            r.get(10)?,
            r.get(11)?,
            r.get(12)?,
        ),
    ))
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("api_keys: {e}"))
}

fn to_row(raw: Raw) -> Result<ApiKeyRow, StoreError> {
    let (
        (id, name, role, perms, rate, cap),
        (usage_day, today, total, created, created_by, last_used, revoked),
    ) = raw;
    let role: Option<Role> = role.map(|r| r.parse().map_err(corrupt)).transpose()?;
    Ok(ApiKeyRow {
        info: ApiKeyInfo {
            id,
            name,
            role,
            permissions: PermissionSet::from_csv(&perms).map_err(corrupt)?,
            rate_limit_per_minute: u32::try_from(rate).map_err(corrupt)?,
            daily_cap: u32::try_from(cap).map_err(corrupt)?,
            usage_today: u64::try_from(today).unwrap_or(0),
            usage_total: u64::try_from(total).unwrap_or(0),
            last_used_at: last_used.map(from_micros),
            created_at: from_micros(created),
            created_by,
            revoked_at: revoked.map(from_micros),
        },
        usage_day,
    })
}

pub fn insert(conn: &Connection, hash: &str, k: &ApiKeyInfo) -> Result<(), StoreError> {
    let res = conn
        .prepare_cached(
            "INSERT INTO api_keys (id, hash, name, role, permissions, rate_limit_per_minute,
                                   daily_cap, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            k.id,
            hash,
            k.name,
            k.role.map(Role::as_str),
            k.permissions.to_csv(),
            k.rate_limit_per_minute,
            k.daily_cap,
            to_micros(k.created_at),
            k.created_by
        ]);
    super::constraint_as_duplicate(res)
}

/// The live (not revoked) key with this hash.
pub fn by_hash(conn: &Connection, hash: &str) -> Result<Option<ApiKeyRow>, StoreError> {
    let sql = format!("SELECT {COLS} FROM api_keys WHERE hash = ?1 AND revoked_at IS NULL");
    conn.prepare_cached(&sql)?
        .query_row([hash], raw)
        .optional()?
        .map(to_row)
        .transpose()
}

pub fn list(conn: &Connection) -> Result<Vec<ApiKeyRow>, StoreError> {
    let sql = format!("SELECT {COLS} FROM api_keys ORDER BY created_at, id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let raws = stmt.query_map([], raw)?.collect::<Result<Vec<_>, _>>()?;
    raws.into_iter().map(to_row).collect()
}

pub fn exists(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM api_keys WHERE id = ?1")?
        .exists([id])?)
}

/// Whether the key `id` exists and is not revoked.
pub fn live(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM api_keys WHERE id = ?1 AND revoked_at IS NULL")?
        .exists([id])?)
}

/// Revoke by id; false when there is no such live key.
pub fn revoke(conn: &Connection, id: &str, now: Timestamp) -> Result<bool, StoreError> {
    let n = conn
        .prepare_cached("UPDATE api_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL")?
        .execute(params![id, to_micros(now)])?;
    Ok(n == 1)
}

/// Add `n` requests made on `day` (`YYYY-MM-DD`). A later day than the
/// stored one starts a fresh daily count; an earlier one (a batch flushed
/// after midnight) only adds to the total.
pub fn add_usage(
    conn: &Connection,
    id: &str,
    day: &str,
    n: u64,
    last_used: Timestamp,
) -> Result<(), StoreError> {
    let n = i64::try_from(n).unwrap_or(i64::MAX);
    conn.prepare_cached(
        "UPDATE api_keys SET
            usage_today = CASE WHEN usage_day = ?2 THEN usage_today + ?3
                               WHEN usage_day < ?2 THEN ?3
                               ELSE usage_today END,
            usage_day = max(usage_day, ?2),
            usage_total = usage_total + ?3,
            last_used_at = max(coalesce(last_used_at, 0), ?4)
         WHERE id = ?1",
    )?
    .execute(params![id, day, n, to_micros(last_used)])?;
    Ok(())
}

impl<C: Connected> ApiKeyReads for C {
    fn live(&self, id: &str) -> Result<bool, StoreError> {
        live(self.conn(), id)
    }

    fn by_hash(&self, hash: &str) -> Result<Option<ApiKeyRow>, StoreError> {
        by_hash(self.conn(), hash)
    }

    fn list(&self) -> Result<Vec<ApiKeyRow>, StoreError> {
        list(self.conn())
    }

    fn exists(&self, id: &str) -> Result<bool, StoreError> {
        exists(self.conn(), id)
    }
}

impl ApiKeyWrites for SqliteTx<'_> {
    fn insert(&self, hash: &str, k: &ApiKeyInfo) -> Result<(), StoreError> {
        insert(&self.txn, hash, k)
    }

    fn revoke(&self, id: &str) -> Result<bool, StoreError> {
        revoke(&self.txn, id, self.now)
    }

    fn add_usage(
        &self,
        id: &str,
        day: &str,
        n: u64,
        last_used: Timestamp,
    ) -> Result<(), StoreError> {
        add_usage(&self.txn, id, day, n, last_used)
    }
}

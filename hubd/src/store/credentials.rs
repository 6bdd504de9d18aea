//! SQL for agent tokens and join keys. Secrets arrive already hashed; this
//! module never sees a token.

use m3shd_api::{JoinKeyInfo, PermissionSet, Role, Timestamp, TokenInfo};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::StoreError;
use super::time::{from_micros, to_micros};

fn role(v: Option<String>) -> Result<Option<Role>, StoreError> {
    v.map(|r| r.parse().map_err(|e| StoreError::Corrupt(format!("{e}"))))
        .transpose()
}

fn perms(v: &str) -> Result<PermissionSet, StoreError> {
    PermissionSet::from_csv(v).map_err(|e| StoreError::Corrupt(format!("{e}")))
}

fn opt_time(v: Option<i64>) -> Option<Timestamp> {
    v.map(from_micros)
}

fn map_constraint(res: rusqlite::Result<usize>) -> Result<(), StoreError> {
    match res {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, msg))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Err(StoreError::Duplicate(msg.unwrap_or_default()))
        }
        Err(e) => Err(e.into()),
    }
}

const TOKEN_COLS: &str =
    "id, agent_id, role, permissions, created_at, created_by, last_used_at, revoked_at";

type RawToken = (
    String,
    String,
    Option<String>,
    String,
    i64,
    String,
    Option<i64>,
    Option<i64>,
);

fn raw_token(r: &Row<'_>) -> rusqlite::Result<RawToken> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
    ))
}

fn token_info(raw: RawToken) -> Result<TokenInfo, StoreError> {
    let (id, agent_id, r, p, created_at, created_by, last_used_at, revoked_at) = raw;
    Ok(TokenInfo {
        id,
        agent_id,
        role: role(r)?,
        permissions: perms(&p)?,
        created_at: from_micros(created_at),
        created_by,
        last_used_at: opt_time(last_used_at),
        revoked_at: opt_time(revoked_at),
    })
}

pub fn insert_token(conn: &Connection, hash: &str, t: &TokenInfo) -> Result<(), StoreError> {
    map_constraint(
        conn.prepare_cached(
            "INSERT INTO agent_tokens (id, hash, agent_id, role, permissions, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            t.id,
            hash,
            t.agent_id,
            t.role.map(Role::as_str),
            t.permissions.to_csv(),
            to_micros(t.created_at),
            t.created_by
        ]),
    )
}

/// The live (not revoked) token with this hash.
pub fn token_by_hash(conn: &Connection, hash: &str) -> Result<Option<TokenInfo>, StoreError> {
    let sql =
        format!("SELECT {TOKEN_COLS} FROM agent_tokens WHERE hash = ?1 AND revoked_at IS NULL");
    let raw = conn
        .prepare_cached(&sql)?
        .query_row([hash], raw_token)
        .optional()?;
    raw.map(token_info).transpose()
}

pub fn list_tokens(conn: &Connection) -> Result<Vec<TokenInfo>, StoreError> {
    let sql = format!("SELECT {TOKEN_COLS} FROM agent_tokens ORDER BY created_at, id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let raws = stmt
        .query_map([], raw_token)?
        .collect::<Result<Vec<_>, _>>()?;
    raws.into_iter().map(token_info).collect()
}

/// Whether `agent` already has a live token (a join may not take over an
/// enrolled agent's identity).
pub fn agent_has_token(conn: &Connection, agent: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM agent_tokens WHERE agent_id = ?1 AND revoked_at IS NULL LIMIT 1",
        )?
        .exists([agent])?)
}

/// Revoke by id; false when there is no such live token.
pub fn revoke_token(conn: &Connection, id: &str, now: Timestamp) -> Result<bool, StoreError> {
    let n = conn
        .prepare_cached(
            "UPDATE agent_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
        )?
        .execute(params![id, to_micros(now)])?;
    Ok(n == 1)
}

pub fn token_exists(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM agent_tokens WHERE id = ?1")?
        .exists([id])?)
}

pub fn touch_token(conn: &Connection, id: &str, now: Timestamp) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE agent_tokens SET last_used_at = ?2 WHERE id = ?1")?
        .execute(params![id, to_micros(now)])?;
    Ok(())
}

const JOIN_COLS: &str =
    "id, role, permissions, expires_at, uses_left, created_at, created_by, revoked_at";

type RawJoin = (
    String,
    Option<String>,
    String,
    i64,
    u32,
    i64,
    String,
    Option<i64>,
);

fn raw_join(r: &Row<'_>) -> rusqlite::Result<RawJoin> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
    ))
}

fn join_info(raw: RawJoin) -> Result<JoinKeyInfo, StoreError> {
    let (id, r, p, expires_at, uses_left, created_at, created_by, revoked_at) = raw;
    Ok(JoinKeyInfo {
        id,
        role: role(r)?,
        permissions: perms(&p)?,
        expires_at: from_micros(expires_at),
        uses_left,
        created_at: from_micros(created_at),
        created_by,
        revoked_at: opt_time(revoked_at),
    })
}

pub fn insert_join_key(conn: &Connection, hash: &str, k: &JoinKeyInfo) -> Result<(), StoreError> {
    map_constraint(
        conn.prepare_cached(
            "INSERT INTO join_keys (id, hash, role, permissions, expires_at, uses_left, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            k.id,
            hash,
            k.role.map(Role::as_str),
            k.permissions.to_csv(),
            to_micros(k.expires_at),
            k.uses_left,
            to_micros(k.created_at),
            k.created_by
        ]),
    )
}

/// The join key with this hash that can still be used at `now`.
pub fn usable_join_key(
    conn: &Connection,
    hash: &str,
    now: Timestamp,
) -> Result<Option<JoinKeyInfo>, StoreError> {
    let sql = format!(
        "SELECT {JOIN_COLS} FROM join_keys
         WHERE hash = ?1 AND revoked_at IS NULL AND uses_left > 0 AND expires_at > ?2"
    );
    let raw = conn
        .prepare_cached(&sql)?
        .query_row(params![hash, to_micros(now)], raw_join)
        .optional()?;
    raw.map(join_info).transpose()
}

/// Take one use; false when none is left (another join won the race).
pub fn use_join_key(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    let n = conn
        .prepare_cached(
            "UPDATE join_keys SET uses_left = uses_left - 1 WHERE id = ?1 AND uses_left > 0",
        )?
        .execute([id])?;
    Ok(n == 1)
}

pub fn list_join_keys(conn: &Connection) -> Result<Vec<JoinKeyInfo>, StoreError> {
    let sql = format!("SELECT {JOIN_COLS} FROM join_keys ORDER BY created_at, id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let raws = stmt
        .query_map([], raw_join)?
        .collect::<Result<Vec<_>, _>>()?;
    raws.into_iter().map(join_info).collect()
}

pub fn revoke_join_key(conn: &Connection, id: &str, now: Timestamp) -> Result<bool, StoreError> {
    let n = conn
        .prepare_cached(
            "UPDATE join_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
        )?
        .execute(params![id, to_micros(now)])?;
    Ok(n == 1)
}

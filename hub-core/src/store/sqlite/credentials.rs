//! SQL for agent tokens and join keys. Secrets arrive already hashed; this
//! module never sees a token.

use m3shd_api::{JoinKeyInfo, PermissionSet, Role, Timestamp, TokenInfo};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::session::{Connected, SqliteTx};
use crate::store::time::{from_micros, to_micros};
use crate::store::error::StoreError;
use crate::store::repos::{AgentTokenReads, AgentTokenWrites, JoinKeyReads, JoinKeyWrites};

/// A stored name the code does not know: a corrupt row, reported as a
/// conversion failure of its column.
fn corrupt(col: usize, e: m3shd_api::UnknownName) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e))
}

fn role(r: &Row<'_>, col: usize) -> rusqlite::Result<Option<Role>> {
    let v: Option<String> = r.get(col)?;
    v.map(|s| s.parse().map_err(|e| corrupt(col, e)))
        .transpose()
}

fn perms(r: &Row<'_>, col: usize) -> rusqlite::Result<PermissionSet> {
    let v: String = r.get(col)?;
    PermissionSet::from_csv(&v).map_err(|e| corrupt(col, e))
}

fn opt_time(v: Option<i64>) -> Option<Timestamp> {
    v.map(from_micros)
}

fn map_constraint(res: rusqlite::Result<usize>) -> Result<(), StoreError> {
    super::constraint_as_duplicate(res)
}

const TOKEN_COLS: &str =
    "id, agent_id, role, permissions, created_at, created_by, last_used_at, revoked_at";

fn token_row(r: &Row<'_>) -> rusqlite::Result<TokenInfo> {
    Ok(TokenInfo {
        id: r.get(0)?,
        agent_id: r.get(1)?,
        role: role(r, 2)?,
        permissions: perms(r, 3)?,
        created_at: from_micros(r.get(4)?),
        created_by: r.get(5)?,
        last_used_at: opt_time(r.get(6)?),
        revoked_at: opt_time(r.get(7)?),
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
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([hash], token_row)
        .optional()?)
}

pub fn list_tokens(conn: &Connection) -> Result<Vec<TokenInfo>, StoreError> {
    let sql = format!("SELECT {TOKEN_COLS} FROM agent_tokens ORDER BY created_at, id");
    let mut stmt = conn.prepare_cached(&sql)?;
    Ok(stmt
        .query_map([], token_row)?
        .collect::<Result<Vec<_>, _>>()?)
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

/// Whether the token `id` exists and is not revoked.
pub fn token_live(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM agent_tokens WHERE id = ?1 AND revoked_at IS NULL")?
        .exists([id])?)
}

pub fn touch_token(conn: &Connection, id: &str, now: Timestamp) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE agent_tokens SET last_used_at = ?2 WHERE id = ?1")?
        .execute(params![id, to_micros(now)])?;
    Ok(())
}

const JOIN_COLS: &str =
    "id, role, permissions, expires_at, uses_left, created_at, created_by, revoked_at";

fn join_row(r: &Row<'_>) -> rusqlite::Result<JoinKeyInfo> {
    Ok(JoinKeyInfo {
        id: r.get(0)?,
        role: role(r, 1)?,
        permissions: perms(r, 2)?,
        expires_at: from_micros(r.get(3)?),
        uses_left: r.get(4)?,
        created_at: from_micros(r.get(5)?),
        created_by: r.get(6)?,
        revoked_at: opt_time(r.get(7)?),
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

/// The join key with this hash, usable or not (to say why one is refused).
pub fn join_key_by_hash(conn: &Connection, hash: &str) -> Result<Option<JoinKeyInfo>, StoreError> {
    let sql = format!("SELECT {JOIN_COLS} FROM join_keys WHERE hash = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![hash], join_row)
        .optional()?)
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
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![hash, to_micros(now)], join_row)
        .optional()?)
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
    Ok(stmt
        .query_map([], join_row)?
        .collect::<Result<Vec<_>, _>>()?)
}

pub fn revoke_join_key(conn: &Connection, id: &str, now: Timestamp) -> Result<bool, StoreError> {
    let n = conn
        .prepare_cached(
            "UPDATE join_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
        )?
        .execute(params![id, to_micros(now)])?;
    Ok(n == 1)
}

impl<C: Connected> AgentTokenReads for C {
    fn by_hash(&self, hash: &str) -> Result<Option<TokenInfo>, StoreError> {
        token_by_hash(self.conn(), hash)
    }

    fn list(&self) -> Result<Vec<TokenInfo>, StoreError> {
        list_tokens(self.conn())
    }

    fn live(&self, id: &str) -> Result<bool, StoreError> {
        token_live(self.conn(), id)
    }

    fn exists(&self, id: &str) -> Result<bool, StoreError> {
        token_exists(self.conn(), id)
    }

    fn any_live_for(&self, agent: &str) -> Result<bool, StoreError> {
        agent_has_token(self.conn(), agent)
    }
}

impl AgentTokenWrites for SqliteTx<'_> {
    fn insert(&self, hash: &str, t: &TokenInfo) -> Result<(), StoreError> {
        insert_token(&self.txn, hash, t)
    }

    fn revoke(&self, id: &str) -> Result<bool, StoreError> {
        revoke_token(&self.txn, id, self.now)
    }

    fn touch(&self, id: &str) -> Result<(), StoreError> {
        touch_token(&self.txn, id, self.now)
    }
}

impl<C: Connected> JoinKeyReads for C {
    fn by_hash(&self, hash: &str) -> Result<Option<JoinKeyInfo>, StoreError> {
        join_key_by_hash(self.conn(), hash)
    }

    fn usable(&self, hash: &str, now: Timestamp) -> Result<Option<JoinKeyInfo>, StoreError> {
        usable_join_key(self.conn(), hash, now)
    }

    fn list(&self) -> Result<Vec<JoinKeyInfo>, StoreError> {
        list_join_keys(self.conn())
    }
}

impl JoinKeyWrites for SqliteTx<'_> {
    fn insert(&self, hash: &str, k: &JoinKeyInfo) -> Result<(), StoreError> {
        insert_join_key(&self.txn, hash, k)
    }

    fn take_use(&self, id: &str) -> Result<bool, StoreError> {
        use_join_key(&self.txn, id)
    }

    fn revoke(&self, id: &str) -> Result<bool, StoreError> {
        revoke_join_key(&self.txn, id, self.now)
    }
}

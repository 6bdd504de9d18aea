//! SQL for user accounts and their login sessions. Passwords arrive as
//! argon2 hashes and session tokens as SHA-256 hashes: this module never
//! sees a secret.

use m3shd_api::{Timestamp, UserInfo, UserRole};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::session::{Connected, SqliteTx};
use crate::store::time::{from_micros, to_micros};
use crate::store::error::StoreError;
use crate::store::repos::{
    SessionReads, SessionRow, SessionWrites, UserReads, UserRow, UserWrites,
};

fn user_role(v: &str) -> Result<UserRole, StoreError> {
    v.parse()
        .map_err(|e| StoreError::Corrupt(format!("users.role: {e}")))
}

fn user_row(r: &Row<'_>) -> rusqlite::Result<(String, String, String, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn to_user_row(raw: (String, String, String, String)) -> Result<UserRow, StoreError> {
    let (id, username, password_hash, role) = raw;
    Ok(UserRow {
        id,
        username,
        password_hash,
        role: user_role(&role)?,
    })
}

pub fn insert_user(
    conn: &Connection,
    id: &str,
    username: &str,
    password_hash: &str,
    role: UserRole,
    now: Timestamp,
) -> Result<(), StoreError> {
    let res = conn
        .prepare_cached(
            "INSERT INTO users (id, username, password_hash, role, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        )?
        .execute(params![
            id,
            username,
            password_hash,
            role.as_str(),
            to_micros(now)
        ]);
    super::constraint_as_duplicate(res)
}

pub fn user_by_name(conn: &Connection, username: &str) -> Result<Option<UserRow>, StoreError> {
    conn.prepare_cached("SELECT id, username, password_hash, role FROM users WHERE username = ?1")?
        .query_row([username], user_row)
        .optional()?
        .map(to_user_row)
        .transpose()
}

/// By id, else by username.
pub fn user_by_ref(conn: &Connection, id_or_name: &str) -> Result<Option<UserRow>, StoreError> {
    conn.prepare_cached(
        "SELECT id, username, password_hash, role FROM users
         WHERE id = ?1 OR username = ?1 ORDER BY id = ?1 DESC LIMIT 1",
    )?
    .query_row([id_or_name], user_row)
    .optional()?
    .map(to_user_row)
    .transpose()
}

pub fn list_users(conn: &Connection, now: Timestamp) -> Result<Vec<UserInfo>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.id, u.username, u.role, u.created_at, u.updated_at,
                (SELECT count(*) FROM sessions s
                  WHERE s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > ?1)
         FROM users u ORDER BY u.username",
    )?;
    let raws = stmt
        .query_map([to_micros(now)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    raws.into_iter()
        .map(|(id, username, role, created, updated, sessions)| {
            let role = user_role(&role)?;
            Ok(UserInfo {
                id,
                username,
                role,
                permissions: role.permissions(),
                created_at: from_micros(created),
                updated_at: from_micros(updated),
                sessions: u32::try_from(sessions).unwrap_or(u32::MAX),
            })
        })
        .collect()
}

pub fn count_users(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM users")?
        .query_row([], |r| r.get(0))?)
}

pub fn count_admins(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM users WHERE role = 'admin'")?
        .query_row([], |r| r.get(0))?)
}

pub fn set_user_role(
    conn: &Connection,
    id: &str,
    role: UserRole,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let n = conn
        .prepare_cached("UPDATE users SET role = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, role.as_str(), to_micros(now)])?;
    Ok(n == 1)
}

pub fn set_user_password(
    conn: &Connection,
    id: &str,
    password_hash: &str,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let n = conn
        .prepare_cached("UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, password_hash, to_micros(now)])?;
    Ok(n == 1)
}

/// Delete a user; its sessions go with it (ON DELETE CASCADE).
pub fn delete_user(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    let n = conn
        .prepare_cached("DELETE FROM users WHERE id = ?1")?
        .execute([id])?;
    Ok(n == 1)
}

pub fn insert_session(
    conn: &Connection,
    id: &str,
    hash: &str,
    user_id: &str,
    created_at: Timestamp,
    expires_at: Timestamp,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO sessions (id, hash, user_id, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        id,
        hash,
        user_id,
        to_micros(created_at),
        to_micros(expires_at)
    ])?;
    Ok(())
}

/// The session with this hash if it is neither revoked nor expired at `now`.
pub fn live_session(
    conn: &Connection,
    hash: &str,
    now: Timestamp,
) -> Result<Option<SessionRow>, StoreError> {
    let raw = conn
        .prepare_cached(
            "SELECT s.id, s.expires_at, u.id, u.username, u.role
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.hash = ?1 AND s.revoked_at IS NULL AND s.expires_at > ?2",
        )?
        .query_row(params![hash, to_micros(now)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })
        .optional()?;
    raw.map(|(session_id, expires_at, user_id, username, role)| {
        Ok(SessionRow {
            session_id,
            expires_at: from_micros(expires_at),
            user_id,
            username,
            role: user_role(&role)?,
        })
    })
    .transpose()
}

/// The role of the user behind session `id`, while the session is live at
/// `now` (not logged out, not expired, its user not deleted).
pub fn session_role(
    conn: &Connection,
    id: &str,
    now: Timestamp,
) -> Result<Option<UserRole>, StoreError> {
    let role: Option<String> = conn
        .prepare_cached(
            "SELECT u.role FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.id = ?1 AND s.revoked_at IS NULL AND s.expires_at > ?2",
        )?
        .query_row(params![id, to_micros(now)], |r| r.get(0))
        .optional()?;
    role.map(|r| user_role(&r)).transpose()
}

pub fn revoke_session(conn: &Connection, id: &str, now: Timestamp) -> Result<bool, StoreError> {
    let n = conn
        .prepare_cached("UPDATE sessions SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL")?
        .execute(params![id, to_micros(now)])?;
    Ok(n == 1)
}

pub fn revoke_user_sessions(
    conn: &Connection,
    user_id: &str,
    now: Timestamp,
) -> Result<usize, StoreError> {
    Ok(conn
        .prepare_cached(
            "UPDATE sessions SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL",
        )?
        .execute(params![user_id, to_micros(now)])?)
}

/// Forget sessions that expired or were revoked before `before`.
pub fn purge_sessions(conn: &Connection, before: Timestamp) -> Result<usize, StoreError> {
    Ok(conn
        .prepare_cached("DELETE FROM sessions WHERE expires_at < ?1 OR revoked_at < ?1")?
        .execute([to_micros(before)])?)
}

impl<C: Connected> SessionReads for C {
    fn role(&self, id: &str, now: Timestamp) -> Result<Option<UserRole>, StoreError> {
        session_role(self.conn(), id, now)
    }

    fn live(&self, hash: &str, now: Timestamp) -> Result<Option<SessionRow>, StoreError> {
        live_session(self.conn(), hash, now)
    }
}

impl SessionWrites for SqliteTx<'_> {
    fn insert(
        &self,
        id: &str,
        hash: &str,
        user_id: &str,
        created_at: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        insert_session(&self.txn, id, hash, user_id, created_at, expires_at)
    }

    fn revoke(&self, id: &str) -> Result<bool, StoreError> {
        revoke_session(&self.txn, id, self.now)
    }

    fn revoke_all_of(&self, user_id: &str) -> Result<usize, StoreError> {
        revoke_user_sessions(&self.txn, user_id, self.now)
    }

    fn purge(&self, before: Timestamp) -> Result<usize, StoreError> {
        purge_sessions(&self.txn, before)
    }
}

impl<C: Connected> UserReads for C {
    fn by_name(&self, username: &str) -> Result<Option<UserRow>, StoreError> {
        user_by_name(self.conn(), username)
    }

    fn by_ref(&self, id_or_name: &str) -> Result<Option<UserRow>, StoreError> {
        user_by_ref(self.conn(), id_or_name)
    }

    fn list(&self, now: Timestamp) -> Result<Vec<UserInfo>, StoreError> {
        list_users(self.conn(), now)
    }

    fn count(&self) -> Result<i64, StoreError> {
        count_users(self.conn())
    }

    fn admin_count(&self) -> Result<i64, StoreError> {
        count_admins(self.conn())
    }
}

impl UserWrites for SqliteTx<'_> {
    fn insert(
        &self,
        id: &str,
        username: &str,
        password_hash: &str,
        role: UserRole,
    ) -> Result<(), StoreError> {
        insert_user(&self.txn, id, username, password_hash, role, self.now)
    }

    fn set_role(&self, id: &str, role: UserRole) -> Result<bool, StoreError> {
        set_user_role(&self.txn, id, role, self.now)
    }

    fn set_password(&self, id: &str, password_hash: &str) -> Result<bool, StoreError> {
        set_user_password(&self.txn, id, password_hash, self.now)
    }

    fn delete(&self, id: &str) -> Result<bool, StoreError> {
        delete_user(&self.txn, id)
    }
}

//! SQL for user accounts. Passwords arrive as argon2 hashes: this module
//! never sees a secret.

use m3shd_api::{Timestamp, UserInfo, UserRole};
use tokio_postgres::Row;

use super::db::col;
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{UserReads, UserRow, UserWrites};
use crate::store::time::{from_micros, to_micros};

pub(super) fn user_role(v: &str) -> Result<UserRole, StoreError> {
    v.parse()
        .map_err(|e| StoreError::Corrupt(format!("users.role: {e}")))
}

fn user(r: &Row) -> Result<UserRow, StoreError> {
    Ok(UserRow {
        id: col(r, 0)?,
        username: col(r, 1)?,
        password_hash: col(r, 2)?,
        role: user_role(col(r, 3)?)?,
    })
}

fn info(r: &Row) -> Result<UserInfo, StoreError> {
    let role = user_role(col(r, 2)?)?;
    let sessions: i64 = col(r, 5)?;
    Ok(UserInfo {
        id: col(r, 0)?,
        username: col(r, 1)?,
        role,
        permissions: role.permissions(),
        created_at: from_micros(col(r, 3)?),
        updated_at: from_micros(col(r, 4)?),
        sessions: u32::try_from(sessions).unwrap_or(u32::MAX),
    })
}

impl UserReads for Session<'_> {
    fn by_name(&self, username: &str) -> Result<Option<UserRow>, StoreError> {
        self.query_opt(
            "SELECT id, username, password_hash, role FROM users WHERE username = $1",
            &[&username],
        )?
        .map(|r| user(&r))
        .transpose()
    }

    /// By id, else by username.
    fn by_ref(&self, id_or_name: &str) -> Result<Option<UserRow>, StoreError> {
        self.query_opt(
            "SELECT id, username, password_hash, role FROM users \
             WHERE id = $1 OR username = $1 ORDER BY id = $1 DESC LIMIT 1",
            &[&id_or_name],
        )?
        .map(|r| user(&r))
        .transpose()
    }

    /// Every user with the number of its sessions live at `now`.
    fn list(&self, now: Timestamp) -> Result<Vec<UserInfo>, StoreError> {
        self.query(
            "SELECT u.id, u.username, u.role, u.created_at, u.updated_at, \
                    (SELECT count(*) FROM sessions s \
                      WHERE s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > $1) \
             FROM users u ORDER BY u.username",
            &[&to_micros(now)],
        )?
        .iter()
        .map(info)
        .collect()
    }

    fn count(&self) -> Result<i64, StoreError> {
        col(&self.query_one("SELECT count(*) FROM users", &[])?, 0)
    }

    fn admin_count(&self) -> Result<i64, StoreError> {
        col(
            &self.query_one("SELECT count(*) FROM users WHERE role = 'admin'", &[])?,
            0,
        )
    }
}

impl UserWrites for Session<'_> {
    fn insert(
        &self,
        id: &str,
        username: &str,
        password_hash: &str,
        role: UserRole,
    ) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO users (id, username, password_hash, role, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5)",
            &[
                &id,
                &username,
                &password_hash,
                &role.as_str(),
                &to_micros(self.now()),
            ],
        )?;
        Ok(())
    }

    fn set_role(&self, id: &str, role: UserRole) -> Result<bool, StoreError> {
        Ok(self.execute(
            "UPDATE users SET role = $2, updated_at = $3 WHERE id = $1",
            &[&id, &role.as_str(), &to_micros(self.now())],
        )? == 1)
    }

    fn set_password(&self, id: &str, password_hash: &str) -> Result<bool, StoreError> {
        Ok(self.execute(
            "UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1",
            &[&id, &password_hash, &to_micros(self.now())],
        )? == 1)
    }

    /// Delete a user; its sessions go with it (ON DELETE CASCADE).
    fn delete(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.execute("DELETE FROM users WHERE id = $1", &[&id])? == 1)
    }
}

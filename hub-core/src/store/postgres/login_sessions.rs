//! SQL for users' login sessions. Session tokens arrive as SHA-256 hashes.

use m3shd_api::{Timestamp, UserRole};

use super::db::col;
use super::session::Session;
use super::users::user_role;
use crate::store::error::StoreError;
use crate::store::repos::{SessionReads, SessionRow, SessionWrites};
use crate::store::time::{from_micros, to_micros};

fn changed(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

impl SessionReads for Session<'_> {
    /// The role of the user behind session `id`, while the session is live
    /// at `now` (not logged out, not expired, its user not deleted).
    fn role(&self, id: &str, now: Timestamp) -> Result<Option<UserRole>, StoreError> {
        self.query_opt(
            "SELECT u.role FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2",
            &[&id, &to_micros(now)],
        )?
        .map(|r| user_role(col(&r, 0)?))
        .transpose()
    }

    /// The session with this hash if it is neither revoked nor expired at `now`.
    fn live(&self, hash: &str, now: Timestamp) -> Result<Option<SessionRow>, StoreError> {
        self.query_opt(
            "SELECT s.id, s.expires_at, u.id, u.username, u.role \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2",
            &[&hash, &to_micros(now)],
        )?
        .map(|r| {
            Ok(SessionRow {
                session_id: col(&r, 0)?,
                expires_at: from_micros(col(&r, 1)?),
                user_id: col(&r, 2)?,
                username: col(&r, 3)?,
                role: user_role(col(&r, 4)?)?,
            })
        })
        .transpose()
    }
}

impl SessionWrites for Session<'_> {
    fn insert(
        &self,
        id: &str,
        hash: &str,
        user_id: &str,
        created_at: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO sessions (id, hash, user_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &id,
                &hash,
                &user_id,
                &to_micros(created_at),
                &to_micros(expires_at),
            ],
        )?;
        Ok(())
    }

    fn revoke(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.execute(
            "UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
            &[&id, &to_micros(self.now())],
        )? == 1)
    }

    fn revoke_all_of(&self, user_id: &str) -> Result<usize, StoreError> {
        Ok(changed(self.execute(
            "UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
            &[&user_id, &to_micros(self.now())],
        )?))
    }

    /// Forget sessions that expired or were revoked before `before`.
    fn purge(&self, before: Timestamp) -> Result<usize, StoreError> {
        Ok(changed(self.execute(
            "DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1",
            &[&to_micros(before)],
        )?))
    }
}

//! SQL for agent tokens. Secrets arrive already hashed; this module never
//! sees a token.

use m3shd_api::{Role, TokenInfo};
use tokio_postgres::Row;

use super::db::col;
use super::grants::{permissions, role};
use super::session::Session;
use crate::store::error::StoreError;
use crate::store::repos::{AgentTokenReads, AgentTokenWrites};
use crate::store::time::{from_micros, to_micros};

const COLS: &str =
    "id, agent_id, role, permissions, created_at, created_by, last_used_at, revoked_at";

fn token(r: &Row) -> Result<TokenInfo, StoreError> {
    Ok(TokenInfo {
        id: col(r, 0)?,
        agent_id: col(r, 1)?,
        role: role(r, 2)?,
        permissions: permissions(r, 3)?,
        created_at: from_micros(col(r, 4)?),
        created_by: col(r, 5)?,
        last_used_at: col::<Option<i64>>(r, 6)?.map(from_micros),
        revoked_at: col::<Option<i64>>(r, 7)?.map(from_micros),
    })
}

impl AgentTokenReads for Session<'_> {
    /// The live (not revoked) token with this hash.
    fn by_hash(&self, hash: &str) -> Result<Option<TokenInfo>, StoreError> {
        self.query_opt(
            &format!("SELECT {COLS} FROM agent_tokens WHERE hash = $1 AND revoked_at IS NULL"),
            &[&hash],
        )?
        .map(|r| token(&r))
        .transpose()
    }

    fn list(&self) -> Result<Vec<TokenInfo>, StoreError> {
        self.query(
            &format!("SELECT {COLS} FROM agent_tokens ORDER BY created_at, id"),
            &[],
        )?
        .iter()
        .map(token)
        .collect()
    }

    /// Whether the token `id` exists and is not revoked.
    fn live(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .query_opt(
                "SELECT 1 FROM agent_tokens WHERE id = $1 AND revoked_at IS NULL",
                &[&id],
            )?
            .is_some())
    }

    fn exists(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .query_opt("SELECT 1 FROM agent_tokens WHERE id = $1", &[&id])?
            .is_some())
    }

    /// Whether `agent` already has a live token (a join may not take over an
    /// enrolled agent's identity).
    fn any_live_for(&self, agent: &str) -> Result<bool, StoreError> {
        Ok(self
            .query_opt(
                "SELECT 1 FROM agent_tokens WHERE agent_id = $1 AND revoked_at IS NULL LIMIT 1",
                &[&agent],
            )?
            .is_some())
    }
}

impl AgentTokenWrites for Session<'_> {
    fn insert(&self, hash: &str, t: &TokenInfo) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO agent_tokens \
               (id, hash, agent_id, role, permissions, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                &t.id,
                &hash,
                &t.agent_id,
                &t.role.map(Role::as_str),
                &t.permissions.to_csv(),
                &to_micros(t.created_at),
                &t.created_by,
            ],
        )?;
        Ok(())
    }

    /// Revoke by id; false when there is no such live token.
    fn revoke(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.execute(
            "UPDATE agent_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
            &[&id, &to_micros(self.now())],
        )? == 1)
    }

    fn touch(&self, id: &str) -> Result<(), StoreError> {
        self.execute(
            "UPDATE agent_tokens SET last_used_at = $2 WHERE id = $1",
            &[&id, &to_micros(self.now())],
        )?;
        Ok(())
    }
}

//! Agent tokens and enrolment join keys: minting, listing, revoking, joining,
//! and resolving a presented token to a `Principal`.

use std::time::Duration;

use m3shd_api::{
    AGENT_TOKEN_PREFIX, AgentId, CreateJoinKeyRequest, CreateTokenRequest, CreatedJoinKey,
    CreatedToken, Grant, JOIN_KEY_PREFIX, JoinKeyInfo, PermissionSet, TokenInfo, ids,
};

use super::identity::{Principal, new_credential_id, new_secret, secret_hash};
use super::{DomainError, Hub, shift};
use crate::store::StoreError;

/// A join key lives a day unless asked otherwise.
pub const DEFAULT_JOIN_KEY_TTL: Duration = Duration::from_secs(24 * 3600);
/// The longest a join key may live: enrolment secrets should be short-lived.
pub const MAX_JOIN_KEY_TTL: Duration = Duration::from_secs(30 * 24 * 3600);
pub const MAX_JOIN_KEY_USES: u32 = 1000;

/// A credential may grant only what its minter holds.
pub fn check_grantable(minter: &Principal, wanted: PermissionSet) -> Result<(), DomainError> {
    let held = minter.permissions();
    if held.covers(wanted) {
        return Ok(());
    }
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|p| !held.contains(*p))
        .map(|p| p.as_str())
        .collect();
    Err(DomainError::Forbidden(format!(
        "cannot grant permissions you do not hold: {}",
        missing.join(", ")
    )))
}

fn check_agent_id(id: &str) -> Result<(), DomainError> {
    if ids::is_valid_id(id) {
        Ok(())
    } else {
        Err(DomainError::Validation(format!(
            "agent_id `{}` must be 1-64 characters of [a-z0-9-]",
            id.escape_debug()
        )))
    }
}

impl Hub {
    /// Mint an agent token; the secret is in the answer and nowhere else.
    pub async fn create_agent_token(
        &self,
        req: CreateTokenRequest,
        minter: &Principal,
    ) -> Result<CreatedToken, DomainError> {
        check_agent_id(&req.agent_id)?;
        let grant = Grant {
            role: req.role,
            permissions: req.permissions,
        };
        let permissions = grant.resolve();
        check_grantable(minter, permissions)?;
        let by = minter.label();
        self.write(move |cx| {
            let token = new_secret(AGENT_TOKEN_PREFIX);
            let info = TokenInfo {
                id: new_credential_id("tok-"),
                agent_id: req.agent_id,
                role: req.role,
                permissions,
                created_at: cx.tx.now(),
                created_by: by,
                last_used_at: None,
                revoked_at: None,
            };
            cx.tx.agent_tokens().insert(&secret_hash(&token), &info)?;
            Ok(CreatedToken { token, info })
        })
        .await
    }

    pub fn agent_tokens(&self) -> Result<Vec<TokenInfo>, DomainError> {
        self.read(|r| Ok(r.agent_tokens().list()?))
    }

    /// Revoke a token: the next request presenting it is refused.
    pub async fn revoke_agent_token(&self, id: &str) -> Result<(), DomainError> {
        let id = id.to_string();
        let revoked = self
            .write(move |cx| {
                if cx.tx.agent_tokens().revoke(&id)? {
                    Ok(())
                } else if cx.tx.agent_tokens().exists(&id)? {
                    Err(DomainError::Conflict(format!(
                        "token {id} is already revoked"
                    )))
                } else {
                    Err(DomainError::NotFound(format!("no token {id}")))
                }
            })
            .await;
        // After the commit: a lookup from before it cannot re-add the token.
        self.agent_tokens_seen.clear();
        revoked
    }

    pub async fn create_join_key(
        &self,
        req: CreateJoinKeyRequest,
        minter: &Principal,
    ) -> Result<CreatedJoinKey, DomainError> {
        let grant = Grant {
            role: req.role,
            permissions: req.permissions,
        };
        let permissions = grant.resolve();
        check_grantable(minter, permissions)?;
        let ttl = req
            .expires_in_secs
            .map(Duration::from_secs)
            .unwrap_or(DEFAULT_JOIN_KEY_TTL);
        if ttl.is_zero() || ttl > MAX_JOIN_KEY_TTL {
            return Err(DomainError::Validation(format!(
                "expires_in_secs must be between 1 and {}",
                MAX_JOIN_KEY_TTL.as_secs()
            )));
        }
        let uses = req.uses.unwrap_or(1);
        if uses == 0 || uses > MAX_JOIN_KEY_USES {
            return Err(DomainError::Validation(format!(
                "uses must be between 1 and {MAX_JOIN_KEY_USES}"
            )));
        }
        let by = minter.label();
        self.write(move |cx| {
            let key = new_secret(JOIN_KEY_PREFIX);
            let now = cx.tx.now();
            let info = JoinKeyInfo {
                id: new_credential_id("join-"),
                role: req.role,
                permissions,
                expires_at: shift(now, ttl, true),
                uses_left: uses,
                created_at: now,
                created_by: by,
                revoked_at: None,
            };
            cx.tx.join_keys().insert(&secret_hash(&key), &info)?;
            Ok(CreatedJoinKey { key, info })
        })
        .await
    }

    pub fn join_keys(&self) -> Result<Vec<JoinKeyInfo>, DomainError> {
        self.read(|r| Ok(r.join_keys().list()?))
    }

    pub async fn revoke_join_key(&self, id: &str) -> Result<(), DomainError> {
        let id = id.to_string();
        self.write(move |cx| {
            if cx.tx.join_keys().revoke(&id)? {
                Ok(())
            } else {
                Err(DomainError::NotFound(format!("no live join key {id}")))
            }
        })
        .await
    }

    /// Exchange one use of a join key for an agent token of its grant.
    /// An agent id that already holds a live token cannot be joined again
    /// (that would let a join key holder act as an enrolled agent).
    pub async fn join(&self, join_key: &str, agent_id: &str) -> Result<CreatedToken, DomainError> {
        check_agent_id(agent_id)?;
        let hash = secret_hash(join_key);
        let agent_id = agent_id.to_string();
        self.write(move |cx| {
            let now = cx.tx.now();
            let key = cx
                .tx
                .join_keys().usable(&hash, now)?
                .ok_or_else(|| DomainError::Forbidden("the join key is used up, expired or revoked".into()))?;
            if cx.tx.agent_tokens().any_live_for(&agent_id)? {
                return Err(DomainError::Conflict(format!(
                    "agent {agent_id} is already enrolled; revoke its token first or pick another id"
                )));
            }
            if !cx.tx.join_keys().take_use(&key.id)? {
                return Err(DomainError::Forbidden("the join key is used up".into()));
            }
            let token = new_secret(AGENT_TOKEN_PREFIX);
            let info = TokenInfo {
                id: new_credential_id("tok-"),
                agent_id,
                role: key.role,
                permissions: key.permissions,
                created_at: now,
                created_by: format!("join:{}", key.id),
                last_used_at: None,
                revoked_at: None,
            };
            cx.tx.agent_tokens().insert(&secret_hash(&token), &info)?;
            Ok(CreatedToken { token, info })
        })
        .await
    }

    /// The principal an agent token or join key belongs to, and whether its
    /// use should be recorded; None when the secret is unknown, revoked or
    /// expired. A join key its holder can no longer use says why: the
    /// holder has the secret, so that tells them nothing new.
    pub fn resolve_credential(
        &self,
        secret: &str,
    ) -> Result<Option<(Principal, bool)>, DomainError> {
        if secret.starts_with(AGENT_TOKEN_PREFIX) {
            let hash = secret_hash(secret);
            let t = match self.agent_tokens_seen.get(&hash) {
                Some(t) => t,
                None => {
                    let generation = self.agent_tokens_seen.generation();
                    let Some(t) = self.store.read(|r| r.agent_tokens().by_hash(&hash))? else {
                        return Ok(None);
                    };
                    self.agent_tokens_seen
                        .put(hash.clone(), t.clone(), generation);
                    t
                }
            };
            let now = self.clock.now();
            let stale = t
                .last_used_at
                .is_none_or(|u| now.signed_duration_since(u) >= TOKEN_USE_RESOLUTION);
            if stale {
                // The caller records this use; later requests need not.
                self.agent_tokens_seen.touch(&hash, now);
            }
            // Checked when the token was made: another value is a corrupt row.
            let agent_id = AgentId::parse(&t.agent_id)
                .map_err(|e| StoreError::Corrupt(format!("agent token {}: {e}", t.id)))?;
            return Ok(Some((
                Principal::Agent {
                    token_id: t.id,
                    agent_id,
                    permissions: t.permissions,
                },
                stale,
            )));
        }
        if secret.starts_with(JOIN_KEY_PREFIX) {
            let hash = secret_hash(secret);
            let Some(key) = self.store.read(|r| r.join_keys().by_hash(&hash))? else {
                return Ok(None);
            };
            if let Some(why) = join_key_unusable(&key, self.clock.now()) {
                return Err(DomainError::Unauthorized(format!(
                    "this join key {why}; ask an admin for a new one (`m3shd join-key create`)"
                )));
            }
            return Ok(Some((Principal::JoinKey { key_id: key.id }, false)));
        }
        Ok(None)
    }
}

/// Why a join key cannot be used at `now`, if it cannot.
fn join_key_unusable(key: &JoinKeyInfo, now: m3shd_api::Timestamp) -> Option<&'static str> {
    if key.revoked_at.is_some() {
        Some("was revoked")
    } else if key.uses_left == 0 {
        Some("is used up")
    } else if key.expires_at <= now {
        Some("has expired")
    } else {
        None
    }
}

impl Hub {
    /// Record that a token was used.
    pub async fn note_token_use(&self, id: &str) -> Result<(), DomainError> {
        let id = id.to_string();
        self.write(move |cx| Ok(cx.tx.agent_tokens().touch(&id)?))
            .await
    }
}

/// `last_used_at` is kept to a minute, so authentication adds no write to
/// most requests.
const TOKEN_USE_RESOLUTION: chrono::Duration = chrono::Duration::minutes(1);

#[cfg(test)]
mod tests {
    use super::*;
    use m3shd_api::{Permission, Role};

    #[test]
    fn nobody_grants_what_they_do_not_hold() {
        let worker = Principal::Agent {
            token_id: "t".into(),
            agent_id: AgentId::parse("a").unwrap(),
            permissions: Role::Worker.permissions(),
        };
        assert!(check_grantable(&worker, Role::Mobile.permissions()).is_ok());
        let err = check_grantable(&worker, Role::Admin.permissions()).unwrap_err();
        assert!(err.to_string().contains("admin:tokens"), "{err}");
        assert!(check_grantable(&Principal::Master, Role::Admin.permissions()).is_ok());
        assert!(
            check_grantable(&worker, PermissionSet::from_slice(&[Permission::TasksRead])).is_ok()
        );
    }
}

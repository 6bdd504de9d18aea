//! Who a request comes from, once its bearer token has been resolved, and
//! the shape of the secrets the hub hands out.

use m3shd_api::{AgentId, Permission, PermissionSet, Timestamp, UserRole};
use rand::Rng;
use sha2::{Digest, Sha256};

/// An authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// The master token: every permission, mints the others.
    Master,
    /// An agent token: acts only as `agent_id`.
    Agent {
        token_id: String,
        agent_id: AgentId,
        permissions: PermissionSet,
    },
    /// A user's login session.
    User {
        user_id: String,
        username: String,
        role: UserRole,
        session_id: String,
        expires_at: Timestamp,
    },
    /// A third-party API key.
    ApiKey {
        key_id: String,
        name: String,
        permissions: PermissionSet,
    },
    /// An enrolment join key: good for `POST /api/join` only.
    JoinKey { key_id: String },
}

impl Principal {
    pub fn permissions(&self) -> PermissionSet {
        match self {
            Principal::Master => PermissionSet::all(),
            Principal::Agent { permissions, .. } | Principal::ApiKey { permissions, .. } => {
                *permissions
            }
            Principal::User { role, .. } => role.permissions(),
            Principal::JoinKey { .. } => PermissionSet::EMPTY,
        }
    }

    pub fn has(&self, p: Permission) -> bool {
        self.permissions().contains(p)
    }

    /// The agent this principal is bound to, if it is an agent token.
    pub fn agent(&self) -> Option<&str> {
        match self {
            Principal::Agent { agent_id, .. } => Some(agent_id.as_str()),
            _ => None,
        }
    }

    /// `master`, `agent`, `user`, `api_key` or `join_key`.
    pub fn kind(&self) -> &'static str {
        match self {
            Principal::Master => "master",
            Principal::Agent { .. } => "agent",
            Principal::User { .. } => "user",
            Principal::ApiKey { .. } => "api_key",
            Principal::JoinKey { .. } => "join_key",
        }
    }

    /// Who to record as the author of a change or an audit entry.
    pub fn label(&self) -> String {
        match self {
            Principal::Master => "operator".into(),
            Principal::Agent { agent_id, .. } => agent_id.to_string(),
            Principal::User { username, .. } => format!("user:{username}"),
            Principal::ApiKey { name, .. } => format!("key:{name}"),
            Principal::JoinKey { key_id } => format!("join:{key_id}"),
        }
    }

    /// The `sender_type` of the messages this principal posts: `agent`,
    /// `user`, `key` or `operator` (the master token).
    pub fn sender_type(&self) -> &'static str {
        match self {
            Principal::Master => "operator",
            Principal::Agent { .. } => "agent",
            Principal::User { .. } => "user",
            Principal::ApiKey { .. } => "key",
            Principal::JoinKey { .. } => "join_key",
        }
    }

    /// Agent id, username or key name.
    pub fn name(&self) -> String {
        match self {
            Principal::Master => "operator".into(),
            Principal::Agent { agent_id, .. } => agent_id.to_string(),
            Principal::User { username, .. } => username.clone(),
            Principal::ApiKey { name, .. } => name.clone(),
            Principal::JoinKey { key_id } => key_id.clone(),
        }
    }
}

/// A new secret: `prefix` + 256 random bits in hex.
pub fn new_secret(prefix: &str) -> String {
    let bytes: [u8; 32] = rand::rng().random();
    format!("{prefix}{}", hex::encode(bytes))
}

/// A short public id for a credential (never derived from its secret).
pub fn new_credential_id(prefix: &str) -> String {
    let bytes: [u8; 6] = rand::rng().random();
    format!("{prefix}{}", hex::encode(bytes))
}

/// How secrets are stored and looked up: they carry 256 random bits, so a
/// fast hash suffices (passwords, which do not, use argon2id instead). The
/// lookup compares hashes, so timing reveals nothing about the secret.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

impl super::Hub {
    /// Whether a principal authenticated earlier still holds `perm` now: its
    /// credential not revoked, logged out or expired, its user neither
    /// deleted nor demoted below `perm`. Read by id (no hashing, no request
    /// metering of API keys), so a long-lived response can ask often.
    pub fn still_holds(
        &self,
        principal: &Principal,
        perm: Permission,
    ) -> Result<bool, super::DomainError> {
        let now = self.clock.now();
        self.read(|r| {
            Ok(match principal {
                Principal::Master => true,
                Principal::Agent {
                    token_id,
                    permissions,
                    ..
                } => permissions.contains(perm) && r.agent_tokens().live(token_id)?,
                Principal::ApiKey {
                    key_id,
                    permissions,
                    ..
                } => permissions.contains(perm) && r.api_keys().live(key_id)?,
                Principal::User { session_id, .. } => r
                    .sessions()
                    .role(session_id, now)?
                    .is_some_and(|role| role.permissions().contains(perm)),
                Principal::JoinKey { .. } => false,
            })
        })
    }
}

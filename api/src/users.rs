//! Wire types of user accounts, login sessions and third-party API keys
//! (ARCHITECTURE.md, "Security model").

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{PermissionSet, Role, Timestamp, UserRole};

/// Shorter passwords are refused (NIST SP 800-63B asks for at least 8; an
/// operator account that can run code on every machine deserves more).
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longer ones too: argon2 hashes any length, but a megabyte "password" is
/// an attempt to make the hub work, not a password.
pub const MAX_PASSWORD_BYTES: usize = 1024;
pub const MAX_USERNAME_LEN: usize = 32;
/// User ids start with this; usernames may not, so `PUT
/// /api/admin/users/{id}` can take either without ambiguity.
pub const USER_ID_PREFIX: &str = "usr-";

/// `[a-z0-9_.-]`, 1–32 characters, starting with a letter or digit and not
/// with `usr-`.
pub fn check_username(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= MAX_USERNAME_LEN
        && name.as_bytes()[0].is_ascii_alphanumeric()
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
        });
    if !ok {
        return Err(format!(
            "username `{}` must be 1-{MAX_USERNAME_LEN} characters of [a-z0-9_.-], starting with a letter or digit",
            name.escape_debug()
        ));
    }
    if name.starts_with(USER_ID_PREFIX) {
        return Err(format!(
            "usernames may not start with `{USER_ID_PREFIX}` (that is how user ids look)"
        ));
    }
    Ok(())
}

/// At least [`MIN_PASSWORD_CHARS`] characters, at most
/// [`MAX_PASSWORD_BYTES`] bytes. The message never repeats the password.
pub fn check_password(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(format!(
            "the password must be at least {MIN_PASSWORD_CHARS} characters"
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(format!(
            "the password must be at most {MAX_PASSWORD_BYTES} bytes"
        ));
    }
    Ok(())
}

/// A password on its way in: never printed by `Debug`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Password(pub String);

impl Password {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

impl From<&str> for Password {
    fn from(s: &str) -> Password {
        Password(s.to_string())
    }
}

/// A user account as listed: never its password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UserInfo {
    pub id: String,
    pub username: String,
    pub role: UserRole,
    /// What the role grants.
    pub permissions: PermissionSet,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Live (unexpired, unrevoked) login sessions.
    #[serde(default)]
    pub sessions: u32,
}

/// `GET /api/admin/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UserList {
    pub users: Vec<UserInfo>,
}

/// `POST /api/admin/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    pub username: String,
    pub password: Password,
    pub role: UserRole,
}

/// `PUT /api/admin/users/{id}`: a new role, a new password, or both. A new
/// password ends the user's sessions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<UserRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<Password>,
}

/// `POST /api/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: Password,
}

/// The answer to a login: the session token, shown this once.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LoginResponse {
    /// `m3shd_ses_…`: use it as the bearer token until `expires_at`.
    pub token: String,
    pub expires_at: Timestamp,
    pub username: String,
    pub role: UserRole,
    pub permissions: PermissionSet,
}

impl fmt::Debug for LoginResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginResponse")
            .field("token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .field("username", &self.username)
            .field("role", &self.role)
            .finish()
    }
}

/// A third-party API key as listed: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApiKeyInfo {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    pub permissions: PermissionSet,
    pub rate_limit_per_minute: u32,
    pub daily_cap: u32,
    /// Requests today (UTC), including those not yet written to disk.
    pub usage_today: u64,
    pub usage_total: u64,
    #[serde(default)]
    pub last_used_at: Option<Timestamp>,
    pub created_at: Timestamp,
    #[serde(default)]
    pub created_by: String,
    #[serde(default)]
    pub revoked_at: Option<Timestamp>,
}

/// `POST /api/admin/keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateApiKeyRequest {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<PermissionSet>,
    pub rate_limit_per_minute: u32,
    pub daily_cap: u32,
}

/// The answer to a key creation: the secret, shown this once.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CreatedApiKey {
    pub key: String,
    #[serde(flatten)]
    pub info: ApiKeyInfo,
}

impl fmt::Debug for CreatedApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreatedApiKey")
            .field("key", &"<redacted>")
            .field("info", &self.info)
            .finish()
    }
}

/// `GET /api/admin/keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApiKeyList {
    pub keys: Vec<ApiKeyInfo>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_follow_the_rules() {
        for ok in ["alice", "a", "ops-1", "j.doe", "9lives", "x_y"] {
            assert!(check_username(ok).is_ok(), "{ok}");
        }
        let long = "a".repeat(MAX_USERNAME_LEN + 1);
        for bad in [
            "",
            "Alice",
            "-x",
            ".x",
            "a b",
            "usr-0123",
            "ä",
            long.as_str(),
        ] {
            assert!(check_username(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn passwords_have_a_floor_and_a_ceiling_and_are_never_echoed() {
        assert!(check_password("eleven char").is_err());
        assert!(check_password("twelve chars").is_ok());
        // Characters, not bytes: twelve two-byte characters are enough.
        assert!(check_password(&"é".repeat(12)).is_ok());
        let huge = "x".repeat(MAX_PASSWORD_BYTES + 1);
        let err = check_password(&huge).unwrap_err();
        assert!(!err.contains("xxxx"));
        let req = LoginRequest {
            username: "alice".into(),
            password: "hunter2hunter2".into(),
        };
        assert!(!format!("{req:?}").contains("hunter2"));
    }
}

//! User accounts (admin / user / viewer) and their login sessions.
//!
//! A session token is 256 fresh random bits per login, never derived from
//! the password or another token; the hub keeps only its SHA-256. Passwords
//! are kept as argon2id hashes (see `password`).

use std::time::Duration;

use m3shd_api::{
    CreateUserRequest, LoginResponse, Password, SESSION_TOKEN_PREFIX, UpdateUserRequest, UserInfo,
    UserRole, check_password, check_username,
};

use super::credentials::check_grantable;
use super::identity::{Principal, new_credential_id, new_secret, secret_hash};
use super::{DomainError, Hub, password, shift};
use crate::store::{StoreError, UserRow};

/// Sessions last a day unless the hub is configured otherwise.
pub const DEFAULT_SESSION_TTL: Duration = Duration::from_secs(24 * 3600);
pub const MIN_SESSION_TTL: Duration = Duration::from_secs(60);
pub const MAX_SESSION_TTL: Duration = Duration::from_secs(30 * 24 * 3600);

/// One answer for an unknown user and a wrong password: which of the two it
/// was would tell a guesser which usernames exist.
pub const BAD_LOGIN: &str = "wrong username or password";

fn validation(e: String) -> DomainError {
    DomainError::Validation(e)
}

impl Hub {
    /// Run argon2 off the async workers (it takes tens of milliseconds of
    /// CPU) in one of the hub's hashing slots.
    async fn hash_password(&self, password: &Password) -> Result<String, DomainError> {
        check_password(password.expose()).map_err(validation)?;
        let pw = password.clone();
        self.hashing
            .run(move || password::hash(pw.expose()))
            .await?
    }

    fn user_info(&self, id: &str) -> Result<UserInfo, DomainError> {
        let now = self.clock.now();
        self.read(|r| Ok(r.users().list(now)?))?
            .into_iter()
            .find(|u| u.id == id)
            .ok_or_else(|| DomainError::NotFound(format!("no user {id}")))
    }

    fn find_user(&self, id_or_name: &str) -> Result<UserRow, DomainError> {
        self.read(|r| Ok(r.users().by_ref(id_or_name)?))?
            .ok_or_else(|| DomainError::NotFound(format!("no user {}", id_or_name.escape_debug())))
    }

    /// Create a user. Whoever creates it must hold every permission its
    /// role grants (an admin:users holder short of admin cannot mint admins).
    pub async fn create_user(
        &self,
        req: CreateUserRequest,
        by: &Principal,
    ) -> Result<UserInfo, DomainError> {
        check_username(&req.username).map_err(validation)?;
        check_grantable(by, req.role.permissions())?;
        let hash = self.hash_password(&req.password).await?;
        let id = new_credential_id(m3shd_api::USER_ID_PREFIX);
        let username = req.username.clone();
        let role = req.role;
        let uid = id.clone();
        self.write(
            move |cx| match cx.tx.users().insert(&uid, &username, &hash, role) {
                Err(StoreError::Duplicate(_)) => Err(DomainError::Conflict(format!(
                    "a user named {username} already exists"
                ))),
                other => Ok(other?),
            },
        )
        .await?;
        self.user_info(&id)
    }

    pub fn users(&self) -> Result<Vec<UserInfo>, DomainError> {
        let now = self.clock.now();
        self.read(|r| Ok(r.users().list(now)?))
    }

    /// Change a user's role and/or password. A new password ends every
    /// session the user has; a new role applies to them at once (a session
    /// takes its permissions from the account on every request).
    pub async fn update_user(
        &self,
        id_or_name: &str,
        req: UpdateUserRequest,
        by: &Principal,
    ) -> Result<UserInfo, DomainError> {
        if req.role.is_none() && req.password.is_none() {
            return Err(validation("give a role, a password or both".into()));
        }
        let user = self.find_user(id_or_name)?;
        if let Some(role) = req.role {
            check_grantable(by, role.permissions())?;
            // Demoting someone means holding what they have now.
            check_grantable(by, user.role.permissions())?;
        }
        let hash = match &req.password {
            Some(p) => Some(self.hash_password(p).await?),
            None => None,
        };
        let id = user.id.clone();
        let role = req.role;
        self.write(move |cx| {
            let current = cx
                .tx
                .users()
                .by_ref(&id)?
                .ok_or_else(|| DomainError::NotFound(format!("no user {id}")))?;
            if let Some(role) = role {
                if current.role == UserRole::Admin
                    && role != UserRole::Admin
                    && cx.tx.users().admin_count()? <= 1
                {
                    return Err(last_admin(&current.username));
                }
                cx.tx.users().set_role(&id, role)?;
            }
            if let Some(hash) = &hash {
                cx.tx.users().set_password(&id, hash)?;
                cx.tx.sessions().revoke_all_of(&id)?;
            }
            Ok(())
        })
        .await?;
        self.user_info(&user.id)
    }

    /// Delete a user; its sessions end with it.
    pub async fn delete_user(&self, id_or_name: &str, by: &Principal) -> Result<(), DomainError> {
        let user = self.find_user(id_or_name)?;
        check_grantable(by, user.role.permissions())?;
        let id = user.id;
        self.write(move |cx| {
            let current = cx
                .tx
                .users()
                .by_ref(&id)?
                .ok_or_else(|| DomainError::NotFound(format!("no user {id}")))?;
            if current.role == UserRole::Admin && cx.tx.users().admin_count()? <= 1 {
                return Err(last_admin(&current.username));
            }
            cx.tx.sessions().revoke_all_of(&id)?;
            cx.tx.users().delete(&id)?;
            Ok(())
        })
        .await
    }

    /// Check a password and open a session. An unknown user costs the same
    /// argon2 verification as a known one and gets the same answer.
    pub async fn login(
        &self,
        username: &str,
        password: &Password,
    ) -> Result<LoginResponse, DomainError> {
        if password.expose().len() > m3shd_api::MAX_PASSWORD_BYTES {
            return Err(DomainError::Unauthorized(BAD_LOGIN.into()));
        }
        let user = if check_username(username).is_ok() {
            self.read(|r| Ok(r.users().by_name(username)?))?
        } else {
            None
        };
        let stored = user.as_ref().map(|u| u.password_hash.clone());
        let pw = password.clone();
        let matched = self
            .hashing
            .run(move || {
                let phc = stored.as_deref().unwrap_or_else(|| password::decoy());
                password::verify(pw.expose(), phc) && stored.is_some()
            })
            .await?;
        let Some(user) = user.filter(|_| matched) else {
            return Err(DomainError::Unauthorized(BAD_LOGIN.into()));
        };
        let now = self.clock.now();
        let expires_at = shift(now, self.session_ttl, true);
        let token = new_secret(SESSION_TOKEN_PREFIX);
        let hash = secret_hash(&token);
        let user_id = user.id.clone();
        let role = self
            .write(move |cx| {
                // Deleted between the check and now: no session.
                let current = cx
                    .tx
                    .users()
                    .by_ref(&user_id)?
                    .ok_or_else(|| DomainError::Unauthorized(BAD_LOGIN.into()))?;
                let id = new_credential_id("ses-");
                cx.tx
                    .sessions()
                    .insert(&id, &hash, &user_id, now, expires_at)?;
                Ok(current.role)
            })
            .await?;
        Ok(LoginResponse {
            token,
            expires_at,
            username: user.username,
            role,
            permissions: role.permissions(),
        })
    }

    /// End one session.
    pub async fn logout(&self, session_id: &str) -> Result<(), DomainError> {
        let id = session_id.to_string();
        self.write(move |cx| {
            if cx.tx.sessions().revoke(&id)? {
                Ok(())
            } else {
                Err(DomainError::NotFound(format!("no live session {id}")))
            }
        })
        .await
    }

    /// The user behind a live session token; None when the token is
    /// unknown, revoked or expired by the hub's clock.
    pub fn resolve_session(&self, token: &str) -> Result<Option<Principal>, StoreError> {
        let hash = secret_hash(token);
        let now = self.clock.now();
        let row = self.store.read(|r| r.sessions().live(&hash, now))?;
        Ok(row.map(|s| Principal::User {
            user_id: s.user_id,
            username: s.username,
            role: s.role,
            session_id: s.session_id,
            expires_at: s.expires_at,
        }))
    }

    /// Create the first admin, once: when any user exists this does nothing
    /// and returns None (the password is then not even asked for).
    pub async fn init_admin(
        &self,
        username: &str,
        password: impl FnOnce() -> Result<Password, String>,
    ) -> Result<Option<UserInfo>, DomainError> {
        check_username(username).map_err(validation)?;
        if self.read(|r| Ok(r.users().count()?))? > 0 {
            return Ok(None);
        }
        let password = password().map_err(validation)?;
        let req = CreateUserRequest {
            username: username.to_string(),
            password,
            role: UserRole::Admin,
        };
        self.create_user(req, &Principal::Master).await.map(Some)
    }

    /// Forget sessions that ended more than a day ago.
    pub async fn purge_sessions(&self) -> Result<usize, DomainError> {
        let before = shift(self.clock.now(), Duration::from_secs(24 * 3600), false);
        self.write(move |cx| Ok(cx.tx.sessions().purge(before)?))
            .await
    }
}

fn last_admin(username: &str) -> DomainError {
    DomainError::Conflict(format!(
        "{username} is the last admin; make another user admin first"
    ))
}

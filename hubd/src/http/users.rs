//! User administration, login and logout.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use m3shd_api::{
    CreateUserRequest, ErrorCode, LoginRequest, LoginResponse, UpdateUserRequest, UserInfo,
    UserList,
};

use m3shd_hub_core::domain::DomainError;
use m3shd_hub_core::domain::identity::Principal;

use super::auth::Caller;
use super::client_ip::ClientIp;
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath};
use super::state::AppState;

/// Log in, within the login limits (see [`super::login_limit`]).
pub async fn login(
    State(s): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    Ok(Json(check_login(&s, ip, &req).await?))
}

/// A login by name and password, counted by the login limits: the session
/// it opens (`POST /api/login`, and the browser's cookie login).
pub(super) async fn check_login(
    s: &AppState,
    ip: std::net::IpAddr,
    req: &LoginRequest,
) -> Result<LoginResponse, ApiError> {
    let attempt = s
        .login_limiter
        .begin(ip, &req.username, s.hub.now())
        .map_err(|refused| {
            tracing::warn!(%ip, "login refused: {}", refused.message());
            ApiError::rate_limited(refused.message(), refused.retry_after())
        })?;
    match s.hub.login(&req.username, &req.password).await {
        Ok(session) => {
            s.login_limiter.succeeded(attempt);
            tracing::info!(user = %session.username, %ip, "login");
            Ok(session)
        }
        Err(DomainError::Unauthorized(message)) => {
            s.login_limiter.failed(attempt);
            s.hub.record_login_failure(&ip.to_string(), &req.username);
            // Not the username: people type passwords into it.
            tracing::warn!(%ip, "failed login");
            Err(ApiError::new(ErrorCode::Unauthorized, message))
        }
        Err(e) => {
            s.login_limiter.abandoned(attempt);
            Err(e.into())
        }
    }
}

/// End the caller's own session.
pub async fn logout(State(s): State<AppState>, caller: Caller) -> Result<StatusCode, ApiError> {
    let Principal::User {
        session_id,
        username,
        ..
    } = &caller.principal
    else {
        return Err(ApiError::bad_request(
            "this token is not a login session; revoke tokens and keys with their admin commands",
        ));
    };
    s.hub.logout(session_id).await?;
    tracing::info!(user = %username, "logout");
    Ok(StatusCode::NO_CONTENT)
}

pub async fn list(State(s): State<AppState>) -> Result<Json<UserList>, ApiError> {
    Ok(Json(UserList {
        users: s.hub.users()?,
    }))
}

pub async fn create(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<CreateUserRequest>,
) -> Result<(StatusCode, Json<UserInfo>), ApiError> {
    let user = s.hub.create_user(req, &caller.principal).await?;
    tracing::info!(id = %user.id, user = %user.username, role = user.role.as_str(), by = caller.label(), "user created");
    Ok((StatusCode::CREATED, Json(user)))
}

pub async fn update(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<UpdateUserRequest>,
) -> Result<Json<UserInfo>, ApiError> {
    let new_password = req.password.is_some();
    let user = s.hub.update_user(&id, req, &caller.principal).await?;
    tracing::info!(id = %user.id, role = user.role.as_str(), new_password, by = caller.label(), "user updated");
    Ok(Json(user))
}

pub async fn delete(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    s.hub.delete_user(&id, &caller.principal).await?;
    tracing::info!(user = %id, by = caller.label(), "user deleted");
    Ok(StatusCode::NO_CONTENT)
}

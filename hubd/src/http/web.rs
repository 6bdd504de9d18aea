//! The browser dashboard: its files, embedded in the binary, and the
//! cookie login. Pages get a CSP of their own that still allows no inline
//! script or style and no other origin; everything else keeps the API's
//! `default-src 'none'`.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use m3shd_api::{LoginRequest, WhoAmI};
use m3shd_hub_core::domain::identity::Principal;

use super::client_ip::ClientIp;
use super::error::ApiError;
use super::extract::{ApiJson, ApiPath};
use super::session_cookie::{new_csrf, over_tls, set_cookies};
use super::state::AppState;

/// Scripts, styles, images, the manifest and the service worker from this
/// origin only; no inline code; never framed.
pub const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub const INDEX_HTML: &str = include_str!("../../web/index.html");

/// The files under `/web/`: (name, content type, bytes).
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../web/app.js"),
    ),
    (
        "views.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../web/views.js"),
    ),
    (
        "charts.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../web/charts.js"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../../web/app.css"),
    ),
    (
        "icon.svg",
        "image/svg+xml",
        include_bytes!("../../web/icon.svg"),
    ),
    (
        "manifest.webmanifest",
        "application/manifest+json",
        include_bytes!("../../web/manifest.webmanifest"),
    ),
];

const SERVICE_WORKER: &[u8] = include_bytes!("../../web/sw.js");

/// A file of the dashboard with the page CSP. Revalidated on every load
/// (`no-cache`), so an upgraded hub serves its new files at once.
pub fn file(content_type: &'static str, body: &'static [u8]) -> Response {
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(PAGE_CSP),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}

pub async fn index() -> Response {
    file("text/html; charset=utf-8", INDEX_HTML.as_bytes())
}

pub async fn asset(ApiPath(name): ApiPath<String>) -> Result<Response, ApiError> {
    ASSETS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, ty, body)| file(ty, body))
        .ok_or_else(|| ApiError::not_found(format!("no dashboard file {name}")))
}

/// At the root so that its scope is the whole dashboard.
pub async fn service_worker() -> Response {
    file("text/javascript; charset=utf-8", SERVICE_WORKER)
}

/// Log in and get the session as an HttpOnly cookie (never in the body)
/// plus the CSRF cookie the page sends back in `X-CSRF-Token`.
pub async fn login(
    State(s): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<(HeaderMap, Json<WhoAmI>), ApiError> {
    let session = super::users::check_login(&s, ip, &req).await?;
    let max_age = (session.expires_at - s.hub.now()).num_seconds().max(1);
    let mut out = HeaderMap::new();
    for cookie in set_cookies(&session.token, &new_csrf(), max_age, over_tls(&headers)) {
        out.append(header::SET_COOKIE, cookie);
    }
    Ok((
        out,
        Json(WhoAmI {
            kind: "user".into(),
            name: session.username,
            permissions: session.permissions,
            expires_at: Some(session.expires_at),
        }),
    ))
}

/// End the session in the cookie, if any (the CSRF check applies: this
/// is a change), and clear both cookies. Public: a bearer caller has no
/// cookie to end, and a stale cookie is cleared all the same.
pub async fn logout(
    State(s): State<AppState>,
    headers: HeaderMap,
) -> Result<(StatusCode, HeaderMap), ApiError> {
    let session = match super::session_cookie::token(&axum::http::Method::POST, &headers)? {
        Some(token) => s.hub.resolve_session(token)?,
        None => None,
    };
    if let Some(Principal::User {
        session_id,
        username,
        ..
    }) = session
    {
        s.hub.logout(&session_id).await?;
        tracing::info!(user = %username, "logout");
    }
    let mut out = HeaderMap::new();
    for cookie in set_cookies("", "", 0, over_tls(&headers)) {
        out.append(header::SET_COOKIE, cookie);
    }
    Ok((StatusCode::NO_CONTENT, out))
}

//! Users, login sessions and the login rate limit, over real HTTP.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use m3shd_api::{Role, UserRole};
use m3shd_hubd::{InitAdmin, ManualClock};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::{Reply, TestHub};

/// A request with any bearer token (or none), from a chosen loopback
/// address (the login limit is per client address).
pub async fn call(
    hub: &TestHub,
    from: &str,
    token: Option<&str>,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Reply {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let ip: IpAddr = from.parse().expect("ip");
    let http = reqwest::Client::builder()
        .local_address(ip)
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client");
    let mut req = http.request(method, hub.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.expect("send");
    let status = resp.status();
    let headers = resp.headers().clone();
    let text = resp.text().await.expect("body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    Reply {
        status,
        headers,
        body,
    }
}

pub async fn as_token(
    hub: &TestHub,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Reply {
    call(hub, "127.0.0.1", Some(token), method, path, body).await
}

pub async fn add_user(hub: &TestHub, name: &str, password: &str, role: &str) -> Value {
    let r = hub
        .post(
            "/api/admin/users",
            json!({"username": name, "password": password, "role": role}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    r.body
}

async fn login_from(hub: &TestHub, from: &str, name: &str, password: &str) -> Reply {
    call(
        hub,
        from,
        None,
        Method::POST,
        "/api/login",
        Some(json!({"username": name, "password": password})),
    )
    .await
}

pub async fn login(hub: &TestHub, name: &str, password: &str) -> String {
    let r = login_from(hub, "127.0.0.1", name, password).await;
    assert_eq!(r.status, StatusCode::OK, "login {name}: {:?}", r.body);
    r.body["token"].as_str().expect("token").to_string()
}

fn perms(v: &Value) -> Vec<String> {
    serde_json::from_value(v.clone()).expect("permission list")
}

fn names(set: m3shd_api::PermissionSet) -> Vec<String> {
    set.iter().map(|p| p.as_str().to_string()).collect()
}

#[tokio::test]
async fn a_login_opens_a_random_session_that_acts_with_the_users_role() {
    let hub = TestHub::start().await;
    let alice = add_user(&hub, "alice", "alice-password-1", "user").await;
    assert_eq!(
        perms(&alice["permissions"]),
        names(Role::Commander.permissions())
    );
    assert!(alice.get("password").is_none() && alice.get("password_hash").is_none());

    let r = login_from(&hub, "127.0.0.1", "alice", "alice-password-1").await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let token = r.body["token"].as_str().unwrap().to_string();
    assert!(
        token.starts_with("m3shd_ses_") && token.len() == 10 + 64,
        "{token}"
    );
    assert_eq!(r.body["username"], "alice");
    assert_eq!(r.body["role"], "user");
    let expires: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(r.body["expires_at"].clone()).unwrap();
    let ttl = expires - chrono::Utc::now();
    assert!(
        ttl > chrono::Duration::hours(23) && ttl <= chrono::Duration::hours(24),
        "{ttl}"
    );

    // A second login is a second, unrelated session.
    let other = login(&hub, "alice", "alice-password-1").await;
    assert_ne!(other, token);

    let me = as_token(&hub, &token, Method::GET, "/api/whoami", None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["kind"], "user");
    assert_eq!(me.body["name"], "alice");
    assert_eq!(
        perms(&me.body["permissions"]),
        names(Role::Commander.permissions())
    );
    assert_eq!(me.body["expires_at"], r.body["expires_at"]);

    // The commander preset: writes tasks, reads analytics, administers nothing.
    let t = as_token(
        &hub,
        &token,
        Method::POST,
        "/api/tasks",
        Some(json!({"prompt": "hi"})),
    )
    .await;
    assert_eq!(t.status, StatusCode::CREATED, "{:?}", t.body);
    let a = as_token(&hub, &token, Method::GET, "/api/costs", None).await;
    assert_eq!(a.status, StatusCode::OK);
    let u = as_token(&hub, &token, Method::GET, "/api/admin/users", None).await;
    assert_eq!(u.status, StatusCode::FORBIDDEN);

    let list = hub.get("/api/admin/users").await;
    assert_eq!(list.body["users"][0]["username"], "alice");
    assert_eq!(list.body["users"][0]["sessions"], 2);

    // Unknown user and wrong password: the same 401, the same words.
    let wrong = login_from(&hub, "127.0.0.1", "alice", "not-her-password").await;
    let unknown = login_from(&hub, "127.0.0.1", "mallory", "alice-password-1").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(wrong.code(), "unauthorized");
}

#[tokio::test]
async fn a_viewer_reads_but_cannot_write() {
    let hub = TestHub::start().await;
    add_user(&hub, "vera", "vera-password-1", "viewer").await;
    hub.create(json!({"prompt": "seen by the viewer"})).await;
    let token = login(&hub, "vera", "vera-password-1").await;
    for path in ["/api/tasks", "/api/agents", "/api/messages", "/api/status"] {
        let r = as_token(&hub, &token, Method::GET, path, None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {:?}", r.body);
    }
    let r = as_token(&hub, &token, Method::GET, "/api/tasks", None).await;
    assert_eq!(r.body["tasks"].as_array().map(Vec::len), Some(1));
    let writes = [
        (Method::POST, "/api/tasks", json!({"prompt": "no"})),
        (Method::PUT, "/api/context/k", json!({"value": "v"})),
        (Method::POST, "/api/messages", json!({"content": "no"})),
        (
            Method::POST,
            "/api/admin/keys",
            json!({"name": "k", "rate_limit_per_minute": 1, "daily_cap": 1}),
        ),
    ];
    for (m, path, body) in writes {
        let r = as_token(&hub, &token, m.clone(), path, Some(body)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{m} {path}: {:?}", r.body);
        assert_eq!(r.code(), "forbidden");
    }
    assert_eq!(hub.task_count().await, 1, "nothing was written");
}

#[tokio::test]
async fn five_failures_lock_out_that_name_from_that_address_even_for_the_right_password() {
    let hub = TestHub::start().await;
    add_user(&hub, "bob", "bob-password-12", "user").await;
    add_user(&hub, "root", "root-password-12", "admin").await;
    for i in 0..5 {
        let r = login_from(&hub, "127.0.0.1", "bob", &format!("guess-number-{i}")).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let r = login_from(&hub, "127.0.0.1", "bob", "bob-password-12").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{:?}", r.body);
    assert_eq!(r.code(), "rate_limited");
    let retry: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=300).contains(&retry), "{retry}");
    assert!(r.body.get("token").is_none());

    // A typo does not lock out everyone on the address: the admin logs in.
    let root = login_from(&hub, "127.0.0.1", "root", "root-password-12").await;
    assert_eq!(root.status, StatusCode::OK, "{:?}", root.body);
    // Bob from another address is not locked out, and that frees nothing here.
    let ok = login_from(&hub, "127.0.0.2", "bob", "bob-password-12").await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
    let still = login_from(&hub, "127.0.0.1", "bob", "bob-password-12").await;
    assert_eq!(still.status, StatusCode::TOO_MANY_REQUESTS);
    // Other routes from the locked address are not affected.
    let t = ok.body["token"].as_str().unwrap();
    let me = as_token(&hub, t, Method::GET, "/api/whoami", None).await;
    assert_eq!(me.status, StatusCode::OK);
}

#[tokio::test]
async fn an_address_guessing_across_names_hits_its_ceiling_and_the_window_passes() {
    let clock = ManualClock::starting_now();
    let c = clock.clone();
    let hub = TestHub::start_with(move |cfg| {
        let mut cfg = cfg.with_lease_timeout(Duration::from_secs(1));
        cfg.clock = Arc::new(c);
        cfg
    })
    .await;
    add_user(&hub, "carol", "carol-password-1", "user").await;
    // Twenty names, four guesses each stays under every per-name limit.
    for i in 0..20 {
        let r = login_from(
            &hub,
            "127.0.0.3",
            &format!("name{}", i % 5),
            "nope-nope-nope",
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::UNAUTHORIZED,
            "attempt {i}: {:?}",
            r.body
        );
    }
    let r = login_from(&hub, "127.0.0.3", "carol", "carol-password-1").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{:?}", r.body);
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("address")
    );
    clock.advance(Duration::from_secs(5 * 60));
    let r = login_from(&hub, "127.0.0.3", "carol", "carol-password-1").await;
    assert_eq!(r.status, StatusCode::OK, "the window passed: {:?}", r.body);
}

/// A login through a proxy at `proxy` that says the client is `client`.
async fn login_via(hub: &TestHub, proxy: &str, client: &str, name: &str, pw: &str) -> Reply {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .local_address(proxy.parse::<IpAddr>().unwrap())
        .build()
        .unwrap();
    let resp = http
        .post(hub.url("/api/login"))
        .header("X-Forwarded-For", format!("203.0.113.50, {client}"))
        .json(&json!({"username": name, "password": pw}))
        .send()
        .await
        .expect("send");
    Reply {
        status: resp.status(),
        headers: resp.headers().clone(),
        body: resp.json().await.unwrap_or(Value::Null),
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_window() {
    let hub = TestHub::start_with(|mut cfg| {
        cfg.trusted_proxies = vec![m3shd_hubd::http::parse_cidr("127.0.0.10").unwrap()];
        cfg.with_lease_timeout(Duration::from_secs(1))
    })
    .await;
    add_user(&hub, "dan", "dan-password-12", "user").await;
    for i in 0..5 {
        let r = login_via(
            &hub,
            "127.0.0.10",
            "198.51.100.1",
            "dan",
            "wrong-wrong-wrong",
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let locked = login_via(&hub, "127.0.0.10", "198.51.100.1", "dan", "dan-password-12").await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    // Another client behind the same proxy is a client of its own.
    let other = login_via(&hub, "127.0.0.10", "198.51.100.2", "dan", "dan-password-12").await;
    assert_eq!(other.status, StatusCode::OK, "{:?}", other.body);

    // From a peer that is not a trusted proxy the header is only a claim:
    // changing it does not buy fresh windows.
    for i in 0..5 {
        let client = format!("198.51.100.{}", 10 + i);
        let r = login_via(&hub, "127.0.0.11", &client, "dan", "wrong-wrong-wrong").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let r = login_via(
        &hub,
        "127.0.0.11",
        "198.51.100.99",
        "dan",
        "dan-password-12",
    )
    .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{:?}", r.body);
}

#[tokio::test]
async fn sessions_expire_by_the_hubs_clock_and_logout_ends_them() {
    let clock = ManualClock::starting_now();
    let c = clock.clone();
    let hub = TestHub::start_with(move |cfg| {
        let mut cfg = cfg.with_lease_timeout(Duration::from_secs(1));
        cfg.clock = Arc::new(c);
        cfg.session_ttl = Duration::from_secs(3600);
        cfg
    })
    .await;
    add_user(&hub, "carol", "carol-password-1", "viewer").await;
    let token = login(&hub, "carol", "carol-password-1").await;
    let whoami = || as_token(&hub, &token, Method::GET, "/api/whoami", None);
    assert_eq!(whoami().await.status, StatusCode::OK);
    clock.advance(Duration::from_secs(59 * 60));
    assert_eq!(
        whoami().await.status,
        StatusCode::OK,
        "still inside the hour"
    );
    clock.advance(Duration::from_secs(2 * 60));
    let r = whoami().await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "expired: {:?}", r.body);
    assert_eq!(r.code(), "unauthorized");
    let list = hub.get("/api/admin/users").await;
    assert_eq!(list.body["users"][0]["sessions"], 0);

    let token = login(&hub, "carol", "carol-password-1").await;
    let out = as_token(&hub, &token, Method::POST, "/api/logout", None).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{:?}", out.body);
    let r = as_token(&hub, &token, Method::GET, "/api/whoami", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let again = as_token(&hub, &token, Method::POST, "/api/logout", None).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    // Only a session logs out; other tokens are revoked by their admin calls.
    let master = hub.call(Method::POST, "/api/logout", None).await;
    assert_eq!(master.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn admins_manage_users_and_changes_reach_live_sessions() {
    let hub = TestHub::start().await;
    // Input checks.
    for (body, status) in [
        (
            json!({"username": "Bad Name", "password": "long-enough-pw", "role": "user"}),
            422,
        ),
        (
            json!({"username": "usr-123", "password": "long-enough-pw", "role": "user"}),
            422,
        ),
        (
            json!({"username": "dave", "password": "short", "role": "user"}),
            422,
        ),
        (
            json!({"username": "dave", "password": "long-enough-pw", "role": "root"}),
            400,
        ),
        (
            json!({"username": "dave", "password": "long-enough-pw", "role": "user", "x": 1}),
            400,
        ),
    ] {
        let r = hub.post("/api/admin/users", body.clone()).await;
        assert_eq!(r.status.as_u16(), status, "{body}: {:?}", r.body);
        let text = r.body.to_string();
        assert!(
            !text.contains("long-enough-pw") && !text.contains("\"short\""),
            "{text}"
        );
    }
    add_user(&hub, "dave", "dave-password-1", "viewer").await;
    let dup = hub
        .post(
            "/api/admin/users",
            json!({"username": "dave", "password": "another-password", "role": "user"}),
        )
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);

    // A new role applies to a live session at once.
    let token = login(&hub, "dave", "dave-password-1").await;
    let r = hub
        .call(
            Method::PUT,
            "/api/admin/users/dave",
            Some(json!({"role": "user"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["role"], "user");
    let me = as_token(&hub, &token, Method::GET, "/api/whoami", None).await;
    assert_eq!(
        perms(&me.body["permissions"]),
        names(UserRole::User.permissions())
    );
    let empty = hub
        .call(Method::PUT, "/api/admin/users/dave", Some(json!({})))
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A new password ends the sessions and replaces the old one.
    let id = r.body["id"].as_str().unwrap().to_string();
    let r = hub
        .call(
            Method::PUT,
            &format!("/api/admin/users/{id}"),
            Some(json!({"password": "dave-password-2"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let me = as_token(&hub, &token, Method::GET, "/api/whoami", None).await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    let old = login_from(&hub, "127.0.0.3", "dave", "dave-password-1").await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let token = login(&hub, "dave", "dave-password-2").await;

    // Deleting a user ends its sessions.
    let r = hub
        .call(Method::DELETE, "/api/admin/users/dave", None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let me = as_token(&hub, &token, Method::GET, "/api/whoami", None).await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    let r = hub
        .call(Method::DELETE, "/api/admin/users/dave", None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // The last admin can be neither demoted nor deleted.
    add_user(&hub, "root", "root-password-1", "admin").await;
    let r = hub
        .call(
            Method::PUT,
            "/api/admin/users/root",
            Some(json!({"role": "viewer"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{:?}", r.body);
    let r = hub
        .call(Method::DELETE, "/api/admin/users/root", None)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    // An admin session manages users; a key with admin:users alone cannot
    // mint an admin (it does not hold everything an admin holds).
    let root = login(&hub, "root", "root-password-1").await;
    let r = as_token(
        &hub,
        &root,
        Method::POST,
        "/api/admin/users",
        Some(json!({"username": "erin", "password": "erin-password-1", "role": "admin"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let k = hub
        .post(
            "/api/admin/keys",
            json!({"name": "hr", "permissions": ["admin:users"], "rate_limit_per_minute": 100, "daily_cap": 100}),
        )
        .await;
    let key = k.body["key"].as_str().unwrap();
    let r = as_token(
        &hub,
        key,
        Method::POST,
        "/api/admin/users",
        Some(json!({"username": "frank", "password": "frank-password-1", "role": "admin"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    let r = as_token(
        &hub,
        key,
        Method::POST,
        "/api/admin/users",
        Some(json!({"username": "frank", "password": "frank-password-1", "role": "viewer"})),
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "a viewer holds reads the key does not"
    );
}

#[tokio::test]
async fn init_admin_creates_the_first_admin_once() {
    let asked = Arc::new(AtomicUsize::new(0));
    let init = |password: &'static str, asked: Arc<AtomicUsize>| InitAdmin {
        username: "root".into(),
        password: Arc::new(move || {
            asked.fetch_add(1, Ordering::SeqCst);
            Ok(m3shd_api::Password(password.into()))
        }),
    };
    let first = init("first-password-1", asked.clone());
    let mut hub = TestHub::start_with(move |mut c| {
        c.init_admin = Some(first);
        c
    })
    .await;
    let r = login_from(&hub, "127.0.0.1", "root", "first-password-1").await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["role"], "admin");
    assert_eq!(asked.load(Ordering::SeqCst), 1);

    let second = init("second-password", asked.clone());
    hub.restart_with(move |mut c| {
        c.init_admin = Some(second);
        c
    })
    .await;
    let r = login_from(&hub, "127.0.0.1", "root", "first-password-1").await;
    assert_eq!(r.status, StatusCode::OK, "the first password still works");
    assert_eq!(
        asked.load(Ordering::SeqCst),
        1,
        "no password asked for when users exist"
    );
    assert_eq!(
        hub.get("/api/admin/users").await.body["users"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

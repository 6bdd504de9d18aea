//! The browser dashboard's API side: the cookie login with its CSRF check,
//! and demo mode (off by default; read-only, redacted, rate-limited).

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::{Reply, TestHub};

const PASSWORD: &str = "a long enough password";

async fn user(hub: &TestHub, name: &str, role: &str) {
    let r = hub
        .post(
            "/api/admin/users",
            json!({"username": name, "password": PASSWORD, "role": role}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
}

/// `name=value` of each `Set-Cookie`, and the full header lines.
fn cookies(r: &Reply) -> (Vec<(String, String)>, Vec<String>) {
    let lines: Vec<String> = r
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().expect("ascii").to_string())
        .collect();
    let pairs = lines
        .iter()
        .filter_map(|l| l.split(';').next())
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    (pairs, lines)
}

async fn web_login(hub: &TestHub, name: &str, headers: &[(&str, &str)]) -> Reply {
    hub.call_with(
        None,
        Method::POST,
        "/api/web/login",
        Some(json!({"username": name, "password": PASSWORD})),
        None,
        headers,
    )
    .await
}

#[tokio::test]
async fn the_cookie_login_needs_the_csrf_token_for_every_change() {
    let mut hub = TestHub::start().await;
    user(&hub, "ada", "user").await;
    let r = web_login(&hub, "ada", &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["name"], "ada");
    assert!(
        r.body.get("token").is_none(),
        "the session stays out of the body"
    );
    let (pairs, lines) = cookies(&r);
    let session = lines
        .iter()
        .find(|l| l.starts_with("m3shd_session="))
        .expect("session cookie");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Strict"));
    assert!(!session.contains("Secure"), "plain HTTP: {session}");
    let csrf_line = lines
        .iter()
        .find(|l| l.starts_with("m3shd_csrf="))
        .expect("csrf cookie");
    assert!(!csrf_line.contains("HttpOnly"), "the page must read it");
    let jar = pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let csrf = pairs
        .iter()
        .find(|(k, _)| k == "m3shd_csrf")
        .map(|(_, v)| v.clone())
        .expect("csrf");

    // Reads need the cookie alone.
    let me = hub
        .call_with(
            None,
            Method::GET,
            "/api/whoami",
            None,
            None,
            &[("cookie", &jar)],
        )
        .await;
    assert_eq!(me.status, StatusCode::OK, "{:?}", me.body);
    assert_eq!(me.body["name"], "ada");
    // A change without the header, or with another value, is refused.
    let task = json!({"prompt": "echo from the browser"});
    let refused = hub
        .call_with(
            None,
            Method::POST,
            "/api/tasks",
            Some(task.clone()),
            None,
            &[("cookie", &jar)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{:?}", refused.body);
    assert!(
        refused.body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("x-csrf-token")
    );
    let forged = hub
        .call_with(
            None,
            Method::POST,
            "/api/tasks",
            Some(task.clone()),
            None,
            &[("cookie", &jar), ("x-csrf-token", "0000")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let made = hub
        .call_with(
            None,
            Method::POST,
            "/api/tasks",
            Some(task),
            None,
            &[("cookie", &jar), ("x-csrf-token", &csrf)],
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);

    // Logging out clears both cookies and ends the session.
    let out = hub
        .call_with(
            None,
            Method::POST,
            "/api/web/logout",
            None,
            None,
            &[("cookie", &jar), ("x-csrf-token", &csrf)],
        )
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{:?}", out.body);
    let (cleared, _) = cookies(&out);
    assert!(cleared.iter().all(|(_, v)| v.is_empty()) && cleared.len() == 2);
    let after = hub
        .call_with(
            None,
            Method::GET,
            "/api/whoami",
            None,
            None,
            &[("cookie", &jar)],
        )
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    hub.stop().await;
}

#[tokio::test]
async fn behind_a_tls_proxy_the_cookies_are_secure_and_bad_passwords_fail() {
    let mut hub = TestHub::start().await;
    user(&hub, "bob", "viewer").await;
    let r = web_login(&hub, "bob", &[("x-forwarded-proto", "https")]).await;
    assert_eq!(r.status, StatusCode::OK);
    let (_, lines) = cookies(&r);
    assert!(lines.iter().all(|l| l.contains("; Secure")), "{lines:?}");
    let bad = hub
        .call_with(
            None,
            Method::POST,
            "/api/web/login",
            Some(json!({"username": "bob", "password": "not the password at all"})),
            None,
            &[],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert!(bad.headers.get("set-cookie").is_none());
    // A cookie holding anything but a session token is no credential.
    let master = format!("m3shd_session={}", crate::harness::TOKEN);
    let r = hub
        .call_with(
            None,
            Method::GET,
            "/api/status",
            None,
            None,
            &[("cookie", &master)],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    hub.stop().await;
}

#[tokio::test]
async fn without_demo_mode_the_demo_is_not_there() {
    let mut hub = TestHub::start().await;
    for path in ["/demo", "/api/demo/snapshot"] {
        let r = hub
            .call_with(None, Method::GET, path, None, None, &[])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    hub.stop().await;
}

#[tokio::test]
async fn the_demo_is_redacted_and_allows_thirty_requests_a_minute() {
    let mut hub = TestHub::start_with(|mut c| {
        c.demo = true;
        c
    })
    .await;
    hub.register("rex", &["general"], 2).await;
    hub.create(json!({"prompt": "summarise the secret launch codes 1234 5678 for me"}))
        .await;
    let snap = hub
        .call_with(None, Method::GET, "/api/demo/snapshot", None, None, &[])
        .await;
    assert_eq!(snap.status, StatusCode::OK, "{:?}", snap.body);
    assert_eq!(snap.body["agents"][0]["id"], "rex");
    let task = &snap.body["tasks"][0];
    assert_eq!(task["prompt"], "summarise the secret launch …");
    let text = snap.body.to_string();
    assert!(!text.contains("1234"), "unredacted: {text}");
    assert!(
        snap.body["events"]
            .as_array()
            .is_some_and(|e| !e.is_empty())
    );
    assert!(
        snap.body["events"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|e| !e.to_string().contains("1234"))
    );
    // The snapshot above, the page, 28 more: 30. The 31st in the minute is
    // refused.
    let page = hub
        .call_with(None, Method::GET, "/demo", None, None, &[])
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for i in 3..=30 {
        let r = hub
            .call_with(None, Method::GET, "/api/demo/snapshot", None, None, &[])
            .await;
        assert_eq!(r.status, StatusCode::OK, "request {i}");
    }
    let r: Reply = hub
        .call_with(None, Method::GET, "/api/demo/snapshot", None, None, &[])
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.code(), "rate_limited");
    assert!(r.headers.get("retry-after").is_some());
    // The demo grants nothing: a change without credentials is still 401.
    let write = hub
        .call_with(
            None,
            Method::POST,
            "/api/tasks",
            Some(json!({"prompt": "x"})),
            None,
            &[],
        )
        .await;
    assert_eq!(write.status, StatusCode::UNAUTHORIZED);
    let _: &Value = &write.body;
    hub.stop().await;
}

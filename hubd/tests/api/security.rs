//! Third-party API keys (rate limit, daily cap, revocation), security
//! headers and CORS, over real HTTP.

use std::sync::Arc;
use std::time::Duration;

use m3shd_hubd::ManualClock;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::{Reply, TestHub};
use crate::users::as_token;

async fn create_key(hub: &TestHub, body: Value) -> (String, String) {
    let r = hub.post("/api/admin/keys", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.body);
    let key = r.body["key"].as_str().expect("key").to_string();
    assert!(key.starts_with("m3shd_key_"), "{key}");
    (r.body["id"].as_str().expect("id").to_string(), key)
}

async fn key_info(hub: &TestHub, id: &str) -> Value {
    let r = hub.get("/api/admin/keys").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        !r.body.to_string().contains("m3shd_key_"),
        "never the secret"
    );
    r.body["keys"]
        .as_array()
        .and_then(|ks| ks.iter().find(|k| k["id"] == id).cloned())
        .expect("key listed")
}

fn retry_after(r: &Reply) -> u64 {
    r.headers["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds")
}

#[tokio::test]
async fn a_key_is_limited_per_minute_counts_its_use_and_dies_when_revoked() {
    let hub = TestHub::start().await;
    let (id, key) = create_key(
        &hub,
        json!({"name": "ci", "permissions": ["tasks:read"], "rate_limit_per_minute": 3, "daily_cap": 1000}),
    )
    .await;
    for i in 0..3 {
        let r = as_token(&hub, &key, Method::GET, "/api/tasks", None).await;
        assert_eq!(r.status, StatusCode::OK, "request {i}: {:?}", r.body);
    }
    let r = as_token(&hub, &key, Method::GET, "/api/tasks", None).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{:?}", r.body);
    assert_eq!(r.code(), "rate_limited");
    let wait = retry_after(&r);
    assert!(
        (1..=20).contains(&wait),
        "one request frees every 20 s: {wait}"
    );

    let info = key_info(&hub, &id).await;
    assert_eq!(info["usage_today"], 3, "refused requests are not counted");
    assert_eq!(info["usage_total"], 3);
    assert!(info["last_used_at"].is_string());
    assert_eq!(info["rate_limit_per_minute"], 3);

    let (id2, key2) = create_key(
        &hub,
        json!({"name": "bot", "role": "mobile", "rate_limit_per_minute": 100, "daily_cap": 100}),
    )
    .await;
    let me = as_token(&hub, &key2, Method::GET, "/api/whoami", None).await;
    assert_eq!(me.body["kind"], "api_key");
    assert_eq!(me.body["name"], "bot");
    let r = as_token(&hub, &key2, Method::GET, "/api/admin/keys", None).await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "mobile holds no admin:tokens"
    );

    // Revocation takes effect on the very next request.
    let r = hub
        .call(Method::DELETE, &format!("/api/admin/keys/{id2}"), None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = as_token(&hub, &key2, Method::GET, "/api/whoami", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = hub
        .call(Method::DELETE, &format!("/api/admin/keys/{id2}"), None)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = hub
        .call(Method::DELETE, "/api/admin/keys/key-nope", None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(key_info(&hub, &id2).await["revoked_at"].is_string());

    for (body, status) in [
        (
            json!({"name": "ci", "rate_limit_per_minute": 1, "daily_cap": 1}),
            409,
        ),
        (
            json!({"name": "x", "rate_limit_per_minute": 0, "daily_cap": 1}),
            422,
        ),
        (
            json!({"name": "x", "rate_limit_per_minute": 1, "daily_cap": 0}),
            422,
        ),
        (
            json!({"name": "Bad Name", "rate_limit_per_minute": 1, "daily_cap": 1}),
            422,
        ),
        (json!({"name": "x", "daily_cap": 1}), 400),
    ] {
        let r = hub.post("/api/admin/keys", body.clone()).await;
        assert_eq!(r.status.as_u16(), status, "{body}: {:?}", r.body);
    }
}

#[tokio::test]
async fn the_daily_cap_survives_a_restart_and_resets_at_utc_midnight() {
    let clock = ManualClock::new(
        chrono::DateTime::parse_from_rfc3339("2026-11-27T22:00:00Z")
            .unwrap()
            .to_utc(),
    );
    let with_clock = |clock: ManualClock| {
        move |mut c: m3shd_hubd::HubConfig| {
            c.clock = Arc::new(clock);
            c
        }
    };
    let mut hub = TestHub::start_with(with_clock(clock.clone())).await;
    let (id, key) = create_key(
        &hub,
        json!({"name": "nightly", "permissions": ["tasks:read"], "rate_limit_per_minute": 1000, "daily_cap": 4}),
    )
    .await;
    for _ in 0..4 {
        let r = as_token(&hub, &key, Method::GET, "/api/tasks", None).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    }
    let r = as_token(&hub, &key, Method::GET, "/api/tasks", None).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{:?}", r.body);
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("daily cap")
    );
    assert_eq!(retry_after(&r), 2 * 3600, "until 00:00 UTC");

    // A restart does not hand out a fresh day.
    hub.restart_with(with_clock(clock.clone())).await;
    let r = as_token(&hub, &key, Method::GET, "/api/tasks", None).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{:?}", r.body);
    let info = key_info(&hub, &id).await;
    assert_eq!(info["usage_today"], 4);
    assert_eq!(info["usage_total"], 4);

    clock.advance(Duration::from_secs(2 * 3600 + 1));
    let r = as_token(&hub, &key, Method::GET, "/api/tasks", None).await;
    assert_eq!(r.status, StatusCode::OK, "a new UTC day: {:?}", r.body);
    let info = key_info(&hub, &id).await;
    assert_eq!(info["usage_today"], 1);
    assert_eq!(info["usage_total"], 5);
}

#[tokio::test]
async fn usage_is_written_in_the_background_not_per_request() {
    let hub = TestHub::start_with(|mut c| {
        c.key_usage_flush = Duration::from_millis(50);
        c
    })
    .await;
    let (id, key) = create_key(
        &hub,
        json!({"name": "meter", "permissions": ["tasks:read"], "rate_limit_per_minute": 100, "daily_cap": 100}),
    )
    .await;
    for _ in 0..3 {
        assert_eq!(
            as_token(&hub, &key, Method::GET, "/api/tasks", None)
                .await
                .status,
            StatusCode::OK
        );
    }
    let stored = crate::harness::wait_for("usage written", Duration::from_secs(10), || {
        let (hub, id) = (&hub, id.clone());
        async move {
            let n: i64 = hub
                .db_text(
                    "SELECT CAST(usage_total AS TEXT) FROM api_keys WHERE id = $1",
                    &[&id],
                )
                .await?
                .parse()
                .ok()?;
            (n == 3).then_some(n)
        }
    })
    .await;
    assert_eq!(stored, 3);
}

const SECURITY_HEADERS: [(&str, &str); 6] = [
    (
        "content-security-policy",
        "default-src 'none'; frame-ancestors 'none'",
    ),
    (
        "strict-transport-security",
        "max-age=31536000; includeSubDomains",
    ),
    ("x-frame-options", "DENY"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    ),
];

fn assert_security_headers(r: &Reply, what: &str) {
    for (name, value) in SECURITY_HEADERS {
        assert_eq!(
            r.headers.get(name).and_then(|v| v.to_str().ok()),
            Some(value),
            "{what}: {name}"
        );
    }
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let hub = TestHub::start().await;
    let anon = reqwest::Client::new();
    let get = |path: &'static str| {
        let url = hub.url(path);
        let anon = anon.clone();
        async move {
            let resp = anon.get(url).send().await.expect("send");
            Reply {
                status: resp.status(),
                headers: resp.headers().clone(),
                body: Value::Null,
            }
        }
    };
    let ok = get("/api/health").await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_security_headers(&ok, "200");
    let unauth = get("/api/tasks").await;
    assert_eq!(unauth.status, StatusCode::UNAUTHORIZED);
    assert_security_headers(&unauth, "401");
    let missing = get("/no/such/route").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_security_headers(&missing, "404");
    let bad = hub.post("/api/tasks", json!({"prompt": 5})).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_security_headers(&bad, "400");
    let limited = {
        let (_, key) = create_key(
            &hub,
            json!({"name": "one", "rate_limit_per_minute": 1, "daily_cap": 10}),
        )
        .await;
        as_token(&hub, &key, Method::GET, "/api/whoami", None).await;
        as_token(&hub, &key, Method::GET, "/api/whoami", None).await
    };
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_security_headers(&limited, "429");
}

async fn preflight(hub: &TestHub, origin: &str) -> Reply {
    let resp = reqwest::Client::new()
        .request(Method::OPTIONS, hub.url("/api/tasks"))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization,content-type",
        )
        .send()
        .await
        .expect("send");
    Reply {
        status: resp.status(),
        headers: resp.headers().clone(),
        body: Value::Null,
    }
}

#[tokio::test]
async fn cors_answers_only_configured_origins() {
    let hub = TestHub::start_with(|mut c| {
        c.cors_origins = vec!["https://dash.example.com".into()];
        c
    })
    .await;
    let ok = preflight(&hub, "https://dash.example.com").await;
    assert!(ok.status.is_success(), "{:?}", ok.status);
    assert_eq!(
        ok.headers["access-control-allow-origin"],
        "https://dash.example.com"
    );
    let allowed = ok.headers["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(
        allowed.contains("authorization") && allowed.contains("content-type"),
        "{allowed}"
    );
    assert!(
        ok.headers["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("POST")
    );
    assert!(ok.headers.get("access-control-allow-credentials").is_none());
    assert_security_headers(&ok, "preflight");

    let evil = preflight(&hub, "https://evil.example").await;
    assert!(evil.headers.get("access-control-allow-origin").is_none());

    // The real request from the allowed origin is readable by the page.
    let r = hub
        .call_as(
            Method::GET,
            "/api/tasks",
            None,
            None,
            &[("origin", "https://dash.example.com")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.headers["access-control-allow-origin"],
        "https://dash.example.com"
    );

    // Without configuration there is no CORS at all.
    let plain = TestHub::start().await;
    let r = preflight(&plain, "https://dash.example.com").await;
    assert!(r.headers.get("access-control-allow-origin").is_none());
    assert!(!r.status.is_success(), "{:?}", r.status);
    assert_security_headers(&r, "no-cors preflight");
}

/// The dashboard's files keep every header but the CSP, and theirs still
/// forbids inline script and style, other origins and framing.
fn assert_page_headers(headers: &reqwest::header::HeaderMap, what: &str) {
    for (name, value) in &SECURITY_HEADERS[1..] {
        assert_eq!(
            headers.get(*name).and_then(|v| v.to_str().ok()),
            Some(*value),
            "{what}: {name}"
        );
    }
    let csp = headers
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    for must in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(must), "{what}: CSP {csp} lacks {must}");
    }
    assert!(
        !csp.contains("unsafe") && !csp.contains("http"),
        "{what}: {csp}"
    );
}

#[tokio::test]
async fn the_dashboard_pages_carry_strict_security_headers() {
    let mut hub = TestHub::start_with(|mut c| {
        c.demo = true;
        c
    })
    .await;
    let anon = reqwest::Client::new();
    for path in [
        "/",
        "/demo",
        "/sw.js",
        "/web/app.js",
        "/web/app.css",
        "/web/manifest.webmanifest",
    ] {
        let resp = anon.get(hub.url(path)).send().await.expect("send");
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        assert_page_headers(resp.headers(), path);
    }
    // An unknown file under /web/ is an API 404 with the API's CSP.
    let missing = anon
        .get(hub.url("/web/nope.js"))
        .send()
        .await
        .expect("send");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let missing = Reply {
        status: missing.status(),
        headers: missing.headers().clone(),
        body: Value::Null,
    };
    assert_security_headers(&missing, "unknown dashboard file");
    // The page itself runs no inline script and sets no inline style.
    let html = anon
        .get(hub.url("/"))
        .send()
        .await
        .expect("send")
        .text()
        .await
        .expect("body");
    assert!(!html.contains("style="), "inline style in the page");
    assert!(!html.contains("<style"), "inline style element in the page");
    for script in html.split("<script").skip(1) {
        let tag = script.split('>').next().unwrap_or_default();
        assert!(tag.contains("src=\"/web/"), "inline script: <script{tag}>");
        assert!(
            script
                .split('>')
                .nth(1)
                .unwrap_or_default()
                .starts_with("</script"),
            "a script element with a body"
        );
    }
    hub.stop().await;
}

//! Webhooks as an operator sets them up and other systems call them: the
//! real hub (logging at debug level into a file), a builtin worker, `m3shd
//! template add` and `m3shd webhook add|list|edit|rotate-secret`, and
//! deliveries made the way curl, GitHub and Uptime Kuma make them. The
//! secret is shown once, and never again: not in `webhook list`, not in the
//! hub's log; an edit keeps it, a rotation replaces it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use hmac::{Hmac, Mac};
use m3shd_api::TaskStatus;
use m3shd_client::Client;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Sha256;

use crate::harness::{
    TOKEN, Worker, WorkerSpec, agents_online, empty_config, m3shd_at, task_reaches,
};

/// `m3shd-hubd` with its log (stderr, debug level) in a file.
struct LoggedHub {
    child: Child,
    url: String,
    log: PathBuf,
}

impl LoggedHub {
    fn start(dir: &Path) -> LoggedHub {
        let data_dir = dir.join("hub");
        let log = dir.join("hubd.log");
        let log_file = std::fs::File::create(&log).expect("log file");
        let mut child = Command::new(env!("CARGO_BIN_EXE_m3shd-hubd"))
            .args(["--listen", "127.0.0.1:0", "--data-dir"])
            .arg(&data_dir)
            .env("M3SHD_HUBD_CONFIG", empty_config(&data_dir, "hubd.toml"))
            .env("M3SHD_MASTER_TOKEN", TOKEN)
            .env("RUST_LOG", "debug")
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log_file))
            .spawn()
            .expect("start m3shd-hubd");
        let url = crate::harness::listening_url(&mut child);
        LoggedHub { child, url, log }
    }

    fn client(&self) -> Client {
        Client::new(&self.url, TOKEN).expect("client")
    }

    /// `m3shd ARGS`, which must succeed; its stdout.
    fn m3shd(&self, args: &[&str]) -> String {
        let out = m3shd_at(&self.url, args);
        assert!(
            out.status.success(),
            "m3shd {args:?}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// `m3shd ARGS`, which must fail with exit code `code`; its stderr.
    fn m3shd_fails(&self, args: &[&str], code: i32) -> String {
        let out = m3shd_at(&self.url, args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(code), "m3shd {args:?}: {stderr}");
        stderr
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).expect("hub log")
    }
}

impl Drop for LoggedHub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Answer {
    status: StatusCode,
    retry_after: Option<String>,
    body: Value,
}

impl Answer {
    fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

/// POST `body` to `url` with `headers`, as curl would: no bearer token.
async fn post(url: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut req = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_vec());
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = req.send().await.expect("send");
    let status = resp.status();
    let retry_after = resp
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().expect("text").to_string());
    let text = resp.text().await.expect("body");
    Answer {
        status,
        retry_after,
        body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
    }
}

fn github_signature(secret: &str, body: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// `webhook add … --json`: (trigger URL, secret).
fn add_webhook(hub: &LoggedHub, args: &[&str]) -> (String, String) {
    let mut all = vec!["webhook", "add"];
    all.extend_from_slice(args);
    all.push("--json");
    let created: Value = serde_json::from_str(&hub.m3shd(&all)).expect("json");
    let url = format!(
        "{}{}",
        hub.url,
        created["trigger_path"].as_str().expect("path")
    );
    (url, created["secret"].as_str().expect("secret").to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generic_webhook_runs_its_template_and_its_secret_is_shown_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = LoggedHub::start(dir.path());
    let client = hub.client();
    let _worker = Worker::start(
        &hub.url,
        &dir.path().join("workers"),
        WorkerSpec::named("w1", 2),
    );
    agents_online(&client, 1).await;
    hub.m3shd(&[
        "template",
        "add",
        "deploy",
        "--prompt",
        "echo deploying {repo} at {sha}",
    ]);

    // The operator's way: the human output names the URL and shows the secret once.
    let out = hub.m3shd(&[
        "webhook",
        "add",
        "ci",
        "--template",
        "deploy",
        "--var",
        "repo=/repository/full_name",
        "--var",
        "sha=/head_commit/id",
    ]);
    let url = out
        .lines()
        .find_map(|l| l.strip_prefix("trigger URL: "))
        .expect("the trigger URL")
        .to_string();
    let secret = out
        .lines()
        .find(|l| l.starts_with("m3shd_wh_"))
        .expect("the secret")
        .to_string();
    assert!(
        url.starts_with(&hub.url) && url.ends_with("/trigger"),
        "{url}"
    );

    let push = json!({"repository": {"full_name": "acme/site"}, "head_commit": {"id": "abc123"}});
    let body = push.to_string();
    let ok = post(&url, &[("X-Webhook-Secret", &secret)], body.as_bytes()).await;
    assert_eq!(ok.status, StatusCode::ACCEPTED, "{:?}", ok.body);
    let task_id = ok.body["task_id"].as_str().expect("task id").to_string();
    let done = task_reaches(&client, &task_id, TaskStatus::Done, Duration::from_secs(30)).await;
    assert_eq!(
        done.output.as_deref().map(str::trim),
        Some("deploying acme/site at abc123")
    );

    let wrong = post(
        &url,
        &[("X-Webhook-Secret", "m3shd_wh_guess")],
        body.as_bytes(),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{:?}", wrong.body);
    let in_query = post(&format!("{url}?secret={secret}"), &[], body.as_bytes()).await;
    assert_eq!(in_query.status, StatusCode::BAD_REQUEST);
    assert_eq!(in_query.code(), "secret_in_query");
    let in_token = post(
        &format!("{url}?token={secret}"),
        &[("X-Webhook-Secret", &secret)],
        body.as_bytes(),
    )
    .await;
    assert_eq!(in_token.code(), "secret_in_query");

    let before = client
        .list_tasks(&Default::default())
        .await
        .expect("tasks")
        .len();
    let lacking = json!({"repository": {"full_name": "acme/site"}}).to_string();
    let missing = post(&url, &[("X-Webhook-Secret", &secret)], lacking.as_bytes()).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing.body.to_string().contains("`sha`"),
        "{:?}",
        missing.body
    );
    let after = client
        .list_tasks(&Default::default())
        .await
        .expect("tasks")
        .len();
    assert_eq!(after, before, "nothing was dispatched");

    let listed = hub.m3shd(&["webhook", "list"]);
    assert!(
        listed.contains("ci") && listed.contains("deploy"),
        "{listed}"
    );
    let listed_json = hub.m3shd(&["webhook", "list", "--json"]);
    for shown in [&listed, &listed_json] {
        assert!(!shown.contains(&secret), "the secret is listed: {shown}");
    }
    let log = hub.log();
    assert!(
        log.contains("webhook created"),
        "the log is at debug level: {log}"
    );
    assert!(!log.contains(&secret), "the secret is in the hub's log");

    hub.m3shd(&["webhook", "rm", "ci"]);
    let gone = post(&url, &[("X-Webhook-Secret", &secret)], body.as_bytes()).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn github_signatures_and_uptime_kuma_events_dispatch_their_templates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = LoggedHub::start(dir.path());
    let client = hub.client();
    hub.m3shd(&[
        "template",
        "add",
        "review",
        "--prompt",
        "echo {event} on {repo}",
    ]);
    hub.m3shd(&[
        "template",
        "add",
        "incident",
        "--prompt",
        "echo {monitor} is {status}: {msg}",
    ]);
    let (gh_url, gh_secret) = add_webhook(
        &hub,
        &[
            "gh",
            "--template",
            "review",
            "--kind",
            "github",
            "--var",
            "repo=/repository/full_name",
        ],
    );
    assert!(gh_url.ends_with("/github"), "{gh_url}");
    let (kuma_url, kuma_secret) = add_webhook(&hub, &["kuma", "--template", "incident"]);

    let body = br#"{"ref":"refs/heads/main","repository":{"full_name":"acme/site"}}"#;
    let sig = github_signature(&gh_secret, body);
    let ok = post(
        &gh_url,
        &[("X-Hub-Signature-256", &sig), ("X-GitHub-Event", "push")],
        body,
    )
    .await;
    assert_eq!(ok.status, StatusCode::ACCEPTED, "{:?}", ok.body);
    let task = client
        .get_task(ok.body["task_id"].as_str().expect("task"))
        .await
        .expect("task");
    assert_eq!(task.prompt, "echo push on acme/site");
    let tampered = br#"{"ref":"refs/heads/main","repository":{"full_name":"evil/site"}}"#;
    let refused = post(
        &gh_url,
        &[("X-Hub-Signature-256", &sig), ("X-GitHub-Event", "push")],
        tampered,
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNAUTHORIZED,
        "{:?}",
        refused.body
    );

    let down = json!({
        "heartbeat": {"monitorID": 1, "status": 0, "msg": "connect ECONNREFUSED", "important": true},
        "monitor": {"id": 1, "name": "site", "url": "https://example.invalid"},
        "msg": "[site] [🔴 Down] connect ECONNREFUSED",
    })
    .to_string();
    let kuma = post(
        &kuma_url,
        &[
            ("X-Webhook-Secret", &kuma_secret),
            ("X-Uptime-Kuma-Agent", "2.0"),
        ],
        down.as_bytes(),
    )
    .await;
    assert_eq!(kuma.status, StatusCode::ACCEPTED, "{:?}", kuma.body);
    let task = client
        .get_task(kuma.body["task_id"].as_str().expect("task"))
        .await
        .expect("task");
    assert_eq!(
        task.prompt,
        "echo site is down: [site] [🔴 Down] connect ECONNREFUSED"
    );
    assert_eq!(
        client
            .list_tasks(&Default::default())
            .await
            .expect("tasks")
            .len(),
        2
    );
    let log = hub.log();
    assert!(!log.contains(&gh_secret) && !log.contains(&kuma_secret));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_eleventh_delivery_in_a_minute_gets_429_with_retry_after() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = LoggedHub::start(dir.path());
    hub.m3shd(&["template", "add", "ping", "--prompt", "echo ping"]);
    let (url, secret) = add_webhook(&hub, &["pinger", "--template", "ping"]);
    for i in 0..10 {
        let r = post(&url, &[("X-Webhook-Secret", &secret)], b"{}").await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "delivery {i}: {:?}", r.body);
    }
    let r = post(&url, &[("X-Webhook-Secret", &secret)], b"{}").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{:?}", r.body);
    assert_eq!(r.code(), "rate_limited");
    let wait: u64 = r
        .retry_after
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&wait), "{wait}");
}

/// The secret line of `webhook add|rotate-secret`'s human output.
fn secret_line(out: &str) -> String {
    out.lines()
        .find(|l| l.starts_with("m3shd_wh_"))
        .unwrap_or_else(|| panic!("no secret in {out}"))
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_webhook_keeps_its_url_and_secret_and_a_rotated_one_does_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hub = LoggedHub::start(dir.path());
    let client = hub.client();
    hub.m3shd(&[
        "template",
        "add",
        "deploy",
        "--prompt",
        "echo deploy {repo}",
    ]);
    hub.m3shd(&[
        "template",
        "add",
        "release",
        "--prompt",
        "echo release {repo} as {tag}",
    ]);
    let (url, secret) = add_webhook(&hub, &["ci", "--template", "deploy", "--var", "repo=/repo"]);

    let out = hub.m3shd(&[
        "webhook",
        "edit",
        "ci",
        "--template",
        "release",
        "--var",
        "repo=/repository/full_name",
        "--var",
        "tag=/release/tag_name",
    ]);
    assert!(out.contains(&format!("trigger URL: {url}")), "{out}");
    assert!(out.contains("its secret is unchanged"), "{out}");
    assert!(!out.contains(&secret), "{out}");
    let release = json!({"repository": {"full_name": "acme/site"}, "release": {"tag_name": "v2"}})
        .to_string();
    let ok = post(&url, &[("X-Webhook-Secret", &secret)], release.as_bytes()).await;
    assert_eq!(ok.status, StatusCode::ACCEPTED, "{:?}", ok.body);
    let task = client
        .get_task(ok.body["task_id"].as_str().expect("task"))
        .await
        .expect("task");
    assert_eq!(task.prompt, "echo release acme/site as v2");

    // What the hub refuses, the CLI reports with its exit code.
    let err = hub.m3shd_fails(&["webhook", "edit", "ci", "--template", "nope"], 2);
    assert!(err.contains("no template `nope`"), "{err}");
    let err = hub.m3shd_fails(&["webhook", "edit", "ci", "--clear-vars"], 2);
    assert!(err.contains("`repo`") && err.contains("`tag`"), "{err}");
    let err = hub.m3shd_fails(&["webhook", "edit", "nope", "--name", "x"], 4);
    assert!(err.contains("no webhook `nope`"), "{err}");
    let err = hub.m3shd_fails(&["webhook", "edit", "ci"], 2);
    assert!(err.contains("nothing to change"), "{err}");

    let renamed: Value = serde_json::from_str(
        &hub.m3shd(&["webhook", "edit", "ci", "--name", "releases", "--json"]),
    )
    .expect("json");
    assert_eq!(renamed["name"], "releases");
    assert_eq!(renamed["template"], "release");
    assert!(renamed.get("secret").is_none(), "{renamed}");
    let listed = hub.m3shd(&["webhook", "list"]);
    assert!(
        listed.contains("releases") && !listed.contains(&secret),
        "{listed}"
    );

    let out = hub.m3shd(&["webhook", "rotate-secret", "releases"]);
    let rotated = secret_line(&out);
    assert_ne!(rotated, secret);
    assert!(out.contains("the old secret no longer works"), "{out}");
    let stale = post(&url, &[("X-Webhook-Secret", &secret)], release.as_bytes()).await;
    assert_eq!(stale.status, StatusCode::UNAUTHORIZED, "{:?}", stale.body);
    let fresh = post(&url, &[("X-Webhook-Secret", &rotated)], release.as_bytes()).await;
    assert_eq!(fresh.status, StatusCode::ACCEPTED, "{:?}", fresh.body);

    let log = hub.log();
    assert!(
        log.contains("webhook changed") && log.contains("webhook secret rotated"),
        "{log}"
    );
    assert!(
        !log.contains(&secret) && !log.contains(&rotated),
        "a secret is in the hub's log"
    );
}

//! An AI worker the way an operator sets one up on a Linux box: the API key
//! stored with `m3shd secret set` (no keyring here, so the 0600 file next
//! to the config), a template that names a model, and the real
//! `m3shd-workerd` talking to a fake Anthropic API that speaks the wire
//! format and checks the key.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use m3shd_api::TaskStatus;
use serde_json::Value;

use crate::harness::*;
use m3shd_test_support::fake_model::{FakeModel, Reply, anthropic_stream};

const KEY: &str = "sk-ant-e2e-0123456789";

/// `m3shd` against `hub` with its config file in `cfg`.
fn m3shd(hub: &Hub, cfg: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_m3shd"));
    cmd.args(args)
        .env("M3SHD_HUB", &hub.url)
        .env("M3SHD_TOKEN", TOKEN)
        .env("M3SHD_CONFIG", cfg.join("m3shd.toml"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for var in MODEL_ENV {
        cmd.env_remove(var);
    }
    let mut child = cmd.spawn().expect("run m3shd");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).expect("write stdin");
    }
    drop(input);
    child.wait_with_output().expect("m3shd output")
}

fn json_of(o: &Output) -> Value {
    assert!(o.status.success(), "{o:?}");
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {o:?}"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `m3shd-workerd ARGS` with `cfg/workerd.toml` and the fake's base URL;
/// waits (with a deadline) for it to exit.
fn workerd_exits(cfg: &Path, base_url: &str, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_m3shd-workerd"));
    cmd.arg("--config")
        .arg(cfg.join("workerd.toml"))
        .args(args)
        .env("ANTHROPIC_BASE_URL", base_url)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for var in ["ANTHROPIC_API_KEY", "OPENAI_API_KEY", "XAI_API_KEY"] {
        cmd.env_remove(var);
    }
    let mut child = cmd.spawn().expect("start m3shd-workerd");
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("m3shd-workerd {args:?} did not exit");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_key_and_a_template_model_reach_the_model_api() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(cfg.join("workerd.toml"), "").unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let fake = FakeModel::start(vec![
        Reply::sse(anthropic_stream(
            "claude-haiku-4-5-20251001",
            &["Audit ", "done"],
            21,
            6,
        )),
        Reply::sse(anthropic_stream(
            "claude-sonnet-4-5-20250929",
            &["Second ", "look"],
            22,
            7,
        )),
    ])
    .await;

    // The key goes in through stdin, never argv, into a 0600 file.
    let out = m3shd(
        &hub,
        &cfg,
        &["secret", "set", "ANTHROPIC_API_KEY"],
        Some(&format!("{KEY}\n")),
    );
    assert!(out.status.success(), "{out:?}");
    let key_file = cfg.join("secrets").join("ANTHROPIC_API_KEY");
    assert!(text(&out.stdout).contains(&format!("file {}", key_file.display())));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let listed = json_of(&m3shd(&hub, &cfg, &["secret", "list", "--json"], None));
    assert_eq!(listed["secrets"][0]["name"], "ANTHROPIC_API_KEY");
    assert_eq!(listed["secrets"][0]["stored_in"][0]["kind"], "file");
    assert!(!listed.to_string().contains(KEY));

    // The worker says where its key comes from, without the key.
    let out = workerd_exits(
        &cfg,
        &fake.url,
        &["--executor", "anthropic", "--print-config"],
    );
    assert!(out.status.success(), "{out:?}");
    let printed = text(&out.stdout);
    assert!(
        printed.contains(&format!(
            "$ANTHROPIC_API_KEY: from file {} (value redacted)",
            key_file.display()
        )),
        "{printed}"
    );
    assert!(!printed.contains(KEY), "{printed}");

    // Routing would give this prompt the large model ("audit"); the
    // template asks for the small one.
    let tpl = json_of(&m3shd(
        &hub,
        &cfg,
        &[
            "template",
            "create",
            "audit",
            "--prompt",
            "Audit {what} for races",
            "--model",
            "claude-haiku-4-5",
            "--json",
        ],
        None,
    ));
    assert_eq!(tpl["model"], "claude-haiku-4-5");
    let shown = m3shd(&hub, &cfg, &["template", "show", "audit"], None);
    assert!(text(&shown.stdout).contains("model:       claude-haiku-4-5"));

    let cfg_file = cfg.join("workerd.toml");
    let cfg_arg = cfg_file.to_str().expect("utf-8 path");
    let _worker = Worker::start(
        &hub.url,
        dir.path(),
        WorkerSpec {
            name: "claude",
            executor: "anthropic",
            args: &["--config", cfg_arg],
            env: &[("ANTHROPIC_BASE_URL", &fake.url)],
            ..WorkerSpec::named("claude", 1)
        },
    );
    agents_online(&hub.client(), 1).await;

    let done = json_of(&m3shd(
        &hub,
        &cfg,
        &[
            "template",
            "run",
            "audit",
            "what=the lease code",
            "--wait",
            "--json",
        ],
        None,
    ));
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["output"], "Audit done");
    assert_eq!(done["model"], "claude-haiku-4-5");
    assert_eq!(
        (
            done["input_tokens"].as_i64(),
            done["output_tokens"].as_i64()
        ),
        (Some(21), Some(6))
    );

    // The dispatch's own model beats the template's.
    let queued = json_of(&m3shd(
        &hub,
        &cfg,
        &[
            "template",
            "run",
            "audit",
            "what=the outbox",
            "--model",
            "claude-sonnet-4-5",
            "--json",
        ],
        None,
    ));
    let id = queued["id"].as_str().expect("task id");
    let second = task_reaches(&hub.client(), id, TaskStatus::Done, Duration::from_secs(30)).await;
    assert_eq!(second.model.as_deref(), Some("claude-sonnet-4-5"));
    assert_eq!(second.output.as_deref(), Some("Second look"));

    let seen = fake.requests();
    assert_eq!(seen.len(), 2, "{seen:?}");
    let models: Vec<&str> = seen
        .iter()
        .filter_map(|r| r.body["model"].as_str())
        .collect();
    assert_eq!(models, ["claude-haiku-4-5", "claude-sonnet-4-5"]);
    for r in &seen {
        assert_eq!(r.path, "/v1/messages");
        assert_eq!(r.header("x-api-key"), Some(KEY));
    }
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_file_others_can_read_stops_the_worker_with_the_fix() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("cfg");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(cfg.join("workerd.toml"), "").unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let fake = FakeModel::start(vec![]).await;
    let out = m3shd(
        &hub,
        &cfg,
        &["secret", "set", "ANTHROPIC_API_KEY"],
        Some(KEY),
    );
    assert!(out.status.success(), "{out:?}");
    let key_file = cfg.join("secrets").join("ANTHROPIC_API_KEY");
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o644)).unwrap();

    let state = dir.path().join("state");
    let out = workerd_exits(
        &cfg,
        &fake.url,
        &[
            "--executor",
            "anthropic",
            "--hub",
            &hub.url,
            "--token",
            TOKEN,
            "--name",
            "leaky",
            "--state-dir",
            state.to_str().expect("utf-8 path"),
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!("chmod 600 {}", key_file.display())) && err.contains("mode 644"),
        "{err}"
    );
    assert!(!err.contains(KEY), "{err}");
    assert!(fake.requests().is_empty());
    // It never registered: the hub knows no such agent.
    assert!(hub.client().list_agents().await.unwrap().is_empty());

    // `--print-config` shows the same refusal instead of a source.
    let out = workerd_exits(
        &cfg,
        &fake.url,
        &["--executor", "anthropic", "--print-config"],
    );
    assert!(
        text(&out.stdout).contains("$ANTHROPIC_API_KEY: UNUSABLE"),
        "{out:?}"
    );
}

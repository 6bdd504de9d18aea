//! What a newcomer trips over first: pipes into `head`, `status`, `help`,
//! and the exit code and message of a missing or spent credential.

use std::io::Read;
use std::process::{Command, Output, Stdio};

use m3shd_api::{CreateJoinKeyRequest, CreateTask, Role};
use m3shd_client::Client;

use crate::harness::*;

fn m3shd(hub: &Hub, args: &[&str]) -> Output {
    m3shd_cli(hub, args)
}

/// Run `m3shd ARGS | head -c 10`: read a few bytes, then close the pipe.
fn into_short_pipe(hub: &Hub, args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_m3shd"))
        .args(args)
        .env("M3SHD_HUB", &hub.url)
        .env("M3SHD_TOKEN", TOKEN)
        .env_remove("RUST_BACKTRACE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run m3shd");
    let mut head = [0u8; 10];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut head)
        .expect("the first bytes");
    // The read end is closed here, with most of the output unwritten.
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn output_into_a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let client = hub.client();
    // Enough tasks (and audit rows) that the output outgrows a pipe buffer.
    for i in 0..500 {
        client
            .create_task(
                &CreateTask {
                    prompt: format!("echo task {i} {}", "padding ".repeat(40)),
                    ..Default::default()
                },
                None,
            )
            .await
            .expect("create");
    }
    for args in [
        &["completions", "bash"][..],
        &["completions", "zsh"],
        &["tasks", "--json", "-n", "500"],
        &["tasks", "-n", "500"],
        &["audit", "--json", "-n", "500"],
        &["man"],
    ] {
        let (code, stderr) = into_short_pipe(&hub, args);
        assert!(
            matches!(code, Some(0) | Some(141)),
            "m3shd {args:?} exited {code:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "m3shd {args:?}: {stderr}");
        assert!(stderr.is_empty(), "m3shd {args:?} said: {stderr}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_names_each_agent_like_the_grammar_and_help_lists_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let _w = Worker::start(&hub.url, dir.path(), WorkerSpec::named("statler", 2));
    agents_online(&hub.client(), 1).await;

    let status = m3shd(&hub, &["status"]);
    assert!(status.status.success(), "{status:?}");
    let text = String::from_utf8_lossy(&status.stdout).into_owned();
    assert!(text.contains("statler"), "{text}");
    assert!(text.contains("0/2 active"), "{text}");
    let line = m3shd(&hub, &["text", "status"]);
    assert_eq!(
        text,
        String::from_utf8_lossy(&line.stdout),
        "`m3shd status` and the texted `status` give one reply"
    );
    // --json stays the API's status document.
    let json = m3shd(&hub, &["status", "--json"]);
    let s: m3shd_api::StatusSummary = serde_json::from_slice(&json.stdout).expect("status json");
    assert_eq!(s.agents_total, 1);

    for word in ["help", "?", " HELP "] {
        let out = m3shd(&hub, &["text", word]);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "{out:?}");
        assert!(text.lines().count() >= 10, "one line per command: {text}");
        assert!(
            text.lines().any(|l| l.starts_with("do TEXT")),
            "{word:?}: {text}"
        );
    }
    // Nothing went to the chat model: no task, no message.
    let client = hub.client();
    let tasks = client.list_tasks(&Default::default()).await.expect("tasks");
    assert!(tasks.is_empty(), "help is not chat: {tasks:?}");
    let msgs = client
        .messages(&Default::default())
        .await
        .expect("messages");
    assert!(msgs.is_empty(), "help is not chat: {msgs:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_token_is_an_auth_failure_and_a_spent_join_key_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_m3shd"))
        .args(["--hub", &hub.url, "whoami"])
        .env_remove("M3SHD_TOKEN")
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .output()
        .expect("run m3shd");
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no token"));

    let client = hub.client();
    let key = client
        .create_join_key(&CreateJoinKeyRequest {
            role: Some(Role::Worker),
            ..Default::default()
        })
        .await
        .expect("join key");
    let holder = Client::new(&hub.url, &key.key).expect("client");
    holder.join("pi-one").await.expect("the first use enrols");
    let err = holder.join("pi-two").await.expect_err("the key is spent");
    let msg = err.to_string();
    assert!(msg.contains("join key is used up"), "{msg}");
    assert_eq!(err.code(), Some(m3shd_api::ErrorCode::Unauthorized));

    client.revoke_join_key(&key.info.id).await.ok();
    let fresh = client
        .create_join_key(&CreateJoinKeyRequest {
            role: Some(Role::Worker),
            ..Default::default()
        })
        .await
        .expect("join key");
    client
        .revoke_join_key(&fresh.info.id)
        .await
        .expect("revoke");
    let err = Client::new(&hub.url, &fresh.key)
        .unwrap()
        .join("pi-three")
        .await
        .expect_err("revoked");
    assert!(err.to_string().contains("was revoked"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn do_takes_every_field_the_api_does() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let client = hub.client();
    let a = submit(&client, "echo parent a").await;
    let b = submit(&client, "echo parent b").await;
    let before = chrono::Utc::now();
    let out = m3shd(
        &hub,
        &[
            "do",
            "write it up",
            "--deadline",
            "2h",
            "--model",
            "claude-haiku-4-5",
            "--requires-approval",
            "--depends-on",
            &format!("{},{}", a.id, b.id),
            "--max-cost-usd",
            "0.25",
            "--json",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let t: m3shd_api::Task = serde_json::from_slice(&out.stdout).expect("task");
    assert_eq!(t.model.as_deref(), Some("claude-haiku-4-5"));
    assert!(t.requires_approval);
    assert_eq!(t.depends_on, vec![a.id.clone(), b.id.clone()]);
    assert_eq!(t.max_cost_usd, Some(0.25));
    let deadline = t.deadline.expect("deadline");
    let ahead = (deadline - before).num_minutes();
    assert!((119..=121).contains(&ahead), "two hours ahead: {ahead} min");

    let out = m3shd(
        &hub,
        &["do", "x", "--deadline", "2026-12-24T18:00:00Z", "--json"],
    );
    let t: m3shd_api::Task = serde_json::from_slice(&out.stdout).expect("task");
    assert_eq!(
        t.deadline.map(|d| d.to_rfc3339()),
        Some("2026-12-24T18:00:00+00:00".to_string())
    );
    for bad in [
        &["do", "x", "--deadline", "soon"][..],
        &["do", "x", "--max-cost-usd", "-1"],
    ] {
        let out = m3shd(&hub, bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {out:?}");
    }
}

//! `m3shd hook prompt-submit` (the Claude Code prompt hook) and `m3shd
//! post`, through the real binaries.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use m3shd_api::{CreateTask, MessageQuery};

use super::finish_within;
use crate::harness::*;

/// Run the hook as Claude Code would, against `hub_url`, keeping its cursor
/// in `state`.
fn hook(hub_url: &str, state: &Path) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_m3shd"))
        .args(["hook", "prompt-submit"])
        .env("M3SHD_HUB", hub_url)
        .env("M3SHD_TOKEN", TOKEN)
        .env(
            "M3SHD_CONFIG",
            std::env::temp_dir().join("m3shd-e2e-no-such-config.toml"),
        )
        .env("M3SHD_STATE_DIR", state)
        // What Claude Code sends on stdin; the hook does not need it.
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the hook");
    let out = finish_within(child, Duration::from_secs(20), "m3shd hook prompt-submit");
    assert!(out.status.success(), "the hook failed the prompt: {out:?}");
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_prompt_hook_shows_what_is_new_once() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let client = hub.client();
    client
        .post_message(&m3shd_api::PostMessage {
            content: "an old message from before".into(),
            channel: None,
            sender: None,
            reply_to: None,
        })
        .await
        .unwrap();

    // The first run marks where the mesh stands and shows no history.
    assert_eq!(stdout(&hook(&hub.url, &state)), "");

    // `m3shd post` from another terminal lands in the messages list.
    let out = m3shd_cli(&hub, &["post", "the", "deploy is done"]);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).contains("#general"), "{}", stdout(&out));
    let posted = m3shd_json(&hub, &["post", "look at ops", "--channel", "ops", "--json"]);
    assert_eq!(posted["channel"], "ops");
    assert_eq!(posted["sender"], "operator");
    let messages = client.messages(&MessageQuery::default()).await.unwrap();
    let said: Vec<(&str, &str)> = messages
        .iter()
        .map(|m| (m.channel.as_str(), m.content.as_str()))
        .collect();
    assert!(
        said.contains(&("general", "the deploy is done")),
        "{said:?}"
    );
    assert!(said.contains(&("ops", "look at ops")), "{said:?}");
    let empty = m3shd_cli(&hub, &["post", " "]);
    assert_eq!(empty.status.code(), Some(2), "{empty:?}");

    // A task held for approval is news too.
    let held = client
        .create_task(
            &CreateTask {
                prompt: "echo needs a yes".into(),
                requires_approval: Some(true),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();

    let news = stdout(&hook(&hub.url, &state));
    assert!(
        news.contains("#general operator: the deploy is done"),
        "{news}"
    );
    assert!(news.contains("#ops operator: look at ops"), "{news}");
    assert!(news.contains("approval"), "{news}");
    assert!(news.contains(&held.id), "{news}");
    assert!(!news.contains("an old message"), "{news}");

    // Shown once: the next prompt gets nothing.
    assert_eq!(stdout(&hook(&hub.url, &state)), "");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_prompt_hook_stays_quiet_and_succeeds_when_the_hub_is_down() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let mut hub = Hub::start(&dir.path().join("hub"), 10);
    assert_eq!(stdout(&hook(&hub.url, &state)), "");
    let out = m3shd_cli(&hub, &["post", "said while the hook was away"]);
    assert!(out.status.success(), "{out:?}");

    // Down: nothing printed, exit 0 (checked by `hook`).
    hub.kill9();
    let out = hook(&hub.url, &state);
    assert_eq!(stdout(&out), "");

    // A hub that takes the connection but never answers: the hook gives up
    // on its own.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_url = format!("http://{}", silent.local_addr().unwrap());
    assert_eq!(stdout(&hook(&silent_url, &state)), "");

    // No token anywhere: still nothing, still exit 0.
    let child = Command::new(env!("CARGO_BIN_EXE_m3shd"))
        .args(["hook", "prompt-submit"])
        .env("M3SHD_HUB", &hub.url)
        .env_remove("M3SHD_TOKEN")
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("M3SHD_STATE_DIR", &state)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = finish_within(child, Duration::from_secs(20), "the hook without a token");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(stdout(&out), "");

    // Back up: what was said while it was down is shown, not lost.
    hub.restart();
    let news = stdout(&hook(&hub.url, &state));
    assert!(news.contains("said while the hook was away"), "{news}");
}

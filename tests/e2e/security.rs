//! Enrolment and least privilege with the real binaries: a worker joins
//! with a join key, keeps its own token, and a token's permissions bound
//! what the CLI can do.

use std::process::Command;
use std::time::Duration;

use m3shd_api::{CreateJoinKeyRequest, Role, TaskStatus};

use crate::harness::*;

fn m3shd_as(hub: &Hub, token: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_m3shd"))
        .args(args)
        .env("M3SHD_HUB", &hub.url)
        .env("M3SHD_TOKEN", token)
        .output()
        .expect("run m3shd")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_enrols_once_with_a_join_key_and_keeps_its_token() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let client = hub.client();
    let key = client
        .create_join_key(&CreateJoinKeyRequest {
            role: Some(Role::Worker),
            ..Default::default()
        })
        .await
        .expect("join key");
    let spec = WorkerSpec {
        join_key: Some(&key.key),
        ..WorkerSpec::named("pi-one", 1)
    };
    let mut worker = Worker::start(&hub.url, dir.path(), spec);
    agents_online(&client, 1).await;
    let t = submit(&client, "echo enrolled").await;
    let t = task_reaches(&client, &t.id, TaskStatus::Done, Duration::from_secs(30)).await;
    assert_eq!(t.assigned_to.as_deref(), Some("pi-one"));

    let saved = worker.state_dir.join("agent.token");
    let token = std::fs::read_to_string(&saved).expect("token saved");
    assert!(token.starts_with("m3shd_ag_"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&saved).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let tokens = client.tokens().await.unwrap();
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0].agent_id, "pi-one");
    assert_eq!(tokens[0].permissions, Role::Worker.permissions());
    let keys = client.join_keys().await.unwrap();
    assert_eq!(keys[0].uses_left, 0, "the join key is spent");

    // A restart uses the saved token; the spent key is not needed again.
    assert!(worker.terminate(Duration::from_secs(20)).success());
    let spec = WorkerSpec {
        join_key: Some(&key.key),
        ..WorkerSpec::named("pi-one", 1)
    };
    let _again = Worker::start(&hub.url, dir.path(), spec);
    agents_online(&client, 1).await;
    let t = submit(&client, "echo again").await;
    task_reaches(&client, &t.id, TaskStatus::Done, Duration::from_secs(30)).await;
    assert_eq!(
        client.tokens().await.unwrap().len(),
        1,
        "no second enrolment"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_is_bound_by_its_tokens_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);

    let out = m3shd_as(
        &hub,
        TOKEN,
        &[
            "token", "create", "--agent", "phone", "--role", "mobile", "--json",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let created: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let phone = created["token"].as_str().unwrap().to_string();

    let out = m3shd_as(&hub, &phone, &["whoami"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("phone (agent)"));
    let out = m3shd_as(&hub, &phone, &["do", "echo from the phone"]);
    assert!(out.status.success(), "mobile may create tasks: {out:?}");
    let out = m3shd_as(&hub, &phone, &["token", "list"]);
    assert_eq!(out.status.code(), Some(3), "no admin:tokens: exit 3");
    assert!(String::from_utf8_lossy(&out.stderr).contains("admin:tokens"));

    let out = m3shd_as(&hub, TOKEN, &["token", "create", "--agent", "nothing"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(text.contains("can do nothing"), "{text}");
    let empty = text.lines().find(|l| l.starts_with("m3shd_ag_")).unwrap();
    let out = m3shd_as(&hub, empty, &["tasks"]);
    assert_eq!(out.status.code(), Some(3));

    let id = created["id"].as_str().unwrap();
    let out = m3shd_as(&hub, TOKEN, &["token", "revoke", id]);
    assert!(out.status.success());
    let out = m3shd_as(&hub, &phone, &["status"]);
    assert_eq!(out.status.code(), Some(3), "revoked at once");
}

//! Two real hubs that are each other's peers, as an operator sets them up:
//! one configured by `hubd.toml` (hub name, relay delay, pass interval,
//! fallback poll), a builtin worker on the other only. A relayed task comes
//! back pushed (the fallback poll is ten minutes away), `m3shd verify
//! --peer` has the peer vouch for its link, a template refuses federated
//! input from the CLI, and the peer's entry is no agent of the mesh.

use std::time::Duration;

use m3shd_api::{CreateTask, TaskStatus};

use crate::harness::{Hub, Worker, WorkerSpec, agents_online, m3shd_at, task_reaches, wait_for};

fn ok(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `name`, known to `hub` by a `federation` token `other` minted.
fn add_peer(hub: &Hub, name: &str, other: &Hub, dir: &std::path::Path) {
    let created = ok(m3shd_at(
        &other.url,
        &[
            "token",
            "create",
            "--agent",
            "fed-peer",
            "--role",
            "federation",
            "--json",
        ],
    ));
    let token: serde_json::Value = serde_json::from_str(&created).expect("json");
    let file = dir.join(format!("{name}.token"));
    std::fs::write(&file, token["token"].as_str().expect("token")).expect("token file");
    ok(m3shd_at(
        &hub.url,
        &[
            "peer",
            "add",
            name,
            &other.url,
            "--peer-token-file",
            file.to_str().expect("path"),
        ],
    ));
}

fn peer(hub: &Hub, name: &str) -> Option<serde_json::Value> {
    let v: serde_json::Value =
        serde_json::from_str(&ok(m3shd_at(&hub.url, &["peer", "list", "--json"]))).ok()?;
    v["peers"]
        .as_array()?
        .iter()
        .find(|p| p["name"] == name)
        .cloned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relayed_task_comes_back_pushed_and_the_peer_vouches_for_its_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let toml = dir.path().join("home.toml");
    std::fs::write(
        &toml,
        "hub_name = \"home\"\nrelay_after = 0.3\npeer_interval = 0.2\nrelay_poll = 600\n",
    )
    .expect("hubd.toml");
    let printed = std::process::Command::new(env!("CARGO_BIN_EXE_m3shd-hubd"))
        .args([
            "--config-file",
            toml.to_str().expect("path"),
            "--print-config",
        ])
        .output()
        .expect("print-config");
    let printed = String::from_utf8_lossy(&printed.stdout).into_owned();
    assert!(
        printed.contains("hub_name = \"home\"") && printed.contains("relay_poll = 600"),
        "{printed}"
    );
    let a = Hub::start_with(
        &dir.path().join("home"),
        "127.0.0.1:0",
        2,
        &["--config-file", toml.to_str().expect("path")],
    );
    let b = Hub::start_with(
        &dir.path().join("lab"),
        "127.0.0.1:0",
        2,
        &["--hub-name", "lab", "--peer-interval", "0.2"],
    );
    add_peer(&a, "lab", &b, dir.path());
    add_peer(&b, "home", &a, dir.path());
    let _w = Worker::start(
        &b.url,
        dir.path(),
        WorkerSpec {
            name: "bw",
            capabilities: "echo",
            slots: 1,
            executor: "builtin",
            ..Default::default()
        },
    );
    agents_online(&b.client(), 1).await;
    wait_for(
        "each hub sees the other",
        Duration::from_secs(20),
        || async {
            let lab = peer(&a, "lab")?;
            let home = peer(&b, "home")?;
            (lab["capacity"]["echo"] == 1 && home["hub"] == "home").then_some(())
        },
    )
    .await;

    let task = a
        .client()
        .create_task(
            &CreateTask {
                prompt: "echo hello from home".into(),
                required_capability: Some("echo".into()),
                ..Default::default()
            },
            None,
        )
        .await
        .expect("created");
    let done = task_reaches(
        &a.client(),
        &task.id,
        TaskStatus::Done,
        Duration::from_secs(30),
    )
    .await;
    // The builtin job ran as submitted, though it came as federated input.
    assert_eq!(done.output.as_deref(), Some("hello from home"));
    assert_eq!(done.assigned_to.as_deref(), Some("peer-lab"));

    let verified = ok(m3shd_at(&a.url, &["verify", &task.id, "--peer"]));
    assert!(
        verified.contains("came back from peer hub lab"),
        "{verified}"
    );
    assert!(verified.contains("verified its chain"), "{verified}");

    // The peer's entry is listed with the peers, not with the agents.
    let agents = ok(m3shd_at(&a.url, &["agents", "--json"]));
    assert!(!agents.contains("peer-lab"), "{agents}");
    let p = peer(&a, "lab").expect("listed");
    assert_eq!(
        (p["relayed"].as_u64(), p["succeeded"].as_u64()),
        (Some(1), Some(1))
    );

    // A template that refuses federated input, from the CLI.
    let added = ok(m3shd_at(
        &b.url,
        &[
            "template",
            "add",
            "books",
            "--prompt",
            "echo {x}",
            "--federated-input",
            "refuse",
        ],
    ));
    assert!(added.contains("books"), "{added}");
    let shown = ok(m3shd_at(&b.url, &["template", "show", "books"]));
    assert!(shown.contains("refuse"), "{shown}");
    let set = ok(m3shd_at(
        &b.url,
        &["template", "set", "books", "--federated-input", "accept"],
    ));
    assert!(set.contains("federated input accept"), "{set}");
    let bad = m3shd_at(
        &b.url,
        &["template", "set", "books", "--federated-input", "maybe"],
    );
    assert!(!bad.status.success());
}

//! The `m3shd` CLI as an operator runs it.

use crate::harness::*;
use std::process::{Command, Output};

fn m3shd(hub: &Hub, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_m3shd"))
        .args(args)
        .env("M3SHD_HUB", &hub.url)
        .env("M3SHD_TOKEN", TOKEN)
        .output()
        .expect("run m3shd")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn do_wait_tasks_show_follow_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let _w = Worker::start(
        &hub.url,
        dir.path(),
        WorkerSpec {
            name: "clier",
            capabilities: "general,text",
            ..Default::default()
        },
    );
    agents_online(&hub.client(), 1).await;

    let out = m3shd(&hub, &["do", "echo from the cli", "--wait", "--json"]);
    assert!(out.status.success(), "{out:?}");
    let task: m3shd_api::Task =
        serde_json::from_str(&stdout(&out)).expect("do --wait --json prints the task");
    assert_eq!(task.status, m3shd_api::TaskStatus::Done);
    assert_eq!(task.output.as_deref(), Some("from the cli"));

    let out = m3shd(&hub, &["tasks", "--json"]);
    assert!(out.status.success());
    let list: m3shd_api::TaskList = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(list.tasks.len(), 1);

    let out = m3shd(&hub, &["tasks"]);
    assert!(
        stdout(&out).contains(&task.id),
        "human table lists the task"
    );

    // --follow prints the streamed output of a multi-chunk task.
    let out = m3shd(
        &hub,
        &[
            "do",
            "summarize The hub keeps the truth. Workers pull work. Nothing is lost.",
            "--json",
        ],
    );
    let t: m3shd_api::Task = serde_json::from_str(&stdout(&out)).unwrap();
    let out = m3shd(&hub, &["task", "show", &t.id, "--follow"]);
    assert!(out.status.success(), "{out:?}");
    let done = hub.client().get_task(&t.id).await.unwrap();
    assert!(
        stdout(&out).contains(done.output.as_deref().unwrap()),
        "follow printed the output: {}",
        stdout(&out)
    );

    let out = m3shd(&hub, &["do", "fail on purpose", "--wait"]);
    assert_eq!(out.status.code(), Some(1), "a failed task exits 1");

    let out = m3shd(&hub, &["task", "show", "ffffffffffffffff"]);
    assert_eq!(out.status.code(), Some(4), "not found exits 4");

    let out = Command::new(env!("CARGO_BIN_EXE_m3shd"))
        .args(["--hub", &hub.url, "status"])
        .env("M3SHD_TOKEN", "wrong")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "bad token exits 3");

    let out = m3shd(&hub, &["agents", "--json"]);
    let agents: m3shd_api::AgentList = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(agents.agents[0].id, "clier");
    let out = m3shd(&hub, &["status"]);
    assert!(stdout(&out).contains("1 online"), "{}", stdout(&out));
}

/// `do --wait` for work nothing on the mesh can take says so a few seconds
/// in, keeps waiting, and finishes once an agent that can take it appears.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn do_wait_says_why_a_task_does_not_start() {
    use std::process::Stdio;

    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let _general = Worker::start(
        &hub.url,
        dir.path(),
        WorkerSpec {
            name: "plain",
            ..Default::default()
        },
    );
    agents_online(&hub.client(), 1).await;

    let mut child = m3shd_command(
        &hub.url,
        TOKEN,
        &["do", "echo on the gpu box", "--capability", "gpu", "--wait"],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("run m3shd do");
    let rx = lines_of(child.stderr.take().expect("stderr"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let hint = loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let line = rx.recv_timeout(left).expect("m3shd do said why it waits");
        if line.contains("still queued") {
            break line;
        }
    };
    assert!(
        hint.contains("no agent offers `gpu`; 1 of 1 agents are online"),
        "{hint}"
    );
    assert!(
        child.try_wait().expect("poll").is_none(),
        "still waiting after the hint"
    );

    // An agent that offers the capability takes it; the wait ends done.
    let _gpu = Worker::start(
        &hub.url,
        dir.path(),
        WorkerSpec {
            name: "gpu-box",
            capabilities: "gpu",
            ..Default::default()
        },
    );
    let out = child.wait_with_output().expect("m3shd do ends");
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("on the gpu box"),
        "{out:?}"
    );
}

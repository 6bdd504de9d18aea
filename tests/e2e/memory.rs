//! Agent memory through the real binaries: a worker's `[REMEMBER]` block
//! lands in the agent's memory, `m3shd memory …` finds it, and the agent's
//! next task gets it injected.

use std::process::{Command, Output};

use m3shd_api::{MemoryList, Task, TaskStatus};

use crate::harness::*;

fn m3shd(hub: &Hub, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_m3shd"))
        .args(args)
        .env("M3SHD_HUB", &hub.url)
        .env("M3SHD_TOKEN", TOKEN)
        .output()
        .expect("run m3shd")
}

fn json<T: serde::de::DeserializeOwned>(o: &Output) -> T {
    assert!(o.status.success(), "{o:?}");
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {o:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remembered_facts_are_found_and_injected() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let _builtin = Worker::start(
        &hub.url,
        dir.path(),
        WorkerSpec {
            name: "memo",
            capabilities: "general",
            ..Default::default()
        },
    );
    // Prints the prompt it is handed: shows what a claim delivers.
    let _reader = Worker::start(
        &hub.url,
        dir.path(),
        WorkerSpec {
            name: "reader",
            capabilities: "reading",
            executor: "shell",
            command: Some("cat"),
            ..Default::default()
        },
    );
    agents_online(&hub.client(), 2).await;

    let t: Task = json(&m3shd(
        &hub,
        &[
            "do",
            "echo [REMEMBER] favourite_db: sqlite [/REMEMBER]",
            "--agent",
            "memo",
            "--wait",
            "--json",
        ],
    ));
    assert_eq!(t.status, TaskStatus::Done);

    let found: MemoryList = json(&m3shd(
        &hub,
        &["memory", "search", "memo", "sqlite", "--json"],
    ));
    assert_eq!(found.memories.len(), 1, "{found:?}");
    assert_eq!(found.memories[0].key, "favourite_db");
    assert_eq!(found.memories[0].value, "sqlite");
    assert_eq!(found.memories[0].source, format!("task:{}", t.id));

    // The next task of that agent gets the memory; the builtin job itself
    // is unchanged by the block in front of it.
    let next: Task = json(&m3shd(
        &hub,
        &[
            "do",
            "echo which db do we use",
            "--agent",
            "memo",
            "--wait",
            "--json",
        ],
    ));
    assert_eq!(next.status, TaskStatus::Done);
    assert_eq!(next.output.as_deref(), Some("which db do we use"));
    assert_eq!(next.injected_memories, ["favourite_db"]);
    assert_eq!(
        next.prompt, "echo which db do we use",
        "stored prompt as submitted"
    );

    // What a claim delivers, seen by an executor that prints its prompt.
    let set = m3shd(
        &hub,
        &["memory", "set", "reader", "build_host", "ci-1.local"],
    );
    assert!(set.status.success(), "{set:?}");
    let read: Task = json(&m3shd(
        &hub,
        &[
            "do",
            "which build host?",
            "--agent",
            "reader",
            "--wait",
            "--json",
        ],
    ));
    assert_eq!(
        read.output.as_deref().map(str::trim_end),
        Some(
            "--- memories of reader ---\nbuild_host: ci-1.local\n--- end of memories ---\n\nwhich build host?"
        )
    );
    assert_eq!(read.prompt, "which build host?");

    // list, rm, consolidate.
    let listed: MemoryList = json(&m3shd(&hub, &["memory", "list", "reader", "--json"]));
    assert_eq!(listed.memories.len(), 1);
    let rm = m3shd(&hub, &["memory", "rm", "reader", "build_host"]);
    assert!(rm.status.success(), "{rm:?}");
    let rm = m3shd(&hub, &["memory", "rm", "reader", "build_host"]);
    assert_eq!(rm.status.code(), Some(4), "absent key exits 4");
    let report: serde_json::Value = json(&m3shd(&hub, &["memory", "consolidate", "--json"]));
    assert_eq!(report["merged"], 0);
}

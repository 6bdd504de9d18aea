//! A worker's shell processes do not outlive it: on Linux the shell dies
//! with a worker killed by `kill -9`, and the worker's next start kills
//! what else that shell had started in its process group.

#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::harness::*;

/// Alive and not a zombie (a dead orphan may wait for init to reap it).
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
        s.rsplit_once(')')
            .is_some_and(|(_, rest)| !rest.trim_start().starts_with('Z'))
    })
}

fn read_pid(path: &Path) -> Option<u32> {
    std::fs::read_to_string(path).ok()?.trim().parse().ok()
}

/// Kills what a failing test leaves running.
struct Cleanup(Vec<u32>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        for pid in &self.0 {
            let _ = std::process::Command::new("kill")
                .args(["-9", &pid.to_string()])
                .status();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_workers_shell_dies_with_it_and_the_restart_reaps_its_group() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 30);
    let client = hub.client();
    let pids: PathBuf = dir.path().join("pids");
    std::fs::create_dir_all(&pids).unwrap();
    // The shell records its own pid and that of a background process in its
    // group, then waits for it.
    let command = format!(
        "echo $$ > {p}/sh.tmp && mv {p}/sh.tmp {p}/sh; \
         sleep 600 & echo $! > {p}/bg.tmp && mv {p}/bg.tmp {p}/bg; wait",
        p = pids.display()
    );
    let spec = || WorkerSpec {
        name: "sh1",
        slots: 1,
        executor: "shell",
        command: Some(&command),
        ..Default::default()
    };
    let mut worker = Worker::start(&hub.url, dir.path(), spec());
    agents_online(&client, 1).await;
    let task = submit(&client, "run the long command").await;

    let got = |name: &'static str| {
        let path = pids.join(name);
        async move { read_pid(&path) }
    };
    let sh = wait_for("the shell's pid", Duration::from_secs(30), || got("sh")).await;
    let bg = wait_for("the background pid", Duration::from_secs(30), || got("bg")).await;
    let _cleanup = Cleanup(vec![sh, bg]);
    assert!(alive(sh) && alive(bg));

    worker.kill9();
    wait_for(
        "the shell to die with its worker",
        Duration::from_secs(10),
        || async { (!alive(sh)).then_some(()) },
    )
    .await;
    // Only the worker's direct child is tied to it; the rest of the group
    // is the restart's job.
    assert!(alive(bg), "the background process died early");

    // Nothing should run the task again while we look.
    client.cancel_task(&task.id).await.unwrap();
    let group_records = worker.state_dir.join("children");
    assert_eq!(std::fs::read_dir(&group_records).unwrap().count(), 1);

    let _again = Worker::start(&hub.url, dir.path(), spec());
    wait_for(
        "the restarted worker to kill the group its first run left",
        Duration::from_secs(30),
        || async { (!alive(bg)).then_some(()) },
    )
    .await;
    wait_for(
        "the record to be cleared",
        Duration::from_secs(10),
        || async { (std::fs::read_dir(&group_records).ok()?.count() == 0).then_some(()) },
    )
    .await;
}

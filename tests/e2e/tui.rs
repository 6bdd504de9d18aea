//! `m3shd tui` in tmux against a real hub and worker: what it shows, and an
//! approval decided by keys.

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use m3shd_api::{ApprovalStatus, CreateApproval, CreateTask};

use crate::harness::*;

/// tmux on a private socket, so the test never touches a user's sessions.
struct Tmux {
    socket: std::path::PathBuf,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux is installed (scripts/test installs it)")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "tui"]).stdout).into_owned()
    }

    fn keys(&self, keys: &str) {
        let out = self.run(&["send-keys", "-t", "tui", keys]);
        assert!(out.status.success(), "send-keys {keys}: {out:?}");
    }

    async fn wait_screen(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        wait_for(what, Duration::from_secs(30), || async {
            let s = self.screen();
            pred(&s).then_some(s)
        })
        .await
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn start_tui(dir: &Path, hub: &Hub) -> Tmux {
    let tmux = Tmux {
        socket: dir.join("tmux.sock"),
    };
    let cmd = format!(
        "M3SHD_HUB={} M3SHD_TOKEN={} XDG_CONFIG_HOME={} {}",
        hub.url,
        TOKEN,
        dir.join("cfg").display(),
        env!("CARGO_BIN_EXE_m3shd")
    ) + " tui";
    let out = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "tui",
        "-x",
        "100",
        "-y",
        "30",
        &cmd,
    ]);
    assert!(out.status.success(), "tmux new-session: {out:?}");
    tmux
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_shows_the_mesh_and_approves_by_keys() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let client = hub.client();
    let _w = Worker::start(
        &hub.url,
        dir.path(),
        WorkerSpec {
            name: "tui-worker",
            ..Default::default()
        },
    );
    agents_online(&client, 1).await;
    client
        .create_task(
            &CreateTask {
                prompt: "sleep 30000".into(),
                title: Some("watch me run".into()),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    let approval = client
        .create_approval(&CreateApproval {
            agent: "tui-worker".into(),
            action: "restart the database".into(),
            description: "nightly maintenance".into(),
            timeout_seconds: None,
        })
        .await
        .unwrap();

    let tmux = start_tui(dir.path(), &hub);
    tmux.wait_screen("the agent and the running task on the dashboard", |s| {
        s.contains("tui-worker") && s.contains("watch me run")
    })
    .await;

    // Approvals view, approve the selected request, confirm.
    tmux.keys("5");
    tmux.wait_screen("the pending approval", |s| {
        s.contains("restart the database")
    })
    .await;
    tmux.keys("a");
    tmux.wait_screen("the confirmation prompt", |s| s.contains("y/n"))
        .await;
    tmux.keys("y");
    wait_for(
        "the approval decided on the hub",
        Duration::from_secs(30),
        || async {
            let list = client.list_approvals(None).await.ok()?;
            let a = list.approvals.into_iter().find(|a| a.id == approval.id)?;
            (a.status == ApprovalStatus::Approved).then_some(())
        },
    )
    .await;

    tmux.keys("q");
    wait_for("the tui to exit", Duration::from_secs(10), || async {
        let out = tmux.run(&["has-session", "-t", "tui"]);
        (!out.status.success()).then_some(())
    })
    .await;
}

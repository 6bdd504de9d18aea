//! What the worker reports, and that its logs never carry the token. In a
//! test binary of its own: the log capture is a thread-local subscriber,
//! which concurrent tests in the same process would race with.

mod common;
mod fake_hub;

use std::sync::{Arc, Mutex};

use common::{config, outbox_files, start};
use fake_hub::{FakeHub, TOKEN, task};

/// A tracing writer that keeps everything in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

// Single-threaded so the thread-local log capture sees every worker task.
#[tokio::test(flavor = "current_thread")]
async fn claimed_tasks_complete_and_fail_with_output_and_fence() {
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(logs.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    hub.push(task("t-echo", "echo hello  mesh"), 7);
    hub.push(task("t-fail", "fail on purpose"), 2);
    let w = start(config(&hub.url, dir.path(), 2));

    let done = hub
        .wait_for("echo completed", |s| {
            s.completes.iter().find(|c| c.task_id == "t-echo").cloned()
        })
        .await;
    assert_eq!(done.body.output, "hello  mesh");
    assert_eq!(done.body.fence, 7);
    assert_eq!(done.agent.as_deref(), Some("test-worker"));

    let failed = hub
        .wait_for("fail reported", |s| {
            s.fails.iter().find(|c| c.task_id == "t-fail").cloned()
        })
        .await;
    assert_eq!(failed.body.error, "on purpose");
    assert_eq!(failed.body.fence, 2);
    assert!(!failed.body.retryable);

    let report = w.shutdown().await;
    assert_eq!(report.completed, 1);
    assert_eq!(report.failed, 1);
    assert_eq!(report.pending, 0);
    assert!(outbox_files(dir.path()).is_empty());

    let s = hub.state.lock().unwrap();
    let (id, reg) = &s.registers[0];
    assert_eq!(id, "test-worker");
    assert_eq!(reg.capabilities, ["summarize"]);
    assert_eq!(reg.max_concurrent, 2);
    assert_eq!(reg.name.as_deref(), Some("Test Worker"));
    assert_eq!(s.deregisters, ["test-worker"]);
    assert_eq!(s.missing_auth, 0);
    drop(s);

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.contains("result delivered"),
        "log capture broken: {text}"
    );
    assert!(!text.contains(TOKEN), "the token leaked into the logs");
    assert!(
        !text.contains("super-secret"),
        "the token leaked into the logs"
    );
}

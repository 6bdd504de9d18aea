//! What the worker reports, and that its logs never carry the token. In a
//! test binary of its own: the log capture is a thread-local subscriber,
//! which concurrent tests in the same process would race with.

// Tests may panic on what should not happen and convert small numbers freely.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_lossless)]
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
#![allow(clippy::cast_sign_loss)]

mod common;

use std::sync::{Arc, Mutex};

use common::{AGENT, CAPABILITY, InProcessHub, MASTER_TOKEN, config, outbox_files, start};
use m3shd_api::{AgentStatus, AuditQuery, Event, TaskStatus};

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

// Single-threaded so the thread-local log capture sees every worker task
// (and the hub's: it runs in the same runtime).
#[tokio::test(flavor = "current_thread")]
async fn claimed_tasks_complete_and_fail_with_output_and_fence() {
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(logs.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let hub = InProcessHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let echo = hub.submit("echo hello  mesh", CAPABILITY).await;
    let fail = hub.submit("fail on purpose", CAPABILITY).await;
    let w = start(config(&hub.url, dir.path(), 2));

    let done = hub
        .task_where(&echo.id, "echo completed", |t| t.status == TaskStatus::Done)
        .await;
    assert_eq!(done.output.as_deref(), Some("hello  mesh"));
    assert_eq!(done.assigned_to.as_deref(), Some(AGENT));

    let failed = hub
        .task_where(&fail.id, "fail reported", |t| {
            t.status == TaskStatus::Failed
        })
        .await;
    assert_eq!(failed.error.as_deref(), Some("on purpose"));
    assert_eq!(failed.assigned_to.as_deref(), Some(AGENT));
    // Not retryable: failed for good on its first attempt.
    assert_eq!((failed.attempts, failed.max_attempts > 1), (1, true));

    let report = w.shutdown().await;
    assert_eq!(report.completed, 1);
    assert_eq!(report.failed, 1);
    assert_eq!(report.pending, 0);
    assert!(outbox_files(dir.path()).is_empty());

    let client = hub.client();
    let agent = client.get_agent(AGENT).await.unwrap();
    assert_eq!(agent.capabilities, [CAPABILITY]);
    assert_eq!(agent.max_concurrent, 2);
    assert_eq!(agent.name, "Test Worker");
    assert_eq!(agent.status, AgentStatus::Offline);
    let events = hub.events(None).await;
    assert!(events.iter().any(|e| matches!(&e.event,
        Event::AgentOffline { agent, reason } if agent.id == AGENT && reason == "deregistered")));
    let audit = client.audit(&AuditQuery::default()).await.unwrap();
    assert!(
        audit.iter().all(|e| e.status != 401),
        "a call went without the token: {audit:#?}"
    );

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.contains("result delivered"),
        "log capture broken: {text}"
    );
    assert!(
        !text.contains(MASTER_TOKEN),
        "the token leaked into the logs"
    );
    assert!(
        !text.contains("super-secret"),
        "the token leaked into the logs"
    );
}

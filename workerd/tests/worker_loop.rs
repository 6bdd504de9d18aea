//! The worker loop against the real hub (in process): claim → execute →
//! stream → complete, the outbox across a hub that is down, aborts, stale
//! leases and the drain. What the hub saw is read through its API (task
//! status and output, the event log, memories, the audit log).

// Tests may panic on what should not happen and convert small numbers freely.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_lossless)]
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
#![allow(clippy::cast_sign_loss)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{AGENT, CAPABILITY, InProcessHub, config, outbox_files, start};
use m3shd_api::{
    AuditCountQuery, AuditQuery, Event, EventRecord, Fence, RegisterAgent, TaskStatus,
};
use m3shd_hubd::HubConfig;
use m3shd_test_support::hub::wait_for;
use m3shd_workerd::ExecutorKind;
use m3shd_workerd::outbox::{Outbox, OutboxEntry, Outcome};

const WAIT: Duration = Duration::from_secs(20);

fn lease(secs: u64) -> impl Fn(HubConfig) -> HubConfig + Send + Sync + 'static {
    move |c| c.with_lease_timeout(Duration::from_secs(secs))
}

/// Register the test worker's agent by hand and lease it a task, as a run
/// that died before delivering would have: (task id, fence).
async fn leased_to_the_worker(hub: &InProcessHub, prompt: &str) -> (String, Fence) {
    let client = hub.client().with_agent(AGENT);
    let me = RegisterAgent {
        name: Some("Test Worker".into()),
        machine: None,
        capabilities: vec![CAPABILITY.into()],
        max_concurrent: 1,
    };
    client.register(AGENT, &me).await.expect("register");
    let task = hub.submit(prompt, CAPABILITY).await;
    let claimed = wait_for("the task handed over", WAIT, || async {
        client
            .claim(AGENT, 500, Some(1))
            .await
            .ok()
            .and_then(|c| c.into_iter().next())
    })
    .await;
    assert_eq!(claimed.task.id, task.id);
    (task.id, claimed.lease.fence)
}

fn position(events: &[EventRecord], what: impl Fn(&Event) -> bool) -> usize {
    events
        .iter()
        .position(|e| what(&e.event))
        .unwrap_or_else(|| panic!("event not found in {events:#?}"))
}

fn deregistered(e: &Event) -> bool {
    matches!(e, Event::AgentOffline { agent, reason } if agent.id == AGENT && reason == "deregistered")
}

#[tokio::test]
async fn streamed_output_is_coalesced() {
    let hub = InProcessHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    // 400 lines within a few milliseconds, then the process lives on past
    // the first flush, so the output is streamed (coalesced) and not only
    // carried by the result.
    let task = hub.submit("ignored", CAPABILITY).await;
    let mut cfg = config(&hub.url, dir.path(), 1);
    cfg.executor = ExecutorKind::Shell;
    cfg.command = Some("i=0; while [ $i -lt 400 ]; do echo x; i=$((i+1)); done; sleep 0.3".into());
    let w = start(cfg);

    let done = hub
        .task_where(&task.id, "stream task completed", |t| {
            t.status == TaskStatus::Done
        })
        .await;
    let report = w.shutdown().await;
    assert_eq!(report.completed, 1);

    let output = done.output.unwrap_or_default();
    let pieces = output.lines().count();
    assert_eq!(pieces, 400, "the executor emitted {pieces} lines");
    let chunks: Vec<String> = hub
        .events(Some(&task.id))
        .await
        .into_iter()
        .filter_map(|e| match e.event {
            Event::TaskOutput { chunk, .. } => Some(chunk),
            _ => None,
        })
        .collect();
    assert!(!chunks.is_empty(), "nothing was streamed");
    assert!(
        chunks.len() <= 10,
        "{} stream requests for {pieces} pieces: not coalesced",
        chunks.len()
    );
    assert!(chunks.iter().all(|c| c.len() <= 64 * 1024));
    assert_eq!(chunks.concat(), output, "streamed pieces lost or reordered");
}

#[tokio::test]
async fn a_task_that_ends_before_the_first_flush_streams_nothing() {
    let hub = InProcessHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let task = hub.submit("echo quick", CAPABILITY).await;
    let w = start(config(&hub.url, dir.path(), 1));
    let done = hub
        .task_where(&task.id, "fast task completed", |t| {
            t.status == TaskStatus::Done
        })
        .await;
    w.shutdown().await;
    assert_eq!(done.output.as_deref(), Some("quick"));
    let events = hub.events(Some(&task.id)).await;
    assert!(
        !events
            .iter()
            .any(|e| matches!(e.event, Event::TaskOutput { .. })),
        "the result alone carries a fast task's output"
    );
}

#[tokio::test]
async fn unreachable_hub_at_start_then_delivery_when_it_comes_up() {
    let mut hub = InProcessHub::start().await;
    let (task_id, fence) = leased_to_the_worker(&hub, "echo from before").await;
    hub.stop().await;

    let dir = tempfile::tempdir().unwrap();
    // A result left behind by an earlier run.
    let outbox = Outbox::open(dir.path().join("outbox")).unwrap();
    outbox
        .put(&OutboxEntry {
            task_id: task_id.clone(),
            fence,
            outcome: Outcome::Complete(m3shd_api::CompleteTask {
                fence,
                output: "from before".into(),
                confidence: None,
                usage: None,
            }),
            finished_at: chrono::Utc::now(),
        })
        .unwrap();

    // Where the hub was, something that hangs up on every connection: the
    // worker must keep retrying with backoff rather than give up.
    let down = tokio::net::TcpListener::bind(hub.addr).await.unwrap();
    let attempts = Arc::new(AtomicUsize::new(0));
    let hang_up = {
        let attempts = attempts.clone();
        tokio::spawn(async move {
            while let Ok((conn, _)) = down.accept().await {
                attempts.fetch_add(1, Ordering::SeqCst);
                drop(conn);
            }
        })
    };
    let w = start(config(&hub.url, dir.path(), 1));
    wait_for("two attempts at the hub that is down", WAIT, || async {
        (attempts.load(Ordering::SeqCst) >= 2).then_some(())
    })
    .await;
    assert!(
        !w.handle.is_finished(),
        "worker gave up on an unreachable hub"
    );
    hang_up.abort();
    let _ = hang_up.await;

    hub.restart().await;
    let done = hub
        .task_where(&task_id, "left-over result delivered", |t| {
            t.status == TaskStatus::Done
        })
        .await;
    assert_eq!(done.output.as_deref(), Some("from before"));
    let report = w.shutdown().await;
    assert_eq!(report.completed, 1);
    assert!(outbox_files(dir.path()).is_empty());
    // The setup's registration and the worker's, once.
    let registrations = hub
        .client()
        .audit(&AuditQuery {
            action: Some("{id}/register".into()),
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(registrations.len(), 2, "{registrations:#?}");
}

#[tokio::test]
async fn obsolete_results_are_dropped_from_the_outbox() {
    let hub = InProcessHub::start().await;
    // A result from an earlier run whose task has moved on since (here:
    // cancelled): the hub answers 409 and the worker forgets it instead of
    // retrying forever.
    let (task_id, fence) = leased_to_the_worker(&hub, "echo too late").await;
    hub.client().cancel_task(&task_id).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let outbox = Outbox::open(dir.path().join("outbox")).unwrap();
    outbox
        .put(&OutboxEntry {
            task_id: task_id.clone(),
            fence,
            outcome: Outcome::Fail(m3shd_api::FailTask {
                fence,
                error: "too late".into(),
                output: None,
                retryable: false,
                usage: None,
            }),
            finished_at: chrono::Utc::now(),
        })
        .unwrap();
    let w = start(config(&hub.url, dir.path(), 1));
    wait_for("the refused result dropped", WAIT, || async {
        outbox_files(dir.path()).is_empty().then_some(())
    })
    .await;
    let report = w.shutdown().await;
    assert_eq!(report.obsolete, 1);
    assert_eq!(report.failed, 0);
    assert_eq!(report.pending, 0);
    assert!(outbox_files(dir.path()).is_empty());
    let task = hub.client().get_task(&task_id).await.unwrap();
    assert_eq!(task.status, TaskStatus::Cancelled);
    // Tried once, not again. The hub counts worker calls after it has
    // answered them: wait for the count to appear, then check it.
    let fails = wait_for("the refused result counted", WAIT, || async {
        let counts = hub
            .client()
            .audit_counts(&AuditCountQuery {
                agent: Some(AGENT.into()),
                hours: None,
            })
            .await
            .unwrap();
        let fails: Vec<_> = counts
            .iter()
            .filter(|c| c.action == "POST /api/tasks/{id}/fail")
            .map(|c| (c.calls, c.failed))
            .collect();
        (!fails.is_empty()).then_some(fails)
    })
    .await;
    assert_eq!(fails, [(1, 1)]);
}

#[tokio::test]
async fn drain_releases_a_long_task_and_deregisters() {
    let hub = InProcessHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let task = hub.submit("sleep 600000", CAPABILITY).await;
    let mut cfg = config(&hub.url, dir.path(), 1);
    cfg.drain_timeout = Duration::from_millis(300);
    let w = start(cfg);

    hub.task_where(&task.id, "the task running", |t| {
        t.status == TaskStatus::Running
    })
    .await;
    let started = tokio::time::Instant::now();
    let report = w.shutdown().await;
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "drain took {:?}",
        started.elapsed()
    );
    assert_eq!(report.released, 1);
    assert_eq!(report.completed, 0);

    let back = hub.client().get_task(&task.id).await.unwrap();
    assert_eq!(back.status, TaskStatus::Queued);
    assert_eq!(back.attempts, 0, "a released task gets its attempt back");
    let events = hub.events(None).await;
    let released = position(&events, |e| {
        matches!(e, Event::TaskUpdated { task: t, reason: Some(r), .. }
            if t.id == task.id && r == &format!("released by agent {AGENT}"))
    });
    assert!(released < position(&events, deregistered), "{events:#?}");
    assert!(!events.iter().any(|e| matches!(
        &e.event,
        Event::TaskCompleted { .. } | Event::TaskFailed { .. }
    )));
}

#[tokio::test]
async fn drain_lets_short_tasks_finish() {
    let hub = InProcessHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let task = hub.submit("sleep 500", CAPABILITY).await;
    let w = start(config(&hub.url, dir.path(), 1));
    hub.task_where(&task.id, "the task running", |t| {
        t.status == TaskStatus::Running
    })
    .await;
    let report = w.shutdown().await;
    assert_eq!(report.completed, 1);
    assert_eq!(report.released, 0);
    let done = hub.client().get_task(&task.id).await.unwrap();
    assert_eq!(done.status, TaskStatus::Done);
    assert_eq!(done.output.as_deref(), Some("slept 500"));
    let events = hub.events(None).await;
    let completed = position(
        &events,
        |e| matches!(e, Event::TaskCompleted { task: t } if t.id == task.id),
    );
    assert!(completed < position(&events, deregistered));
}

#[tokio::test]
async fn heartbeat_abort_stops_the_execution() {
    // Heartbeats every 750 ms.
    let hub = InProcessHub::start_with(lease(3)).await;
    let dir = tempfile::tempdir().unwrap();
    let task = hub.submit("sleep 600000", CAPABILITY).await;
    let w = start(config(&hub.url, dir.path(), 1));
    hub.task_where(&task.id, "the task running", |t| {
        t.status == TaskStatus::Running
    })
    .await;
    hub.client().cancel_task(&task.id).await.unwrap();
    // The drain waits (up to 10 s) for the execution: only the abort in a
    // heartbeat's answer ends it before that; a drain timeout would release
    // it instead.
    let report = w.shutdown().await;
    assert_eq!(report.aborted, 1);
    assert_eq!(report.released, 0);
    assert_eq!(report.completed + report.failed, 0);
    let after = hub.client().get_task(&task.id).await.unwrap();
    assert_eq!(after.status, TaskStatus::Cancelled);
}

#[cfg(unix)]
#[tokio::test]
async fn stale_stream_stops_a_shell_execution() {
    // No heartbeat for 30 s: a refused stream is what stops the execution.
    let hub = InProcessHub::start_with(lease(120)).await;
    let dir = tempfile::tempdir().unwrap();
    let task = hub.submit("ignored", CAPABILITY).await;
    let mut cfg = config(&hub.url, dir.path(), 1);
    cfg.executor = ExecutorKind::Shell;
    cfg.command = Some("while :; do echo tick; sleep 0.05; done".into());
    let w = start(cfg);
    wait_for("output streamed", WAIT, || async {
        hub.events(Some(&task.id))
            .await
            .iter()
            .any(|e| matches!(e.event, Event::TaskOutput { .. }))
            .then_some(())
    })
    .await;
    // The task is not the worker's any more: its next stream gets a 409.
    hub.client().cancel_task(&task.id).await.unwrap();
    // The drain waits (up to 10 s) for the execution to stop; a drain
    // timeout would release it instead.
    let report = w.shutdown().await;
    assert_eq!(report.aborted, 1);
    assert_eq!(report.released, 0);
    assert_eq!(report.completed + report.failed, 0);
}

#[cfg(unix)]
#[tokio::test]
async fn shell_executor_output_reaches_the_hub() {
    let hub = InProcessHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let good = hub.submit("shout this", CAPABILITY).await;
    let bad = hub.submit("x", CAPABILITY).await;
    let mut cfg = config(&hub.url, dir.path(), 1);
    cfg.executor = ExecutorKind::Shell;
    cfg.command = Some(format!(
        r#"if [ "$M3SHD_TASK_ID" = {} ]; then echo nope >&2; exit 4; fi; tr a-z A-Z"#,
        bad.id
    ));
    let w = start(cfg);
    let done = hub
        .task_where(&good.id, "the good task done", |t| {
            t.status == TaskStatus::Done
        })
        .await;
    let failed = hub
        .task_where(&bad.id, "the bad task failed", |t| {
            t.status == TaskStatus::Failed
        })
        .await;
    w.shutdown().await;
    assert_eq!(done.output.as_deref(), Some("SHOUT THIS\n"));
    let error = failed.error.unwrap_or_default();
    assert!(error.contains("code 4"), "{error}");
    assert!(error.contains("nope"), "{error}");
    assert_eq!(failed.attempts, 1, "a permanent failure is not retried");
}

#[tokio::test]
async fn remember_blocks_reach_the_agents_memory_before_the_result() {
    let hub = InProcessHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let task = hub
        .submit(
            "echo [REMEMBER] Favourite DB: sqlite [/REMEMBER] and [REMEMBER] x [/REMEMBER]",
            CAPABILITY,
        )
        .await;
    let w = start(config(&hub.url, dir.path(), 1));
    hub.task_where(&task.id, "task completed", |t| t.status == TaskStatus::Done)
        .await;
    w.shutdown().await;
    let memories = hub.client().memories(AGENT, None).await.unwrap();
    assert_eq!(
        memories.len(),
        1,
        "only the well-formed block: {memories:?}"
    );
    let m = &memories[0];
    assert_eq!(m.agent_id, AGENT);
    assert_eq!(m.key, "favourite_db");
    assert_eq!(m.value, "sqlite");
    assert_eq!(m.source, format!("task:{}", task.id));
    let events = hub.events(None).await;
    let stored = position(
        &events,
        |e| matches!(e, Event::MemoryStored { key, .. } if key == "favourite_db"),
    );
    let completed = position(
        &events,
        |e| matches!(e, Event::TaskCompleted { task: t } if t.id == task.id),
    );
    assert!(stored < completed, "{events:#?}");
}

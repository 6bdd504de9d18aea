//! The worker loop against a fake hub: claim → execute → stream → complete,
//! the durable outbox across outages and restarts, aborts and the drain.

mod common;
mod fake_hub;

use std::time::Duration;

use common::{config, outbox_files, start};
use fake_hub::{FakeHub, task};
use m3shd_workerd::ExecutorKind;
use m3shd_workerd::outbox::{Outbox, OutboxEntry, Outcome};

#[tokio::test]
async fn streamed_output_is_coalesced() {
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    // 400 lines within a few milliseconds, then the process lives on past
    // the first flush, so the output is streamed (coalesced) and not only
    // carried by the result.
    hub.push(task("t-stream", "ignored"), 4);
    let mut cfg = config(&hub.url, dir.path(), 1);
    cfg.executor = ExecutorKind::Shell;
    cfg.command = Some("i=0; while [ $i -lt 400 ]; do echo x; i=$((i+1)); done; sleep 0.3".into());
    let w = start(cfg);

    let done = hub
        .wait_for("stream task completed", |s| {
            s.completes
                .iter()
                .find(|c| c.task_id == "t-stream")
                .cloned()
        })
        .await;
    let report = w.shutdown().await;
    assert_eq!(report.completed, 1);

    let s = hub.state.lock().unwrap();
    let streams: Vec<_> = s
        .streams
        .iter()
        .filter(|c| c.task_id == "t-stream")
        .collect();
    let pieces = done.body.output.lines().count();
    assert_eq!(pieces, 400, "the executor emitted {pieces} lines");
    assert!(!streams.is_empty(), "nothing was streamed");
    assert!(
        streams.len() <= 10,
        "{} stream requests for {pieces} pieces: not coalesced",
        streams.len()
    );
    assert!(streams.iter().all(|c| c.body.fence == 4));
    assert!(streams.iter().all(|c| c.body.chunk.len() <= 64 * 1024));
    let joined: String = streams.iter().map(|c| c.body.chunk.as_str()).collect();
    assert_eq!(
        joined, done.body.output,
        "streamed pieces lost or reordered"
    );
}

#[tokio::test]
async fn a_task_that_ends_before_the_first_flush_streams_nothing() {
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    hub.push(task("t-fast", "echo quick"), 2);
    let w = start(config(&hub.url, dir.path(), 1));
    let done = hub
        .wait_for("fast task completed", |s| s.completes.first().cloned())
        .await;
    w.shutdown().await;
    assert_eq!(done.body.output, "quick");
    let s = hub.state.lock().unwrap();
    assert!(
        s.streams.iter().all(|c| c.task_id != "t-fast"),
        "the result alone carries a fast task's output"
    );
}

#[tokio::test]
async fn outbox_keeps_results_while_hub_refuses_and_delivers_later() {
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    hub.with(|s| s.refuse_results = true);
    hub.push(task("t-retry", "echo eventually"), 5);
    let w = start(config(&hub.url, dir.path(), 1));

    // Two refused attempts: the worker retries rather than giving up.
    hub.wait_for("two refused attempts", |s| {
        (s.result_attempts >= 2).then_some(())
    })
    .await;
    assert_eq!(outbox_files(dir.path()), ["t-retry-5.json"]);
    hub.with(|s| s.refuse_results = false);

    let done = hub
        .wait_for("delivery after the hub recovered", |s| {
            s.completes.first().cloned()
        })
        .await;
    assert_eq!(done.body.output, "eventually");
    assert_eq!(done.body.fence, 5);
    let report = w.shutdown().await;
    assert_eq!(report.completed, 1);
    assert_eq!(report.pending, 0);
    assert!(outbox_files(dir.path()).is_empty());
}

#[tokio::test]
async fn outbox_survives_a_worker_restart() {
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    hub.with(|s| s.refuse_results = true);
    hub.push(task("t-persist", "echo survives restarts"), 3);

    let w = start(config(&hub.url, dir.path(), 1));
    // The direct attempt is refused, so the result goes to the outbox,
    // whose deliverer is refused too.
    hub.wait_for("a refused delivery from the outbox", |s| {
        (s.result_attempts >= 2).then_some(())
    })
    .await;
    assert_eq!(outbox_files(dir.path()), ["t-persist-3.json"]);
    let report = w.shutdown().await;
    assert_eq!(report.completed, 0);
    assert_eq!(report.pending, 1);
    assert_eq!(outbox_files(dir.path()), ["t-persist-3.json"]);
    assert!(hub.state.lock().unwrap().completes.is_empty());

    // The hub recovers; a new worker process with the same state dir
    // delivers the old result before it claims anything new.
    hub.with(|s| s.refuse_results = false);
    hub.push(task("t-new", "echo fresh"), 1);
    let w = start(config(&hub.url, dir.path(), 1));
    hub.wait_for("both results", |s| (s.completes.len() == 2).then_some(()))
        .await;
    let report = w.shutdown().await;
    assert_eq!(report.completed, 2);
    assert!(outbox_files(dir.path()).is_empty());

    let s = hub.state.lock().unwrap();
    let old = &s.completes[0];
    assert_eq!(old.task_id, "t-persist");
    assert_eq!(old.body.output, "survives restarts");
    assert_eq!(old.body.fence, 3);
    // The old result went out before the new task was handed over.
    let pos = |e: &str| s.log.iter().position(|x| x == e).unwrap();
    assert!(
        pos("complete:t-persist") < pos("assign:t-new"),
        "{:?}",
        s.log
    );
}

#[tokio::test]
async fn unreachable_hub_at_start_then_delivery_when_it_comes_up() {
    // A port with nobody listening (yet).
    let addr = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    // A result left behind by an earlier run.
    let outbox = Outbox::open(dir.path().join("outbox")).unwrap();
    outbox
        .put(&OutboxEntry {
            task_id: "t-old".into(),
            fence: 9,
            outcome: Outcome::Complete(m3shd_api::CompleteTask {
                fence: 9,
                output: "from before".into(),
                confidence: None,
                usage: None,
            }),
            finished_at: chrono::Utc::now(),
        })
        .unwrap();

    let w = start(config(&format!("http://{addr}"), dir.path(), 1));
    // Let the worker meet the closed port at least once: it must keep
    // retrying with backoff rather than give up.
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(
        !w.handle.is_finished(),
        "worker gave up on an unreachable hub"
    );

    let hub = FakeHub::start_at(addr).await;
    hub.with(|s| {
        s.leases.insert("t-old".into(), 9);
    });
    let done = hub
        .wait_for("left-over result delivered", |s| {
            s.completes.first().cloned()
        })
        .await;
    assert_eq!(done.task_id, "t-old");
    assert_eq!(done.body.output, "from before");
    let report = w.shutdown().await;
    assert_eq!(report.completed, 1);
    assert!(outbox_files(dir.path()).is_empty());
    assert_eq!(hub.state.lock().unwrap().registers.len(), 1);
}

#[tokio::test]
async fn obsolete_results_are_dropped_from_the_outbox() {
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    // A result from an earlier run whose lease has moved on since (expired
    // and handed to someone else): the hub answers 409 and the worker
    // forgets it instead of retrying forever.
    let outbox = Outbox::open(dir.path().join("outbox")).unwrap();
    outbox
        .put(&OutboxEntry {
            task_id: "t-moved".into(),
            fence: 1,
            outcome: Outcome::Fail(m3shd_api::FailTask {
                fence: 1,
                error: "too late".into(),
                output: None,
                retryable: false,
                usage: None,
            }),
            finished_at: chrono::Utc::now(),
        })
        .unwrap();
    hub.with(|s| {
        s.leases.insert("t-moved".into(), 2);
    });
    let w = start(config(&hub.url, dir.path(), 1));
    hub.wait_for("a refused result", |s| {
        (s.result_attempts >= 1).then_some(())
    })
    .await;
    let report = w.shutdown().await;
    assert_eq!(report.obsolete, 1);
    assert_eq!(report.failed, 0);
    assert_eq!(report.pending, 0);
    assert!(outbox_files(dir.path()).is_empty());
    assert_eq!(hub.state.lock().unwrap().result_attempts, 1);
}

#[tokio::test]
async fn drain_releases_a_long_task_and_deregisters() {
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    hub.push(task("t-long", "sleep 600000"), 11);
    let mut cfg = config(&hub.url, dir.path(), 1);
    cfg.drain_timeout = Duration::from_millis(300);
    let w = start(cfg);

    hub.wait_for("heartbeat reporting the task", |s| {
        s.heartbeats
            .iter()
            .any(|h| h.running.iter().any(|r| r == "t-long") && h.claiming)
            .then_some(())
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

    let s = hub.state.lock().unwrap();
    assert_eq!(s.releases.len(), 1);
    assert_eq!(s.releases[0].task_id, "t-long");
    assert_eq!(s.releases[0].body.fence, 11);
    assert_eq!(s.releases[0].agent.as_deref(), Some("test-worker"));
    assert!(s.completes.is_empty() && s.fails.is_empty());
    let pos = |e: &str| s.log.iter().position(|x| x == e).unwrap();
    assert!(pos("release:t-long") < pos("deregister"), "{:?}", s.log);
}

#[tokio::test]
async fn drain_lets_short_tasks_finish() {
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    hub.push(task("t-short", "sleep 500"), 1);
    let w = start(config(&hub.url, dir.path(), 1));
    hub.wait_for("task running", |s| {
        s.heartbeats
            .iter()
            .any(|h| h.running.iter().any(|r| r == "t-short"))
            .then_some(())
    })
    .await;
    let report = w.shutdown().await;
    assert_eq!(report.completed, 1);
    assert_eq!(report.released, 0);
    let s = hub.state.lock().unwrap();
    assert_eq!(s.completes[0].body.output, "slept 500");
    let pos = |e: &str| s.log.iter().position(|x| x == e).unwrap();
    assert!(pos("complete:t-short") < pos("deregister"));
}

#[tokio::test]
async fn heartbeat_abort_stops_the_execution() {
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    hub.push(task("t-cancel", "sleep 600000"), 1);
    let w = start(config(&hub.url, dir.path(), 1));
    hub.wait_for("task running", |s| {
        s.heartbeats
            .iter()
            .any(|h| h.running.iter().any(|r| r == "t-cancel"))
            .then_some(())
    })
    .await;
    let seen = hub.with(|s| {
        s.abort.push("t-cancel".into());
        s.heartbeats.len()
    });
    hub.wait_for("a heartbeat without the aborted task", |s| {
        s.heartbeats[seen..]
            .iter()
            .skip(1)
            .any(|h| h.running.is_empty())
            .then_some(())
    })
    .await;
    let report = w.shutdown().await;
    assert_eq!(report.aborted, 1);
    assert_eq!(report.released, 0);
    let s = hub.state.lock().unwrap();
    assert!(s.completes.is_empty() && s.fails.is_empty() && s.releases.is_empty());
}

#[cfg(unix)]
#[tokio::test]
async fn stale_stream_stops_a_shell_execution() {
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    hub.with(|s| {
        s.stale_streams.insert("t-stale".into());
    });
    hub.push(task("t-stale", "ignored"), 1);
    let mut cfg = config(&hub.url, dir.path(), 1);
    cfg.executor = ExecutorKind::Shell;
    cfg.command = Some("echo tick; sleep 600".into());
    let w = start(cfg);
    hub.wait_for("refused stream", |s| {
        s.log
            .iter()
            .any(|l| l == "stream-refused:t-stale")
            .then_some(())
    })
    .await;
    let seen = hub.with(|s| s.heartbeats.len());
    hub.wait_for("a heartbeat without the stale task", |s| {
        s.heartbeats[seen..]
            .iter()
            .any(|h| h.running.is_empty())
            .then_some(())
    })
    .await;
    let report = w.shutdown().await;
    assert_eq!(report.aborted, 1);
    let s = hub.state.lock().unwrap();
    assert!(s.completes.is_empty() && s.fails.is_empty() && s.releases.is_empty());
}

#[cfg(unix)]
#[tokio::test]
async fn shell_executor_output_reaches_the_hub() {
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    hub.push(task("t-sh", "shout this"), 6);
    hub.push(task("t-sh-bad", "x"), 1);
    let mut cfg = config(&hub.url, dir.path(), 1);
    cfg.executor = ExecutorKind::Shell;
    cfg.command = Some(
        r#"if [ "$M3SHD_TASK_ID" = t-sh-bad ]; then echo nope >&2; exit 4; fi; tr a-z A-Z"#.into(),
    );
    let w = start(cfg);
    hub.wait_for("both results", |s| {
        (s.completes.len() == 1 && s.fails.len() == 1).then_some(())
    })
    .await;
    w.shutdown().await;
    let s = hub.state.lock().unwrap();
    assert_eq!(s.completes[0].body.output, "SHOUT THIS\n");
    assert_eq!(s.completes[0].body.fence, 6);
    assert!(s.fails[0].body.error.contains("code 4"));
    assert!(s.fails[0].body.error.contains("nope"));
}

#[tokio::test]
async fn extra_tasks_beyond_free_slots_are_released() {
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    hub.with(|s| s.batch = 3);
    hub.push(task("t-a", "sleep 300"), 1);
    hub.push(task("t-b", "sleep 300"), 1);
    hub.push(task("t-c", "sleep 300"), 1);
    let w = start(config(&hub.url, dir.path(), 2));
    hub.wait_for("two done, one released", |s| {
        (s.completes.len() == 2 && s.releases.len() == 1).then_some(())
    })
    .await;
    let report = w.shutdown().await;
    assert_eq!(report.completed, 2);
    assert_eq!(report.released, 1);
    let s = hub.state.lock().unwrap();
    assert_eq!(s.releases[0].task_id, "t-c");
}

#[tokio::test]
async fn heartbeats_stop_offering_to_claim_while_claims_fail() {
    // A worker backing off from failed claims must not tell the hub it is
    // waiting for work: the hub would assign tasks nobody picks up until
    // their leases lapse, each lapse costing the task an attempt.
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let w = start(config(&hub.url, dir.path(), 1));
    hub.wait_for("a heartbeat offering to claim", |s| {
        s.heartbeats.iter().any(|h| h.claiming).then_some(())
    })
    .await;
    let (refused_from, heartbeats_from) = hub.with(|s| {
        s.refuse_claims = true;
        (s.claims, s.heartbeats.len())
    });
    hub.wait_for("a refused claim, then a heartbeat", |s| {
        (s.claims > refused_from && s.heartbeats[heartbeats_from..].iter().any(|h| !h.claiming))
            .then_some(())
    })
    .await;
    let back_from = hub.with(|s| {
        s.refuse_claims = false;
        s.heartbeats.len()
    });
    hub.push(task("t-after", "echo claimed again"), 1);
    let done = hub
        .wait_for("the task claimed once claims work again", |s| {
            s.completes.first().cloned()
        })
        .await;
    assert_eq!(done.body.output, "claimed again");
    hub.wait_for("heartbeats offering to claim again", |s| {
        s.heartbeats[back_from..]
            .iter()
            .any(|h| h.claiming)
            .then_some(())
    })
    .await;
    w.shutdown().await;
}

#[tokio::test]
async fn each_claim_says_how_many_slots_are_free() {
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    hub.push(task("t-long", "sleep 60000"), 1);
    let mut cfg = config(&hub.url, dir.path(), 3);
    cfg.drain_timeout = Duration::from_millis(100);
    let w = start(cfg);
    // The first claim has every slot; the one after it, with the long task
    // running, has the other two.
    let asked = hub
        .wait_for("a claim after the long task started", |s| {
            (s.claim_free_slots.len() >= 2).then(|| s.claim_free_slots[..2].to_vec())
        })
        .await;
    w.shutdown().await;
    assert_eq!(asked, [Some(3), Some(2)]);
}

#[tokio::test]
async fn remember_blocks_reach_the_agents_memory_before_the_result() {
    let hub = FakeHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    hub.push(
        task(
            "t-mem",
            "echo [REMEMBER] Favourite DB: sqlite [/REMEMBER] and [REMEMBER] x [/REMEMBER]",
        ),
        1,
    );
    let cfg = config(&hub.url, dir.path(), 1);
    let agent = cfg.agent_id.clone();
    let w = start(cfg);
    hub.wait_for("task completed", |s| s.completes.first().cloned())
        .await;
    w.shutdown().await;
    let s = hub.state.lock().unwrap();
    assert_eq!(
        s.memories.len(),
        1,
        "only the well-formed block: {:?}",
        s.memories
    );
    let (to, req) = &s.memories[0];
    assert_eq!(to, &agent);
    assert_eq!(req.key, "favourite_db");
    assert_eq!(req.value, "sqlite");
    assert_eq!(req.source.as_deref(), Some("task:t-mem"));
    let at = |what: &str| s.log.iter().position(|l| l == what);
    assert!(
        at("memory:favourite_db") < at("complete:t-mem"),
        "{:?}",
        s.log
    );
}

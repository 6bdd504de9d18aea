//! Machines die: nothing acknowledged is lost, no zombie overwrites a result.

use std::time::Duration;

use m3shd_api::{CompleteTask, CreateTask, Fence, TaskStatus};
use m3shd_client::Client;

use crate::harness::*;
use m3shd_test_support::fake_model::{FakeModel, Reply};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_worker_task_is_finished_by_another_and_the_zombie_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 2);
    let client = hub.client();
    let mut first = Worker::start(&hub.url, dir.path(), WorkerSpec::named("first", 1));
    agents_online(&client, 1).await;

    let t = submit(&client, "sleep 1500").await;
    let running = task_reaches(&client, &t.id, TaskStatus::Running, Duration::from_secs(30)).await;
    assert_eq!(running.assigned_to.as_deref(), Some("first"));
    first.kill9();

    let _second = Worker::start(&hub.url, dir.path(), WorkerSpec::named("second", 1));
    let done = task_reaches(&client, &t.id, TaskStatus::Done, Duration::from_secs(60)).await;
    assert_eq!(done.assigned_to.as_deref(), Some("second"));
    assert_eq!(done.attempts, 2);
    assert_eq!(done.output.as_deref(), Some("slept 1500"));

    // Whatever the dead worker might still send with its old lease is refused.
    let zombie = Client::new(&hub.url, TOKEN).unwrap().with_agent("first");
    let err = zombie
        .complete(
            &t.id,
            &CompleteTask {
                fence: Fence(1),
                output: "zombie".into(),
                confidence: None,
                usage: None,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(409), "{err}");
    let after = client.get_task(&t.id).await.unwrap();
    assert_eq!(after.output.as_deref(), Some("slept 1500"));
    assert_eq!(after.status, TaskStatus::Done);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hub_killed_under_load_loses_no_acknowledged_task() {
    let dir = tempfile::tempdir().unwrap();
    let mut hub = Hub::start(&dir.path().join("hub"), 5);
    let client = hub.client();
    let _a = Worker::start(&hub.url, dir.path(), WorkerSpec::named("a", 4));
    let _b = Worker::start(&hub.url, dir.path(), WorkerSpec::named("b", 4));
    agents_online(&client, 2).await;

    // Submitters keep going while the hub is killed; only 201s count.
    let mut acked = Vec::new();
    let mut killed = false;
    for i in 0..400 {
        if i == 200 {
            hub.kill9();
            killed = true;
        }
        if killed && i == 260 {
            hub.restart();
        }
        let req = CreateTask {
            prompt: format!("echo load {i}"),
            ..Default::default()
        };
        if let Ok(t) = client.create_task(&req, Some(&format!("load-{i}"))).await {
            acked.push((t.id, format!("load {i}")));
        }
    }
    assert!(
        acked.len() >= 300,
        "most submissions were acknowledged: {}",
        acked.len()
    );
    let client = hub.client();
    for (id, want) in &acked {
        let t = task_reaches(&client, id, TaskStatus::Done, Duration::from_secs(120)).await;
        assert_eq!(t.output.as_deref(), Some(want.as_str()));
    }
    let conn = rusqlite::Connection::open_with_flags(
        hub.db_path(),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outbox_delivers_a_result_after_a_hub_outage_and_a_worker_restart() {
    let dir = tempfile::tempdir().unwrap();
    // A long lease: the result must arrive through the outbox, not a retry.
    let mut hub = Hub::start(&dir.path().join("hub"), 60);
    let client = hub.client();
    let offline = WorkerSpec {
        executor: "shell",
        command: Some("echo started; sleep 4; echo finished"),
        ..WorkerSpec::named("offline", 1)
    };
    let mut w = Worker::start(&hub.url, dir.path(), offline);
    agents_online(&client, 1).await;
    // Long enough that the hub is surely gone before the job ends, even on
    // a loaded machine: a result delivered before the kill never reaches
    // the outbox.
    let t = submit(&client, "work offline").await;
    output_shows(&client, &t.id, "started", Duration::from_secs(30)).await;
    hub.kill9();
    wait_for(
        "result parked in the outbox",
        Duration::from_secs(30),
        || async { (w.outbox_files() == 1).then_some(()) },
    )
    .await;
    // The worker dies too; its outbox survives on disk.
    w.kill9();
    hub.restart();
    let client = hub.client();
    let _w = Worker::start(&hub.url, dir.path(), offline);
    let done = task_reaches(&client, &t.id, TaskStatus::Done, Duration::from_secs(60)).await;
    assert_ran_to_the_end(&done);
    assert_eq!(done.attempts, 1, "delivered from the outbox, not re-run");
}

/// A hub killed after it committed a hand-over but before its answer
/// reached the worker: the task is `running` on a worker that never got it.
/// The worker's first heartbeat to the restarted hub does not list it, so
/// it goes back to the queue with its attempt, and runs once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_handed_over_as_the_hub_died_runs_without_costing_an_attempt() {
    let dir = tempfile::tempdir().unwrap();
    // Heartbeats every 3 s; after a restart, leases are judged only after
    // 12 s: a retry by lease would come later and count a second attempt.
    let mut hub = Hub::start(&dir.path().join("hub"), 9);
    let client = hub.client();
    // Worker "w" registers and claims; the answer is as good as lost.
    register_as(&client, "w", "general", 1).await;
    let task = submit(&client, "echo handed over").await;
    let claimed = client.claim("w", 5_000, Some(1)).await.expect("claim");
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].task.id, task.id);
    hub.kill9();
    hub.restart();
    let client = hub.client();
    assert_eq!(
        client.get_task(&task.id).await.expect("task").status,
        TaskStatus::Running,
        "the restarted hub still has it running on w"
    );
    // The real worker "w" comes back, holding nothing.
    let _w = Worker::start(&hub.url, dir.path(), WorkerSpec::named("w", 1));
    let done = task_reaches(&client, &task.id, TaskStatus::Done, Duration::from_secs(60)).await;
    assert_eq!(done.attempts, 1, "the attempt never made was given back");
    assert_eq!(done.output.as_deref(), Some("handed over"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_down_for_three_leases_reruns_nothing_and_alerts_only_about_the_dead() {
    let dir = tempfile::tempdir().unwrap();
    // ntfy stand-in: records each alert (its Title header says what).
    let ntfy = FakeModel::start(vec![Reply::json(200, "{}"); 32]).await;
    let down_alerts = || {
        ntfy.requests()
            .iter()
            .filter_map(|r| r.header("title").map(str::to_string))
            .filter(|t| t.contains("is down"))
            .collect::<Vec<_>>()
    };
    let lease = 2;
    let ntfy_url = format!("{}/mesh", ntfy.url);
    let mut hub = Hub::start_with(
        &dir.path().join("hub"),
        "127.0.0.1:0",
        lease,
        &["--ntfy-url", &ntfy_url],
    );
    let client = hub.client();
    let busy = Worker::start(
        &hub.url,
        dir.path(),
        WorkerSpec {
            executor: "shell",
            command: Some("echo started; sleep 3; echo finished"),
            ..WorkerSpec::named("busy", 1)
        },
    );
    let _idle = Worker::start(&hub.url, dir.path(), WorkerSpec::named("idle", 1));
    let mut dead = Worker::start(&hub.url, dir.path(), WorkerSpec::named("dead", 1));
    agents_online(&client, 3).await;

    let paid = client
        .create_task(
            &CreateTask {
                prompt: "paid work".into(),
                assign_to: Some("busy".into()),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    output_shows(&client, &paid.id, "started", Duration::from_secs(30)).await;

    // The hub goes away for three lease timeouts; meanwhile the worker
    // finishes (its result waits in its outbox) and another machine dies.
    let stopped = std::time::Instant::now();
    hub.kill9();
    dead.kill9();
    // Generous: on a loaded machine the worker may still be finishing.
    wait_for(
        "the result parked in the outbox",
        Duration::from_secs(120),
        || async { (busy.outbox_files() == 1).then_some(()) },
    )
    .await;
    let down_for = Duration::from_secs(3 * lease);
    wait_for("three lease timeouts", down_for * 2, || async {
        (stopped.elapsed() >= down_for).then_some(())
    })
    .await;
    hub.restart();
    let client = hub.client();

    let done = task_reaches(&client, &paid.id, TaskStatus::Done, Duration::from_secs(60)).await;
    assert_ran_to_the_end(&done);
    assert_eq!(
        done.attempts, 1,
        "the finished work was accepted, not re-run"
    );
    assert_eq!(done.assigned_to.as_deref(), Some("busy"));

    // Work submitted right after the restart goes to a live worker and
    // runs once (not handed to the dead one, nor lost to a lapsed lease).
    let next = submit(&client, "echo after the restart").await;
    let next = task_reaches(&client, &next.id, TaskStatus::Done, Duration::from_secs(60)).await;
    assert_eq!(next.attempts, 1);
    assert_ne!(next.assigned_to.as_deref(), Some("dead"));

    // Once the grace is over the dead worker is judged, and only it.
    let offline = wait_for(
        "the dead worker judged offline",
        Duration::from_secs(60),
        || async {
            let r = client
                .events(&m3shd_api::StreamQuery {
                    types: Some("agent_offline".into()),
                    after: Some(0),
                    ..Default::default()
                })
                .await
                .ok()?;
            (!r.is_empty()).then_some(r)
        },
    )
    .await;
    let who: Vec<String> = offline
        .iter()
        .filter_map(|e| match &e.event {
            m3shd_api::Event::AgentOffline { agent, .. } => Some(agent.id.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(who, ["dead"]);
    let alerts = wait_for(
        "the alert about the dead worker",
        Duration::from_secs(30),
        || async {
            let a = down_alerts();
            (!a.is_empty()).then_some(a)
        },
    )
    .await;
    assert_eq!(alerts, ["Agent dead is down"]);
    for name in ["busy", "idle"] {
        let a = client.get_agent(name).await.unwrap();
        assert_ne!(a.status, m3shd_api::AgentStatus::Offline, "{name}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_drains_hands_back_work_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 30);
    let client = hub.client();
    let mut w = Worker::start(&hub.url, dir.path(), WorkerSpec::named("drainer", 1));
    agents_online(&client, 1).await;
    let t = submit(&client, "sleep 60000").await;
    task_reaches(&client, &t.id, TaskStatus::Running, Duration::from_secs(30)).await;
    let status = w.terminate(Duration::from_secs(20));
    assert!(status.success(), "worker exit status {status:?}");
    let back = task_reaches(&client, &t.id, TaskStatus::Queued, Duration::from_secs(10)).await;
    assert_eq!(back.attempts, 0, "a hand-back does not use up an attempt");
    let agent = client.get_agent("drainer").await.unwrap();
    assert_eq!(agent.status, m3shd_api::AgentStatus::Offline);
}

/// The shell job ran to its end: its last line is in the output.
fn assert_ran_to_the_end(task: &m3shd_api::Task) {
    assert!(
        task.output
            .as_deref()
            .is_some_and(|o| o.contains("finished")),
        "{:?}",
        task.output
    );
}

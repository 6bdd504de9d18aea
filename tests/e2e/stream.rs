//! The SSE stream: typed events, filters, and resumption without gaps.

use std::time::Duration;

use m3shd_api::{Event, StreamQuery};
use m3shd_client::StreamItem;

use crate::harness::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resuming_with_last_event_id_has_no_gaps_or_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let client = hub.client();
    let _w = Worker::start(&hub.url, dir.path(), WorkerSpec::named("streamer", 2));
    agents_online(&client, 1).await;

    let mut ids = Vec::new();
    for i in 0..20 {
        let t = submit(&client, format!("echo s{i}")).await;
        ids.push(t.id);
    }
    for id in &ids {
        task_reaches(
            &client,
            id,
            m3shd_api::TaskStatus::Done,
            Duration::from_secs(30),
        )
        .await;
    }
    // The stored log is the reference.
    let mut log = Vec::new();
    let mut after = 0;
    loop {
        let page = client
            .events(&StreamQuery {
                after: Some(after),
                limit: Some(500),
                ..Default::default()
            })
            .await
            .unwrap();
        if page.is_empty() {
            break;
        }
        after = page.last().unwrap().id;
        log.extend(page);
    }
    assert!(log.len() > 60, "events for 20 tasks: {}", log.len());
    assert!(
        log.windows(2).all(|w| w[0].id < w[1].id),
        "ids are monotonic"
    );
    let mid = log[log.len() / 2].id;
    let last = log.last().unwrap().id;

    // Resume after `mid`, then add live events; every id arrives exactly once.
    let mut stream = client.stream(StreamQuery {
        after: Some(mid),
        ..Default::default()
    });
    assert_eq!(stream.next().await.unwrap(), StreamItem::Connected);
    let live = submit(&client, "echo live").await;
    let mut seen = Vec::new();
    let mut live_done = false;
    while !live_done {
        match tokio::time::timeout(Duration::from_secs(30), stream.next())
            .await
            .expect("stream stalled")
            .unwrap()
        {
            StreamItem::Event(rec) => {
                if let Event::TaskCompleted { task } = &rec.event {
                    live_done = task.id == live.id;
                }
                seen.push(rec.id);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    let replayed: Vec<i64> = seen.iter().copied().filter(|id| *id <= last).collect();
    let expected: Vec<i64> = log.iter().map(|e| e.id).filter(|id| *id > mid).collect();
    assert_eq!(
        replayed, expected,
        "replay equals the stored log after {mid}"
    );
    let mut dedup = seen.clone();
    dedup.dedup();
    assert_eq!(dedup, seen, "no duplicates");
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "in order");

    // Filters: only this task's events, only completions.
    let mut only = client.stream(StreamQuery {
        types: Some("task_completed".into()),
        task: Some(ids[3].clone()),
        after: Some(0),
        ..Default::default()
    });
    assert_eq!(only.next().await.unwrap(), StreamItem::Connected);
    match only.next().await.unwrap() {
        StreamItem::Event(rec) => match rec.event {
            Event::TaskCompleted { task } => assert_eq!(task.id, ids[3]),
            other => panic!("filtered stream gave {other:?}"),
        },
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn following_a_task_whose_events_were_deleted_shows_its_result() {
    let dir = tempfile::tempdir().unwrap();
    let mut hub = Hub::start_with(
        &dir.path().join("hub"),
        "127.0.0.1:0",
        10,
        &["--event-retention", "3"],
    );
    let client = hub.client();
    let _w = Worker::start(&hub.url, dir.path(), WorkerSpec::named("w", 1));
    agents_online(&client, 1).await;
    let old = submit(&client, "echo from long ago").await;
    task_reaches(
        &client,
        &old.id,
        m3shd_api::TaskStatus::Done,
        Duration::from_secs(30),
    )
    .await;
    let newer = submit(&client, "echo newer").await;
    task_reaches(
        &client,
        &newer.id,
        m3shd_api::TaskStatus::Done,
        Duration::from_secs(30),
    )
    .await;
    // The hub trims its log when it starts: nothing about `old` is left.
    hub.restart();
    let client = hub.client();
    wait_for(
        "the old task's events deleted",
        Duration::from_secs(30),
        || async {
            let left = client
                .events(&StreamQuery {
                    task: Some(old.id.clone()),
                    after: Some(0),
                    ..Default::default()
                })
                .await
                .ok()?;
            left.is_empty().then_some(())
        },
    )
    .await;

    // Following it from the start of the log gets a reset, not silence.
    let mut follow = std::process::Command::new(env!("CARGO_BIN_EXE_m3shd"))
        .args(["task", "show", &old.id, "--follow"])
        .env("M3SHD_HUB", &hub.url)
        .env("M3SHD_TOKEN", TOKEN)
        .env("M3SHD_CONFIG", hub.data_dir.join("no-such-config.toml"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let exited = loop {
        if let Some(status) = follow.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = follow.kill();
            let _ = follow.wait();
            panic!("task show --follow still waits after 30 s");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let out = follow.wait_with_output().unwrap();
    assert!(exited.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("from long ago"),
        "{out:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follow_whose_token_is_revoked_says_so_and_stops() {
    use m3shd_api::{CreateTokenRequest, Role};
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let client = hub.client();
    let created = client
        .create_token(&CreateTokenRequest {
            agent_id: "laptop".into(),
            role: Some(Role::Commander),
            permissions: None,
        })
        .await
        .expect("token");
    // Nothing runs it: the follow waits on the live stream.
    let task = submit(&client, "echo never").await;
    let mut follow = Command::new(env!("CARGO_BIN_EXE_m3shd"))
        .args(["task", "show", &task.id, "--follow"])
        .env("M3SHD_HUB", &hub.url)
        .env("M3SHD_TOKEN", &created.token)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("m3shd task show --follow");
    wait_for(
        "the follow to subscribe",
        Duration::from_secs(30),
        || async {
            let m = reqwest_metrics(&hub).await;
            m.contains("m3shd_sse_subscribers 1").then_some(())
        },
    )
    .await;

    client.revoke_token(&created.info.id).await.expect("revoke");
    let status = wait_for("the follow to end", Duration::from_secs(30), || {
        let done = follow.try_wait().expect("try_wait");
        async move { done }
    })
    .await;
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut follow.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(3), "an auth failure: {stderr}");
    assert!(stderr.contains("revoked"), "says why: {stderr}");
    assert!(
        !stderr.contains("reconnecting"),
        "no reconnect loop: {stderr}"
    );
}

async fn reqwest_metrics(hub: &Hub) -> String {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
        .get(format!("{}/metrics", hub.url))
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("metrics body")
}

//! Several hubs on one PostgreSQL database behave as one hub: work submitted
//! to one is run by a worker connected to another, every event reaches the
//! subscribers of both exactly once, and a replica killed under load loses
//! no acknowledged task. Runs when `M3SHD_TEST_POSTGRES` names a server.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use m3shd_api::{CreateTask, Event, StreamQuery, TaskStatus};
use m3shd_client::{Client, EventStream, StreamItem};

use crate::harness::*;

/// Keys every replica shares (they come from the environment, not a file
/// of one replica's data dir).
const ENCRYPTION_KEYS: &str =
    "r1r1r1r1:1111111111111111111111111111111111111111111111111111111111111111";
const PROVENANCE_KEY: &str = "2222222222222222222222222222222222222222222222222222222222222222";

/// A scratch database on the test server, dropped with the test.
struct Database(String);

impl Drop for Database {
    fn drop(&mut self) {
        let _ = m3shd_hubd::store::drop_scratch(&self.0);
    }
}

fn database() -> Option<Database> {
    let base = std::env::var("M3SHD_TEST_POSTGRES").ok()?;
    Some(Database(
        m3shd_hubd::store::create_scratch(&base).expect("scratch database"),
    ))
}

fn replica(dir: &Path, name: &str, db: &Database, provenance: &str) -> Hub {
    Hub::start_full(
        &dir.join(name),
        "127.0.0.1:0",
        3,
        &[],
        &[
            ("M3SHD_DATABASE_URL", db.0.as_str()),
            ("M3SHD_ENCRYPTION_KEYS", ENCRYPTION_KEYS),
            ("M3SHD_PROVENANCE_KEY", provenance),
        ],
    )
}

/// A stream of `client`'s hub, connected.
async fn connected(client: &Client) -> EventStream {
    let mut stream = client.stream(StreamQuery::default());
    match stream.next().await.expect("stream") {
        StreamItem::Connected => stream,
        other => panic!("unexpected stream item: {other:?}"),
    }
}

/// The ids of the events `stream` delivers until `done` says so.
async fn collect(mut stream: EventStream, done: impl Fn(&Event) -> bool) -> Vec<i64> {
    let mut ids = Vec::new();
    loop {
        match stream.next().await.expect("stream") {
            StreamItem::Event(rec) => {
                ids.push(rec.id);
                if done(&rec.event) {
                    return ids;
                }
            }
            other => panic!("unexpected stream item: {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_share_work_and_every_event_once() {
    let Some(db) = database() else {
        eprintln!("M3SHD_TEST_POSTGRES is not set: the replica tests do not run");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let a = replica(dir.path(), "a", &db, PROVENANCE_KEY);
    let b = replica(dir.path(), "b", &db, PROVENANCE_KEY);
    let _w = Worker::start(&b.url, dir.path(), WorkerSpec::named("on-b", 1));
    agents_online(&a.client(), 1).await;

    let completed =
        |e: &Event| matches!(e, Event::TaskCompleted { task } if task.prompt == "echo across");
    let on_a = tokio::spawn(collect(connected(&a.client()).await, completed));
    let on_b = tokio::spawn(collect(connected(&b.client()).await, completed));
    let t = submit(&a.client(), "echo across").await;
    let done = task_reaches(
        &b.client(),
        &t.id,
        TaskStatus::Done,
        Duration::from_secs(30),
    )
    .await;
    assert_eq!(done.assigned_to.as_deref(), Some("on-b"));
    assert_eq!(done.output.as_deref(), Some("across"));
    let on_a = tokio::time::timeout(Duration::from_secs(30), on_a)
        .await
        .expect("a's stream sees the completion")
        .unwrap();
    let on_b = tokio::time::timeout(Duration::from_secs(30), on_b)
        .await
        .expect("b's stream sees the completion")
        .unwrap();
    for ids in [&on_a, &on_b] {
        let unique: BTreeSet<i64> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "no event twice: {ids:?}");
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "in order: {ids:?}");
    }
    // Connected before the task was created, both saw the same events.
    let start = on_a[0].max(on_b[0]);
    let from = |ids: &[i64]| {
        ids.iter()
            .copied()
            .filter(|&i| i >= start)
            .collect::<Vec<_>>()
    };
    assert_eq!(from(&on_a), from(&on_b));

    // A replica with another provenance key would sign links nobody else
    // can verify: it refuses to start.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_m3shd-hubd"))
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path().join("c"))
        .env(
            "M3SHD_HUBD_CONFIG",
            empty_config(&dir.path().join("c"), "hubd.toml"),
        )
        .env("M3SHD_MASTER_TOKEN", TOKEN)
        .env("M3SHD_DATABASE_URL", &db.0)
        .env("M3SHD_ENCRYPTION_KEYS", ENCRYPTION_KEYS)
        .env("M3SHD_PROVENANCE_KEY", "33".repeat(32))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("provenance key differs"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_killed_under_load_loses_no_acknowledged_task() {
    let Some(db) = database() else {
        eprintln!("M3SHD_TEST_POSTGRES is not set: the replica tests do not run");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut a = replica(dir.path(), "a", &db, PROVENANCE_KEY);
    let b = replica(dir.path(), "b", &db, PROVENANCE_KEY);
    let both = format!("{},{}", a.url, b.url);
    let _w1 = Worker::start(&both, dir.path(), WorkerSpec::named("w1", 4));
    let _w2 = Worker::start(&both, dir.path(), WorkerSpec::named("w2", 4));
    let client = Client::new(&both, TOKEN).unwrap();
    agents_online(&client, 2).await;

    let mut acked = Vec::new();
    for i in 0..300 {
        if i == 100 {
            a.kill9();
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
        acked.len() >= 290,
        "the client moved on to b: {} acknowledged",
        acked.len()
    );
    assert_eq!(
        client.base_url(),
        b.url,
        "the client uses the replica that answers"
    );
    let on_b = b.client();
    for (id, want) in &acked {
        let t = task_reaches(&on_b, id, TaskStatus::Done, Duration::from_secs(120)).await;
        assert_eq!(t.output.as_deref(), Some(want.as_str()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_windows_and_key_rates_count_what_every_replica_saw() {
    let Some(db) = database() else {
        eprintln!("M3SHD_TEST_POSTGRES is not set: the replica tests do not run");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let a = replica(dir.path(), "a", &db, PROVENANCE_KEY);
    let b = replica(dir.path(), "b", &db, PROVENANCE_KEY);
    a.client()
        .create_user(&m3shd_api::CreateUserRequest {
            username: "bob".into(),
            password: "correct horse battery".into(),
            role: m3shd_api::UserRole::Viewer,
        })
        .await
        .unwrap();

    // Twenty failed logins from this address on a (each for another name,
    // so no name's own window fills): b, once it has heard of them,
    // refuses this address too. Bob's right password on b changes nothing
    // until then (a success only frees its own slot).
    let on_a = Client::anonymous(&a.url).unwrap();
    for n in 0..20 {
        let e = on_a
            .login(&format!("guess{n}"), &"wrong".into())
            .await
            .unwrap_err();
        assert_eq!(e.status(), Some(401), "{e}");
    }
    let on_b = Client::anonymous(&b.url).unwrap();
    wait_for("b counts a's failures", Duration::from_secs(15), || async {
        match on_b.login("bob", &"correct horse battery".into()).await {
            Ok(_) => None,
            Err(e) if e.status() == Some(429) => Some(()),
            Err(e) => panic!("unexpected: {e}"),
        }
    })
    .await;

    // An agent token revoked on a is refused by b soon after (b trusts a
    // token it looked up for a second at most).
    let made = a
        .client()
        .create_token(&m3shd_api::CreateTokenRequest {
            agent_id: "mini".into(),
            role: Some(m3shd_api::Role::Worker),
            permissions: None,
        })
        .await
        .unwrap();
    let as_agent = Client::new(&b.url, &made.token).unwrap();
    as_agent.whoami().await.expect("the token works on b");
    a.client().revoke_token(&made.info.id).await.unwrap();
    wait_for(
        "b refuses the revoked token",
        Duration::from_secs(10),
        || async {
            match as_agent.whoami().await {
                Err(e) if e.status() == Some(401) => Some(()),
                _ => None,
            }
        },
    )
    .await;

    // A key allowed 6 requests a minute: with two replicas up (once each
    // says so), each admits 3, so the two together never admit more than 6.
    for hub in [&a, &b] {
        wait_for(
            "both replicas count two",
            Duration::from_secs(15),
            || async {
                let m = reqwest::Client::new()
                    .get(format!("{}/metrics", hub.url))
                    .bearer_auth(TOKEN)
                    .send()
                    .await
                    .ok()?
                    .text()
                    .await
                    .ok()?;
                m.contains("m3shd_replicas_live 2").then_some(())
            },
        )
        .await;
    }
    let key = a
        .client()
        .create_api_key(&m3shd_api::CreateApiKeyRequest {
            name: "meter".into(),
            role: None,
            permissions: Some(m3shd_api::PermissionSet::from_slice(&[
                m3shd_api::Permission::TasksRead,
            ])),
            rate_limit_per_minute: 6,
            daily_cap: 1000,
        })
        .await
        .unwrap()
        .key;
    let mut admitted = 0;
    for hub in [&a, &b] {
        let c = Client::new(&hub.url, &key).unwrap();
        for _ in 0..6 {
            if c.list_tasks(&Default::default()).await.is_ok() {
                admitted += 1;
            }
        }
    }
    assert_eq!(admitted, 6, "each replica admitted its half");
}

//! Budgets and deadlines through the real `m3shd-hubd`: a capped agent gets
//! no more work (and `m3shd costs` says so), and the deadline sweeper raises
//! the urgency and priority of an overdue task.

use std::collections::BTreeMap;
use std::process::Command;
use std::time::Duration;

use m3shd_api::{
    CompleteTask, CreateTask, Event, RegisterAgent, SetBudgets, StreamQuery, TaskStatus, Urgency,
    Usage,
};
use m3shd_client::Client;
use serde_json::Value;

use crate::harness::*;

async fn register(client: &Client, id: &str, slots: i64) {
    client
        .register(
            id,
            &RegisterAgent {
                name: Some(id.into()),
                machine: Some("e2e".into()),
                capabilities: vec!["general".into()],
                max_concurrent: slots,
            },
        )
        .await
        .unwrap_or_else(|e| panic!("register {id}: {e}"));
}

fn task(prompt: &str) -> CreateTask {
    CreateTask {
        prompt: prompt.into(),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_capped_agent_gets_no_more_work() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 30);
    let client = hub.client();
    let caps = client
        .set_budgets(&SetBudgets {
            agent_overrides: BTreeMap::from([("cap-a".to_string(), Some(100))]),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(caps.agent_overrides.get("cap-a"), Some(&100));

    // Agent A alone: it takes the first task and spends past its cap.
    let a = hub.client().with_agent("cap-a");
    register(&a, "cap-a", 4).await;
    let first = client.create_task(&task("echo first"), None).await.unwrap();
    let claims = a.claim("cap-a", 5_000, None).await.unwrap();
    assert_eq!(claims.len(), 1, "{claims:?}");
    assert_eq!(claims[0].task.id, first.id);
    let done = a
        .complete(
            &first.id,
            &CompleteTask {
                fence: claims[0].lease.fence,
                output: "first done".into(),
                confidence: None,
                usage: Some(Usage {
                    model: "big-1".into(),
                    input_tokens: 80,
                    output_tokens: 30,
                    cost_usd: Some(0.25),
                }),
            },
        )
        .await
        .unwrap();
    assert_eq!(done.status, TaskStatus::Done);

    // Agent B joins; new work goes to B and never to the capped A, although
    // A has free slots and asks first.
    let b = hub.client().with_agent("cap-b");
    register(&b, "cap-b", 4).await;
    let mut later = Vec::new();
    for i in 0..3 {
        let t = client
            .create_task(&task(&format!("echo later {i}")), None)
            .await
            .unwrap();
        later.push(t.id);
    }
    assert!(
        a.claim("cap-a", 0, None).await.unwrap().is_empty(),
        "capped agent A was given work"
    );
    let mut got = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while got.len() < 3 {
        assert!(
            std::time::Instant::now() < deadline,
            "B claimed only {got:?} of {later:?}"
        );
        // A long-poll: returns as soon as the hub has work for B.
        for c in b.claim("cap-b", 1_000, None).await.unwrap() {
            got.push(c.task.id);
        }
    }
    got.sort();
    later.sort();
    assert_eq!(got, later);
    assert!(a.claim("cap-a", 0, None).await.unwrap().is_empty());
    for id in &later {
        let t = client.get_task(id).await.unwrap();
        assert_eq!(t.assigned_to.as_deref(), Some("cap-b"), "{t:?}");
    }

    // The operator sees A capped and B not.
    let out = Command::new(env!("CARGO_BIN_EXE_m3shd"))
        .args(["costs", "--json"])
        .env("M3SHD_HUB", &hub.url)
        .env("M3SHD_TOKEN", TOKEN)
        .env("M3SHD_CONFIG", empty_config(&hub.data_dir, "m3shd.toml"))
        .output()
        .expect("run m3shd costs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("costs --json prints JSON");
    let agents = v["agents"].as_array().unwrap_or_else(|| panic!("{v}"));
    let row = |id: &str| agents.iter().find(|r| r["agent_id"] == id).cloned();
    let a_row = row("cap-a").unwrap_or_else(|| panic!("no cap-a row in {v}"));
    assert_eq!(a_row["capped"], true, "{v}");
    assert_eq!(a_row["tokens"], 110, "{v}");
    assert_eq!(a_row["token_cap"], 100, "{v}");
    if let Some(b_row) = row("cap-b") {
        assert_eq!(b_row["capped"], false, "{v}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_deadline_sweeper_raises_urgency() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start_with(
        &dir.path().join("hub"),
        "127.0.0.1:0",
        30,
        &["--deadline-interval", "0.2"],
    );
    let client = hub.client();
    // Overdue since an hour, and nobody can do it: it stays queued.
    let t = client
        .create_task(
            &CreateTask {
                prompt: "echo late".into(),
                required_capability: Some("nobody-has-this".into()),
                priority: Some(3),
                deadline: Some(chrono::Utc::now() - chrono::Duration::hours(1)),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(t.urgency, Some(Urgency::Low));

    // Every step of the ladder shows up in the event log, in order, each
    // with a higher priority than the one before.
    let steps = wait_for(
        "urgency to climb to high",
        Duration::from_secs(20),
        || async {
            let events = client
                .events(&StreamQuery {
                    types: Some("task_updated".into()),
                    task: Some(t.id.clone()),
                    limit: Some(500),
                    ..Default::default()
                })
                .await
                .ok()?;
            let steps: Vec<(Urgency, i64)> = events
                .into_iter()
                .filter_map(|r| match r.event {
                    Event::TaskUpdated { task, .. } if task.id == t.id => {
                        task.urgency.map(|u| (u, task.priority))
                    }
                    _ => None,
                })
                .collect();
            steps
                .iter()
                .any(|(u, _)| *u >= Urgency::High)
                .then_some(steps)
        },
    )
    .await;
    let ladder: Vec<Urgency> = steps.iter().map(|(u, _)| *u).collect();
    assert_eq!(&ladder[..2], &[Urgency::Medium, Urgency::High], "{steps:?}");
    assert!(steps[0].1 > 3 && steps[1].1 > steps[0].1, "{steps:?}");

    let now = client.get_task(&t.id).await.unwrap();
    assert!(now.urgency >= Some(Urgency::High), "{now:?}");
    assert!(now.priority >= 5, "{now:?}");
    assert_eq!(now.status, TaskStatus::Queued);
}

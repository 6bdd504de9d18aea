//! Work flows through real workers with every output checked.

use std::collections::HashMap;
use std::time::Duration;

use m3shd_api::{CreateTask, TaskQuery, TaskStatus};

use crate::harness::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundreds_of_echo_tasks_through_two_workers() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let client = hub.client();
    let _a = Worker::start(&hub.url, dir.path(), WorkerSpec::named("alpha", 4));
    let _b = Worker::start(&hub.url, dir.path(), WorkerSpec::named("beta", 4));
    agents_online(&client, 2).await;

    let mut expected = HashMap::new();
    for i in 0..300 {
        let t = submit(&client, format!("echo message number {i}")).await;
        assert_ne!(t.status, TaskStatus::Blocked);
        expected.insert(t.id, format!("message number {i}"));
    }
    wait_for("300 tasks done", Duration::from_secs(120), || async {
        let s = client.status().await.ok()?;
        (s.tasks[&TaskStatus::Done] == 300).then_some(())
    })
    .await;

    let mut per_agent: HashMap<String, usize> = HashMap::new();
    for (id, want) in &expected {
        let t = client.get_task(id).await.unwrap();
        assert_eq!(t.status, TaskStatus::Done, "task {id}");
        assert_eq!(t.output.as_deref(), Some(want.as_str()), "output of {id}");
        assert_eq!(t.attempts, 1);
        *per_agent.entry(t.assigned_to.unwrap()).or_default() += 1;
    }
    assert_eq!(per_agent.len(), 2, "both workers took work: {per_agent:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn capability_routing_and_shell_executor() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 10);
    let client = hub.client();
    let _sh = Worker::start(
        &hub.url,
        dir.path(),
        WorkerSpec {
            name: "shelly",
            capabilities: "upper",
            executor: "shell",
            command: Some("tr a-z A-Z"),
            ..Default::default()
        },
    );
    let _b = Worker::start(
        &hub.url,
        dir.path(),
        WorkerSpec {
            name: "plain",
            capabilities: "general",
            ..Default::default()
        },
    );
    agents_online(&client, 2).await;

    let up = client
        .create_task(
            &CreateTask {
                prompt: "shout this".into(),
                required_capability: Some("upper".into()),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    let plain = client
        .create_task(
            &CreateTask {
                prompt: "echo quiet".into(),
                required_capability: Some("general".into()),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    let up = task_reaches(&client, &up.id, TaskStatus::Done, Duration::from_secs(30)).await;
    let plain = task_reaches(
        &client,
        &plain.id,
        TaskStatus::Done,
        Duration::from_secs(30),
    )
    .await;
    assert_eq!(up.assigned_to.as_deref(), Some("shelly"));
    assert_eq!(up.output.as_deref().map(str::trim), Some("SHOUT THIS"));
    assert_eq!(plain.assigned_to.as_deref(), Some("plain"));
    assert_eq!(plain.output.as_deref(), Some("quiet"));

    // A builtin `fail` ends the task as failed with the message.
    let f = client
        .create_task(
            &CreateTask {
                prompt: "fail disk on fire".into(),
                required_capability: Some("general".into()),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    let f = task_reaches(&client, &f.id, TaskStatus::Failed, Duration::from_secs(30)).await;
    assert!(f.error.unwrap_or_default().contains("disk on fire"));

    let listed = client
        .list_tasks(&TaskQuery {
            status: Some(TaskStatus::Done),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
}

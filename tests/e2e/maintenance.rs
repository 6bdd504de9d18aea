//! Maintenance work through the real binaries: the operator turns it on
//! for an idle builtin worker with `m3shd agent maintenance`, and the hub
//! hands that worker a maintenance task, which it runs to the end.

use std::time::Duration;

use m3shd_api::{TaskQuery, TaskStatus};

use crate::harness::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_worker_opted_in_runs_a_maintenance_task() {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::start(&dir.path().join("hub"), 4);
    let _worker = Worker::start(
        &hub.url,
        dir.path(),
        WorkerSpec {
            name: "keeper",
            capabilities: "general",
            ..Default::default()
        },
    );
    let client = hub.client();
    agents_online(&client, 1).await;

    let off = m3shd_json(&hub, &["agent", "maintenance", "keeper", "--json"]);
    assert_eq!(off["enabled"], false, "off by default");
    let on = m3shd_json(
        &hub,
        &[
            "agent",
            "maintenance",
            "keeper",
            "on",
            "--cap",
            "0.2",
            "--json",
        ],
    );
    assert_eq!(
        (on["enabled"].clone(), on["daily_cap_usd"].clone()),
        (true.into(), 0.2.into())
    );

    let task = wait_for("a maintenance task", Duration::from_secs(30), || async {
        let tasks = client.list_tasks(&TaskQuery::default()).await.ok()?;
        tasks
            .into_iter()
            .find(|t| t.title == "maintenance: health-check")
    })
    .await;
    assert_eq!(task.assign_to.as_deref(), Some("keeper"));
    let done = task_reaches(&client, &task.id, TaskStatus::Done, Duration::from_secs(30)).await;
    assert_eq!(done.assigned_to.as_deref(), Some("keeper"));

    let shown = m3shd_cli(&hub, &["agent", "maintenance", "keeper"]);
    assert!(shown.status.success(), "{shown:?}");
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(text.contains("keeper: maintenance on"), "{text}");
    assert!(text.contains("last health-check"), "{text}");
}

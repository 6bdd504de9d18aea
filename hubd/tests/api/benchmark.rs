//! `POST /api/admin/benchmark`: the quick suite runs against a scratch hub
//! of its own, reports every test, saves the report, and leaves the
//! operator's store and data dir as they were.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::{TestHub, wait_for};

const TESTS: [&str; 6] = [
    "dispatch_throughput",
    "concurrent_tasks",
    "memory_search",
    "sse_fanout",
    "federation_relay",
    "end_to_end",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_quick_benchmark_runs_on_a_scratch_hub_and_saves_its_report() {
    let hub = TestHub::start_with(|c| c).await;
    let tasks_before = hub.get("/api/tasks").await.body;

    // A token without admin:analytics may neither run nor read it.
    let r = hub
        .post(
            "/api/admin/tokens",
            json!({"agent_id": "viewer", "permissions": ["tasks:read"]}),
        )
        .await;
    let weak = r.body["token"].as_str().expect("token").to_string();
    for (method, path) in [
        (Method::POST, "/api/admin/benchmark"),
        (Method::GET, "/api/admin/benchmark"),
    ] {
        let r = hub
            .call_with(Some(&weak), method, path, Some(json!({})), None, &[])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.body);
    }

    let agents_before = hub.get("/api/agents").await.body;
    let r = hub
        .post("/api/admin/benchmark", json!({"quick": true}))
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{:?}", r.body);
    assert_eq!(r.body["status"], "running");
    let id = r.body["id"].as_str().expect("id").to_string();

    // One run at a time.
    let again = hub.post("/api/admin/benchmark", json!({})).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{:?}", again.body);
    assert_eq!(again.code(), "conflict");

    // A run in progress reads like any report.
    let r = hub.get(&format!("/api/admin/benchmark/{id}")).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["id"], id.as_str());

    let complete = wait_for("benchmark_complete", Duration::from_secs(120), || async {
        hub.events_of("benchmark_complete").await.pop()
    })
    .await;
    let report = complete["data"]["report"].clone();
    assert_eq!(report["id"], id.as_str());
    assert_eq!(report["status"], "done", "{report:#}");
    let names: Vec<&str> = report["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .map(|t| t["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, TESTS);
    for t in report["tests"].as_array().expect("tests") {
        let figures = t["figures"].as_object().expect("figures");
        assert!(!figures.is_empty(), "{t:#}");
        match t["status"].as_str() {
            Some("done") => assert!(!figures.contains_key("error"), "{t:#}"),
            Some("skipped") => assert!(figures["skipped"].is_string(), "{t:#}"),
            other => panic!("test {other:?}: {t:#}"),
        }
    }
    let figure = |test: usize, key: &str| report["tests"][test]["figures"][key].as_f64();
    assert!(figure(0, "tasks_per_s").is_some_and(|x| x > 0.0));
    assert_eq!(figure(0, "over_slots"), Some(0.0));
    assert!(figure(1, "peak_running").is_some_and(|x| (1.0..=8.0).contains(&x)));
    assert!(figure(2, "search_p99_ms").is_some());
    assert_eq!(
        figure(3, "delivered"),
        Some(30.0),
        "10 subscribers × 3 events"
    );
    // A real relay between two scratch hubs of its own, every task of it.
    assert!(figure(4, "p50_ms").is_some_and(|x| x > 0.0), "{report:#}");
    assert_eq!(figure(4, "relayed"), Some(3.0), "{report:#}");
    assert!(figure(5, "p50_ms").is_some_and(|x| x > 0.0));

    // Progress went out as events before the report.
    let steps = hub.events_of("benchmark_progress").await;
    assert!(
        steps
            .iter()
            .any(|e| e["data"]["test"] == "end_to_end" && e["data"]["step"] == "done"),
        "{steps:#?}"
    );

    // Saved, listed, and nothing left behind.
    let dir = hub.data_dir.join("benchmarks");
    let saved: Value = serde_json::from_slice(
        &std::fs::read(dir.join(format!("{id}.json"))).expect("the report file"),
    )
    .expect("json");
    assert_eq!(saved, report);
    let listed = hub.get("/api/admin/benchmark").await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.body["reports"][0], report);
    let left: Vec<_> = std::fs::read_dir(&dir)
        .expect("benchmarks dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, [format!("{id}.json")], "the scratch dir is removed");
    assert_eq!(
        hub.get("/api/tasks").await.body,
        tasks_before,
        "no benchmark task in the operator's store"
    );
    assert_eq!(hub.get("/api/agents").await.body, agents_before);

    let r = hub.get("/api/admin/benchmark/20000101-000000-0000").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.code(), "not_found");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_shut_down_mid_run_removes_the_scratch_hub_and_keeps_a_failed_report() {
    let mut hub = TestHub::start_with(|c| c).await;
    let r = hub.post("/api/admin/benchmark", json!({})).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{:?}", r.body);
    let id = r.body["id"].as_str().expect("id").to_string();
    let dir = hub.data_dir.join("benchmarks");
    let scratch = dir.join(format!("scratch-{id}"));
    wait_for("the scratch hub", Duration::from_secs(30), || async {
        scratch.join("hub").exists().then_some(())
    })
    .await;
    hub.stop().await;
    let report = dir.join(format!("{id}.json"));
    wait_for("the failed report", Duration::from_secs(30), || async {
        (report.exists() && !scratch.exists()).then_some(())
    })
    .await;
    let saved: Value =
        serde_json::from_slice(&std::fs::read(&report).expect("read")).expect("json");
    assert_eq!(saved["status"], "failed", "{saved:#}");
    assert_eq!(saved["error"], "the hub shut down during the run");
}

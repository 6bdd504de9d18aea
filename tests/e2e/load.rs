//! Under load the hub never hands a worker more tasks than it has free
//! slots (no prefetch, no "releasing it"), and the all-in-one commands
//! print their own output, not the embedded hub's and workers' warnings.

use std::process::{Command, Output};

use serde_json::Value;

/// `m3shd ARGS` with nothing of the caller's logging or hub settings.
async fn m3shd(args: &[&str]) -> Output {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_m3shd"))
            .args(&args)
            .env_remove("RUST_LOG")
            .env_remove("M3SHD_MASTER_TOKEN")
            .env_remove("M3SHD_HUB")
            .env_remove("M3SHD_TOKEN")
            .output()
            .expect("run m3shd")
    })
    .await
    .expect("m3shd ran")
}

fn warnings(o: &Output) -> Vec<String> {
    String::from_utf8_lossy(&o.stderr)
        .lines()
        .filter(|l| l.contains("WARN") || l.contains("ERROR"))
        .map(str::to_string)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_thousand_tasks_and_no_worker_gets_more_than_its_free_slots() {
    let out = m3shd(&[
        "bench",
        "dispatch",
        "--tasks",
        "20000",
        "--workers",
        "4",
        "--slots",
        "8",
        "--latency-secs",
        "0",
        "--json",
    ])
    .await;
    assert!(out.status.success(), "{out:?}");
    let f: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"));
    assert_eq!(f["tasks"], 20000);
    assert_eq!(
        f["worker_releases"], 0,
        "workers were sent more than their free slots: {f}"
    );
    assert_eq!(warnings(&out), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_prints_no_warnings_of_its_mesh() {
    let out = m3shd(&["demo"]).await;
    assert!(out.status.success(), "{out:?}");
    assert_eq!(warnings(&out), Vec::<String>::new());
}

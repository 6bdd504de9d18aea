//! `m3shd bench scale` through the real binary at a tiny size: every hot
//! request is reported with figures for both sizes, and the hub it
//! measured at size really held what was asked for. Figures are reported,
//! never asserted: no timing is checked here.

// Tests may panic on what should not happen and convert small numbers freely.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::cast_lossless)]
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
#![allow(clippy::cast_sign_loss)]

use std::process::Command;

use serde_json::Value;

const REQUESTS: [&str; 7] = [
    "GET /api/health",
    "GET /api/tasks?limit=1",
    "GET /api/tasks?status=queued&limit=50",
    "GET /api/tasks?status=done&limit=50",
    "GET /api/tasks?limit=50&before=<mid-history id>",
    "GET /api/status",
    "POST /api/tasks",
];

#[test]
fn a_tiny_scale_run_reports_every_request_at_both_sizes() {
    let out = Command::new(env!("CARGO_BIN_EXE_m3shd"))
        .args([
            "bench",
            "scale",
            "--tasks",
            "2000",
            "--queued",
            "200",
            "--events",
            "2000",
            "--requests",
            "20",
            "--json",
        ])
        .env_remove("RUST_LOG")
        .env_remove("M3SHD_MASTER_TOKEN")
        .env_remove("M3SHD_HUB")
        .env_remove("M3SHD_TOKEN")
        .output()
        .expect("run m3shd");
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("WARN") && !stderr.contains("ERROR"),
        "the embedded mesh's own log stays out: {stderr}"
    );
    let f: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"));

    assert_eq!(f["requests_per_run"], 20);
    assert_eq!(f["sizes"]["tasks"], 2000);
    assert_eq!(f["sizes"]["queued"], 200);
    assert_eq!(f["sizes"]["events"], 2000);
    assert!(f["fill_secs"].is_number(), "{f}");
    assert!(f["cpu_note"].as_str().unwrap().contains("upper bound"));

    // What the hub served at size: the whole history (and the empty run's
    // 20 POSTed tasks), the queue nobody can take, the event log.
    let hub = &f["hub_at_size"];
    assert_eq!(hub["tasks_done"], 2000 + 20, "{f}");
    assert_eq!(hub["tasks_queued"], 200, "{f}");
    assert!(hub["last_event_id"].as_i64().unwrap() >= 2000, "{f}");

    let reported: Vec<&str> = f["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["request"].as_str().unwrap())
        .collect();
    assert_eq!(reported, REQUESTS);
    for r in f["requests"].as_array().unwrap() {
        for phase in ["empty", "at_size"] {
            for figure in ["p50_ms", "p99_ms", "cpu_ms_per_request"] {
                let v = r[phase][figure].as_f64();
                assert!(v.is_some_and(|v| v >= 0.0), "{phase} {figure} of {r}");
            }
        }
        assert!(r["ratio_p50"].as_f64().is_some_and(|v| v > 0.0), "{r}");
        // A list answers as many tasks at either size: only the store grew.
        if r["request"].as_str().unwrap().starts_with("GET /api/tasks") {
            let want = if r["request"] == "GET /api/tasks?limit=1" {
                1
            } else {
                50
            };
            assert_eq!(r["empty"]["rows"], want, "{r}");
            assert_eq!(r["at_size"]["rows"], want, "{r}");
        }
    }
}

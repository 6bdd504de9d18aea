//! A throughput figure, not an assertion: `cargo test --release -p
//! m3shd-hubd --test api bench -- --ignored --nocapture`. Echo workers claim
//! and complete over HTTP while submitters create tasks.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::{TOKEN, TestHub};

const TASKS: usize = 20_000;
const AGENTS: usize = 4;
const SLOTS: i64 = 16;

/// Concurrent submitters (`BENCH_SUBMITTERS`, default 32).
fn submitters() -> usize {
    std::env::var("BENCH_SUBMITTERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(32)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run explicitly in release mode"]
async fn bench_echo_throughput() {
    let mut hub = TestHub::start_with(|c| c.with_lease_timeout(Duration::from_secs(30))).await;
    for a in 0..AGENTS {
        hub.register(&format!("echo-{a}"), &[], SLOTS).await;
    }
    let submitted: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let latencies: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let done = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let start = Instant::now();

    let mut workers = Vec::new();
    for a in 0..AGENTS {
        let (http, base, submitted, latencies, done) = (
            hub.http.clone(),
            hub.base.clone(),
            submitted.clone(),
            latencies.clone(),
            done.clone(),
        );
        workers.push(tokio::spawn(async move {
            let agent = format!("echo-{a}");
            while done.load(std::sync::atomic::Ordering::Relaxed) < TASKS {
                let body: Value = http
                    .post(format!("{base}/api/agents/{agent}/claim"))
                    .bearer_auth(TOKEN)
                    .json(&json!({"wait_ms": 200}))
                    .send()
                    .await
                    .expect("claim")
                    .json()
                    .await
                    .expect("claims");
                let now = Instant::now();
                let claims = body["claims"].as_array().cloned().unwrap_or_default();
                let mut completes = Vec::new();
                for c in claims {
                    let id = c["task"]["id"].as_str().unwrap_or("").to_string();
                    let prompt = c["task"]["prompt"].as_str().unwrap_or("");
                    if let Some(t0) = submitted.lock().expect("lock").get(prompt) {
                        latencies.lock().expect("lock").push(now - *t0);
                    }
                    let fence = c["lease"]["fence"].clone();
                    let output = c["task"]["prompt"].clone();
                    let (http, base, agent, done) =
                        (http.clone(), base.clone(), agent.clone(), done.clone());
                    completes.push(tokio::spawn(async move {
                        let r = http
                            .post(format!("{base}/api/tasks/{id}/complete"))
                            .bearer_auth(TOKEN)
                            .header("X-M3shd-Agent", &agent)
                            .json(&json!({"fence": fence, "output": output}))
                            .send()
                            .await
                            .expect("complete");
                        assert!(r.status().is_success());
                        done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }));
                }
                for c in completes {
                    c.await.expect("join");
                }
            }
        }));
    }

    let n_submitters = submitters();
    let mut submitters = Vec::new();
    for s in 0..n_submitters {
        let (http, base, submitted) = (hub.http.clone(), hub.base.clone(), submitted.clone());
        submitters.push(tokio::spawn(async move {
            for i in (s..TASKS).step_by(n_submitters) {
                // Keyed by prompt: a claim can arrive before the create reply.
                let prompt = format!("echo {i}");
                submitted
                    .lock()
                    .expect("lock")
                    .insert(prompt.clone(), Instant::now());
                let r = http
                    .post(format!("{base}/api/tasks"))
                    .bearer_auth(TOKEN)
                    .json(&json!({"prompt": prompt}))
                    .send()
                    .await
                    .expect("create");
                assert_eq!(r.status(), 201);
            }
        }));
    }
    for s in submitters {
        s.await.expect("join");
    }
    for w in workers {
        w.await.expect("join");
    }
    let elapsed = start.elapsed();
    let mut lat = latencies.lock().expect("lock").clone();
    lat.sort();
    let pct = |p: f64| lat[((lat.len() as f64 * p) as usize).min(lat.len() - 1)];
    println!(
        "{TASKS} echo tasks, {n_submitters} submitters: {elapsed:.2?}, {:.0} tasks/s; \
         submit→claim p50 {:?} p99 {:?} (n={})",
        TASKS as f64 / elapsed.as_secs_f64(),
        pct(0.50),
        pct(0.99),
        lat.len()
    );
    hub.stop().await;
}

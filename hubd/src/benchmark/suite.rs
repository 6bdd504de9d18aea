//! The six tests, in order, against a hub reached through `client` (the
//! scratch hub). The measurements are `m3shd_client::bench`'s, so the CLI's
//! `m3shd bench` figures mean the same.

use std::future::Future;
use std::time::{Duration, Instant};

use m3shd_api::{BENCHMARK_TESTS, BenchmarkTest, BenchmarkTestStatus};
use m3shd_client::bench;
use m3shd_client::{Client, ClientError};
use serde::Serialize;
use serde_json::{Map, Value, json};

/// The sizes of one run.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub dispatch_tasks: usize,
    pub submitters: usize,
    pub dispatch_workers: usize,
    pub dispatch_slots: usize,
    pub concurrent_tasks: usize,
    pub concurrent_agents: usize,
    pub concurrent_slots: usize,
    pub concurrent_hold: Duration,
    pub memories: usize,
    pub searches: usize,
    pub subscribers: usize,
    pub events: usize,
    pub e2e_tasks: usize,
    pub relay_tasks: usize,
}

impl Sizes {
    /// About 10–30 s on a 2-core machine.
    pub const FULL: Sizes = Sizes {
        dispatch_tasks: 2_000,
        submitters: 16,
        dispatch_workers: 4,
        dispatch_slots: 8,
        concurrent_tasks: 1_000,
        concurrent_agents: 16,
        concurrent_slots: 4,
        concurrent_hold: Duration::from_millis(20),
        memories: 10_000,
        searches: 200,
        subscribers: 200,
        events: 10,
        e2e_tasks: 50,
        relay_tasks: 20,
    };

    /// A few seconds: every test runs, the figures mean little.
    pub const QUICK: Sizes = Sizes {
        dispatch_tasks: 100,
        submitters: 4,
        dispatch_workers: 2,
        dispatch_slots: 4,
        concurrent_tasks: 50,
        concurrent_agents: 4,
        concurrent_slots: 2,
        concurrent_hold: Duration::from_millis(5),
        memories: 200,
        searches: 20,
        subscribers: 10,
        events: 3,
        e2e_tasks: 5,
        relay_tasks: 3,
    };
}

/// Where a test's progress goes: `(test, step)`.
pub type Progress = dyn Fn(&str, &str) + Send + Sync;

/// Run the six tests one after another; `finished` gets each as it ends.
/// The relay runs on a pair of hubs of its own (`relay`).
pub async fn run(
    client: &Client,
    relay: &super::relay::RelayPair,
    sizes: Sizes,
    progress: &Progress,
    finished: &(dyn Fn(BenchmarkTest) + Send + Sync),
) {
    let [throughput, concurrent, memory, fanout, federation, e2e] = BENCHMARK_TESTS;
    let s = sizes;
    let p = steps(progress, throughput);
    let f = bench::throughput(
        client,
        s.dispatch_tasks,
        s.submitters,
        s.dispatch_workers,
        s.dispatch_slots,
        &p,
    );
    finished(measure(throughput, progress, f).await);
    let p = steps(progress, concurrent);
    let f = bench::concurrency(
        client,
        s.concurrent_tasks,
        s.concurrent_agents,
        s.concurrent_slots,
        s.concurrent_hold,
        &p,
    );
    finished(measure(concurrent, progress, f).await);
    let p = steps(progress, memory);
    let f = bench::memory(client, s.memories, s.searches, &p);
    finished(measure(memory, progress, f).await);
    let p = steps(progress, fanout);
    let f = bench::fanout(client, s.subscribers, s.events, &p);
    finished(measure(fanout, progress, f).await);
    let p = steps(progress, federation);
    let f = super::relay::relay(relay, s.relay_tasks, &p);
    finished(measure(federation, progress, f).await);
    let p = steps(progress, e2e);
    let f = bench::end_to_end(client, s.e2e_tasks, &p);
    finished(measure(e2e, progress, f).await);
}

/// The progress callback of one test.
fn steps<'a>(progress: &'a Progress, test: &'a str) -> impl Fn(&str) + Sync + 'a {
    move |line: &str| progress(test, line)
}

/// Run one measurement and turn its figures (or its error) into a test.
async fn measure<T: Serialize>(
    name: &str,
    progress: &Progress,
    run: impl Future<Output = Result<T, ClientError>>,
) -> BenchmarkTest {
    progress(name, "started");
    let started = Instant::now();
    let outcome = run.await;
    let seconds = started.elapsed().as_secs_f64();
    let (status, figures) = match outcome.map(|f| serde_json::to_value(f)) {
        Ok(Ok(Value::Object(figures))) => (BenchmarkTestStatus::Done, figures),
        Ok(Ok(other)) => (BenchmarkTestStatus::Done, one("value", other)),
        Ok(Err(e)) => (
            BenchmarkTestStatus::Failed,
            one("error", json!(e.to_string())),
        ),
        Err(e) => (
            BenchmarkTestStatus::Failed,
            one("error", json!(e.to_string())),
        ),
    };
    progress(name, status.as_str());
    BenchmarkTest {
        name: name.into(),
        status,
        figures: round(figures),
        seconds: round3(seconds),
    }
}

fn one(key: &str, value: Value) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(key.into(), value);
    m
}

/// Figures to three decimals: a report is read, not re-derived.
fn round(figures: Map<String, Value>) -> Map<String, Value> {
    figures
        .into_iter()
        .map(|(k, v)| {
            let v = match v.as_f64() {
                Some(x) if v.is_f64() => json!(round3(x)),
                _ => v,
            };
            (k, v)
        })
        .collect()
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

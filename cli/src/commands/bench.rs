//! `m3shd bench dispatch`: end-to-end figures on an embedded hub.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use m3shd_api::{CreateTask, TaskQuery, TaskStatus};
use m3shd_client::Client;
pub(super) use m3shd_client::bench::percentile;
use serde::Serialize;

use crate::args::BenchArgs;
use crate::embedded::{LocalWorker, Mesh};
use crate::exit::CliError;
use crate::output;

/// Concurrent submitters in the throughput run.
const SUBMITTERS: usize = 32;
const LATENCY_RATE: u64 = 100;

#[derive(Debug, Serialize)]
struct Figures {
    tasks: usize,
    workers: usize,
    slots_per_worker: i64,
    throughput_tasks_per_s: f64,
    submit_rate_tasks_per_s: f64,
    latency_samples: usize,
    submit_to_claim_p50_ms: f64,
    submit_to_claim_p99_ms: f64,
    submit_to_claim_max_ms: f64,
    sqlite_commits_per_s_normal: f64,
    sqlite_commits_per_s_full: f64,
    process_rss_mb: f64,
    process_peak_rss_mb: f64,
    /// Tasks the workers handed back, e.g. for being sent more than their
    /// free slots (0 unless the hub over-assigns).
    worker_releases: u64,
}

pub async fn dispatch(a: BenchArgs) -> Result<ExitCode, CliError> {
    if a.tasks == 0 || a.workers == 0 || a.slots < 1 {
        return Err(CliError::Usage(
            "--tasks, --workers and --slots must be at least 1".into(),
        ));
    }
    let dir = tempfile::Builder::new()
        .prefix("m3shd-bench-")
        .tempdir()
        .map_err(|e| CliError::Failed(format!("cannot create a temporary data dir: {e}")))?;
    let workers: Vec<LocalWorker> = (1..=a.workers)
        .map(|i| LocalWorker {
            name: format!("bench-{i}"),
            capabilities: vec!["general".into()],
            slots: a.slots,
        })
        .collect();
    eprintln!(
        "starting an embedded hub and {} builtin workers ({} slots each)…",
        a.workers, a.slots
    );
    let mesh = Mesh::start(&dir.path().join("hub"), "127.0.0.1:0", None, &workers).await?;
    let client = mesh.client()?;
    wait_for_agents(&client, a.workers).await?;

    eprintln!(
        "throughput: {} echo tasks from {SUBMITTERS} concurrent submitters…",
        a.tasks
    );
    let (throughput, submit_rate) = throughput_run(&client, a.tasks).await?;

    eprintln!("latency: {LATENCY_RATE} tasks/s for {} s…", a.latency_secs);
    let lat = latency_run(&client, a.latency_secs).await?;

    eprintln!("sqlite: single-row commits on the same disk…");
    let normal = sqlite_commit_rate(dir.path(), "NORMAL", 3000)?;
    let full = sqlite_commit_rate(dir.path(), "FULL", 300)?;
    let (rss, peak) = rss_mb();
    let reports = mesh.stop().await?;
    let worker_releases = reports.iter().map(|r| r.released).sum();

    let f = Figures {
        tasks: a.tasks,
        workers: a.workers,
        slots_per_worker: a.slots,
        throughput_tasks_per_s: round1(throughput),
        submit_rate_tasks_per_s: round1(submit_rate),
        latency_samples: lat.len(),
        submit_to_claim_p50_ms: round2(percentile(&lat, 0.50)),
        submit_to_claim_p99_ms: round2(percentile(&lat, 0.99)),
        submit_to_claim_max_ms: round2(lat.last().copied().unwrap_or(0.0)),
        sqlite_commits_per_s_normal: round1(normal),
        sqlite_commits_per_s_full: round1(full),
        process_rss_mb: round1(rss),
        process_peak_rss_mb: round1(peak),
        worker_releases,
    };
    if a.json {
        output::json(&f)?;
    } else {
        outln!(
            "end to end (submit → done, echo):   {:>10.1} tasks/s  ({} tasks, {} workers × {} slots)",
            f.throughput_tasks_per_s,
            f.tasks,
            f.workers,
            f.slots_per_worker
        );
        outln!(
            "submission rate:                    {:>10.1} tasks/s",
            f.submit_rate_tasks_per_s
        );
        outln!(
            "submit → claim at {LATENCY_RATE} tasks/s:        p50 {:.2} ms  p99 {:.2} ms  max {:.2} ms  ({} samples)",
            f.submit_to_claim_p50_ms,
            f.submit_to_claim_p99_ms,
            f.submit_to_claim_max_ms,
            f.latency_samples
        );
        outln!(
            "sqlite single-row commits (WAL):    {:>10.1} /s synchronous=NORMAL, {:.1} /s synchronous=FULL",
            f.sqlite_commits_per_s_normal,
            f.sqlite_commits_per_s_full
        );
        outln!(
            "process RSS (hub + workers + bench): {:>9.1} MB now, {:.1} MB peak",
            f.process_rss_mb,
            f.process_peak_rss_mb
        );
        outln!(
            "tasks handed back by workers:       {:>10}",
            f.worker_releases
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) async fn wait_for_agents(client: &Client, n: usize) -> Result<(), CliError> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let online = client
            .list_agents()
            .await?
            .iter()
            .filter(|a| a.status != m3shd_api::AgentStatus::Offline)
            .count();
        if online >= n {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(CliError::Failed(format!(
                "only {online} of {n} workers registered within 10 s"
            )));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn throughput_run(client: &Client, n: usize) -> Result<(f64, f64), CliError> {
    let start = Instant::now();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut submitters = Vec::new();
    for _ in 0..SUBMITTERS {
        let client = client.clone();
        let next = next.clone();
        submitters.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= n {
                    return Ok::<(), m3shd_client::ClientError>(());
                }
                let req = CreateTask {
                    prompt: format!("echo bench {i}"),
                    ..Default::default()
                };
                client.create_task(&req, None).await?;
            }
        }));
    }
    for s in submitters {
        s.await
            .map_err(|e| CliError::Failed(format!("submitter crashed: {e}")))??;
    }
    let submitted = start.elapsed();
    let mut last_report = Instant::now();
    loop {
        let s = client.status().await?;
        let count = |st| usize::try_from(s.tasks.get(&st).copied().unwrap_or(0)).unwrap_or(0);
        let done = count(TaskStatus::Done);
        let failed = count(TaskStatus::Failed);
        if failed > 0 {
            return Err(CliError::Failed(format!("{failed} bench tasks failed")));
        }
        if done >= n {
            break;
        }
        if last_report.elapsed() > Duration::from_secs(1) {
            eprintln!("  {done}/{n} done");
            last_report = Instant::now();
        }
        if start.elapsed() > Duration::from_secs(600) {
            return Err(CliError::Failed(format!(
                "only {done}/{n} done after 10 minutes"
            )));
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let total = start.elapsed();
    Ok((
        n as f64 / total.as_secs_f64(),
        n as f64 / submitted.as_secs_f64(),
    ))
}

/// Submit at a fixed rate, then read submit→claim from the hub's own clock
/// (`started_at − created_at`), which leaves client and SSE delays out.
async fn latency_run(client: &Client, secs: u64) -> Result<Vec<f64>, CliError> {
    let total = usize::try_from(secs.saturating_mul(LATENCY_RATE)).unwrap_or(usize::MAX);
    let mut ticker = tokio::time::interval(Duration::from_millis(1000 / LATENCY_RATE));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut ids = Vec::with_capacity(total);
    for i in 0..total {
        ticker.tick().await;
        let t = client
            .create_task(
                &CreateTask {
                    prompt: format!("echo latency {i}"),
                    priority: Some(10),
                    ..Default::default()
                },
                None,
            )
            .await?;
        ids.push(t.id);
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let pending = client
            .list_tasks(&TaskQuery {
                status: Some(TaskStatus::Queued),
                limit: Some(1),
                ..Default::default()
            })
            .await?
            .len()
            + client
                .list_tasks(&TaskQuery {
                    status: Some(TaskStatus::Assigned),
                    limit: Some(1),
                    ..Default::default()
                })
                .await?
                .len();
        if pending == 0 || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut lat = Vec::with_capacity(ids.len());
    for id in ids {
        let t = client.get_task(&id).await?;
        if let Some(started) = t.started_at {
            let ms = (started - t.created_at).num_microseconds().unwrap_or(0) as f64 / 1000.0;
            lat.push(ms.max(0.0));
        }
    }
    lat.sort_by(|a, b| a.total_cmp(b));
    Ok(lat)
}

fn sqlite_commit_rate(dir: &Path, sync: &str, rows: usize) -> Result<f64, CliError> {
    let path = dir.join(format!("commit-probe-{sync}.db"));
    let err = |e: rusqlite::Error| CliError::Failed(format!("sqlite probe: {e}"));
    let conn = rusqlite::Connection::open(&path).map_err(err)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(err)?;
    conn.pragma_update(None, "synchronous", sync).map_err(err)?;
    conn.execute(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)",
        [],
    )
    .map_err(err)?;
    let start = Instant::now();
    for i in 0..rows {
        conn.execute("INSERT INTO t (v) VALUES (?1)", [format!("row {i}")])
            .map_err(err)?;
    }
    Ok(rows as f64 / start.elapsed().as_secs_f64())
}

fn rss_mb() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
            .unwrap_or(0.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

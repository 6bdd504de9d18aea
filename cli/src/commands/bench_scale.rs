//! `m3shd bench scale`: whether the hub's per-request cost stays flat as
//! history and queues grow (ARCHITECTURE.md, "The hub's layers"). The hot
//! requests are timed on an empty embedded hub, the store is filled while
//! the hub is stopped, and the same requests are timed again at size.

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use m3shd_api::{CreateTask, TaskQuery, TaskStatus};
use m3shd_client::Client;
use serde::Serialize;

use super::bench::{percentile, wait_for_agents};
use super::bench_scale_fill::{self as fill, Sizes};
use crate::args::BenchScaleArgs;
use crate::embedded::{LocalWorker, Mesh};
use crate::exit::CliError;
use crate::output;

/// Requests before each timed run that are not counted: the first on a
/// fresh read connection prepares its statements.
const WARM_UP: usize = 10;
/// The lists' page size: the empty hub holds one page of each list, so a
/// list answers as many tasks at either size and only the store's growth
/// differs.
const PAGE: u64 = 50;
const POST: &str = "POST /api/tasks";
const CPU_NOTE: &str = "CPU is the process's (client, hub and builtin worker share it), so it \
     is an upper bound on the hub's; a POST's covers its task's whole run to done";

/// The GETs measured: what dashboards, scripts and probes ask most.
#[derive(Debug, Clone)]
enum Hot {
    Health,
    Newest,
    Queued,
    Done,
    /// A page from the middle of the history (`before` that task's id).
    Page(String),
    Status,
}

impl Hot {
    fn label(&self) -> &'static str {
        match self {
            Hot::Health => "GET /api/health",
            Hot::Newest => "GET /api/tasks?limit=1",
            Hot::Queued => "GET /api/tasks?status=queued&limit=50",
            Hot::Done => "GET /api/tasks?status=done&limit=50",
            Hot::Page(_) => "GET /api/tasks?limit=50&before=<mid-history id>",
            Hot::Status => "GET /api/status",
        }
    }

    /// Send it once; the number of tasks it listed, for the lists.
    async fn send(&self, client: &Client) -> Result<Option<usize>, CliError> {
        let list = |status, limit, before: Option<&String>| TaskQuery {
            status,
            limit: Some(limit),
            before: before.cloned(),
            ..Default::default()
        };
        let q = match self {
            Hot::Health => {
                client.health().await?;
                return Ok(None);
            }
            Hot::Status => {
                client.status().await?;
                return Ok(None);
            }
            Hot::Newest => list(None, 1, None),
            Hot::Queued => list(Some(TaskStatus::Queued), 50, None),
            Hot::Done => list(Some(TaskStatus::Done), 50, None),
            Hot::Page(id) => list(None, 50, Some(id)),
        };
        Ok(Some(client.list_tasks(&q).await?.len()))
    }
}

#[derive(Debug, Clone, Serialize)]
struct Run {
    p50_ms: f64,
    p99_ms: f64,
    cpu_ms_per_request: f64,
    /// Tasks in the (last) answer, for the lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    rows: Option<usize>,
}

#[derive(Debug, Serialize)]
struct RequestFigures {
    request: &'static str,
    empty: Run,
    at_size: Run,
    ratio_p50: f64,
}

/// What `/api/status` reports once the hub serves the filled store.
#[derive(Debug, Serialize)]
struct AtSize {
    tasks_done: i64,
    tasks_queued: i64,
    last_event_id: i64,
}

#[derive(Debug, Serialize)]
struct Figures {
    requests_per_run: usize,
    /// What the empty hub holds: a page of each list.
    empty_sizes: Sizes,
    sizes: Sizes,
    fill_secs: f64,
    hub_at_size: AtSize,
    cpu_note: &'static str,
    requests: Vec<RequestFigures>,
}

/// One phase's runs, in the order of `Hot` then the POST.
type Runs = Vec<(&'static str, Run)>;

pub async fn run(a: BenchScaleArgs) -> Result<ExitCode, CliError> {
    if a.requests == 0 {
        return Err(CliError::Usage("--requests must be at least 1".into()));
    }
    let dir = tempfile::Builder::new()
        .prefix("m3shd-bench-scale-")
        .tempdir()
        .map_err(|e| CliError::Failed(format!("cannot create a temporary data dir: {e}")))?;
    let data = dir.path().join("hub");
    // Owner-only, as the hub would create it: the store is filled before
    // the hub first starts.
    m3shd_common::private_fs::create_dir(&data)
        .map_err(|e| CliError::Failed(format!("cannot create {}: {e}", data.display())))?;
    let sizes = Sizes {
        tasks: a.tasks,
        queued: a.queued,
        events: a.events,
    };
    let page = Sizes {
        tasks: a.tasks.min(2 * PAGE),
        queued: a.queued.min(PAGE),
        events: a.events.min(2 * PAGE),
    };
    let layout = fill::Layout::new(sizes);

    eprintln!(
        "empty hub: a page of each list ({} finished tasks, {} queued, {} events)…",
        page.tasks, page.queued, page.events
    );
    fill::fill(&data, layout, Sizes::NONE, page).await?;
    let middle = |of: Sizes| (of.tasks > 0).then(|| layout.history_id(of.tasks / 2));
    let (empty, _) = phase(&data, a.requests, middle(page)).await?;

    eprintln!(
        "filling the store (hub stopped) to {} finished tasks, {} queued, {} events…",
        a.tasks, a.queued, a.events
    );
    let took = fill::fill(&data, layout, page, sizes).await?;
    eprintln!("filled in {:.1} s", took.as_secs_f64());

    eprintln!("at size: starting the hub again…");
    let (at_size, hub_at_size) = phase(&data, a.requests, middle(sizes)).await?;

    let requests = empty
        .into_iter()
        .zip(at_size)
        .map(|((request, empty), (_, at_size))| RequestFigures {
            request,
            ratio_p50: round2(at_size.p50_ms / empty.p50_ms.max(0.001)),
            empty,
            at_size,
        })
        .collect();
    let f = Figures {
        requests_per_run: a.requests,
        empty_sizes: page,
        sizes,
        fill_secs: round1(took.as_secs_f64()),
        hub_at_size,
        cpu_note: CPU_NOTE,
        requests,
    };
    if a.json {
        output::json(&f)?;
    } else {
        print_table(&f);
    }
    Ok(ExitCode::SUCCESS)
}

/// Start the mesh on `data`, time every request `k` times, stop it. The
/// POSTs go first, so the lists are read on a quiet hub; pages are read
/// from before task `middle` (with no history at all, from the middle
/// POSTed task).
async fn phase(data: &Path, k: usize, middle: Option<String>) -> Result<(Runs, AtSize), CliError> {
    let worker = LocalWorker {
        name: "scale-1".into(),
        capabilities: vec!["general".into()],
        slots: 4,
    };
    let mesh = Mesh::start_with(data, "127.0.0.1:0", &[worker], |mut config| {
        // The filled log is what is measured: keep all of it.
        config.event_retention = m3shd_hubd::EventRetention::FOREVER;
        config.default_schedules = false;
        config
    })
    .await?;
    let client = mesh.client()?;
    wait_for_agents(&client, 1).await?;
    let status = client.status().await?;
    let count = |s| status.tasks.get(&s).copied().unwrap_or(0);
    let counts = AtSize {
        tasks_done: count(TaskStatus::Done),
        tasks_queued: count(TaskStatus::Queued),
        last_event_id: status.last_event_id,
    };

    eprintln!("  {POST} ×{k} (run to done by the builtin worker)…");
    let (post, ids) = post_run(&client, k).await?;
    let middle = middle
        .or_else(|| ids.get(ids.len() / 2).cloned())
        .unwrap_or_default();
    let mut runs = Vec::new();
    for hot in [
        Hot::Health,
        Hot::Newest,
        Hot::Queued,
        Hot::Done,
        Hot::Page(middle),
        Hot::Status,
    ] {
        eprintln!("  {} ×{k}…", hot.label());
        runs.push((hot.label(), get_run(&client, &hot, k).await?));
    }
    runs.push((POST, post));
    mesh.stop().await?;
    Ok((runs, counts))
}

/// Process CPU time (every thread), from the kernel's per-process clock.
fn cpu_time() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    Duration::new(
        u64::try_from(t.tv_sec).unwrap_or(0),
        u32::try_from(t.tv_nsec).unwrap_or(0),
    )
}

fn figures(mut lat: Vec<f64>, cpu: Duration, rows: Option<usize>) -> Run {
    lat.sort_by(|a, b| a.total_cmp(b));
    let n = lat.len().max(1) as f64;
    Run {
        p50_ms: round3(percentile(&lat, 0.50)),
        p99_ms: round3(percentile(&lat, 0.99)),
        cpu_ms_per_request: round3(cpu.as_secs_f64() * 1000.0 / n),
        rows,
    }
}

async fn get_run(client: &Client, hot: &Hot, k: usize) -> Result<Run, CliError> {
    for _ in 0..WARM_UP.min(k) {
        hot.send(client).await?;
    }
    let mut lat = Vec::with_capacity(k);
    let mut rows = None;
    let cpu = cpu_time();
    for _ in 0..k {
        let t = Instant::now();
        rows = hot.send(client).await?;
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(figures(lat, cpu_time().saturating_sub(cpu), rows))
}

/// `k` echo tasks, one POST after another; the CPU window closes when the
/// last of them is done. Returns their ids too.
async fn post_run(client: &Client, k: usize) -> Result<(Run, Vec<String>), CliError> {
    let before = client.status().await?;
    let done_before = before.tasks.get(&TaskStatus::Done).copied().unwrap_or(0);
    let failed_before = before.tasks.get(&TaskStatus::Failed).copied().unwrap_or(0);
    let mut lat = Vec::with_capacity(k);
    let mut ids = Vec::with_capacity(k);
    let cpu = cpu_time();
    for i in 0..k {
        let req = CreateTask {
            prompt: format!("echo scale {i}"),
            ..Default::default()
        };
        let t = Instant::now();
        let task = client.create_task(&req, None).await?;
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
        ids.push(task.id);
    }
    let want = done_before + m3shd_common::num::to_i64(k);
    let started = Instant::now();
    let mut reported = Instant::now();
    loop {
        let s = client.status().await?;
        let done = s.tasks.get(&TaskStatus::Done).copied().unwrap_or(0);
        let failed = s.tasks.get(&TaskStatus::Failed).copied().unwrap_or(0);
        if failed > failed_before {
            return Err(CliError::Failed(format!(
                "{} bench tasks failed",
                failed - failed_before
            )));
        }
        if done >= want {
            break;
        }
        if reported.elapsed() >= Duration::from_secs(1) {
            eprintln!("    {}/{k} done", done - done_before);
            reported = Instant::now();
        }
        if started.elapsed() > Duration::from_secs(600) {
            return Err(CliError::Failed(format!(
                "only {}/{k} bench tasks done after 10 minutes",
                done - done_before
            )));
        }
        // Not faster: the polls fall inside the POSTs' CPU window.
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok((figures(lat, cpu_time().saturating_sub(cpu), None), ids))
}

fn print_table(f: &Figures) {
    outln!(
        "sizes: {} finished tasks, {} queued for a capability no agent has, {} events (filled in {:.1} s)",
        f.sizes.tasks,
        f.sizes.queued,
        f.sizes.events,
        f.fill_secs
    );
    outln!(
        "empty: a fresh hub holding a page of each list ({} finished tasks, {} queued, {} events)",
        f.empty_sizes.tasks,
        f.empty_sizes.queued,
        f.empty_sizes.events
    );
    outln!(
        "the hub at size reports {} done (with the empty run's), {} queued, last event id {}",
        f.hub_at_size.tasks_done,
        f.hub_at_size.tasks_queued,
        f.hub_at_size.last_event_id
    );
    outln!(
        "{} sequential requests each, one keep-alive client; wall ms per request\n",
        f.requests_per_run
    );
    let ms = |x: f64| format!("{x:.3}");
    let rows_of = |r: &RequestFigures| match (r.empty.rows, r.at_size.rows) {
        (Some(a), Some(b)) => format!("{a} → {b}"),
        _ => "-".into(),
    };
    let rows: Vec<Vec<String>> = f
        .requests
        .iter()
        .map(|r| {
            vec![
                r.request.to_string(),
                ms(r.empty.p50_ms),
                ms(r.empty.p99_ms),
                ms(r.at_size.p50_ms),
                ms(r.at_size.p99_ms),
                format!("{:.2}", r.ratio_p50),
                ms(r.empty.cpu_ms_per_request),
                ms(r.at_size.cpu_ms_per_request),
                rows_of(r),
            ]
        })
        .collect();
    output::table(
        &[
            "request",
            "empty p50",
            "empty p99",
            "at size p50",
            "at size p99",
            "ratio p50",
            "empty cpu/req",
            "at size cpu/req",
            "tasks listed",
        ],
        &rows,
    );
    outln!("\n{CPU_NOTE}.");
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

//! `m3shd bench memory`: agent-memory full-text search latency and insert
//! rate through the HTTP API of an embedded hub, at growing sizes. The
//! memories and queries are `m3shd_client::bench::memory`'s, the same the
//! hub's own benchmark report uses.

use std::process::ExitCode;
use std::time::Instant;

use m3shd_client::bench::memory;
use serde::Serialize;

use crate::args_memory::BenchMemoryArgs;
use crate::embedded::Mesh;
use crate::exit::CliError;
use crate::output;

use super::bench::percentile;

#[derive(Debug, Serialize)]
struct SizeFigures {
    memories: usize,
    inserted: usize,
    insert_rate_per_s: f64,
    searches: usize,
    search_p50_ms: f64,
    search_p99_ms: f64,
    search_max_ms: f64,
    mean_hits: f64,
}

#[derive(Debug, Serialize)]
struct Figures {
    sizes: Vec<SizeFigures>,
}

fn progress(line: &str) {
    eprintln!("{line}");
}

pub async fn run(a: BenchMemoryArgs) -> Result<ExitCode, CliError> {
    let mut sizes = a.sizes.clone();
    sizes.sort_unstable();
    sizes.dedup();
    if sizes.is_empty() || sizes[0] == 0 || a.searches == 0 {
        return Err(CliError::Usage(
            "--sizes and --searches must be at least 1".into(),
        ));
    }
    let dir = tempfile::Builder::new()
        .prefix("m3shd-bench-memory-")
        .tempdir()
        .map_err(|e| CliError::Failed(format!("cannot create a temporary data dir: {e}")))?;
    eprintln!("starting an embedded hub…");
    let mesh = Mesh::start(&dir.path().join("hub"), "127.0.0.1:0", None, &[]).await?;
    let client = mesh.client()?;
    memory::register_agent(&client).await?;

    let mut figures = Vec::new();
    let mut have = 0usize;
    for &size in &sizes {
        let todo = size - have;
        eprintln!(
            "inserting {todo} memories ({have} → {size}) from {} concurrent writers…",
            memory::WRITERS
        );
        let started = Instant::now();
        memory::insert(&client, have, size, &progress).await?;
        let insert_secs = started.elapsed().as_secs_f64();
        have = size;
        eprintln!("searching {} times at {size} memories…", a.searches);
        let (lat, hits) = memory::search(&client, a.searches, size as u64).await?;
        let f = SizeFigures {
            memories: size,
            inserted: todo,
            insert_rate_per_s: round1(todo as f64 / insert_secs),
            searches: lat.len(),
            search_p50_ms: round2(percentile(&lat, 0.50)),
            search_p99_ms: round2(percentile(&lat, 0.99)),
            search_max_ms: round2(lat.last().copied().unwrap_or(0.0)),
            mean_hits: round1(hits as f64 / lat.len().max(1) as f64),
        };
        if !a.json {
            outln!(
                "{:>7} memories: insert {:>8.1}/s  search p50 {:.2} ms  p99 {:.2} ms  max {:.2} ms  ({} searches, {:.1} hits each)",
                f.memories,
                f.insert_rate_per_s,
                f.search_p50_ms,
                f.search_p99_ms,
                f.search_max_ms,
                f.searches,
                f.mean_hits
            );
        }
        figures.push(f);
    }
    mesh.stop().await?;
    if a.json {
        output::json(&Figures { sizes: figures })?;
    }
    Ok(ExitCode::SUCCESS)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
